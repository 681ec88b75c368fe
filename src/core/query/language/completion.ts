// Completion for a scratchpad: finds the request under the cursor (scanning only its own block,
// never the whole document) and asks the URL, FetchXML, header or variable completer. Pure: text,
// position and a MetadataSnapshot in; items and the range they replace out.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import { completeBody, rowTarget } from './bodyCompletion';
import { HEADERS, PREFER_VALUES, SYSTEM_VARIABLES } from './catalog';
import type { CompletionItem, CompletionResult } from './completionTypes';
import { lazyItems } from './lazyItems';
import { fetchCompletion } from './fetchCompletion';
import { BLANK, isComment } from '../syntax/lines';
import { completeTarget } from './odataCompletion';
import type { SpanCompletion } from './spanCompletion';
import { blockAround, cursorSyntax, headerBlockVariables, requestNames, syntheticTarget } from '../syntax/cursor';
import {
  HTTP_METHODS,
  blockOffset,
  blockPosition,
  targetOffset,
  targetRange,
  type BlockText,
  type RequestLineSyntax,
  type RequestSyntax,
  type TargetSyntax,
  type VariableDefinition,
} from '../syntax/syntax';
import { sqlCompletion } from './sqlCompletion';
import { LineIndex, rangeContains, type LineSource, type Position, type Range } from '../syntax/text';

export interface CompletionContext {
  /** The organization's metadata as cached now; without it only the fixed vocabulary is offered. */
  readonly metadata?: MetadataSnapshot;
  /** Names defined outside the text (a notebook's earlier cells): seen as the file's first block is. */
  readonly outer?: OuterDefinitions;
}

/** Variables (name → value as written, in order) and request names defined before the text. */
export interface OuterDefinitions {
  readonly variables: ReadonlyMap<string, string>;
  readonly requestNames: ReadonlySet<string>;
}

const methodItems = lazyItems((): readonly CompletionItem[] => [
  ...HTTP_METHODS.map((m, i): CompletionItem => ({
    label: m,
    kind: 'method',
    insertText: `${m} `,
    retrigger: true,
    sortText: `0${i}`,
  })),
  ...['SELECT', 'INSERT INTO', 'UPDATE', 'DELETE FROM'].map((k, i): CompletionItem => ({
    label: k,
    kind: 'keyword',
    detail: 'SQL',
    insertText: `${k} `,
    retrigger: true,
    sortText: `2${i}`,
  })),
  {
    label: '<fetch>',
    kind: 'snippet',
    detail: l10n.t('FetchXML query'),
    sortText: '1',
    insertText:
      '<fetch top="${1:10}">\n  <entity name="${2:account}">\n    <attribute name="${3:name}" />\n  </entity>\n</fetch>',
    snippet: true,
  },
]);
const headerItems = lazyItems((): readonly CompletionItem[] =>
  HEADERS.map((h) => ({
    label: h.name,
    kind: 'header',
    documentation: h.doc(),
    insertText: `${h.name}: `,
    retrigger: true,
  })),
);
const headerValues = lazyItems((): Readonly<Record<string, readonly CompletionItem[]>> => ({
  prefer: PREFER_VALUES.map((v) => ({ label: v.name, kind: 'value', documentation: v.doc() })),
  'if-match': [{ label: '*', kind: 'value', detail: l10n.t('any existing row (no create)') }],
  'if-none-match': [{ label: '*', kind: 'value', detail: l10n.t('no existing row (no update)') }],
  'content-type': [{ label: 'application/json', kind: 'value' }],
  consistency: [{ label: 'Strong', kind: 'value' }],
  'mscrm.suppressduplicatedetection': [
    { label: 'false', kind: 'value' },
    { label: 'true', kind: 'value' },
  ],
  'mscrm.bypasscustompluginexecution': [{ label: 'true', kind: 'value' }],
  'mscrm.bypassbusinesslogicexecution': ['CustomSync', 'CustomAsync', 'CustomSync,CustomAsync'].map(
    (v): CompletionItem => ({ label: v, kind: 'value' }),
  ),
}));
const systemItems = lazyItems((): readonly CompletionItem[] =>
  SYSTEM_VARIABLES.map((v) => ({
    label: v.name,
    kind: 'variable',
    documentation: v.doc(),
    sortText: `9${v.name}`,
  })),
);
// The labels are reference paths ({{create.response.status}}), not text: the same in every language.
/* eslint-disable no-restricted-syntax */
const responseItems = lazyItems((): readonly CompletionItem[] => [
  { label: 'id', kind: 'variable', detail: l10n.t("the created row's id (OData-EntityId)") },
  { label: 'response.body.', kind: 'variable', detail: l10n.t('a property of the JSON body, e.g. response.body.name') },
  {
    label: 'response.headers.',
    kind: 'variable',
    detail: l10n.t('a response header, e.g. response.headers.OData-EntityId'),
  },
  { label: 'response.status', kind: 'variable', detail: l10n.t('the HTTP status') },
]);
/* eslint-enable no-restricted-syntax */

