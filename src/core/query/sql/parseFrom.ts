// The clauses SELECT, UPDATE and DELETE share: TOP, a table reference with its alias, and JOINs.
// Expressions are read through the function the caller passes (it knows how to read subqueries).
import * as l10n from '@vscode/l10n';
import type { Ident, Join, JoinKind, Refused, SelectStatement, SqlExpr, TableRef } from './ast';
import type { Cursor } from './cursor';
import { ident, requiredIdent } from './parseExpr';

export type ExprReader = (c: Cursor) => SqlExpr;

export function parseTop(c: Cursor, expr: ExprReader): SelectStatement['top'] {
  const start = c.token.start;
  if (!c.eatWord('TOP')) return undefined;
  let count: SqlExpr;
  if (c.eatOp('(')) {
    count = expr(c);
    c.expectOp(')', (found) => l10n.t('Expected "{0}" to close {1}, found {2}.', ')', 'TOP (', found));
  } else if (c.token.kind === 'number' || c.token.kind === 'param') {
    count = expr(c);
  } else {
    c.error(l10n.t('Expected a number after {0}, found {1}.', 'TOP', c.describe()));
    count = { type: 'error', span: { start: c.token.start, end: c.token.start } };
  }
  const percent = !!c.eatWord('PERCENT');
  if (c.atWord('WITH') && c.peek().value === 'TIES') {
    c.error(l10n.t('{0} has no FetchXML form.', 'TOP … WITH TIES'), { start: c.token.start, end: c.peek().end });
    c.next();
    c.next();
  }
  return { span: c.spanFrom(start), count, percent };
}

export function skipClause(c: Cursor, construct: string): Refused {
  const start = c.token.start;
  c.next();
  c.skipToClause();
  return { construct, span: c.spanFrom(start) };
}

export function parseAlias(c: Cursor): Ident | undefined {
  if (c.eatWord('AS')) {
    if (c.token.kind === 'string') {
      const t = c.next();
      return { name: t.value, quoted: true, span: { start: t.start, end: t.end } };
    }
    return requiredIdent(c, (found) => l10n.t('Expected an alias after {0}, found {1}.', 'AS', found));
  }
  return c.atName() ? ident(c) : undefined;
}

export function parseTableRef(c: Cursor, refused: Refused[], target = false): TableRef {
  const start = c.token.start;
  if (c.atOp('(')) {
    const s = c.token.start;
    let depth = 0;
    do {
      if (c.atOp('(')) depth++;
      else if (c.atOp(')')) depth--;
      c.next();
    } while (depth > 0 && c.token.kind !== 'eof');
    refused.push({ construct: l10n.t('a subquery or parenthesized join in {0}', 'FROM'), span: c.spanFrom(s) });
    const alias = parseAlias(c);
    return {
      span: c.spanFrom(start),
      table: { name: '', quoted: false, span: c.spanFrom(s) },
      ...(alias ? { alias } : {}),
    };
  }
  let table = requiredIdent(c, (found) => l10n.t('Expected a table name, found {0}.', found));
  // dbo.account, [schema].[table]: the last part names the table.
  while (c.atOp('.') && table.name) {
    c.next();
    table = requiredIdent(c, (found) => l10n.t('Expected a table name after "{0}", found {1}.', '.', found));
  }
  if (c.atOp('(') && table.name && !target) refused.push(skipParenthesized(c, l10n.t('a table-valued function')));
  // UPDATE, DELETE and INSERT name their target without an alias (an alias comes with FROM).
  const alias = target ? undefined : parseAlias(c);
  if (c.atWord('WITH') && c.peek().value === '(') {
    refused.push(skipParenthesized(c, l10n.t('table hints ({0})', 'WITH (…)'), true));
  }
  return { span: c.spanFrom(start), table, ...(alias ? { alias } : {}) };
}

function skipParenthesized(c: Cursor, construct: string, word = false): Refused {
  const start = c.token.start;
  if (word) c.next();
  let depth = 0;
  do {
    if (c.atOp('(')) depth++;
    else if (c.atOp(')')) depth--;
    c.next();
  } while (depth > 0 && c.token.kind !== 'eof');
  return { construct, span: c.spanFrom(start) };
}

function joinKind(c: Cursor): JoinKind | 'apply' | undefined {
  if (c.atWord('JOIN')) return 'inner';
  if (c.atWord('INNER')) return 'inner';
  if (c.atWord('LEFT')) return 'left';
  if (c.atWord('RIGHT')) return 'right';
  if (c.atWord('FULL')) return 'full';
  if (c.atWord('CROSS')) return c.peek().value === 'APPLY' ? 'apply' : 'cross';
  if (c.atWord('OUTER') && c.peek().value === 'APPLY') return 'apply';
  if (c.atOp(',')) return 'cross';
  return undefined;
}

export function parseJoins(c: Cursor, refused: Refused[], expr: ExprReader): Join[] {
  const joins: Join[] = [];
  for (let kind = joinKind(c); kind; kind = joinKind(c)) {
    const start = c.token.start;
    if (kind === 'apply') {
      refused.push(skipClause(c, 'APPLY'));
      continue;
    }
    if (c.eatOp(',')) {
      const table = parseTableRef(c, refused);
      joins.push({ span: c.spanFrom(start), kind: 'cross', kindSpan: { start, end: start + 1 }, table });
      continue;
    }
    if (!c.eatWord('JOIN')) {
      c.next();
      c.eatWord('OUTER');
      if (c.atWord('HASH', 'MERGE', 'LOOP', 'REMOTE')) c.next();
      c.expectWord('JOIN', (found) => l10n.t('Expected {0} in the join, found {1}.', 'JOIN', found));
    }
    const kindSpan = c.spanFrom(start);
    const table = parseTableRef(c, refused);
    let on: SqlExpr | undefined;
    if (kind !== 'cross') {
      if (c.eatWord('ON')) on = expr(c);
      else c.error(l10n.t('Expected {0} and a join condition, found {1}.', 'ON', c.describe()));
    }
    joins.push({ span: c.spanFrom(start), kind, kindSpan, table, ...(on ? { on } : {}) });
  }
  return joins;
}
