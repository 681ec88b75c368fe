// What the cursor in a SQL block expects (a table, a column of an alias, a join condition, a
// keyword) and which name it is on, for completion and hover. Works on half-typed text: the
// tables in scope come from the recovering parser, the position from the tokens before the cursor.
import type { ColumnExpr, SqlStatement, TableRef } from './ast';
import type { SqlCompletionContext, SqlScopeTable, SqlSymbol } from './api';
import { lex, type Lexed, type Token } from './lexer';
import { parseSql } from './parser';

const CLAUSES = new Set([
  'SELECT',
  'FROM',
  'JOIN',
  'ON',
  'WHERE',
  'GROUP',
  'ORDER',
  'HAVING',
  'SET',
  'INTO',
  'UPDATE',
  'DELETE',
  'VALUES',
]);
const TABLE_AFTER = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE']);
const COLUMN_AFTER = new Set([
  'SELECT',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'BY',
  'SET',
  'DISTINCT',
  'ON',
  'HAVING',
  'WHEN',
  'THEN',
  'ELSE',
  'BETWEEN',
  'LIKE',
  'IN',
]);
const START = ['SELECT', 'INSERT INTO', 'UPDATE', 'DELETE FROM'];
const AFTER_TABLE = ['AS', 'INNER JOIN', 'LEFT OUTER JOIN', 'ON', 'WHERE', 'GROUP BY', 'ORDER BY', 'SET'];
const AFTER_COLUMN: Record<string, readonly string[]> = {
  SELECT: ['AS', 'FROM'],
  WHERE: ['=', '<>', 'LIKE', 'IN', 'NOT IN', 'BETWEEN', 'IS NULL', 'IS NOT NULL', 'AND', 'OR', 'GROUP BY', 'ORDER BY'],
  ON: ['=', 'AND', 'WHERE', 'INNER JOIN', 'LEFT OUTER JOIN'],
  ORDER: ['ASC', 'DESC', 'OFFSET'],
  GROUP: ['ORDER BY'],
  SET: ['=', 'WHERE', 'FROM'],
};

/** The tables a statement names, with the alias each is reached by. */
export function scopeOf(statement: SqlStatement | undefined): SqlScopeTable[] {
  if (!statement) return [];
  const refs: TableRef[] = [];
  if (statement.type === 'insert') refs.push(statement.table);
  else if (statement.type === 'select') {
    if (statement.from) refs.push(statement.from);
    refs.push(...statement.joins.map((j) => j.table));
  } else {
    if (!statement.from) refs.push(statement.target);
    if (statement.from) refs.push(statement.from);
    refs.push(...statement.joins.map((j) => j.table));
  }
  return refs
    .filter((r) => r.table.name)
    .map((r) => ({ table: r.table.name, alias: r.alias?.name ?? r.table.name, span: r.span }));
}

