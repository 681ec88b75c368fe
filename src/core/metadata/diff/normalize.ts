// The normalized form of a table's metadata that environments are compared on and snapshots store:
// only what defines the table (no ids, no index job states), every list sorted and every field in a
// fixed order, so the same metadata gives the same text whatever order the org listed it in.
import type { ChoiceInfo, ColumnInfo, KeyInfo, RelationshipInfo, TableDetails } from '../model';

export type Section = 'table' | 'column' | 'relationship' | 'key' | 'choice';

export interface NormalItem {
  readonly name: string;
  /** Field name → value, in a fixed order; absent values are left out. */
  readonly fields: readonly (readonly [string, string])[];
}

export interface NormalTable {
  readonly logicalName: string;
  readonly table: readonly (readonly [string, string])[];
  readonly columns: readonly NormalItem[];
  readonly relationships: readonly NormalItem[];
  readonly keys: readonly NormalItem[];
  readonly choices: readonly NormalItem[];
}

type Field = readonly [string, string];

function fields(pairs: readonly (readonly [string, string | number | boolean | undefined])[]): Field[] {
  return pairs
    .filter((p): p is readonly [string, string | number | boolean] => p[1] !== undefined && p[1] !== '')
    .map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)] as const);
}

function byName(a: NormalItem, b: NormalItem): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  // Same name twice (a damaged org or snapshot): the fields decide, so the order stays stable.
  const x = JSON.stringify(a.fields);
  const y = JSON.stringify(b.fields);
  return x < y ? -1 : x > y ? 1 : 0;
}

function column(c: ColumnInfo): NormalItem {
  return {
    name: c.logicalName,
    fields: fields([
      ['type', c.attributeTypeName],
      ['displayName', c.displayName],
      ['requiredLevel', c.requiredLevel],
      ['maxLength', c.maxLength],
      ['precision', c.precision],
      ['minValue', c.minValue],
      ['maxValue', c.maxValue],
      ['choice', c.optionSetName],
      ['targets', c.targets?.length ? [...c.targets].sort().join(', ') : undefined],
    ]),
  };
}

const KIND_LABEL: Record<RelationshipInfo['kind'], string> = {
  oneToMany: '1:N',
  manyToOne: 'N:1',
  manyToMany: 'N:N',
};

function relationship(r: RelationshipInfo): NormalItem {
  return {
    // The related table is part of the name: schema names are unique in an org, but one table can
    // see a relationship from both ends (1:N and N:1 to itself).
    name: `${r.schemaName} (${KIND_LABEL[r.kind]} ${r.relatedTable})`,
    fields: fields([
      ['navigation', r.navigationProperty],
      ['lookup', r.lookupColumn],
      ['intersect', r.intersectTable],
      ['cascade', r.cascade],
    ]),
  };
}

function key(k: KeyInfo): NormalItem {
  return {
    name: k.logicalName,
    fields: fields([
      ['displayName', k.displayName],
      ['columns', [...k.columns].sort().join(', ')],
    ]),
  };
}

function choice(c: ChoiceInfo): NormalItem {
  const options = [...c.options].sort((a, b) => a.value - b.value);
  return {
    name: c.name,
    fields: fields([
      ['displayName', c.displayName],
      ['global', c.isGlobal],
      ...options.map((o) => [`option ${o.value}`, o.label] as const),
    ]),
  };
}

export function normalizeTable(d: TableDetails): NormalTable {
  const t = d.table;
  return {
    logicalName: t.logicalName,
    table: fields([
      ['schemaName', t.schemaName],
      ['entitySetName', t.entitySetName],
      ['displayName', t.displayName],
      ['ownership', t.ownership],
      ['primaryId', t.primaryIdAttribute],
      ['primaryName', t.primaryNameAttribute],
    ]),
    // Name columns (AttributeOf) follow their lookup or choice; comparing them only adds noise.
    columns: d.columns
      .filter((c) => !c.attributeOf)
      .map(column)
      .sort(byName),
    relationships: d.relationships.map(relationship).sort(byName),
    keys: d.keys.map(key).sort(byName),
    choices: d.choices.map(choice).sort(byName),
  };
}

export const SECTIONS: readonly (readonly [Exclude<Section, 'table'>, keyof NormalTable])[] = [
  ['column', 'columns'],
  ['relationship', 'relationships'],
  ['key', 'keys'],
  ['choice', 'choices'],
];

/** One line per field, values on one line (labels with line breaks are folded). */
function fieldLines(fs: readonly Field[]): string[] {
  return fs.map(([k, v]) => `  ${k}: ${v.replace(/\s*[\r\n]+\s*/g, ' ')}`);
}

/** The text the diff editor shows for a table: stable, one item per block. */
export function tableText(t: NormalTable | undefined): string {
  if (!t) return '';
  const lines = [`table ${t.logicalName}`, ...fieldLines(t.table)];
  for (const [section, prop] of SECTIONS) {
    for (const item of t[prop] as readonly NormalItem[]) {
      lines.push('', `${section} ${item.name}`, ...fieldLines(item.fields));
    }
  }
  return `${lines.join('\n')}\n`;
}
