// Hover for a scratchpad: a column's type, Web API name, choices and description; a table's or a
// navigation property's summary; query options, functions and headers. Plain text only — the
// descriptions come from the organization and must not be rendered as markdown.
import * as l10n from '@vscode/l10n';
import type { ColumnInfo, MetadataSnapshot, RelationshipInfo, TableInfo } from '../../metadata/model';
import { rowProperties } from './bodyDiagnostics';
import { HEADERS, QUERY_FUNCTION_PREFIX, QUERY_FUNCTIONS, QUERY_OPTIONS, STRING_FUNCTIONS } from './catalog';
import type { HoverInfo } from './completionTypes';
import { blockAround, cursorSyntax } from '../syntax/cursor';
import { fetchContextAt, tableNamed } from './fetchContext';
import { lexFilter } from '../syntax/filterLexer';
import { typeLabel, type TableIndex } from './metadataIndex';
import type { Span } from '../syntax/odataPath';
import {
  blockOffset,
  blockPosition,
  targetOffset,
  targetRange,
  type BlockText,
  type RequestLineSyntax,
  type TargetSyntax,
} from '../syntax/syntax';
import { targetContextAt, wordAt } from './targetContext';
import { lambdaScopes, pathBefore, pathTable } from './filterPath';
import { LineIndex, rangeContains, type LineSource, type Position } from '../syntax/text';
import { scanXml } from '../syntax/xmlScan';
import { sqlHover } from './sqlLanguage';
import { formatCount } from '../../numberFormat';

export interface HoverContext {
  readonly metadata?: MetadataSnapshot;
}

type Found = { span: Span; title: string; lines: string[] } | undefined;

/** Hover at a position; `source` as for completeAt. */
export function hoverAt(
  source: string | LineSource,
  position: Position,
  ctx: HoverContext = {},
): HoverInfo | undefined {
  const lines = typeof source === 'string' ? new LineIndex(source) : source;
  if (position.line < 0 || position.line >= lines.lineCount) return undefined;
  const block = blockAround(lines, position.line);
  const syntax = block && cursorSyntax(lines, block, position);
  if (!syntax) return undefined;
  const target = syntax.line?.target;
  if (target && position.line >= target.range.start.line && position.line <= target.range.end.line) {
    return inTarget(target, position, ctx.metadata);
  }
  if (syntax.sql && rangeContains(syntax.sql.range, position)) {
    const offset = blockOffset(syntax.sql, position);
    return offset === undefined ? undefined : sqlHover(syntax.sql, offset, ctx.metadata);
  }
  if (syntax.fetch && rangeContains(syntax.fetch.range, position)) {
    const fetch = syntax.fetch;
    const offset = blockOffset(fetch, position);
    const found = offset === undefined ? undefined : inFetch(fetch.text, offset, ctx.metadata);
    return (
      found && {
        range: { start: blockPosition(fetch, found.span.start), end: blockPosition(fetch, found.span.end) },
        title: found.title,
        lines: found.lines,
      }
    );
  }
  if (syntax.line && syntax.body && ctx.metadata && rangeContains(syntax.body.range, position)) {
    return inBody(syntax.line, syntax.body, position, ctx.metadata);
  }
  const header = syntax.headers.find((h) => rangeContains(h.nameRange, position));
  const doc = header && HEADERS.find((h) => h.name.toLowerCase() === header.name.toLowerCase());
  return header && doc ? { range: header.nameRange, title: doc.name, lines: [doc.doc()] } : undefined;
}

/** A property name in a create or update body: its column, or the navigation property it binds. */
function inBody(
  line: RequestLineSyntax,
  body: BlockText,
  position: Position,
  metadata: MetadataSnapshot,
): HoverInfo | undefined {
  const offset = blockOffset(body, position);
  const hit =
    offset === undefined
      ? undefined
      : rowProperties(line, body, metadata).find(({ property: p }) => offset >= p.nameStart && offset <= p.nameEnd);
  if (!hit) return undefined;
  const { property: p, table } = hit;
  const range = { start: blockPosition(body, p.nameStart), end: blockPosition(body, p.nameEnd) };
  const bind = /^(.*)@odata\.bind$/i.exec(p.name);
  const rel = table.navigation(bind ? bind[1]! : p.name);
  if (rel) return { range, ...navigationHover(rel) };
  const entry = table.column(p.name);
  return entry ? { range, ...columnHover(table, entry.column) } : undefined;
}

function inTarget(
  target: TargetSyntax,
  position: Position,
  metadata: MetadataSnapshot | undefined,
): HoverInfo | undefined {
  const offset = targetOffset(target, position);
  if (offset === undefined) return undefined;
  const found = targetHover(target.text, offset, metadata);
  return (
    found && { range: targetRange(target, found.span.start, found.span.end), title: found.title, lines: found.lines }
  );
}

