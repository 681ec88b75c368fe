// Splits SQL text into tokens with exact offsets, collecting comments aside and reporting what it
// cannot read (an unclosed string or bracket, a stray character) as errors with a range, never a throw.
import * as l10n from '@vscode/l10n';
import type { SqlComment } from './ast';
import type { SqlError } from './api';

export type TokenKind = 'word' | 'qident' | 'string' | 'number' | 'param' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** word: upper-cased; qident/string: the unescaped value; param: without `@`; others: as written. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** N'…' strings. */
  readonly national?: boolean;
}

export interface Lexed {
  readonly tokens: readonly Token[];
  readonly comments: SqlComment[];
  readonly errors: SqlError[];
}

const NUMBER = /(?:[0-9]*\.?[0-9]+|[0-9]+\.)(?:[eE][+-]?[0-9]+)?/y;
const TWO_CHAR_OPS = new Set(['<>', '!=', '<=', '>=', '!<', '!>']);
const ONE_CHAR_OPS = new Set(['(', ')', ',', '.', '*', ';', '=', '<', '>', '+', '-', '/', '%']);

function isWordStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 35 || code >= 0xc0;
}

function isWordChar(code: number): boolean {
  return isWordStart(code) || (code >= 48 && code <= 57) || code === 36 || code === 64;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function lex(text: string): Lexed {
  const tokens: Token[] = [];
  const comments: SqlComment[] = [];
  const errors: SqlError[] = [];
  const lexError = (message: string, start: number, end: number): void => {
    errors.push({ code: 'sql-syntax', message, span: { start, end } });
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const code = text.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13) || code === 0xa0) {
      i++;
      continue;
    }
    const start = i;
    if (c === '-' && text[i + 1] === '-') {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      comments.push({ span: { start, end: e }, text: text.slice(i + 2, e).trim() });
      i = e;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      if (e < 0) lexError(l10n.t('This comment is not closed: add {0}.', '*/'), start, n);
      comments.push({ span: { start, end }, text: text.slice(i + 2, e < 0 ? n : e).trim() });
      i = end;
      continue;
    }
    if (c === "'" || ((c === 'N' || c === 'n') && text[i + 1] === "'")) {
      const national = c !== "'";
      const r = readQuoted(text, national ? i + 1 : i, "'");
      if (!r.closed) lexError(l10n.t('This string is not closed: add a closing quote ({0}).', "'"), start, n);
      tokens.push({ kind: 'string', value: r.value, start, end: r.end, national });
      i = r.end;
      continue;
    }
    if (c === '[' || c === '"') {
      const r = readQuoted(text, i, c === '[' ? ']' : '"');
      if (!r.closed) lexError(l10n.t('This name is not closed: add {0}.', c === '[' ? ']' : '"'), start, n);
      tokens.push({ kind: 'qident', value: r.value, start, end: r.end });
      i = r.end;
      continue;
    }
    if (isDigit(code) || (c === '.' && isDigit(text.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text)!;
      tokens.push({ kind: 'number', value: m[0], start, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (c === '@') {
      let e = i + 1;
      while (e < n && isWordChar(text.charCodeAt(e))) e++;
      if (e === i + 1) lexError(l10n.t('A parameter needs a name after {0}.', '@'), start, e);
      tokens.push({ kind: 'param', value: text.slice(i + 1, e), start, end: e });
      i = e;
      continue;
    }
    if (isWordStart(code)) {
      let e = i + 1;
      while (e < n && isWordChar(text.charCodeAt(e))) e++;
      tokens.push({ kind: 'word', value: text.slice(i, e).toUpperCase(), start, end: e });
      i = e;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      tokens.push({ kind: 'op', value: two === '!=' ? '<>' : two, start, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      tokens.push({ kind: 'op', value: c, start, end: i + 1 });
      i++;
      continue;
    }
    const width = c.codePointAt(0)! > 0xffff ? 2 : 1;
    lexError(l10n.t('Unexpected character "{0}".', text.slice(i, i + width)), start, i + width);
    i += width;
  }
  tokens.push({ kind: 'eof', value: '', start: n, end: n });
  return { tokens, comments, errors };
}

function readQuoted(text: string, open: number, close: string): { value: string; end: number; closed: boolean } {
  let value = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === close) {
      if (text[i + 1] === close) {
        value += close;
        i += 2;
        continue;
      }
      return { value, end: i + 1, closed: true };
    }
    value += c;
    i++;
  }
  return { value, end: text.length, closed: false };
}

const SQL_START = /^(?:\s*(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/))*\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/** Whether a scratchpad request is SQL: it starts (after comments) with SELECT, INSERT, UPDATE, DELETE (or WITH, refused later). */
export function looksLikeSql(text: string): boolean {
  const m = SQL_START.exec(text);
  return !!m;
}
