// Tokens of an OData $filter expression with offsets: enough to know, at any offset, whether the
// user is typing a column, an operator or a value, and which names to check against metadata.
// Not a full grammar: Dataverse is the judge of the expression, we only help write it.
import { skipString } from './odataPath';

export type FilterTokenKind =
  | 'identifier'
  | 'string'
  | 'number'
  | 'guid'
  | 'date'
  | 'variable'
  | 'slash'
  | 'open'
  | 'close'
  | 'comma'
  | 'colon'
  | 'equals'
  | 'other';

export interface FilterToken {
  readonly kind: FilterTokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export const COMPARISON_OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
export const LOGICAL_OPERATORS = ['and', 'or', 'not'] as const;
const KEYWORDS = new Set<string>([
  ...COMPARISON_OPERATORS,
  ...LOGICAL_OPERATORS,
  'has',
  'in',
  'true',
  'false',
  'null',
  'asc',
  'desc',
]);

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[mMlLdDfF]?/;
const IDENT = /^[A-Za-z_$@][\w.]*/;
const PUNCT: Record<string, FilterTokenKind> = {
  '/': 'slash',
  '(': 'open',
  ')': 'close',
  ',': 'comma',
  ':': 'colon',
  '=': 'equals',
};

export function isKeyword(word: string): boolean {
  return KEYWORDS.has(word);
}

/** Tokens of text[from, to); whitespace is dropped. */
export function lexFilter(text: string, from: number, to: number): FilterToken[] {
  const out: FilterToken[] = [];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = text.slice(i, Math.min(to, i + 64));
    let end: number;
    let kind: FilterTokenKind;
    if (c === "'") {
      end = Math.min(to, skipString(text, i) + 1);
      kind = 'string';
    } else if (c === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      end = close === -1 || close + 2 > to ? to : close + 2;
      kind = 'variable';
    } else if (GUID.test(rest)) {
      end = i + 36;
      kind = 'guid';
    } else if (DATE.test(rest)) {
      end = i + DATE.exec(rest)![0].length;
      kind = 'date';
    } else if (NUMBER.test(rest)) {
      end = i + NUMBER.exec(rest)![0].length;
      kind = 'number';
    } else if (IDENT.test(rest)) {
      end = identifierEnd(text, i, to);
      kind = 'identifier';
    } else {
      end = i + 1;
      kind = PUNCT[c] ?? 'other';
    }
    out.push({ kind, text: text.slice(i, end), start: i, end });
    i = end;
  }
  return out;
}

function identifierEnd(text: string, from: number, to: number): number {
  let i = from + 1;
  while (i < to && /[\w.]/.test(text[i]!)) i++;
  return i;
}
