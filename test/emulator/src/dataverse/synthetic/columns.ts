// Column specs of the generated tables: which columns a table has, by kind (text, choice, lookup…),
// named from the word lists. Plain data, shared per publisher prefix, so listing tables stays cheap.
import type { AttributeTypeName } from '../model';
import { COLUMN_WORDS, GLOBAL_CHOICES, LOCAL_CHOICES, tableName, type TableName } from './names';

/** Columns every generated table has (id, name, audit, owner, state, version). */
export const SYSTEM_COLUMNS = 11;
/** Lookups point at most this many tables back, so a table's 1:N side is found by looking ahead as far. */
export const LOOKUP_REACH = 5;

type Kind = keyof typeof COLUMN_WORDS;
const KIND_CYCLE: Kind[] = [
  'string',
  'picklist',
  'datetime',
  'lookup',
  'money',
  'integer',
  'boolean',
  'memo',
  'decimal',
  'string',
  'multiselect',
  'double',
  'string',
  'customer',
  'datetime',
  'bigint',
  'picklist',
  'file',
  'string',
  'image',
];

const TYPE_OF: Record<Kind, AttributeTypeName> = {
  string: 'StringType',
  memo: 'MemoType',
  integer: 'IntegerType',
  bigint: 'BigIntType',
  decimal: 'DecimalType',
  double: 'DoubleType',
  money: 'MoneyType',
  datetime: 'DateTimeType',
  boolean: 'BooleanType',
  picklist: 'PicklistType',
  multiselect: 'MultiSelectPicklistType',
  lookup: 'LookupType',
  customer: 'CustomerType',
  file: 'FileType',
  image: 'ImageType',
};

export interface ColumnSpec {
  logicalName: string;
  schemaName: string;
  typeName: AttributeTypeName;
  displayName: string;
  targets?: string[];
  choices?: string[];
  global?: string;
  readOnly?: boolean;
}

const pascalCache = new Map<string, string>();

export function pascal(label: string): string {
  let p = pascalCache.get(label);
  if (p === undefined) {
    p = pascalOf(label);
    pascalCache.set(label, p);
  }
  return p;
}

function pascalOf(label: string): string {
  return label
    .replace(/[^A-Za-z0-9 ]/g, '')
    .split(' ')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** The id column is the table's own; the rest depends only on the prefix (see columnTemplate). */
function idColumn(t: TableName): ColumnSpec {
  return {
    logicalName: `${t.logicalName}id`,
    schemaName: `${t.prefix}_${pascal(t.displayName)}Id`,
    typeName: 'UniqueidentifierType',
    displayName: t.displayName,
    readOnly: true,
  };
}

function systemColumns(prefix: string): ColumnSpec[] {
  const sys = (
    logicalName: string,
    typeName: AttributeTypeName,
    displayName: string,
    targets?: string[],
    readOnly = true,
  ): ColumnSpec => ({ logicalName, schemaName: pascal(displayName), typeName, displayName, targets, readOnly });
  return [
    { logicalName: `${prefix}_name`, schemaName: `${prefix}_Name`, typeName: 'StringType', displayName: 'Name' },
    sys('createdon', 'DateTimeType', 'Created On'),
    sys('modifiedon', 'DateTimeType', 'Modified On'),
    sys('createdby', 'LookupType', 'Created By', ['systemuser']),
    sys('modifiedby', 'LookupType', 'Modified By', ['systemuser']),
    sys('ownerid', 'OwnerType', 'Owner', ['systemuser', 'team'], false),
    sys('owningbusinessunit', 'LookupType', 'Owning Business Unit', ['businessunit']),
    sys('statecode', 'StateType', 'Status', undefined, false),
    sys('statuscode', 'StatusType', 'Status Reason', undefined, false),
    sys('versionnumber', 'BigIntType', 'Version Number'),
  ];
}

function lookupTargets(n: number, occurrence: number): string[] {
  const back = n - 1 - (occurrence % LOOKUP_REACH);
  if (occurrence % 3 === 1 && back >= 1) return [tableName(back).logicalName];
  return [occurrence % 3 === 2 ? 'contact' : 'account'];
}

interface TemplateSpec extends ColumnSpec {
  /** For custom lookups: their rank among the table's lookups, which picks the target. */
  lookup?: number;
}

const templates = new Map<string, TemplateSpec[]>();

/** Columns after the id, shared by every table with the same prefix, key flag and width (immutable). */
function columnTemplate(prefix: string, keyed: boolean, columns: number): TemplateSpec[] {
  const cacheKey = `${prefix}:${keyed}:${columns}`;
  const hit = templates.get(cacheKey);
  if (hit) return hit;
  const out: TemplateSpec[] = systemColumns(prefix);
  const used = new Map<string, number>();
  const kinds: Kind[] = keyed ? ['string'] : [];
  let hasImage = false,
    lookups = 0;
  for (let j = 0; out.length < columns - 1; j++) {
    let kind: Kind = j < kinds.length ? kinds[j]! : KIND_CYCLE[(j - kinds.length) % KIND_CYCLE.length]!;
    if (kind === 'image' && hasImage) kind = 'string';
    hasImage ||= kind === 'image';
    const words = COLUMN_WORDS[kind]!;
    const k = used.get(kind) ?? 0;
    used.set(kind, k + 1);
    const [word, label] = words[k % words.length]!;
    const round = Math.floor(k / words.length);
    const logicalName = `${prefix}_${word}${round ? round + 1 : ''}`;
    const displayName = `${label}${round ? ` ${round + 1}` : ''}`;
    const idSuffix = kind === 'lookup' || kind === 'customer' ? 'Id' : '';
    const spec: TemplateSpec = {
      logicalName,
      schemaName: `${prefix}_${pascal(displayName)}${idSuffix}`,
      typeName: TYPE_OF[kind],
      displayName,
    };
    if (kind === 'lookup') spec.lookup = lookups++;
    if (kind === 'customer') spec.targets = ['account', 'contact'];
    if (kind === 'picklist' || kind === 'multiselect') {
      if (GLOBAL_CHOICES[word] && kind === 'picklist') {
        spec.global = `${prefix}_${word}`;
        spec.choices = GLOBAL_CHOICES[word];
      } else {
        spec.choices = LOCAL_CHOICES[word] ?? ['Option A', 'Option B', 'Option C'];
      }
    }
    out.push(spec);
    if (kind === 'money' && out.length < columns - 1) {
      out.push({
        logicalName: `${logicalName}_base`,
        schemaName: `${spec.schemaName}_Base`,
        typeName: 'MoneyType',
        displayName: `${displayName} (Base)`,
        readOnly: true,
      });
    }
  }
  templates.set(cacheKey, out);
  return out;
}

/** The columns of generated table n, as plain specs (cheap: shared templates, no maps, no metadata objects). */
export function columnSpecs(n: number, columns: number): ColumnSpec[] {
  const t = tableName(n);
  const tpl = columnTemplate(t.prefix, n % 5 === 0, columns);
  return [idColumn(t), ...tpl.map((s) => (s.lookup === undefined ? s : { ...s, targets: lookupTargets(n, s.lookup) }))];
}
