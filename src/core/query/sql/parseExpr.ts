// Expressions of the SQL dialect by precedence (OR < AND < NOT < predicates < + - < * / % < unary <
// primary). Missing operands become `error` nodes with a recorded error, so a half-typed condition
// still yields a tree for completion and hover.
import * as l10n from '@vscode/l10n';
import type { ColumnExpr, Ident, SelectStatement, SqlExpr, CompareOp, ArithmeticOp } from './ast';
import type { Cursor, Expected } from './cursor';

export type SubqueryParser = (c: Cursor) => SelectStatement;

const COMPARE: ReadonlySet<string> = new Set(['=', '<>', '<', '>', '<=', '>=']);
const BARE_FUNCTIONS = new Set(['CURRENT_USER', 'CURRENT_TIMESTAMP', 'SYSTEM_USER', 'SESSION_USER']);

export function ident(c: Cursor): Ident {
  const t = c.next();
  return {
    name: t.kind === 'word' ? c.text.slice(t.start, t.end) : t.value,
    quoted: t.kind === 'qident',
    span: { start: t.start, end: t.end },
  };
}

/** An identifier where one is required; a missing one is an error and an empty name at the cursor. */
export function requiredIdent(c: Cursor, message: Expected): Ident {
  if (c.atName()) return ident(c);
  c.error(message(c.describe()));
  const at = c.token.kind === 'eof' ? c.token.start : c.lastEnd;
  return { name: '', quoted: false, span: { start: at, end: at } };
}

export function parseExpr(c: Cursor, sub: SubqueryParser): SqlExpr {
  return parseLogical(c, sub, 'OR');
}

function parseLogical(c: Cursor, sub: SubqueryParser, word: 'OR' | 'AND'): SqlExpr {
  const start = c.token.start;
  const first = word === 'OR' ? parseLogical(c, sub, 'AND') : parseNot(c, sub);
  if (!c.atWord(word)) return first;
  const operands = [first];
  while (c.eatWord(word)) operands.push(word === 'OR' ? parseLogical(c, sub, 'AND') : parseNot(c, sub));
  return { type: word === 'OR' ? 'or' : 'and', span: c.spanFrom(start), operands };
}

function parseNot(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  if (c.eatWord('NOT')) {
    const operand = parseNot(c, sub);
    return { type: 'not', span: c.spanFrom(start), operand };
  }
  return parsePredicate(c, sub);
}

function parsePredicate(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  const left = parseAdditive(c, sub);
  const t = c.token;
  if (t.kind === 'op' && COMPARE.has(t.value)) {
    c.next();
    const right = parseAdditive(c, sub);
    return { type: 'compare', span: c.spanFrom(start), op: t.value as CompareOp, left, right };
  }
  if (t.kind === 'op' && (t.value === '!<' || t.value === '!>')) {
    c.next();
    const right = parseAdditive(c, sub);
    return { type: 'compare', span: c.spanFrom(start), op: t.value === '!<' ? '>=' : '<=', left, right };
  }
  if (c.atWord('IS')) {
    c.next();
    const negated = !!c.eatWord('NOT');
    c.expectWord('NULL', (found) => l10n.t('Expected {0} after {1}, found {2}.', 'NULL', 'IS', found));
    return { type: 'isNull', span: c.spanFrom(start), negated, operand: left };
  }
  const negated = c.atWord('NOT') && ['LIKE', 'IN', 'BETWEEN'].includes(c.peek().value) && c.peek().kind === 'word';
  if (negated) c.next();
  if (c.eatWord('LIKE')) {
    const pattern = parseAdditive(c, sub);
    const escape = c.eatWord('ESCAPE') ? parseAdditive(c, sub) : undefined;
    return { type: 'like', span: c.spanFrom(start), negated, left, pattern, ...(escape ? { escape } : {}) };
  }
  if (c.eatWord('IN')) return parseIn(c, sub, start, negated, left);
  if (c.eatWord('BETWEEN')) {
    const low = parseAdditive(c, sub);
    c.expectWord('AND', (found) =>
      l10n.t('Expected {0} between the two values of {1}, found {2}.', 'AND', 'BETWEEN', found),
    );
    const high = parseAdditive(c, sub);
    return { type: 'between', span: c.spanFrom(start), negated, left, low, high };
  }
  return left;
}

