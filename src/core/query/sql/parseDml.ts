// INSERT, UPDATE and DELETE: targets named without an alias (T-SQL), SET assignments, and the
// FROM/JOIN/WHERE an UPDATE or DELETE may take.
import * as l10n from '@vscode/l10n';
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
  for (const r of refused) c.error(l10n.t('{0} cannot be the target of {1}.', r.construct, 'INSERT'), r.span);
  const columns: Ident[] = [];
  if (c.eatOp('(')) {
    do columns.push(requiredIdent(c, (found) => l10n.t('Expected a column name, found {0}.', found)));
    while (c.eatOp(','));
    c.expectOp(')', (found) => l10n.t('Expected "{0}" to close the column list, found {1}.', ')', found));
  }
  if (c.atWord('SELECT')) return { type: 'insert', span: c.spanFrom(start), table, columns, select: r.select(c) };
  const rows: SqlExpr[][] = [];
  if (
    c.expectWord('VALUES', (found) =>
      l10n.t('Expected {0} or {1} after the column list, found {2}.', 'VALUES', 'SELECT', found),
    )
  ) {
    do {
      const row: SqlExpr[] = [];
      if (
        c.expectOp('(', (found) => l10n.t('Expected "{0}" to start a row of {1}, found {2}.', '(', 'VALUES', found))
      ) {
        do row.push(r.expr(c));
        while (c.eatOp(','));
        c.expectOp(')', (found) => l10n.t('Expected "{0}" to close the row, found {1}.', ')', found));
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
  for (const r of refused) c.error(l10n.t('{0} is not supported here.', r.construct), r.span);
  if (c.atWord('ORDER', 'GROUP', 'HAVING', 'OPTION')) {
    const s = c.token.start;
    c.next();
    c.skipToClause();
    c.error(l10n.t('Only {0}, {1} and {2} may follow here.', 'FROM', 'JOIN', 'WHERE'), c.spanFrom(s));
  }
  return { ...(from ? { from } : {}), joins, ...(where ? { where } : {}) };
}

export function parseUpdate(c: Cursor, r: Readers): UpdateStatement {
  const start = c.token.start;
  c.next();
  const top = parseTop(c, r.expr);
  const refused: Refused[] = [];
  const target = parseTableRef(c, refused, true);
  for (const r of refused) c.error(l10n.t('{0} cannot be the target of {1}.', r.construct, 'UPDATE'), r.span);
  const set: Assignment[] = [];
  if (c.expectWord('SET', (found) => l10n.t('Expected {0} after the table to update, found {1}.', 'SET', found))) {
    do set.push(parseAssignment(c, r));
    while (c.eatOp(','));
  }
  const rest = parseTargetFromWhere(c, r);
  return { type: 'update', span: c.spanFrom(start), target, set, ...rest, ...(top ? { top } : {}) };
}

function parseAssignment(c: Cursor, r: Readers): Assignment {
  const start = c.token.start;
  const first = requiredIdent(c, (found) => l10n.t('Expected a column to set, found {0}.', found));
  let column: ColumnExpr = { type: 'column', span: first.span, column: first };
  if (c.eatOp('.')) {
    const name = requiredIdent(c, (found) => l10n.t('Expected a column name after "{0}", found {1}.', '.', found));
    column = { type: 'column', span: c.spanFrom(start), table: first, column: name };
  }
  let value: SqlExpr;
  const target = column.column.name;
  const expected = (found: string): string =>
    target
      ? l10n.t('Expected "{0}" after {1}, found {2}.', '=', target, found)
      : l10n.t('Expected "{0}" after the column, found {1}.', '=', found);
  if (c.expectOp('=', expected)) value = r.expr(c);
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
  for (const r of refused) c.error(l10n.t('{0} cannot be the target of {1}.', r.construct, 'DELETE'), r.span);
  const rest = parseTargetFromWhere(c, r);
  return { type: 'delete', span: c.spanFrom(start), target, ...rest, ...(top ? { top } : {}) };
}
