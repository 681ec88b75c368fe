// The SQL dialect's parser: hand-written recursive descent over the lexer's tokens, so every node has
// exact offsets and a half-typed query still yields a statement (errors recorded, parsing resumes
// at the next clause). Statements: SELECT, INSERT, UPDATE, DELETE.
import type {
  Assignment,
  Ident,
  Join,
  JoinKind,
  OrderItem,
  Refused,
  SelectItem,
  SelectStatement,
  SqlExpr,
  SqlStatement,
  TableRef,
  InsertStatement,
  UpdateStatement,
  DeleteStatement,
  ColumnExpr,
  Span,
} from './ast';
import type { SqlParseResult } from './api';
import { Cursor } from './cursor';
import { lex } from './lexer';
import { ident, parseExpr, requiredIdent } from './parseExpr';

export function parseSql(text: string): SqlParseResult {
  const lexed = lex(text);
  const c = new Cursor(lexed.tokens, text);
  let statement: SqlStatement | undefined;
  if (c.atWord('SELECT')) statement = parseSelect(c);
  else if (c.atWord('INSERT')) statement = parseInsert(c);
  else if (c.atWord('UPDATE')) statement = parseUpdate(c);
  else if (c.atWord('DELETE')) statement = parseDelete(c);
  else if (c.atWord('WITH')) c.error('Common table expressions (WITH) have no FetchXML form.');
  else c.error(`Expected SELECT, INSERT, UPDATE or DELETE, found ${c.describe()}.`);
  c.eatOp(';');
  if (c.token.kind !== 'eof') {
    const start = c.token.start;
    const isStatement = c.atWord('SELECT', 'INSERT', 'UPDATE', 'DELETE');
    c.error(
      isStatement
        ? 'One statement per block: put this statement in a block of its own.'
        : `Unexpected ${c.describe()}.`,
      { start, end: text.length },
    );
  }
  return { ...(statement ? { statement } : {}), errors: [...lexed.errors, ...c.errors], comments: lexed.comments };
}

const sub = (c: Cursor): SelectStatement => parseSelect(c);
const expr = (c: Cursor): SqlExpr => parseExpr(c, sub);

function parseTop(c: Cursor): SelectStatement['top'] {
  const start = c.token.start;
  if (!c.eatWord('TOP')) return undefined;
  let count: SqlExpr;
  if (c.eatOp('(')) {
    count = expr(c);
    c.expectOp(')', 'to close TOP (');
  } else if (c.token.kind === 'number' || c.token.kind === 'param') {
    count = expr(c);
  } else {
    c.error(`Expected a number after TOP, found ${c.describe()}.`);
    count = { type: 'error', span: { start: c.token.start, end: c.token.start } };
  }
  const percent = !!c.eatWord('PERCENT');
  if (c.atWord('WITH') && c.peek().value === 'TIES') {
    c.error('TOP … WITH TIES has no FetchXML form.', { start: c.token.start, end: c.peek().end });
    c.next();
    c.next();
  }
  return { span: c.spanFrom(start), count, percent };
}

export function parseSelect(c: Cursor): SelectStatement {
  const start = c.token.start;
  c.expectWord('SELECT', 'to start a query');
  const refused: Refused[] = [];
  const distinct = !!c.eatWord('DISTINCT');
  if (!distinct) c.eatWord('ALL');
  const top = parseTop(c);
  const columns = parseSelectList(c);
  if (c.atWord('INTO')) refused.push(skipClause(c, 'SELECT … INTO'));
  let from: TableRef | undefined;
  let joins: Join[] = [];
  if (c.eatWord('FROM')) {
    from = parseTableRef(c, refused);
    joins = parseJoins(c, refused);
  }
  const where = c.eatWord('WHERE') ? expr(c) : undefined;
  const groupBy: SqlExpr[] = [];
  if (c.atWord('GROUP')) {
    c.next();
    c.expectWord('BY', 'after GROUP');
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
      else c.error(`Expected SELECT after ${word}, found ${c.describe()}.`);
      refused.push({ construct: all ? `${word} ALL` : word, span: c.spanFrom(start) });
    } else {
      c.skipToClause();
      refused.push({ construct: word === 'FOR' ? 'FOR XML / FOR JSON' : 'OPTION (…)', span: c.spanFrom(start) });
      if (c.atWord('FOR', 'OPTION') && c.token.start === start) c.next();
    }
  }
}

