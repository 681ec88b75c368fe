// A table's metadata as a model needs it to write a query: one short line per column (logical name,
// type, required level, label, lookup targets, choice options), the relationships with their
// $expand names, and the keys. Compact on purpose: a 400-column table must fit the describe budget.
// Labels and descriptions are the org's text, so the lines go inside an untrusted fence.
import type { ChoiceInfo, ColumnInfo, RelationshipInfo, TableDetails } from '../metadata/model';
import { BUDGET, fitLines, untrusted } from './resultText';

/** Choice options listed per column; the rest is counted. */
const MAX_OPTIONS = 40;

export function describeTable(details: TableDetails, columnFilter?: string, budget: number = BUDGET.describe): string {
  const t = details.table;
  const head = [
    `Table ${t.logicalName}: entity set ${t.entitySetName ?? '(not in the Web API)'}, primary id ${t.primaryIdAttribute ?? '-'}, primary name ${t.primaryNameAttribute ?? '-'}${t.ownership ? `, ownership ${t.ownership}` : ''}${t.isCustom ? ', custom' : ''}.`,
  ];
  const needle = columnFilter?.trim().toLowerCase();
  // Columns that belong to another (a lookup's name column) cannot be selected: left out.
  const columns = details.columns
    .filter((c) => !c.attributeOf)
    .filter((c) => !needle || c.logicalName.includes(needle) || c.displayName.toLowerCase().includes(needle))
    .sort((a, b) => a.logicalName.localeCompare(b.logicalName));
  const choices = new Map(details.choices.map((c) => [c.name, c]));
  const columnLines = columns.map((c) => columnLine(c, c.optionSetName ? choices.get(c.optionSetName) : undefined));
  const relationshipLines = needle ? [] : details.relationships.map(relationshipLine);
  const keyLines = needle ? [] : details.keys.map((k) => `key ${k.logicalName}: ${k.columns.join(', ')}`);

  const columnsFit = fitLines(columnLines, Math.floor(budget * 0.8));
  const rest = fitLines([...keyLines, ...relationshipLines], budget - sizeOf(columnsFit.lines) - 400);
  const body = [
    `${t.displayName !== t.logicalName ? `Display name: ${t.displayName}` : ''}`,
    `Columns (${columns.length}${needle ? ` matching "${columnFilter!.trim()}"` : ''}): name | type | required | label | more`,
    ...columnsFit.lines,
    ...(rest.lines.length > 0
      ? ['Keys and relationships (kind: navigation property → related table [lookup column]):']
      : []),
    ...rest.lines,
  ].filter((l) => l !== '');
  const notes: string[] = [];
  if (columnsFit.dropped > 0) {
    notes.push(`${columnsFit.dropped} columns not shown to keep this answer short: pass columns to narrow the list.`);
  }
  if (rest.dropped > 0) notes.push(`${rest.dropped} relationships or keys not shown.`);
  return [...head, untrusted(body.join('\n')), ...notes].join('\n');
}

function columnLine(c: ColumnInfo, choice: ChoiceInfo | undefined): string {
  const more: string[] = [];
  if (c.isPrimaryId) more.push('primary id');
  if (c.isPrimaryName) more.push('primary name');
  if (c.targets?.length) more.push(`→ ${c.targets.join(', ')} (filter/select as _${c.logicalName}_value)`);
  if (!c.isValidForCreate && !c.isValidForUpdate) more.push('read-only');
  if (choice) more.push(optionsText(choice));
  const required = c.requiredLevel === 'None' || c.requiredLevel === 'Recommended' ? '' : 'required';
  const label = c.displayName !== c.logicalName ? c.displayName : '';
  return [c.logicalName, typeText(c), required, label, more.join('; ')].join(' | ').replace(/( \| )+$/, '');
}

function typeText(c: ColumnInfo): string {
  if (c.kind === 'string' || c.kind === 'memo') return c.maxLength ? `${c.kind}(${c.maxLength})` : c.kind;
  if ((c.kind === 'decimal' || c.kind === 'money' || c.kind === 'double') && c.precision !== undefined) {
    return `${c.kind}(${c.precision})`;
  }
  return c.kind;
}

function optionsText(choice: ChoiceInfo): string {
  const shown = choice.options.slice(0, MAX_OPTIONS).map((o) => `${o.value}=${o.label}`);
  const more = choice.options.length - shown.length;
  return `options ${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''}`;
}

function relationshipLine(r: RelationshipInfo): string {
  const kind = r.kind === 'manyToOne' ? 'N:1' : r.kind === 'oneToMany' ? '1:N' : 'N:N';
  const via = r.lookupColumn ? ` [${r.lookupColumn}]` : r.intersectTable ? ` [via ${r.intersectTable}]` : '';
  return `${kind}: ${r.navigationProperty ?? '(no navigation property)'} → ${r.relatedTable}${via}`;
}

function sizeOf(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}
