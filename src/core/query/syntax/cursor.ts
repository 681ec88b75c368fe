// Finds what the cursor is in without parsing the whole document: the block around a line (up to
// the nearest `###` lines), the request or $batch operation there, the variables the block sees
// and the names of requests. Keeps completion and hover independent of the document's size.
import { parseBlock, type BlockSpan } from './parser';
import { NAME_DIRECTIVE, SEPARATOR } from './lines';
import { HTTP_METHODS } from './syntax';
import type { RequestSyntax, TargetSyntax, VariableDefinition } from './syntax';
import { rangeContains, type LineSource, type Position } from './text';

const METHOD_AND_SPACE = new RegExp(`^\\s*(?:${HTTP_METHODS.join('|')})\\s+`, 'i');

/** The block containing a line; undefined on a `###` line itself. */
export function blockAround(lines: LineSource, line: number): BlockSpan | undefined {
  if (SEPARATOR.test(lines.lineText(line))) return undefined;
  let start = line;
  while (start > 0 && !SEPARATOR.test(lines.lineText(start))) start--;
  const hasSeparator = SEPARATOR.exec(lines.lineText(start));
  let to = line + 1;
  while (to < lines.lineCount && !SEPARATOR.test(lines.lineText(to))) to++;
  if (!hasSeparator) return { start: 0, from: 0, to };
  const title = hasSeparator[1]!.replace(/^#+/, '').trim();
  return { start, from: start + 1, to, ...(title ? { title } : {}) };
}

function isHeaderBlock(block: BlockSpan, lines: LineSource): boolean {
  return block.start === 0 && !SEPARATOR.test(lines.lineText(0));
}

/** The request (or $batch operation) under the cursor, parsed from its block alone. */
export function cursorSyntax(lines: LineSource, block: BlockSpan, position: Position): RequestSyntax | undefined {
  const request = parseBlock(lines, block, isHeaderBlock(block, lines), 0).request;
  if (!request || position.line < request.range.start.line) return undefined;
  if (request.batch) {
    for (const part of request.batch.parts) {
      const subs = part.kind === 'request' ? [part.request] : part.requests;
      const hit = subs.find((s) =>
        rangeContains({ start: s.range.start, end: { line: s.range.end.line + 1, character: 0 } }, position),
      );
      if (hit) return hit;
    }
  }
  return request;
}

/** A target for a request line the parser did not accept yet (e.g. "GET " with nothing after it). */
export function syntheticTarget(lines: LineSource, line: number): TargetSyntax | undefined {
  const text = lines.lineText(line);
  const m = METHOD_AND_SPACE.exec(text);
  if (!m) return undefined;
  const targetStart = m[0].length;
  const target = text.slice(targetStart);
  const position = { line, character: targetStart };
  return {
    text: target,
    pieces: [{ offset: 0, position }],
    range: { start: position, end: { line, character: targetStart + target.length } },
  };
}

/** Variables a block sees: its own, then the file's (those of the first block). */
export function headerBlockVariables(lines: LineSource, block: BlockSpan): VariableDefinition[] {
  const own = parseBlock(lines, block, isHeaderBlock(block, lines), 0).variables;
  if (isHeaderBlock(block, lines)) return own;
  let to = 0;
  while (to < lines.lineCount && !SEPARATOR.test(lines.lineText(to))) to++;
  return [...own, ...parseBlock(lines, { start: 0, from: 0, to }, true, 0).variables];
}

/** Names of requests (`# @name x`) and the line of each. */
export function requestNames(lines: LineSource): Map<string, number> {
  const names = new Map<string, number>();
  for (let l = 0; l < lines.lineCount; l++) {
    const m = NAME_DIRECTIVE.exec(lines.lineText(l));
    if (m && m[2] && !names.has(m[2])) names.set(m[2], l);
  }
  return names;
}