function parseIn(c: Cursor, sub: SubqueryParser, start: number, negated: boolean, left: SqlExpr): SqlExpr {
  const values: SqlExpr[] = [];
  if (c.expectOp('(', (found) => l10n.t('Expected "{0}" after {1}, found {2}.', '(', 'IN', found))) {
    if (c.atWord('SELECT')) {
      const s = c.token.start;
      const query = sub(c);
      values.push({ type: 'subquery', span: c.spanFrom(s), query });
    } else {
      do values.push(parseAdditive(c, sub));
      while (c.eatOp(','));
    }
    c.expectOp(')', (found) => l10n.t('Expected "{0}" to close the {1} list, found {2}.', ')', 'IN', found));
  }
  return { type: 'in', span: c.spanFrom(start), negated, left, values };
}

function parseAdditive(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  let left = parseMultiplicative(c, sub);
  while (c.atOp('+', '-')) {
    const op = c.next().value as ArithmeticOp;
    const right = parseMultiplicative(c, sub);
    left = { type: 'arithmetic', span: c.spanFrom(start), op, left, right };
  }
  return left;
}

function parseMultiplicative(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  let left = parseUnary(c, sub);
  while (c.atOp('*', '/', '%')) {
    const op = c.next().value as ArithmeticOp;
    const right = parseUnary(c, sub);
    left = { type: 'arithmetic', span: c.spanFrom(start), op, left, right };
  }
  return left;
}

function parseUnary(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  if (c.atOp('-', '+')) {
    const op = c.next().value as '-' | '+';
    const operand = parseUnary(c, sub);
    return { type: 'unary', span: c.spanFrom(start), op, operand };
  }
  return parsePrimary(c, sub);
}

function parsePrimary(c: Cursor, sub: SubqueryParser): SqlExpr {
  const t = c.token;
  const start = t.start;
  switch (t.kind) {
    case 'number':
      c.next();
      return { type: 'number', span: c.spanFrom(start), text: t.value };
    case 'string':
      c.next();
      return { type: 'string', span: c.spanFrom(start), value: t.value, national: !!t.national };
    case 'param':
      c.next();
      return { type: 'param', span: c.spanFrom(start), name: t.value };
    case 'qident':
      return parseNameOrCall(c, sub);
    case 'op':
      if (t.value === '(') return parseParenthesized(c, sub);
      break;
    case 'word':
      if (t.value === 'NULL') {
        c.next();
        return { type: 'null', span: c.spanFrom(start) };
      }
      if (t.value === 'CASE') return skipCase(c);
      if (t.value === 'EXISTS') {
        c.next();
        c.expectOp('(', (found) => l10n.t('Expected "{0}" after {1}, found {2}.', '(', 'EXISTS', found));
        const query = sub(c);
        c.expectOp(')', (found) => l10n.t('Expected "{0}" to close {1}, found {2}.', ')', 'EXISTS', found));
        return { type: 'exists', span: c.spanFrom(start), query };
      }
      if (t.value === 'CAST' && c.peek().value === '(') return parseCast(c, sub);
      if (t.value === 'CONVERT' && c.peek().value === '(') return parseConvert(c, sub);
      if (!c.atName() && !BARE_FUNCTIONS.has(t.value)) break;
      return parseNameOrCall(c, sub);
  }
  c.error(l10n.t('Expected a value or a column, found {0}.', c.describe()));
  // Consume a stray operator so loops always move on; keywords and brackets are left for the caller.
  if (t.kind === 'op' && !['(', ')', ',', ';'].includes(t.value)) c.next();
  return { type: 'error', span: t.kind === 'eof' ? { start, end: start } : c.spanFrom(start) };
}

function parseParenthesized(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  c.next();
  if (c.atWord('SELECT')) {
    const query = sub(c);
    c.expectOp(')', (found) => l10n.t('Expected "{0}" to close the subquery, found {1}.', ')', found));
    return { type: 'subquery', span: c.spanFrom(start), query };
  }
  const inner = parseExpr(c, sub);
  c.expectOp(')', (found) => l10n.t('Expected "{0}" to close the parenthesis, found {1}.', ')', found));
  return widen(inner, c.spanFrom(start));
}

