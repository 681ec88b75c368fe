// The SQL dialect's parser: hand-written recursive descent over the lexer's tokens, so every node has
// exact offsets and a half-typed query still yields a statement (errors recorded, parsing resumes
// at the next clause). Statements: SELECT, INSERT, UPDATE, DELETE.
import * as l10n from '@vscode/l10n';
import type { Join, OrderItem, Refused, SelectItem, SelectStatement, SqlExpr, SqlStatement, TableRef } from './ast';
import type { SqlParseResult } from './api';
import { Cursor } from './cursor';
import { lex } from './lexer';
import { parseDelete, parseInsert, parseUpdate, type Readers } from './parseDml';
import { ident, parseExpr } from './parseExpr';
import { parseAlias, parseJoins, parseTableRef, parseTop, skipClause } from './parseFrom';

export function parseSql(text: string): SqlParseResult {
  const lexed = lex(text);
  const c = new Cursor(lexed.tokens, text);
  let statement: SqlStatement | undefined;
  if (c.atWord('SELECT')) statement = parseSelect(c);
  else if (c.atWord('INSERT')) statement = parseInsert(c, readers);
  else if (c.atWord('UPDATE')) statement = parseUpdate(c, readers);
  else if (c.atWord('DELETE')) statement = parseDelete(c, readers);
  else if (c.atWord('WITH')) c.error(l10n.t('Common table expressions ({0}) have no FetchXML form.', 'WITH'));
  else {
    c.error(l10n.t('Expected {0}, {1}, {2} or {3}, found {4}.', 'SELECT', 'INSERT', 'UPDATE', 'DELETE', c.describe()));
  }
  c.eatOp(';');
  if (c.token.kind !== 'eof') {
    const start = c.token.start;
    const isStatement = c.atWord('SELECT', 'INSERT', 'UPDATE', 'DELETE');
    c.error(
      isStatement
        ? l10n.t('One statement per block: put this statement in a block of its own.')
        : l10n.t('Unexpected {0}.', c.describe()),
      { start, end: text.length },
    );
  }
  return { ...(statement ? { statement } : {}), errors: [...lexed.errors, ...c.errors], comments: lexed.comments };
}

const sub = (c: Cursor): SelectStatement => parseSelect(c);
const expr = (c: Cursor): SqlExpr => parseExpr(c, sub);
const readers: Readers = { expr, select: sub };

export function parseSelect(c: Cursor): SelectStatement {
  const start = c.token.start;
  c.expectWord('SELECT', (found) => l10n.t('Expected {0} to start a query, found {1}.', 'SELECT', found));
  const refused: Refused[] = [];
  const distinct = !!c.eatWord('DISTINCT');
  if (!distinct) c.eatWord('ALL');
  const top = parseTop(c, expr);
  const columns = parseSelectList(c);
  if (c.atWord('INTO')) refused.push(skipClause(c, 'SELECT … INTO'));
  let from: TableRef | undefined;
  let joins: Join[] = [];
  if (c.eatWord('FROM')) {
    from = parseTableRef(c, refused);
    joins = parseJoins(c, refused, expr);
  }
  const where = c.eatWord('WHERE') ? expr(c) : undefined;
  const groupBy: SqlExpr[] = [];
  if (c.atWord('GROUP')) {
    c.next();
    c.expectWord('BY', (found) => l10n.t('Expected {0} after {1}, found {2}.', 'BY', 'GROUP', found));
    do groupBy.push(expr(c));
    while (c.eatOp(','));
  }
  const havingStart = c.token.start;
  const having = c.eatWord('HAVING') ? expr(c) : undefined;
  if (having) refused.push({ construct: 'HAVING', span: c.spanFrom(havingStart) });
  const orderBy = c.atWord('ORDER') ? parseOrderBy(c) : [];
  const { offset, fetch } = parseOffsetFetch(c);
  parseTail(c, refused);
  return {
    type: 'select',
    span: c.spanFrom(start),
    distinct,
    ...(top ? { top } : {}),
    columns,
    ...(from ? { from } : {}),
    joins,
    ...(where ? { where } : {}),
    groupBy,
    ...(having ? { having } : {}),
    orderBy,
    ...(offset ? { offset } : {}),
    ...(fetch ? { fetch } : {}),
    refused,
  };
}