function targetHover(text: string, offset: number, metadata: MetadataSnapshot | undefined): Found {
  const ctx = targetContextAt(text, offset, metadata);
  const word = wordAt(text, offset);
  if (ctx.kind === 'path') {
    const table = ctx.index === 0 ? metadata?.tableByEntitySetName(ctx.span.text) : undefined;
    if (table) return { span: ctx.span, ...tableHover(table) };
    const rel = ctx.parent?.navigation(ctx.span.text);
    return rel ? { span: ctx.span, ...navigationHover(rel) } : undefined;
  }
  if (ctx.kind === 'optionName') {
    const option = QUERY_OPTIONS.find((o) => o.name.toLowerCase() === ctx.span.text.toLowerCase());
    return option ? { span: ctx.span, title: option.name, lines: [option.doc()] } : undefined;
  }
  if (ctx.kind !== 'optionValue' || !word.text) return undefined;
  const fn = functionHover(word);
  if (fn) return fn;
  let table = ctx.table;
  if (ctx.option.toLowerCase() === '$filter' && table && metadata) {
    const before = lexFilter(text, ctx.value.start, word.start);
    table = pathTable(pathBefore(before), table, lambdaScopes(before, table, metadata), metadata).table;
  }
  const entry = table?.column(word.text);
  if (table && entry) return { span: word, ...columnHover(table, entry.column) };
  const rel = table?.navigation(word.text);
  return rel ? { span: word, ...navigationHover(rel) } : undefined;
}

function functionHover(word: Span): Found {
  const s = STRING_FUNCTIONS.find((f) => f.name === word.text);
  if (s) return { span: word, title: s.name, lines: [s.doc()] };
  const q = word.text.startsWith(QUERY_FUNCTION_PREFIX)
    ? QUERY_FUNCTIONS.find((f) => QUERY_FUNCTION_PREFIX + f.name === word.text)
    : undefined;
  return q ? { span: word, title: word.text, lines: [q.doc()] } : undefined;
}

function inFetch(text: string, offset: number, metadata: MetadataSnapshot | undefined): Found {
  const ctx = fetchContextAt(text, scanXml(text), offset, metadata);
  if (ctx.kind !== 'attributeValue' || !ctx.attribute.value) return undefined;
  const a = ctx.attribute;
  const span = { text: a.value, start: a.valueStart, end: a.valueEnd };
  if ((ctx.tag.name === 'entity' || ctx.tag.name === 'link-entity') && a.name === 'name') {
    const t = tableNamed(metadata, a.value)?.table ?? metadata?.tableByLogicalName(a.value);
    return t ? { span, ...tableHover(t) } : undefined;
  }
  const table = a.name === 'to' ? ctx.parentTable : ctx.table;
  const entry = ['name', 'attribute', 'from', 'to', 'valueof'].includes(a.name) ? table?.column(a.value) : undefined;
  return table && entry ? { span, ...columnHover(table, entry.column) } : undefined;
}

function tableHover(t: TableInfo): { title: string; lines: string[] } {
  return {
    title: `${t.entitySetName ?? t.logicalName} — ${t.displayName}`,
    lines: [
      t.entitySetName
        ? l10n.t('Table {0} (schema name {1}), entity set {2}', t.logicalName, t.schemaName, t.entitySetName)
        : l10n.t('Table {0} (schema name {1}), not in the Web API', t.logicalName, t.schemaName),
      ...(t.primaryIdAttribute
        ? [
            t.primaryNameAttribute
              ? l10n.t('Primary key {0}, primary name {1}', t.primaryIdAttribute, t.primaryNameAttribute)
              : l10n.t('Primary key {0}', t.primaryIdAttribute),
          ]
        : []),
      ...(t.description ? [t.description] : []),
    ],
  };
}

function navigationHover(r: RelationshipInfo): { title: string; lines: string[] } {
  return {
    title: `${r.navigationProperty} → ${r.relatedTable}`,
    lines: [
      r.kind === 'manyToOne'
        ? l10n.t('Navigation property (single-valued), relationship {0}', r.schemaName)
        : l10n.t('Navigation property (collection-valued), relationship {0}', r.schemaName),
      ...(r.lookupColumn ? [l10n.t('Lookup column {0}', r.lookupColumn)] : []),
    ],
  };
}

function columnHover(table: TableIndex, c: ColumnInfo): { title: string; lines: string[] } {
  const entry = table.column(c.logicalName)!;
  const limits = [
    c.maxLength !== undefined ? l10n.t('max length {0}', formatCount(c.maxLength)) : '',
    c.precision !== undefined ? l10n.t('precision {0}', formatCount(c.precision)) : '',
  ]
    .filter(Boolean)
    .join(', ');
  const choice = table.choiceOf(c)?.options;
  return {
    title: `${c.logicalName} — ${c.displayName}`,
    lines: [
      `${typeLabel(c)} (${c.attributeTypeName})${limits ? `, ${limits}` : ''}`,
      entry.inWebApi
        ? l10n.t('Table {0}; Web API name {1}; schema name {2}', table.table.logicalName, entry.webName, c.schemaName)
        : l10n.t('Table {0}; Web API name (not available); schema name {1}', table.table.logicalName, c.schemaName),
      ...(c.requiredLevel !== 'None' ? [l10n.t('Required: {0}', c.requiredLevel)] : []),
      ...(choice && choice.length > 0
        ? [
            l10n.t(
              'Values: {0}',
              `${choice
                .slice(0, 10)
                .map((o) => `${o.value} ${o.label}`)
                .join(', ')}${choice.length > 10 ? ', …' : ''}`,
            ),
          ]
        : []),
      ...(c.description ? [c.description] : []),
    ],
  };
}
