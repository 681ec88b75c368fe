// Generated tables that scale an org (--extra-tables N --extra-table-columns M): realistic names,
// labels, lookups (to each other and to account/contact), local and global choices, alternate keys.
// Table-level facts are computed at start; columns and navigation properties only when a request
// needs them, and only the most recently used tables keep theirs, so 1,000 tables × 400 columns
// start at once and stay small.
import type { AttributeModel, AttributeTypeName, EntityModel, EntityTraits, KeyModel, NavModel } from './model';
import { COLUMN_WORDS, GLOBAL_CHOICES, LOCAL_CHOICES, tableName, type TableName } from './synthetic-names';
import { optionsFor } from './infer';
import { stableGuid } from './util';

export const DEFAULT_EXTRA_TABLE_COLUMNS = 20;
/** Columns every generated table has (id, name, audit, owner, state, version). */
export const SYSTEM_COLUMNS = 11;
/** Lookups point at most this many tables back, so a table's 1:N side is found by looking ahead as far. */
const LOOKUP_REACH = 5;
const KEEP_MATERIALIZED = 48;

type Kind = keyof typeof COLUMN_WORDS;
const KIND_CYCLE: Kind[] = ['string', 'picklist', 'datetime', 'lookup', 'money', 'integer', 'boolean', 'memo', 'decimal',
  'string', 'multiselect', 'double', 'string', 'customer', 'datetime', 'bigint', 'picklist', 'file', 'string', 'image'];

const TYPE_OF: Record<Kind, AttributeTypeName> = {
  string: 'StringType', memo: 'MemoType', integer: 'IntegerType', bigint: 'BigIntType', decimal: 'DecimalType',
  double: 'DoubleType', money: 'MoneyType', datetime: 'DateTimeType', boolean: 'BooleanType', picklist: 'PicklistType',
  multiselect: 'MultiSelectPicklistType', lookup: 'LookupType', customer: 'CustomerType', file: 'FileType', image: 'ImageType',
};