function isWordChar(c: string | undefined): boolean {
  return !!c && /[A-Za-z0-9_#$@\u00C0-\uFFFF]/.test(c);
}

/**
 * The last statement text asked about, with its tokens and (once needed) its scope. Completion asks
 * again of the same text (retriggers, the provider and hover on one keystroke), and lexing and
 * parsing the statement each time was most of a completion's cost. One entry: results never change.
 */
let last: { text: string; lexed: Lexed; scope?: readonly SqlScopeTable[] } | undefined;

function analysed(text: string): { lexed: Lexed; scope: () => readonly SqlScopeTable[] } {
  if (last?.text !== text) last = { text, lexed: lex(text) };
  const entry = last;
  return { lexed: entry.lexed, scope: () => (entry.scope ??= scopeOf(parseSql(text).statement)) };
}

export function sqlCompletionContext(text: string, offset: number): SqlCompletionContext {
  offset = Math.max(0, Math.min(offset, text.length));
  const { lexed, scope: scopeNow } = analysed(text);
  const inside = [
    ...lexed.comments.map((c) => c.span),
    ...lexed.tokens.filter((t) => t.kind === 'string').map((t) => t),
  ];
  if (
    inside.some((s) => s.start < offset && offset < s.end) ||
    lexed.comments.some((c) => c.span.start < offset && offset === c.span.end)
  ) {
    return { kind: 'none' };
  }
  let start = offset;
  while (start > 0 && isWordChar(text[start - 1])) start--;
  if (text[start] === '@' || text[start - 1] === '@') return { kind: 'none' };
  let end = offset;
  while (end < text.length && isWordChar(text[end])) end++;
  const span = { start, end };
  const before = lexed.tokens.filter((t) => t.end <= start && t.kind !== 'eof');
  const prev = before[before.length - 1];
  if (!prev) return { kind: 'keyword', span, keywords: START };
  const scope = [...scopeNow()];
  if (prev.kind === 'op' && prev.value === '.' && before.length >= 2) {
    const q = before[before.length - 2]!;
    const qualifier = q.kind === 'word' ? text.slice(q.start, q.end) : q.value;
    return { kind: 'column', span, qualifier, scope };
  }
  const clause = clauseOf(before);
  if (prev.kind === 'word' && TABLE_AFTER.has(prev.value)) return { kind: 'table', span };
  if (prev.kind === 'word' && prev.value === 'FROM' && clause === 'DELETE') return { kind: 'table', span };
  if (prev.kind === 'op' && prev.value === ',' && clause === 'FROM') return { kind: 'table', span };
  if (prev.kind === 'word' && prev.value === 'ON') {
    const joined = joinedBefore(before, text, scope);
    if (joined) return { kind: 'joinCondition', span, joined, scope: scope.filter((s) => s !== joined) };
  }
  if (
    (prev.kind === 'word' && COLUMN_AFTER.has(prev.value)) ||
    (prev.kind === 'op' && prev.value !== ')' && prev.value !== '*')
  ) {
    return { kind: 'column', span, scope };
  }
  if (prev.kind === 'word' && prev.value === 'TOP') return { kind: 'none' };
  if (clause === 'FROM' || clause === 'JOIN' || clause === 'UPDATE' || clause === 'INTO') {
    return { kind: 'keyword', span, keywords: AFTER_TABLE };
  }
  return { kind: 'keyword', span, keywords: AFTER_COLUMN[clause ?? 'SELECT'] ?? AFTER_COLUMN.WHERE! };
}

/** The last clause keyword before the cursor at parenthesis depth 0. */
function clauseOf(before: readonly Token[]): string | undefined {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const t = before[i]!;
    if (t.kind === 'op' && t.value === ')') depth++;
    else if (t.kind === 'op' && t.value === '(') depth = Math.max(0, depth - 1);
    else if (depth === 0 && t.kind === 'word' && CLAUSES.has(t.value)) return t.value;
  }
  return undefined;
}

/** For `JOIN contact c ON |`: the scope entry of `c`. */
function joinedBefore(
  before: readonly Token[],
  text: string,
  scope: readonly SqlScopeTable[],
): SqlScopeTable | undefined {
  const at = before.length - 1;
  for (let i = at - 1; i >= 0 && i >= at - 4; i--) {
    if (before[i]!.kind === 'word' && before[i]!.value === 'JOIN') {
      const start = before[i + 1]?.start;
      return scope.find((s) => s.span.start === start);
    }
  }
  void text;
  return undefined;
}

/** The table or column name at an offset of a parsed statement (for hover and go-to). */
export function sqlSymbolAt(statement: SqlStatement, offset: number): SqlSymbol | undefined {
  const scope = scopeOf(statement);
  let found: SqlSymbol | undefined;
  const visit = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const o = node as Record<string, unknown>;
    const span = o.span as { start: number; end: number } | undefined;
    if (span && (offset < span.start || offset > span.end)) return;
    if (o.type === 'column') {
      const c = o as unknown as ColumnExpr;
      if (c.table && offset <= c.table.span.end && offset >= c.table.span.start) {
        const s = scope.find((x) => x.alias.toLowerCase() === c.table!.name.toLowerCase());
        if (s) found = { kind: 'table', table: s.table, span: c.table.span };
        return;
      }
      const s = c.table
        ? scope.find((x) => x.alias.toLowerCase() === c.table!.name.toLowerCase())
        : scope.length === 1
          ? scope[0]
          : undefined;
      found = { kind: 'column', ...(s ? { table: s.table } : {}), column: c.column.name, span: c.column.span };
      return;
    }
    const table = o.table as { name?: string; span?: { start: number; end: number } } | undefined;
    if (
      table &&
      typeof table.name === 'string' &&
      table.span &&
      offset >= table.span.start &&
      offset <= table.span.end &&
      'alias' in o === true
    ) {
      found = { kind: 'table', table: table.name, span: table.span };
      return;
    }
    if (
      table &&
      typeof table.name === 'string' &&
      table.span &&
      offset >= table.span.start &&
      offset <= table.span.end &&
      !('type' in o)
    ) {
      found = { kind: 'table', table: table.name, span: table.span };
      return;
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'span') visit(v);
  };
  visit(statement);
  return found;
}
