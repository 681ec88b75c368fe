// Compares two environments' normalized tables: tables added, removed or changed, and within a
// changed table each column, relationship, key and choice that differs, field by field. "Added"
// means present on the right (the second environment) only.
import { SECTIONS, type NormalItem, type NormalTable, type Section } from './normalize';

export type DiffStatus = 'added' | 'removed' | 'changed';

export interface FieldChange {
  readonly field: string;
  readonly left?: string;
  readonly right?: string;
}

export interface ItemDiff {
  readonly section: Section;
  readonly name: string;
  readonly status: DiffStatus;
  readonly changes: readonly FieldChange[];
}

export interface TableDiff {
  readonly logicalName: string;
  readonly status: DiffStatus;
  readonly items: readonly ItemDiff[];
  readonly left?: NormalTable;
  readonly right?: NormalTable;
}

export interface EnvironmentDiff {
  readonly leftLabel: string;
  readonly rightLabel: string;
  /** Tables compared (present on either side after filtering). */
  readonly compared: number;
  /** Only the tables that differ, by logical name. */
  readonly tables: readonly TableDiff[];
}

function fieldChanges(
  left: readonly (readonly [string, string])[],
  right: readonly (readonly [string, string])[],
): FieldChange[] {
  const l = new Map(left);
  const r = new Map(right);
  const names = [...new Set([...l.keys(), ...r.keys()])];
  return names
    .filter((n) => l.get(n) !== r.get(n))
    .map((field) => ({
      field,
      ...(l.has(field) ? { left: l.get(field) } : {}),
      ...(r.has(field) ? { right: r.get(field) } : {}),
    }));
}

function itemDiffs(section: Section, left: readonly NormalItem[], right: readonly NormalItem[]): ItemDiff[] {
  const l = new Map(left.map((i) => [i.name, i]));
  const r = new Map(right.map((i) => [i.name, i]));
  const out: ItemDiff[] = [];
  for (const name of [...new Set([...l.keys(), ...r.keys()])].sort()) {
    const a = l.get(name);
    const b = r.get(name);
    if (!a) out.push({ section, name, status: 'added', changes: fieldChanges([], b!.fields) });
    else if (!b) out.push({ section, name, status: 'removed', changes: fieldChanges(a.fields, []) });
    else {
      const changes = fieldChanges(a.fields, b.fields);
      if (changes.length) out.push({ section, name, status: 'changed', changes });
    }
  }
  return out;
}

export function compareTables(left: NormalTable, right: NormalTable): ItemDiff[] {
  const table = fieldChanges(left.table, right.table);
  const out: ItemDiff[] = table.length
    ? [{ section: 'table', name: left.logicalName, status: 'changed', changes: table }]
    : [];
  for (const [section, prop] of SECTIONS) {
    out.push(...itemDiffs(section, left[prop] as readonly NormalItem[], right[prop] as readonly NormalItem[]));
  }
  return out;
}

export function compareEnvironments(
  left: readonly NormalTable[],
  right: readonly NormalTable[],
  labels: { left: string; right: string },
): EnvironmentDiff {
  const l = new Map(left.map((t) => [t.logicalName, t]));
  const r = new Map(right.map((t) => [t.logicalName, t]));
  const names = [...new Set([...l.keys(), ...r.keys()])].sort();
  const tables: TableDiff[] = [];
  for (const logicalName of names) {
    const a = l.get(logicalName);
    const b = r.get(logicalName);
    if (!a) tables.push({ logicalName, status: 'added', items: [], right: b });
    else if (!b) tables.push({ logicalName, status: 'removed', items: [], left: a });
    else {
      const items = compareTables(a, b);
      if (items.length) tables.push({ logicalName, status: 'changed', items, left: a, right: b });
    }
  }
  return { leftLabel: labels.left, rightLabel: labels.right, compared: names.length, tables };
}

/** Publisher prefixes ("contoso", "new_"): tables named with one, and in other tables the items named with one. */
export function filterByPrefixes(tables: readonly NormalTable[], prefixes: readonly string[]): NormalTable[] {
  const wanted = prefixes.map((p) => p.trim().toLowerCase().replace(/_?$/, '_')).filter((p) => p.length > 1);
  if (!wanted.length) return [...tables];
  const has = (name: string): boolean => wanted.some((p) => name.toLowerCase().startsWith(p));
  const out: NormalTable[] = [];
  for (const t of tables) {
    if (has(t.logicalName)) {
      out.push(t);
      continue;
    }
    const keep = (items: readonly NormalItem[]): NormalItem[] => items.filter((i) => has(i.name));
    const slim: NormalTable = {
      logicalName: t.logicalName,
      table: [],
      columns: keep(t.columns),
      relationships: keep(t.relationships),
      keys: keep(t.keys),
      choices: keep(t.choices),
    };
    // Kept when empty too: a prefixed column on one side only is then a column diff, not a table one.
    out.push(slim);
  }
  return out;
}
