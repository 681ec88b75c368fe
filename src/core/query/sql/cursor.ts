// The parser's position in the token list, with the small moves every grammar rule needs and the
// error recovery they share: errors are recorded with a range and parsing goes on.
import * as l10n from '@vscode/l10n';
import type { Span } from './ast';
import type { SqlError } from './api';
import type { Token } from './lexer';

/** The message of a missing token, given how the token found instead reads (`describe`). */
export type Expected = (found: string) => string;

/** Words that end a clause or start one: never read as an alias or a column name. */
export const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'ORDER',
  'HAVING',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'OUTER',
  'CROSS',
  'APPLY',
  'ON',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'NULL',
  'LIKE',
  'BETWEEN',
  'ESCAPE',
  'AS',
  'DISTINCT',
  'ALL',
  'TOP',
  'OFFSET',
  'FETCH',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'INSERT',
  'INTO',
  'VALUES',
  'UPDATE',
  'SET',
  'DELETE',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'EXISTS',
  'ASC',
  'DESC',
  'WITH',
  'FOR',
  'OPTION',
  'PERCENT',
]);

/** Where clause-level recovery stops skipping. */
const CLAUSE_STARTS = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'ORDER',
  'HAVING',
  'JOIN',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'CROSS',
  'OFFSET',
  'FETCH',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'SET',
  'VALUES',
  'ON',
  'FOR',
  'OPTION',
]);

export class Cursor {
  pos = 0;
  readonly errors: SqlError[] = [];

  constructor(
    readonly tokens: readonly Token[],
    readonly text: string,
  ) {}

  get token(): Token {
    return this.tokens[this.pos]!;
  }

  peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }

  /** The end of the last token read (the start of the text when none). */
  get lastEnd(): number {
    return this.pos > 0 ? this.tokens[this.pos - 1]!.end : 0;
  }

  spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.lastEnd) };
  }

  atWord(...words: string[]): boolean {
    return this.token.kind === 'word' && words.includes(this.token.value);
  }

  atOp(...ops: string[]): boolean {
    return this.token.kind === 'op' && ops.includes(this.token.value);
  }

  next(): Token {
    const t = this.token;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  eatWord(word: string): Token | undefined {
    return this.atWord(word) ? this.next() : undefined;
  }

  eatOp(op: string): Token | undefined {
    return this.atOp(op) ? this.next() : undefined;
  }

  /** A name: a non-reserved word or a [quoted] one. */
  atName(): boolean {
    const t = this.token;
    return t.kind === 'qident' || (t.kind === 'word' && !RESERVED.has(t.value));
  }

  error(message: string, span: Span = this.here()): void {
    this.errors.push({ code: 'sql-syntax', message, span });
  }

  /** The current token's range; at the end of the text, an empty range there. */
  here(): Span {
    const t = this.token;
    return { start: t.start, end: t.end };
  }

  describe(t: Token = this.token): string {
    if (t.kind === 'eof') return l10n.t('the end of the query');
    return `"${this.text.slice(t.start, t.end)}"`;
  }

  expectWord(word: string, message: Expected): boolean {
    if (this.eatWord(word)) return true;
    this.error(message(this.describe()));
    return false;
  }

  expectOp(op: string, message: Expected): boolean {
    if (this.eatOp(op)) return true;
    this.error(message(this.describe()));
    return false;
  }

  /** Skips to the next clause keyword, `;` or end at parenthesis depth 0 (never past an unmatched ")"). */
  skipToClause(): void {
    let depth = 0;
    while (this.token.kind !== 'eof') {
      const t = this.token;
      if (t.kind === 'op' && t.value === '(') depth++;
      else if (t.kind === 'op' && t.value === ')') {
        if (depth === 0) return;
        depth--;
      } else if (
        depth === 0 &&
        ((t.kind === 'word' && CLAUSE_STARTS.has(t.value)) || (t.kind === 'op' && t.value === ';'))
      ) {
        return;
      }
      this.next();
    }
  }
}
