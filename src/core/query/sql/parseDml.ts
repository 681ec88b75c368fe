// INSERT, UPDATE and DELETE: targets named without an alias (T-SQL), SET assignments, and the
// FROM/JOIN/WHERE an UPDATE or DELETE may take.
import type {
  Assignment,
  ColumnExpr,
  DeleteStatement,
  Ident,
  InsertStatement,
  Join,
  Refused,
  SelectStatement,
  Span,
  SqlExpr,
  TableRef,
  UpdateStatement,
} from './ast';
import type { Cursor } from './cursor';
import { requiredIdent } from './parseExpr';
import { parseJoins, parseTableRef, parseTop, type ExprReader } from './parseFrom';

export interface Readers {
  readonly expr: ExprReader;
  readonly select: (c: Cursor) => SelectStatement;
}

export function parseInsert(c: Cursor, r: Readers): InsertStatement {
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
  if (c.atWord('SELECT')) return { type: 'insert', span: c.spanFrom(start), table, columns, select: r.select(c) };
  const rows: SqlExpr[][] = [];
  if (c.expectWord('VALUES', 'or SELECT after the column list')) {
    do {
      const row: SqlExpr[] = [];
      if (c.expectOp('(', 'to start a row of VALUES')) {
        do row.push(r.expr(c));
        while (c.eatOp(','));
        c.expectOp(')', 'to close the row');
      }
      rows.push(row);
    } while (c.eatOp(','));
  }
  return { type: 'insert', span: c.spanFrom(start), table, columns, rows };
}

function parseTargetFromWhere(c: Cursor, r: Readers): { from?: TableRef; joins: Join[]; where?: SqlExpr } {
  const refused: Refused[] = [];
  let from: TableRef | undefined;
  let joins: Join[] = [];
  if (c.eatWord('FROM')) {
    from = parseTableRef(c, refused);
    joins = parseJoins(c, refused, r.expr);
  }
  const where = c.eatWord('WHERE') ? r.expr(c) : undefined;
  for (const r of refused) c.error(`${r.construct} is not supported here.`, r.span);
  if (c.atWord('ORDER', 'GROUP', 'HAVING', 'OPTION')) {
    const s = c.token.start;
    c.next();
    c.skipToClause();
    c.error('Only FROM, JOIN and WHERE may follow here.', c.spanFrom(s));
  }
  return { ...(from ? { from } : {}), joins, ...(where ? { where } : {}) };
}

export function parseUpdate(c: Cursor, r: Readers): UpdateStatement {
  const start = c.token.start;
  c.next();
  const top = parseTop(c, r.expr);
  const refused: Refused[] = [];
  const target = parseTableRef(c, refused, true);
  for (const r of refused) c.error(`${r.construct} cannot be the target of UPDATE.`, r.span);
  const set: Assignment[] = [];
  if (c.expectWord('SET', 'after the table to update')) {
    do set.push(parseAssignment(c, r));
    while (c.eatOp(','));
  }
  const rest = parseTargetFromWhere(c, r);
  return { type: 'update', span: c.spanFrom(start), target, set, ...rest, ...(top ? { top } : {}) };
}

function parseAssignment(c: Cursor, r: Readers): Assignment {
  const start = c.token.start;
  const first = requiredIdent(c, 'a column to set');
  let column: ColumnExpr = { type: 'column', span: first.span, column: first };
  if (c.eatOp('.')) {
    const name = requiredIdent(c, 'a column name after "."');
    column = { type: 'column', span: c.spanFrom(start), table: first, column: name };
  }
  let value: SqlExpr;
  if (c.expectOp('=', `after ${column.column.name || 'the column'}`)) value = r.expr(c);
  else value = { type: 'error', span: emptyAt(c.token.start) };
  return { span: c.spanFrom(start), column, value };
}

function emptyAt(offset: number): Span {
  return { start: offset, end: offset };
}

export function parseDelete(c: Cursor, r: Readers): DeleteStatement {
  const start = c.token.start;
  c.next();
  const top = parseTop(c, r.expr);
  c.eatWord('FROM');
  const refused: Refused[] = [];
  const target = parseTableRef(c, refused, true);
  for (const r of refused) c.error(`${r.construct} cannot be the target of DELETE.`, r.span);
  const rest = parseTargetFromWhere(c, r);
  return { type: 'delete', span: c.spanFrom(start), target, ...rest, ...(top ? { top } : {}) };
}
