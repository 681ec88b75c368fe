// Completion inside the JSON body of a create (POST) or update (PATCH): the table's columns that can
// be written that way, lookups as `nav@odata.bind` with a `/entityset(id)` value, deep inserts
// (`"primarycontactid": { … }`) completed with the related table's columns, and the values of
// choice and yes/no columns. Item lists are built once per table and mode.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import type { CompletionItem } from './completionTypes';
import { jsonContextAt } from './jsonContext';
import { isLookup, typeLabel, type ColumnEntry, type TableIndex } from './metadataIndex';
import type { Span } from '../syntax/odataPath';
import { parseTarget } from '../syntax/odataPath';
import type { RequestLineSyntax } from '../syntax/syntax';
import { relatedTable, tableOfPath } from './targetContext';

export type WriteMode = 'create' | 'update';

export interface BodyCompletion {
  readonly span: Span;
  readonly items: readonly CompletionItem[];
}

const BOOLEAN_ITEMS: readonly CompletionItem[] = [
  { label: 'true', kind: 'value' },
  { label: 'false', kind: 'value' },
];
const CHOICE_KINDS = new Set(['choice', 'state', 'status']);

/** What a request with this method writes; undefined when its body is not a row (GET, DELETE, actions…). */
function writeModeOf(method: string): WriteMode | undefined {
  const m = method.toUpperCase();
  return m === 'POST' ? 'create' : m === 'PATCH' ? 'update' : undefined;
}

/** The table a create or update body writes to, and how; undefined for other requests or unknown tables. */
export function rowTarget(
  line: RequestLineSyntax,
  metadata: MetadataSnapshot,
): { table: TableIndex; mode: WriteMode } | undefined {
  const mode = writeModeOf(line.method);
  const table =
    mode && metadata.tables.length ? tableOfPath(parseTarget(line.target.text).segments, metadata) : undefined;
  return mode && table ? { table, mode } : undefined;
}

export function completeBody(
  text: string,
  offset: number,
  table: TableIndex,
  mode: WriteMode,
  metadata: MetadataSnapshot,
): BodyCompletion | undefined {
  const ctx = jsonContextAt(text, offset);
  if (!ctx) return undefined;
  let target: TableIndex | undefined = table;
  // Deep insert: each step down is a navigation property of the table above, and creates its rows.
  for (const key of ctx.path) target = target && relatedTable(target, key, metadata);
  if (!target) return undefined;
  const rowMode: WriteMode = ctx.path.length ? 'create' : mode;
  const { slot } = ctx;
  const span = { text: text.slice(slot.start, slot.end), start: slot.start, end: slot.end };
  if (slot.kind === 'key') {
    const items = keyItems(target, rowMode, metadata, slot.quoted);
    return { span, items: ctx.keys.size ? items.filter((i) => !ctx.keys.has(i.label)) : items };
  }
  if (slot.quoted) return undefined;
  const entry = target.column(slot.key);
  if (!entry || entry.webName !== entry.column.logicalName) return undefined;
  if (entry.column.kind === 'boolean') return { span, items: BOOLEAN_ITEMS };
  return CHOICE_KINDS.has(entry.column.kind) ? { span, items: target.valueItems(entry.column) } : undefined;
}

const cache = new WeakMap<TableIndex, Map<string, readonly CompletionItem[]>>();

function keyItems(
  table: TableIndex,
  mode: WriteMode,
  metadata: MetadataSnapshot,
  quoted: boolean,
): readonly CompletionItem[] {
  let perTable = cache.get(table);
  if (!perTable) cache.set(table, (perTable = new Map()));
  const cacheKey = `${mode}:${quoted}`;
  let items = perTable.get(cacheKey);
  if (!items) {
    items = buildKeyItems(table, mode, metadata, quoted);
    perTable.set(cacheKey, items);
  }
  return items;
}

function writable(e: ColumnEntry, mode: WriteMode): boolean {
  return e.inWebApi && (mode === 'create' ? e.column.isValidForCreate : e.column.isValidForUpdate);
}

function buildKeyItems(
  table: TableIndex,
  mode: WriteMode,
  metadata: MetadataSnapshot,
  quoted: boolean,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const e of table.entries) {
    if (!writable(e, mode)) continue;
    const c = e.column;
    if (!isLookup(c)) {
      const required = c.requiredLevel === 'SystemRequired' || c.requiredLevel === 'ApplicationRequired';
      items.push({
        label: c.logicalName,
        kind: 'column',
        detail: [typeLabel(c), c.displayName, ...(required ? [l10n.t('required')] : [])].join(' · '),
        ...(c.description ? { documentation: c.description } : {}),
        insertText: quoted ? c.logicalName : `"${c.logicalName}": `,
        sortText: `${required ? 0 : 1}${c.isPrimaryName ? 0 : 1}${c.logicalName}`,
      });
      continue;
    }
    // A lookup is written through its single-valued navigation property, one per target table.
    for (const rel of table.details.relationships) {
      if (
        rel.kind !== 'manyToOne' ||
        !rel.navigationProperty ||
        rel.lookupColumn?.toLowerCase() !== c.logicalName.toLowerCase()
      ) {
        continue;
      }
      const name = `${rel.navigationProperty}@odata.bind`;
      const set = metadata.tableByLogicalName(rel.relatedTable)?.entitySetName ?? rel.relatedTable;
      items.push({
        label: name,
        kind: 'navigation',
        detail: l10n.t('Lookup → {0} · {1}', rel.relatedTable, c.displayName),
        documentation: l10n.t('Sets {0} to a {1} row: "/{2}(id)".', c.logicalName, rel.relatedTable, set),
        insertText: quoted ? name : `"${name}": "/${set}(\${1:id})"`,
        ...(quoted ? {} : { snippet: true }),
        sortText: `2${name}`,
      });
    }
  }
  return items;
}