function skipClause(c: Cursor, construct: string): Refused {
  const start = c.token.start;
  c.next();
  c.skipToClause();
  return { construct, span: c.spanFrom(start) };
}

function parseSelectList(c: Cursor): SelectItem[] {
  const items: SelectItem[] = [];
  if (c.atWord('FROM') || c.token.kind === 'eof') {
    c.error(`Expected a column, * or an expression after SELECT, found ${c.describe()}.`);
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

function parseAlias(c: Cursor): Ident | undefined {
  if (c.eatWord('AS')) {
    if (c.token.kind === 'string') {
      const t = c.next();
      return { name: t.value, quoted: true, span: { start: t.start, end: t.end } };
    }
    return requiredIdent(c, 'an alias after AS');
  }
  return c.atName() ? ident(c) : undefined;
}

function parseTableRef(c: Cursor, refused: Refused[], target = false): TableRef {
  const start = c.token.start;
  if (c.atOp('(')) {
    const s = c.token.start;
    let depth = 0;
    do {
      if (c.atOp('(')) depth++;
      else if (c.atOp(')')) depth--;
      c.next();
    } while (depth > 0 && c.token.kind !== 'eof');
    refused.push({ construct: 'a subquery or parenthesized join in FROM', span: c.spanFrom(s) });
    const alias = parseAlias(c);
    return {
      span: c.spanFrom(start),
      table: { name: '', quoted: false, span: c.spanFrom(s) },
      ...(alias ? { alias } : {}),
    };
  }
  let table = requiredIdent(c, 'a table name');
  // dbo.account, [schema].[table]: the last part names the table.
  while (c.atOp('.') && table.name) {
    c.next();
    table = requiredIdent(c, 'a table name after "."');
  }
  if (c.atOp('(') && table.name && !target) refused.push(skipParenthesized(c, 'a table-valued function'));
  // UPDATE, DELETE and INSERT name their target without an alias (an alias comes with FROM).
  const alias = target ? undefined : parseAlias(c);
  if (c.atWord('WITH') && c.peek().value === '(') refused.push(skipParenthesized(c, 'table hints (WITH (…))', true));
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

function parseJoins(c: Cursor, refused: Refused[]): Join[] {
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
      c.expectWord('JOIN', 'in the join');
    }
    const kindSpan = c.spanFrom(start);
    const table = parseTableRef(c, refused);
    let on: SqlExpr | undefined;
    if (kind !== 'cross') {
      if (c.eatWord('ON')) on = expr(c);
      else c.error(`Expected ON and a join condition, found ${c.describe()}.`);
    }
    joins.push({ span: c.spanFrom(start), kind, kindSpan, table, ...(on ? { on } : {}) });
  }
  return joins;
}

function parseOrderBy(c: Cursor): OrderItem[] {
  c.next();
  c.expectWord('BY', 'after ORDER');
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
      c.error(`Expected ROWS after the OFFSET count, found ${c.describe()}.`);
    }
    offset = { span: c.spanFrom(start), count };
  }
  const fetchStart = c.token.start;
  if (c.eatWord('FETCH')) {
    if (!c.eatWord('NEXT') && !c.eatWord('FIRST')) {
      c.error(`Expected NEXT or FIRST after FETCH, found ${c.describe()}.`);
    }
    const count = expr(c);
    if (!c.eatWord('ROWS') && !c.eatWord('ROW')) c.error(`Expected ROWS after the FETCH count, found ${c.describe()}.`);
    c.expectWord('ONLY', 'to end FETCH … ROWS');
    fetch = { span: c.spanFrom(fetchStart), count };
  }
  return { ...(offset ? { offset } : {}), ...(fetch ? { fetch } : {}) };
}