/** UNION / EXCEPT / INTERSECT / FOR / OPTION: read (so the rest of the text parses) and refused. */
function parseTail(c: Cursor, refused: Refused[]): void {
  while (c.atWord('UNION', 'EXCEPT', 'INTERSECT', 'FOR', 'OPTION')) {
    const start = c.token.start;
    const word = c.next().value;
    if (word === 'UNION' || word === 'EXCEPT' || word === 'INTERSECT') {
      const all = !!c.eatWord('ALL');
      if (c.atWord('SELECT')) parseSelect(c);
      else c.error(l10n.t('Expected {0} after {1}, found {2}.', 'SELECT', word, c.describe()));
      refused.push({ construct: all ? `${word} ALL` : word, span: c.spanFrom(start) });
    } else {
      c.skipToClause();
      refused.push({ construct: word === 'FOR' ? 'FOR XML / FOR JSON' : 'OPTION (…)', span: c.spanFrom(start) });
      if (c.atWord('FOR', 'OPTION') && c.token.start === start) c.next();
    }
  }
}

function parseSelectList(c: Cursor): SelectItem[] {
  const items: SelectItem[] = [];
  if (c.atWord('FROM') || c.token.kind === 'eof') {
    c.error(l10n.t('Expected a column, {0} or an expression after {1}, found {2}.', '*', 'SELECT', c.describe()));
    return items;
  }
  do {
    const start = c.token.start;
    let e: SqlExpr;
    if (c.atOp('*')) {
      const t = c.next();
      e = { type: 'star', span: { start: t.start, end: t.end } };
    } else if (c.token.kind === 'qident' || c.token.kind === 'string' || c.token.kind === 'word') {
      // T-SQL's `alias = expression` form.
      if (c.peek().kind === 'op' && c.peek().value === '=' && (c.token.kind !== 'word' || c.atName())) {
        const alias = ident(c);
        c.next();
        const value = expr(c);
        items.push({ span: c.spanFrom(start), expr: value, alias });
        continue;
      }
      e = expr(c);
    } else {
      e = expr(c);
    }
    const alias = parseAlias(c);
    items.push({ span: c.spanFrom(start), expr: e, ...(alias ? { alias } : {}) });
  } while (c.eatOp(','));
  return items;
}

function parseOrderBy(c: Cursor): OrderItem[] {
  c.next();
  c.expectWord('BY', (found) => l10n.t('Expected {0} after {1}, found {2}.', 'BY', 'ORDER', found));
  const items: OrderItem[] = [];
  do {
    const start = c.token.start;
    const e = expr(c);
    const descending = !!c.eatWord('DESC');
    if (!descending) c.eatWord('ASC');
    items.push({ span: c.spanFrom(start), expr: e, descending });
  } while (c.eatOp(','));
  return items;
}

function parseOffsetFetch(c: Cursor): Pick<SelectStatement, 'offset' | 'fetch'> {
  let offset: SelectStatement['offset'];
  let fetch: SelectStatement['fetch'];
  const start = c.token.start;
  if (c.eatWord('OFFSET')) {
    const count = expr(c);
    if (!c.eatWord('ROWS') && !c.eatWord('ROW')) {
      c.error(l10n.t('Expected {0} after the {1} count, found {2}.', 'ROWS', 'OFFSET', c.describe()));
    }
    offset = { span: c.spanFrom(start), count };
  }
  const fetchStart = c.token.start;
  if (c.eatWord('FETCH')) {
    if (!c.eatWord('NEXT') && !c.eatWord('FIRST')) {
      c.error(l10n.t('Expected {0} or {1} after {2}, found {3}.', 'NEXT', 'FIRST', 'FETCH', c.describe()));
    }
    const count = expr(c);
    if (!c.eatWord('ROWS') && !c.eatWord('ROW')) {
      c.error(l10n.t('Expected {0} after the {1} count, found {2}.', 'ROWS', 'FETCH', c.describe()));
    }
    c.expectWord('ONLY', (found) => l10n.t('Expected {0} to end {1}, found {2}.', 'ONLY', 'FETCH … ROWS', found));
    fetch = { span: c.spanFrom(fetchStart), count };
  }
  return { ...(offset ? { offset } : {}), ...(fetch ? { fetch } : {}) };
}
