// What one line of a scratchpad is, decided by its first characters only. Every rule of the
// format that depends on a single line lives here, so the parser, the batch parser and the
// completion's "find the request under the cursor" agree.
import { HTTP_METHODS, type HttpMethod } from './syntax';

/** `###` starts a request; the rest of the line is its title. */
export const SEPARATOR = /^###(.*)$/;
export const BLANK = /^\s*$/;
export const COMMENT = /^\s*(#|\/\/)/;
/** `# @name create` or `// @name create` */
export const NAME_DIRECTIVE = /^(\s*(?:#|\/\/)\s*@name\b\s*)(.*?)\s*$/;
export const VARIABLE_LINE = /^(\s*@)([^\s=]*)(\s*=?\s*)(.*?)\s*$/;
export const VARIABLE_NAME = /^[A-Za-z_]\w*$/;
const REQUEST_LINE = /^(\s*)([A-Za-z]+)(\s+)(\S.*?)(\s+HTTP\/\d(?:\.\d)?)?\s*$/;
/** A target without a method: a URL, `/path`, or a name such as `accounts?…`, `WhoAmI`, `$batch`. */
const BARE_TARGET = /^(\s*)((?:https?:\/\/|\/)?[A-Za-z_$][^\s?]*(?:\?.*?)?)\s*$/;
export const CONTINUATION = /^(\s+)([?&].*?)\s*$/;
export const FETCH_START = /^\s*<fetch(?:[\s>/]|$)/;
export const FETCH_END = /<\/fetch\s*>/;
const HEADER = /^(\s*)([!#$%&'*+.^_`|~0-9A-Za-z-]+)(\s*:\s*)(.*?)\s*$/;
export const BATCH_MARKER = /^\s*---(.*)$/;

const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);

export interface RequestLineMatch {
  method: HttpMethod;
  /** Column of the method; -1 when the method was left out. */
  methodStart: number;
  targetStart: number;
  target: string;
}

export interface HeaderMatch {
  name: string;
  nameStart: number;
  value: string;
  valueStart: number;
}

export function isComment(line: string): boolean {
  return COMMENT.test(line);
}

export function isBlankOrComment(line: string): boolean {
  return BLANK.test(line) || COMMENT.test(line);
}

/** `GET accounts`, `post accounts HTTP/1.1`; undefined for anything whose first word is no method. */
export function matchRequestLine(line: string): RequestLineMatch | undefined {
  const m = REQUEST_LINE.exec(line);
  if (!m || !METHODS.has(m[2]!.toUpperCase())) return undefined;
  const methodStart = m[1]!.length;
  return {
    method: m[2]!.toUpperCase() as HttpMethod,
    methodStart,
    targetStart: methodStart + m[2]!.length + m[3]!.length,
    target: m[4]!,
  };
}

/** A line whose first word looks like a method that Dataverse does not take (`GTE accounts`, `HEAD x`). */
export function unknownMethodWord(line: string): { word: string; start: number } | undefined {
  const m = REQUEST_LINE.exec(line);
  const word = m?.[2];
  if (!m || !word || METHODS.has(word.toUpperCase()) || word.length > 7) return undefined;
  return /^[A-Z]+$/.test(word) ? { word, start: m[1]!.length } : undefined;
}

export function matchBareTarget(line: string): RequestLineMatch | undefined {
  const m = BARE_TARGET.exec(line);
  if (!m) return undefined;
  return { method: 'GET', methodStart: -1, targetStart: m[1]!.length, target: m[2]! };
}

export function matchHeader(line: string): HeaderMatch | undefined {
  const m = HEADER.exec(line);
  if (!m) return undefined;
  const nameStart = m[1]!.length;
  return { name: m[2]!, nameStart, value: m[4]!, valueStart: nameStart + m[2]!.length + m[3]!.length };
}

/** A line that can only be the start of a new request (used to spot a missing `###`). */
export function looksLikeRequestStart(line: string): boolean {
  return matchRequestLine(line) !== undefined && /^\s*[A-Z]/.test(line);
}

export function isBatchTarget(target: string): boolean {
  const path = target.split('?')[0]!.trim();
  return path === '$batch' || path.endsWith('/$batch');
}