function parseInsert(c: Cursor): InsertStatement {
  const start = c.token.start;
  c.next();
  c.eatWord('INTO');
  const refused: Refused[] = [];
  const table = parseTableRef(c, refused, true);
  for (const r of refused) c.error(`${r.construct} cannot be the target of INSERT.`, r.span);
  const columns: Ident[] = [];
  if (c.eatOp('(')) {
    do columns.push(requiredIdent(c, 'a column name'));
    while (c.eatOp(','));
    c.expectOp(')', 'to close the column list');
  }
  if (c.atWord('SELECT')) return { type: 'insert', span: c.spanFrom(start), table, columns, select: parseSelect(c) };
  const rows: SqlExpr[][] = [];
  if (c.expectWord('VALUES', 'or SELECT after the column list')) {
    do {
      const row: SqlExpr[] = [];
      if (c.expectOp('(', 'to start a row of VALUES')) {
        do row.push(expr(c));
        while (c.eatOp(','));
        c.expectOp(')', 'to close the row');
      }
      rows.push(row);
    } while (c.eatOp(','));
  }
  return { type: 'insert', span: c.spanFrom(start), table, columns, rows };
}

function parseTargetFromWhere(c: Cursor): { from?: TableRef; joins: Join[]; where?: SqlExpr } {
  const refused: Refused[] = [];
  let from: TableRef | undefined;
  let joins: Join[] = [];
  if (c.eatWord('FROM')) {
    from = parseTableRef(c, refused);
    joins = parseJoins(c, refused);
  }
  const where = c.eatWord('WHERE') ? expr(c) : undefined;
  for (const r of refused) c.error(`${r.construct} is not supported here.`, r.span);
  if (c.atWord('ORDER', 'GROUP', 'HAVING', 'OPTION')) {
    const s = c.token.start;
    c.next();
    c.skipToClause();
    c.error('Only FROM, JOIN and WHERE may follow here.', c.spanFrom(s));
  }
  return { ...(from ? { from } : {}), joins, ...(where ? { where } : {}) };
}

function parseUpdate(c: Cursor): UpdateStatement {
  const start = c.token.start;
  c.next();
  const top = parseTop(c);
  const refused: Refused[] = [];
  const target = parseTableRef(c, refused, true);
  for (const r of refused) c.error(`${r.construct} cannot be the target of UPDATE.`, r.span);
  const set: Assignment[] = [];
  if (c.expectWord('SET', 'after the table to update')) {
    do set.push(parseAssignment(c));
    while (c.eatOp(','));
  }
  const rest = parseTargetFromWhere(c);
  return { type: 'update', span: c.spanFrom(start), target, set, ...rest, ...(top ? { top } : {}) };
}

function parseAssignment(c: Cursor): Assignment {
  const start = c.token.start;
  const first = requiredIdent(c, 'a column to set');
  let column: ColumnExpr = { type: 'column', span: first.span, column: first };
  if (c.eatOp('.')) {
    const name = requiredIdent(c, 'a column name after "."');
    column = { type: 'column', span: c.spanFrom(start), table: first, column: name };
  }
  let value: SqlExpr;
  if (c.expectOp('=', `after ${column.column.name || 'the column'}`)) value = expr(c);
  else value = { type: 'error', span: emptyAt(c.token.start) };
  return { span: c.spanFrom(start), column, value };
}

function emptyAt(offset: number): Span {
  return { start: offset, end: offset };
}

function parseDelete(c: Cursor): DeleteStatement {
  const start = c.token.start;
  c.next();
  const top = parseTop(c);
  c.eatWord('FROM');
  const refused: Refused[] = [];
  const target = parseTableRef(c, refused, true);
  for (const r of refused) c.error(`${r.construct} cannot be the target of DELETE.`, r.span);
  const rest = parseTargetFromWhere(c);
  return { type: 'delete', span: c.spanFrom(start), target, ...rest, ...(top ? { top } : {}) };
}