/**
 * Completion at a position. `source` is the document's text, or (better, from VS Code) a LineSource over
 * the TextDocument, so nothing but the request's own block is read.
 */
export function completeAt(
  source: string | LineSource,
  position: Position,
  ctx: CompletionContext = {},
): CompletionResult | undefined {
  const lines = typeof source === 'string' ? new LineIndex(source) : source;
  if (position.line < 0 || position.line >= lines.lineCount) return undefined;
  const lineText = lines.lineText(position.line);
  const before = lineText.slice(0, position.character);
  const open = before.lastIndexOf('{{');
  if (open !== -1 && before.indexOf('}}', open) === -1) return variableCompletion(lines, position, open + 2, ctx.outer);
  const block = blockAround(lines, position.line);
  if (!block) return undefined;
  const cursor = cursorSyntax(lines, block, position);
  if (!cursor) {
    if (/^\s*[A-Za-z]*$/.test(before)) return wordResult(position, before, methodItems());
    const synthetic = syntheticTarget(lines, position.line);
    return synthetic ? inTarget(synthetic, position, ctx) : undefined;
  }
  if (cursor.kind === 'sql' && cursor.sql && position.line >= cursor.sql.range.start.line) {
    return inSql(lines, cursor.sql, position, ctx, () => [
      ...headerBlockVariables(lines, block),
      ...outerVariables(ctx.outer),
    ]);
  }
  return inSyntax(lines, cursor, position, ctx);
}

/** In a SQL block: the statement from its first line to the cursor's (blank lines after it included). */
function inSql(
  lines: LineSource,
  sql: BlockText,
  position: Position,
  ctx: CompletionContext,
  variables: () => readonly VariableDefinition[],
): CompletionResult | undefined {
  const text: string[] = [];
  const last = Math.max(position.line, sql.range.end.line);
  for (let l = sql.range.start.line; l <= last; l++) text.push(lines.lineText(l));
  const block: BlockText = {
    text: text.join('\n'),
    range: { start: sql.range.start, end: { line: last, character: text[text.length - 1]!.length } },
  };
  const offset = blockOffset(block, position);
  const result = offset === undefined ? undefined : sqlCompletion(block.text, offset, ctx.metadata, variables);
  return (
    result && {
      range: { start: blockPosition(block, result.span.start), end: blockPosition(block, result.span.end) },
      items: result.items,
    }
  );
}

function wordResult(position: Position, before: string, items: readonly CompletionItem[]): CompletionResult {
  const word = /[\w.-]*$/.exec(before)![0];
  return {
    range: { start: { line: position.line, character: position.character - word.length }, end: position },
    items,
  };
}

function inSyntax(
  lines: LineSource,
  syntax: RequestSyntax,
  position: Position,
  ctx: CompletionContext,
): CompletionResult | undefined {
  const line = syntax.line;
  if (line && position.line === line.range.start.line && position.character < line.target.range.start.character) {
    return line.methodRange
      ? { range: line.methodRange, items: methodItems().slice(0, HTTP_METHODS.length) }
      : undefined;
  }
  if (line && position.line >= line.target.range.start.line && position.line <= line.target.range.end.line) {
    const result = inTarget(withTrailingSpaces(lines, line.target, position), position, ctx);
    // A lone word at the start of a line may be a method being typed as well as an entity set.
    if (
      !line.methodRange &&
      result &&
      /^\s*[A-Za-z]*$/.test(lines.lineText(position.line).slice(0, position.character))
    ) {
      return { range: result.range, items: [...methodItems(), ...result.items] };
    }
    return result;
  }
  if (syntax.fetch && rangeContains(syntax.fetch.range, position)) {
    const fetch = syntax.fetch;
    const offset = blockOffset(fetch, position);
    const result = offset === undefined ? undefined : fetchCompletion(fetch.text, offset, ctx.metadata);
    return (
      result && {
        range: { start: blockPosition(fetch, result.span.start), end: blockPosition(fetch, result.span.end) },
        items: result.items,
      }
    );
  }
  if (line && inHeaderSection(lines, line.target.range.end.line, position)) {
    return headerCompletion(lines.lineText(position.line), position);
  }
  if (line && syntax.body && position.line >= syntax.body.range.start.line) {
    return inBody(lines, line, syntax.body.range.start.line, position, ctx);
  }
  return undefined;
}

/** In a create or update body: the columns of the table the request line names. */
function inBody(
  lines: LineSource,
  line: RequestLineSyntax,
  firstLine: number,
  position: Position,
  ctx: CompletionContext,
): CompletionResult | undefined {
  const target = ctx.metadata && rowTarget(line, ctx.metadata);
  if (!target || !ctx.metadata) return undefined;
  // The body up to the cursor's line (the rest of that line shows where a quoted word ends).
  const text: string[] = [];
  for (let l = firstLine; l <= position.line; l++) text.push(lines.lineText(l));
  const block = { text: text.join('\n'), range: { start: { line: firstLine, character: 0 }, end: position } };
  const result = completeBody(
    block.text,
    block.text.length - text[text.length - 1]!.length + position.character,
    target.table,
    target.mode,
    ctx.metadata,
  );
  return (
    result && {
      range: { start: blockPosition(block, result.span.start), end: blockPosition(block, result.span.end) },
      items: result.items,
    }
  );
}