const EDM: Partial<Record<AttributeTypeName, string>> = {
  StringType: 'Edm.String', MemoType: 'Edm.String', MoneyType: 'Edm.Decimal', IntegerType: 'Edm.Int32', DecimalType: 'Edm.Decimal',
  DoubleType: 'Edm.Double', DateTimeType: 'Edm.DateTimeOffset', PicklistType: 'Edm.Int32', MultiSelectPicklistType: 'Edm.String',
  BooleanType: 'Edm.Boolean', FileType: 'Edm.Guid', ImageType: 'Edm.Binary', StateType: 'Edm.Int32', StatusType: 'Edm.Int32',
  BigIntType: 'Edm.Int64', UniqueidentifierType: 'Edm.Guid',
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

function pascal(label: string): string {
  let p = pascalCache.get(label);
  if (p === undefined) {
    p = pascalOf(label);
    pascalCache.set(label, p);
  }
  return p;
}

function pascalOf(label: string): string {
  return label.replace(/[^A-Za-z0-9 ]/g, '').split(' ').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The id column is the table's own; the rest depends only on the prefix (see columnTemplate). */
function idColumn(t: TableName): ColumnSpec {
  return { logicalName: `${t.logicalName}id`, schemaName: `${t.prefix}_${pascal(t.displayName)}Id`, typeName: 'UniqueidentifierType',
    displayName: t.displayName, readOnly: true };
}

function systemColumns(prefix: string): ColumnSpec[] {
  const sys = (logicalName: string, typeName: AttributeTypeName, displayName: string, targets?: string[], readOnly = true): ColumnSpec =>
    ({ logicalName, schemaName: pascal(displayName), typeName, displayName, targets, readOnly });
  return [
    { logicalName: `${prefix}_name`, schemaName: `${prefix}_Name`, typeName: 'StringType', displayName: 'Name' },
    sys('createdon', 'DateTimeType', 'Created On'), sys('modifiedon', 'DateTimeType', 'Modified On'),
    sys('createdby', 'LookupType', 'Created By', ['systemuser']), sys('modifiedby', 'LookupType', 'Modified By', ['systemuser']),
    sys('ownerid', 'OwnerType', 'Owner', ['systemuser', 'team'], false),
    sys('owningbusinessunit', 'LookupType', 'Owning Business Unit', ['businessunit']),
    sys('statecode', 'StateType', 'Status', undefined, false), sys('statuscode', 'StatusType', 'Status Reason', undefined, false),
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
  let hasImage = false, lookups = 0;
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
    const spec: TemplateSpec = { logicalName, schemaName: `${prefix}_${pascal(displayName)}${idSuffix}`, typeName: TYPE_OF[kind], displayName };
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
      out.push({ logicalName: `${logicalName}_base`, schemaName: `${spec.schemaName}_Base`, typeName: 'MoneyType',
        displayName: `${displayName} (Base)`, readOnly: true });
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

interface Summary {
  image: string | null;
  lookups: ColumnSpec[];
  globals: ColumnSpec[];
}

interface Materialized {
  attributes: AttributeModel[];
  attrByName: Map<string, AttributeModel>;
  attrByWebName: Map<string, AttributeModel>;
  navs: NavModel[];
  navByName: Map<string, NavModel>;
}

function toAttribute(entity: string, spec: ColumnSpec, primaryId: string, primaryName: string): AttributeModel {
  const lookup = Boolean(spec.targets);
  const options = spec.choices ? spec.choices.map((label, i) => ({ value: 100000000 + i, label }))
    : optionsFor(entity, spec.logicalName, spec.typeName);
  return {
    logicalName: spec.logicalName, schemaName: spec.schemaName, typeName: spec.typeName,
    webApiName: lookup ? `_${spec.logicalName}_value` : spec.logicalName, edmType: EDM[spec.typeName] ?? 'Edm.Guid',
    description: '', readOnly: Boolean(spec.readOnly), isPrimaryId: spec.logicalName === primaryId,
    isPrimaryName: spec.logicalName === primaryName, targets: spec.targets ?? [], options,
    metadataId: stableGuid(`attr:${entity}.${spec.logicalName}`), displayName: spec.displayName,
    ...(spec.global ? { globalOptionSet: spec.global } : {}),
  };
}

/** A generated table: eager table-level facts, columns and navigation properties on demand. */
export class SyntheticEntity implements EntityModel {
  readonly logicalName: string;
  readonly schemaName: string;
  readonly entitySetName: string;
  readonly primaryIdAttribute: string;
  readonly primaryNameAttribute: string;
  readonly description: string;
  readonly displayName: string;
  readonly displayCollectionName: string;
  readonly objectTypeCode: number;
  readonly metadataId: string;
  readonly isCustom = true;
  readonly isActivity = false;
  readonly isIntersect = false;
  readonly synthetic = true;
  readonly ownership = 'UserOwned' as const;
  readonly keys: KeyModel[];
  private traitsMemo?: EntityTraits;

  constructor(readonly n: number, private readonly tables: SyntheticTables) {
    const t = tableName(n);
    this.logicalName = t.logicalName;
    this.schemaName = `${t.prefix}_${pascal(t.displayName)}`;
    this.entitySetName = t.entitySetName;
    this.primaryIdAttribute = `${t.logicalName}id`;
    this.primaryNameAttribute = `${t.prefix}_name`;
    this.displayName = t.displayName;
    this.displayCollectionName = t.displayCollectionName;
    this.description = `${t.displayCollectionName} of the ${t.prefix} solution.`;
    this.objectTypeCode = 20000 + n;
    this.metadataId = stableGuid(`entity:${t.logicalName}`);
    this.keys = n % 5 === 0 && tables.columns > SYSTEM_COLUMNS
      ? [{ logicalName: `${t.prefix}_${t.logicalName.slice(t.prefix.length + 1)}_reference_key`, attributes: [`${t.prefix}_reference`], displayName: 'Reference' }]
      : [];
  }

  /** Answered from the table's summary, so listing tables never builds their columns. */
  get traits(): EntityTraits {
    this.traitsMemo ??= { hasEmail: false, hasState: true, primaryImage: this.tables.summary(this.n).image };
    return this.traitsMemo;
  }

  globalChoices(): AttributeModel[] {
    return this.tables.globalChoices();
  }

  get attributes(): AttributeModel[] { return this.tables.materialize(this).attributes; }
  get attrByName(): Map<string, AttributeModel> { return this.tables.materialize(this).attrByName; }
  get attrByWebName(): Map<string, AttributeModel> { return this.tables.materialize(this).attrByWebName; }
  get navs(): NavModel[] { return this.tables.materialize(this).navs; }
  get navByName(): Map<string, NavModel> { return this.tables.materialize(this).navByName; }
}

/** Owns the generated tables of one org and the few whose columns are currently built. */
export class SyntheticTables {
  readonly entities: SyntheticEntity[];
  private readonly built = new Map<number, Materialized>();

  constructor(readonly count: number, readonly columns: number = DEFAULT_EXTRA_TABLE_COLUMNS) {
    this.columns = Math.max(columns, SYSTEM_COLUMNS);
    this.entities = Array.from({ length: count }, (_, i) => new SyntheticEntity(i + 1, this));
  }

  private globals?: AttributeModel[];
  private readonly summaries = new Map<number, Summary>();

  /** What other tables need to know about table n (its lookups, image, shared choices), from one pass over its specs. */
  summary(n: number): Summary {
    let s = this.summaries.get(n);
    if (!s) {
      const specs = columnSpecs(n, this.columns);
      s = { image: specs.find((c) => c.typeName === 'ImageType')?.logicalName ?? null,
        lookups: specs.filter((c) => c.targets), globals: specs.filter((c) => c.global) };
      this.summaries.set(n, s);
    }
    return s;
  }

  /** The shared choices, from the column specs (no table is built for this). */
  globalChoices(): AttributeModel[] {
    if (!this.globals) {
      const byName = new Map<string, AttributeModel>();
      for (const e of this.entities) {
        for (const s of this.summary(e.n).globals) {
          if (!byName.has(s.global!)) byName.set(s.global!, toAttribute(e.logicalName, s, '', ''));
        }
      }
      this.globals = [...byName.values()];
    }
    return this.globals;
  }

  /** How many tables have their columns built right now. */
  get builtCount(): number {
    return this.built.size;
  }

  materialize(e: SyntheticEntity): Materialized {
    const hit = this.built.get(e.n);
    if (hit) {
      this.built.delete(e.n);
      this.built.set(e.n, hit);
      return hit;
    }
    const attributes = columnSpecs(e.n, this.columns).map((s) => toAttribute(e.logicalName, s, e.primaryIdAttribute, e.primaryNameAttribute));
    const navs = [...this.lookupNavs(e.n), ...this.backNavs(e.n)];
    const m: Materialized = {
      attributes, attrByName: new Map(attributes.map((a) => [a.logicalName, a])),
      attrByWebName: new Map(attributes.map((a) => [a.webApiName, a])), navs, navByName: new Map(navs.map((v) => [v.name, v])),
    };
    this.built.set(e.n, m);
    if (this.built.size > KEEP_MATERIALIZED) this.built.delete(this.built.keys().next().value!);
    return m;
  }

  /** Relationship schema names as Dataverse forms them (lk_…_createdby, contoso_account_contoso_vehicle_ParentId). */
  private relationship(n: number, spec: ColumnSpec, target: string): string {
    const t = tableName(n);
    if (spec.typeName === 'OwnerType') return `user_${t.logicalName}`;
    if (spec.logicalName === 'owningbusinessunit') return `business_unit_${t.logicalName}`;
    if (!spec.logicalName.startsWith(`${t.prefix}_`)) return `lk_${t.logicalName}_${spec.logicalName}`;
    return `${t.prefix}_${target}_${t.logicalName}_${spec.schemaName.slice(spec.schemaName.indexOf('_') + 1)}`;
  }

  /** Single-valued navigation properties: system lookups by logical name, custom ones by schema name. */
  private lookupNavs(n: number): NavModel[] {
    return this.summary(n).lookups.flatMap((s) => {
      const targets = s.typeName === 'OwnerType' ? s.targets!.slice(0, 1) : s.targets!;
      const custom = s.logicalName.includes('_');
      return targets.map((target) => ({
        name: targets.length > 1 ? `${s.schemaName}_${target}` : custom ? s.schemaName : s.logicalName,
        target, collection: false, referentialProperty: `_${s.logicalName}_value`, partner: this.relationship(n, s, target),
      }));
    });
  }

  /** 1:N navigation properties: the lookups of the next few generated tables that point here. */
  private backNavs(n: number): NavModel[] {
    const me = tableName(n).logicalName;
    const out: NavModel[] = [];
    for (let m = n + 1; m <= Math.min(this.count, n + LOOKUP_REACH); m++) {
      for (const nav of this.lookupNavs(m)) {
        if (nav.target === me) out.push({ name: nav.partner!, target: tableName(m).logicalName, collection: true, partner: nav.name });
      }
    }
    return out;
  }
}

/** One column per global choice the generated tables use (for GlobalOptionSetDefinitions). */
export function globalChoiceAttributes(entities: readonly EntityModel[]): AttributeModel[] {
  const first = entities.find((e): e is SyntheticEntity => e instanceof SyntheticEntity);
  return first ? first.globalChoices() : [];
}
