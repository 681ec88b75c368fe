// The parsed shape of a scratchpad (.dvq) document: requests with the ranges CodeLens, completion
// and diagnostics need, variables and the connection line. Text is kept as written (variables
// unresolved); resolve.ts turns one request into something runnable.
// Spelled via core/ because the lint rule against src/auth also matches a plain '../auth/'.
import type { OrgUrl } from '../../org/orgUrl';
import type { Diagnostic } from './diagnostic';
import type { SqlVerb } from './sqlBlock';
import { comparePositions, rangeContains, type LineIndex, type Position, type Range } from './text';

/** The file extension and language id of scratchpads ("Dataverse query"). Not `.http`: REST Client owns it. */
export const SCRATCHPAD_EXTENSION = '.dvq';
export const SCRATCHPAD_LANGUAGE_ID = 'dataverse-query';

export const HTTP_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface VariableDefinition {
  readonly name: string;
  /** As written, `{{…}}` references unresolved. */
  readonly value: string;
  /** 'file': defined in the file's first block, seen by every request; 'request': only by its own. */
  readonly scope: 'file' | 'request';
  readonly range: Range;
  readonly nameRange: Range;
  readonly valueRange: Range;
}

/** `@connection = https://org.crm.dynamics.com` at the top of the file. */
export interface ConnectionLine {
  readonly value: string;
  /** Set when the value is a valid organization URL. */
  readonly orgUrl?: OrgUrl;
  readonly range: Range;
  readonly valueRange: Range;
}

/** A piece of the target that starts at `offset` in the joined text and at `position` in the document. */
export interface TargetPiece {
  readonly offset: number;
  readonly position: Position;
}

/**
 * The URL of a request line, joined with its continuation lines (`  ?$select=…`, `  &$top=5`).
 * `pieces` map offsets in `text` back to the document.
 */
export interface TargetSyntax {
  readonly text: string;
  readonly range: Range;
  readonly pieces: readonly TargetPiece[];
}

export interface RequestLineSyntax {
  readonly method: HttpMethod;
  /** Missing when the method was left out (`accounts?$top=5` means GET). */
  readonly methodRange?: Range;
  readonly target: TargetSyntax;
  readonly range: Range;
}

export interface HeaderSyntax {
  readonly name: string;
  readonly value: string;
  readonly range: Range;
  readonly nameRange: Range;
  readonly valueRange: Range;
}

/** Whole lines of the document joined with \n; line k of `text` is document line `range.start.line + k`. */
export interface BlockText {
  readonly text: string;
  readonly range: Range;
}

export type RequestKind = 'http' | 'fetchxml' | 'batch' | 'sql';

export interface RequestSyntax {
  readonly kind: RequestKind;
  /** Missing for a bare `<fetch>` block (its entity set comes from metadata). */
  readonly line?: RequestLineSyntax;
  readonly headers: readonly HeaderSyntax[];
  readonly body?: BlockText;
  /** The `<fetch>…</fetch>` text of a FetchXML request. */
  readonly fetch?: BlockText;
  /** The statement of a SQL request (`SELECT …`, `-- …`): whole lines, to the block's last non-blank one. */
  readonly sql?: BlockText;
  /** What a SQL request's statement starts with; missing when it starts with none of the four. */
  readonly sqlVerb?: SqlVerb;
  readonly range: Range;
}

export interface SubRequestSyntax extends RequestSyntax {
  readonly kind: 'http' | 'fetchxml';
}

export type BatchPartSyntax =
  | { readonly kind: 'request'; readonly request: SubRequestSyntax }
  | { readonly kind: 'changeset'; readonly range: Range; readonly requests: readonly SubRequestSyntax[] };

export interface BatchSyntax {
  readonly parts: readonly BatchPartSyntax[];
}

export interface ScratchRequest extends RequestSyntax {
  /** Position in the document, from 0. */
  readonly index: number;
  /** From `# @name create`: later requests read its response as `{{create.id}}`. */
  readonly name?: { readonly value: string; readonly range: Range };
  /** Text after `###` on the separator line, if any. */
  readonly title?: string;
  /** The whole block, from its separator line (or the file start) to the line before the next one. */
  readonly blockRange: Range;
  /** Where "▶ Run" goes: the request line, or the `<fetch` line of a bare FetchXML block. */
  readonly lensRange: Range;
  /** `@name = value` lines of this block; they override file variables for this request only. */
  readonly variables: readonly VariableDefinition[];
  readonly batch?: BatchSyntax;
}

export interface QueryDocument {
  readonly lines: LineIndex;
  readonly connection?: ConnectionLine;
  /** Variables of the first block, seen by every request. */
  readonly variables: readonly VariableDefinition[];
  readonly requests: readonly ScratchRequest[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The request whose block contains the position (separator line included), by binary search. */
export function requestAt(doc: QueryDocument, p: Position): ScratchRequest | undefined {
  const rs = doc.requests;
  let lo = 0;
  let hi = rs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rs[mid]!;
    if (rangeContains(r.blockRange, p)) return r;
    if (comparePositions(p, r.blockRange.start) < 0) hi = mid - 1;
    else lo = mid + 1;
  }
  return undefined;
}

/** The document position of an offset in a target's joined text. */
export function targetPosition(target: TargetSyntax, offset: number): Position {
  let piece = target.pieces[0]!;
  for (const p of target.pieces) {
    if (p.offset <= offset) piece = p;
    else break;
  }
  return { line: piece.position.line, character: piece.position.character + (offset - piece.offset) };
}

export function targetRange(target: TargetSyntax, from: number, to: number): Range {
  return { start: targetPosition(target, from), end: targetPosition(target, to) };
}

/** The offset in a target's joined text of a document position, or undefined when it is outside. */
export function targetOffset(target: TargetSyntax, p: Position): number | undefined {
  for (let i = target.pieces.length - 1; i >= 0; i--) {
    const piece = target.pieces[i]!;
    if (piece.position.line !== p.line || p.character < piece.position.character) continue;
    const end = i + 1 < target.pieces.length ? target.pieces[i + 1]!.offset : target.text.length;
    const offset = piece.offset + (p.character - piece.position.character);
    return offset <= end ? offset : undefined;
  }
  return undefined;
}

/** The document position of an offset in a BlockText (whole lines joined with \n). */
export function blockPosition(block: BlockText, offset: number): Position {
  let line = block.range.start.line;
  let lineStart = 0;
  const end = Math.min(offset, block.text.length);
  for (let i = block.text.indexOf('\n'); i !== -1 && i < end; i = block.text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: end - lineStart };
}

export function blockOffset(block: BlockText, p: Position): number | undefined {
  if (p.line < block.range.start.line || p.line > block.range.end.line) return undefined;
  let offset = 0;
  for (let line = block.range.start.line; line < p.line; line++) {
    const next = block.text.indexOf('\n', offset);
    if (next === -1) return undefined;
    offset = next + 1;
  }
  const lineEnd = block.text.indexOf('\n', offset);
  return Math.min(offset + p.character, lineEnd === -1 ? block.text.length : lineEnd);
}