function inTarget(target: TargetSyntax, position: Position, ctx: CompletionContext): CompletionResult | undefined {
  const offset = targetOffset(target, position);
  if (offset === undefined) return undefined;
  const result: SpanCompletion | undefined = completeTarget(target.text, offset, ctx.metadata);
  return result && { range: targetRange(target, result.span.start, result.span.end), items: result.items };
}

/** The parser trims the URL; a cursor in spaces after it (`$filter=name |`) still belongs to it. */
function withTrailingSpaces(lines: LineSource, target: TargetSyntax, position: Position): TargetSyntax {
  const end = target.range.end;
  if (position.line !== end.line || position.character <= end.character) return target;
  const gap = lines.lineText(position.line).slice(end.character, position.character);
  return /^\s+$/.test(gap)
    ? { ...target, text: target.text + gap, range: { start: target.range.start, end: position } }
    : target;
}

function inHeaderSection(lines: LineSource, targetEndLine: number, position: Position): boolean {
  if (position.line <= targetEndLine) return false;
  for (let l = targetEndLine + 1; l < position.line; l++) if (BLANK.test(lines.lineText(l))) return false;
  const text = lines.lineText(position.line);
  return !isComment(text) && !/^\s*[{[<]/.test(text);
}

function headerCompletion(lineText: string, position: Position): CompletionResult | undefined {
  const before = lineText.slice(0, position.character);
  const colon = before.indexOf(':');
  if (colon === -1) {
    const start = before.length - before.trimStart().length;
    const end = lineText.indexOf(':') === -1 ? lineText.trimEnd().length : lineText.indexOf(':');
    return { range: line(position.line, start, Math.max(end, position.character)), items: headerItems() };
  }
  const items = headerValues()[before.slice(0, colon).trim().toLowerCase()];
  if (!items) return undefined;
  const valueStart = Math.max(colon + 1, before.lastIndexOf(',') + 1);
  const lead = /^\s*/.exec(lineText.slice(valueStart))![0].length;
  const nextComma = lineText.indexOf(',', position.character);
  const end = nextComma === -1 ? lineText.trimEnd().length : nextComma;
  return {
    range: line(position.line, Math.min(valueStart + lead, position.character), Math.max(end, position.character)),
    items,
  };
}

/** The outer variables as definitions of the file (the latest of a name first, as it wins at run time). */
function outerVariables(outer: OuterDefinitions | undefined): VariableDefinition[] {
  const at = line(0, 0, 0);
  return [...(outer?.variables ?? [])].reverse().map(([name, value]) => ({
    name,
    value,
    scope: 'file',
    range: at,
    nameRange: at,
    valueRange: at,
  }));
}

function line(l: number, from: number, to: number): Range {
  return { start: { line: l, character: from }, end: { line: l, character: to } };
}

function variableCompletion(
  lines: LineSource,
  position: Position,
  exprStart: number,
  outer: OuterDefinitions | undefined,
): CompletionResult {
  const typed = lines.lineText(position.line).slice(exprStart, position.character);
  const lead = typed.length - typed.trimStart().length;
  const range = line(position.line, exprStart + lead, position.character);
  const dot = typed.indexOf('.');
  if (dot !== -1) {
    const name = typed.trim().slice(0, dot - lead);
    return requestNames(lines).has(name) || outer?.requestNames.has(name)
      ? { range: line(position.line, exprStart + dot + 1, position.character), items: responseItems() }
      : { range, items: [] };
  }
  const block = blockAround(lines, position.line);
  // The block's own and the file's variables hide the earlier cells' of the same name, as at run time.
  const own = [...(block ? headerBlockVariables(lines, block) : []), ...outerVariables(outer)];
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const v of own) {
    if (seen.has(v.name)) continue;
    seen.add(v.name);
    items.push({ label: v.name, kind: 'variable', detail: v.value, sortText: `0${v.name}` });
  }
  for (const [name, r] of requestNames(lines)) {
    if (!seen.has(name)) {
      seen.add(name);
      items.push({
        label: name,
        kind: 'variable',
        detail: l10n.t('request on line {0}', r + 1),
        sortText: `1${name}`,
        retrigger: true,
      });
    }
  }
  for (const name of outer?.requestNames ?? []) {
    if (seen.has(name)) continue;
    seen.add(name);
    items.push({
      label: name,
      kind: 'variable',
      detail: l10n.t('request in a cell above'),
      sortText: `1${name}`,
      retrigger: true,
    });
  }
  return { range, items: [...items, ...systemItems()] };
}