/** A parenthesized expression keeps its node but takes the parentheses into its range. */
function widen(e: SqlExpr, span: { start: number; end: number }): SqlExpr {
  return { ...e, span } as SqlExpr;
}

function parseNameOrCall(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  const first = ident(c);
  if (c.atOp('(') && c.tokens[c.pos - 1]!.kind === 'word') return parseCall(c, sub, first, start);
  if (BARE_FUNCTIONS.has(first.name.toUpperCase()) && !first.quoted) {
    return { type: 'call', span: c.spanFrom(start), name: first, args: [], distinct: false, bare: true };
  }
  const parts: Ident[] = [first];
  while (c.atOp('.')) {
    c.next();
    if (c.atOp('*')) {
      c.next();
      return { type: 'star', span: c.spanFrom(start), table: parts[parts.length - 1]! };
    }
    parts.push(requiredIdent(c, (found) => l10n.t('Expected a column name after "{0}", found {1}.', '.', found)));
  }
  const column = parts[parts.length - 1]!;
  const table = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const expr: ColumnExpr = { type: 'column', span: c.spanFrom(start), column, ...(table ? { table } : {}) };
  return expr;
}

function parseCall(c: Cursor, sub: SubqueryParser, name: Ident, start: number): SqlExpr {
  c.next();
  const args: SqlExpr[] = [];
  const distinct = !!c.eatWord('DISTINCT');
  if (!distinct) c.eatWord('ALL');
  if (c.atOp('*')) {
    const s = c.next();
    args.push({ type: 'star', span: { start: s.start, end: s.end } });
  } else if (!c.atOp(')')) {
    do args.push(parseExpr(c, sub));
    while (c.eatOp(','));
  }
  c.expectOp(')', (found) => l10n.t('Expected "{0}" to close {1}, found {2}.', ')', `${name.name}(`, found));
  if (c.atWord('OVER')) {
    c.error(l10n.t('Window functions ({0}) have no FetchXML form.', 'OVER'));
    c.next();
    if (c.atOp('(')) skipParens(c);
  }
  return { type: 'call', span: c.spanFrom(start), name, args, distinct };
}

function parseCast(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  c.next();
  c.next();
  const operand = parseExpr(c, sub);
  c.expectWord('AS', (found) => l10n.t('Expected {0} in {1}, found {2}.', 'AS', 'CAST(… AS type)', found));
  const to = parseType(c);
  c.expectOp(')', (found) => l10n.t('Expected "{0}" to close {1}, found {2}.', ')', 'CAST(', found));
  return { type: 'cast', span: c.spanFrom(start), operand, to };
}

function parseConvert(c: Cursor, sub: SubqueryParser): SqlExpr {
  const start = c.token.start;
  c.next();
  c.next();
  const to = parseType(c);
  c.expectOp(',', (found) =>
    l10n.t('Expected "{0}" after the type in {1}, found {2}.', ',', 'CONVERT(type, value)', found),
  );
  const operand = parseExpr(c, sub);
  if (c.eatOp(',')) parseExpr(c, sub);
  c.expectOp(')', (found) => l10n.t('Expected "{0}" to close {1}, found {2}.', ')', 'CONVERT(', found));
  return { type: 'cast', span: c.spanFrom(start), operand, to };
}

function parseType(c: Cursor): Ident {
  const name =
    c.token.kind === 'word' || c.token.kind === 'qident'
      ? ident(c)
      : requiredIdent(c, (found) => l10n.t('Expected a type name, found {0}.', found));
  if (c.atOp('(')) skipParens(c);
  return name;
}

function skipParens(c: Cursor): void {
  let depth = 0;
  do {
    if (c.atOp('(')) depth++;
    else if (c.atOp(')')) depth--;
    c.next();
  } while (depth > 0 && c.token.kind !== 'eof');
}

function skipCase(c: Cursor): SqlExpr {
  const start = c.token.start;
  let depth = 0;
  while (c.token.kind !== 'eof') {
    if (c.atWord('CASE')) depth++;
    else if (c.atWord('END')) depth--;
    c.next();
    if (depth === 0) return { type: 'unsupported', span: c.spanFrom(start), construct: 'CASE' };
  }
  c.error(l10n.t('{0} is not closed: add {1}.', 'CASE', 'END'), c.spanFrom(start));
  return { type: 'unsupported', span: c.spanFrom(start), construct: 'CASE' };
}
