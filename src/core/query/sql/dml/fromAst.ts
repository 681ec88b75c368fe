// From the parser's INSERT / UPDATE / DELETE to the typed statement the planner takes. The rows an
// UPDATE or DELETE acts on are read with a SELECT built from the statement's own FROM, joins, WHERE
// and TOP (the target's primary id and name, and every column a SET reads), translated to FetchXML
// by the same translator as any SELECT, so a WHERE means exactly what it means in a query.
import * as l10n from '@vscode/l10n';
import type { SqlParams, SqlTranslation } from '../api';
import type {
  ColumnExpr,
  DeleteStatement,
  Ident,
  InsertStatement,
  SelectStatement,
  Span,
  SqlExpr,
  UpdateStatement,
} from '../ast';
import { DmlError, type DmlStatement, type SqlLiteral, type ValueSource } from './statement';
import { exactNumber } from './exactNumber';
import { formatCount } from '../../../numberFormat';

export interface AstContext {
  /** The translator's SELECT → FetchXML. */
  readonly translateSelect: (select: SelectStatement) => SqlTranslation;
  /** Primary id and name of a table (logical name, case-insensitive). */
  readonly keysOf: (table: string) => { readonly primaryId?: string; readonly primaryName?: string } | undefined;
  readonly params: SqlParams;
}

export type WriteStatement = InsertStatement | UpdateStatement | DeleteStatement;

/** A problem in the statement, with the range it is about. */
export class DmlSyntaxError extends DmlError {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message, 'sql_dml_statement');
  }
}

export function statementFromAst(stmt: WriteStatement, ctx: AstContext): DmlStatement {
  if (stmt.type === 'insert') return insertFrom(stmt, ctx);
  const root = stmt.from ?? stmt.target;
  const rootName = (root.alias ?? root.table).name.toLowerCase();
  const target = stmt.target.table.name.toLowerCase();
  if (stmt.from && target !== rootName && target !== stmt.from.table.name.toLowerCase()) {
    throw new DmlSyntaxError(
      stmt.type === 'update'
        ? l10n.t(
            'The table to update must be the first table after {0} ({1}), not {2}.',
            'FROM',
            stmt.from.table.name,
            stmt.target.table.name,
          )
        : l10n.t(
            'The table to delete from must be the first table after {0} ({1}), not {2}.',
            'FROM',
            stmt.from.table.name,
            stmt.target.table.name,
          ),
      stmt.target.span,
    );
  }
  const table = root.table.name.toLowerCase();
  const keys = ctx.keysOf(table);
  if (!keys?.primaryId) {
    throw new DmlSyntaxError(
      l10n.t("The table {0} is unknown to this organization's metadata.", root.table.name),
      root.table.span,
    );
  }
  const qualifier = root.alias ?? root.table;
  const columns: ColumnExpr[] = [columnOf(qualifier, keys.primaryId, root.span)];
  if (keys.primaryName) columns.push(columnOf(qualifier, keys.primaryName, root.span));
  const set = stmt.type === 'update' ? stmt.set : [];
  const reads = set.map((a) => (a.value.type === 'column' ? columns.push(a.value) - 1 : -1));
  const select: SelectStatement = {
    type: 'select',
    span: stmt.span,
    distinct: false,
    ...(stmt.top ? { top: stmt.top } : {}),
    columns: columns.map((expr) => ({ span: expr.span, expr })),
    from: root,
    joins: stmt.joins,
    ...(stmt.where ? { where: stmt.where } : {}),
    groupBy: [],
    orderBy: [],
    refused: [],
  };
  const translation = ctx.translateSelect(select);
  const fetchXml = translated(translation, stmt.span);
  const keysRead = translation.columns.map((c) => c.key);
  if (stmt.type === 'delete') return { kind: 'delete', table, fetchXml, hasWhere: !!stmt.where };
  return {
    kind: 'update',
    table,
    fetchXml,
    hasWhere: !!stmt.where,
    set: stmt.set.map((a, i) => {
      if (a.column.table && a.column.table.name.toLowerCase() !== rootName) {
        throw new DmlSyntaxError(l10n.t('{0} can only change columns of {1}.', 'SET', root.table.name), a.column.span);
      }
      const value: ValueSource =
        reads[i]! >= 0
          ? { column: keysRead[reads[i]!] ?? columnName(a.value as ColumnExpr) }
          : { literal: literalOf(a.value, ctx.params) };
      return { column: a.column.column.name, value };
    }),
  };
}

function insertFrom(stmt: InsertStatement, ctx: AstContext): DmlStatement {
  const table = stmt.table.table.name.toLowerCase();
  const columns = stmt.columns.map((c) => c.name);
  if (!columns.length) {
    throw new DmlSyntaxError(
      l10n.t('Name the columns to insert: {0}.', 'INSERT INTO table (column1, column2) VALUES (…)'),
      stmt.table.span,
    );
  }
  if (stmt.rows) {
    return {
      kind: 'insertValues',
      table,
      columns,
      rows: stmt.rows.map((row) => row.map((e) => literalOf(e, ctx.params))),
    };
  }
  if (!stmt.select) {
    throw new DmlSyntaxError(l10n.t('An {0} needs {1} or a {2}.', 'INSERT', 'VALUES (…)', 'SELECT'), stmt.span);
  }
  const translation = ctx.translateSelect(stmt.select);
  const fetchXml = translated(translation, stmt.select.span);
  if (translation.columns.length === 0) {
    throw new DmlSyntaxError(
      l10n.t('{0} needs the columns listed in the {1}, not {2}.', 'INSERT … SELECT', 'SELECT', '*'),
      stmt.select.span,
    );
  }
  if (translation.columns.length !== columns.length) {
    throw new DmlSyntaxError(
      l10n.t(
        'The {0} gives {1} columns for the {2} of the {3}.',
        'SELECT',
        formatCount(translation.columns.length),
        formatCount(columns.length),
        'INSERT',
      ),
      stmt.select.span,
    );
  }
  return {
    kind: 'insertSelect',
    table,
    columns,
    sourceTable: translation.entity ?? stmt.select.from?.table.name.toLowerCase() ?? '',
    fetchXml,
    sources: translation.columns.map((c) => ({ column: c.key })),
  };
}

function translated(t: SqlTranslation, span: Span): string {
  const error = t.diagnostics.find((d) => d.severity === 'error');
  if (error) throw new DmlSyntaxError(error.message, error.span);
  if (t.aggregate) throw new DmlSyntaxError(l10n.t('A write cannot read its rows with an aggregate.'), span);
  if (!t.fetchXml) throw new DmlSyntaxError(l10n.t('The rows to write could not be read as FetchXML.'), span);
  return t.fetchXml;
}

function columnOf(qualifier: Ident, name: string, span: Span): ColumnExpr {
  return {
    type: 'column',
    span,
    table: qualifier,
    column: { name, quoted: false, span },
  };
}

function columnName(c: ColumnExpr): string {
  return c.table ? `${c.table.name}.${c.column.name}` : c.column.name;
}

function typedNumber(text: string, span: SqlExpr['span']): number {
  const n = exactNumber(text);
  if (n !== undefined) return n;
  throw new DmlSyntaxError(
    l10n.t(
      'The number {0} has more digits than can be sent exactly; write it with 15 significant digits or fewer.',
      text,
    ),
    span,
  );
}

/** A value written in the statement: a string, a number (also negative), NULL or an @parameter. */
export function literalOf(e: SqlExpr, params: SqlParams): SqlLiteral {
  switch (e.type) {
    case 'string':
      return e.value;
    case 'number':
      return typedNumber(e.text, e.span);
    case 'null':
      return null;
    case 'unary':
      if (e.operand.type === 'number') return typedNumber(`${e.op === '-' ? '-' : ''}${e.operand.text}`, e.span);
      break;
    case 'param': {
      const key = Object.keys(params).find((k) => k.toLowerCase() === e.name.toLowerCase());
      if (key === undefined) {
        throw new DmlSyntaxError(
          l10n.t('The parameter @{0} has no value: set it with @{1} = … in the block.', e.name, e.name),
          e.span,
        );
      }
      return params[key]!;
    }
    case 'column':
      // TRUE and FALSE read as names; they mean the Yes/No values.
      if (!e.table && !e.column.quoted && /^(true|false)$/i.test(e.column.name)) {
        return e.column.name.toLowerCase() === 'true';
      }
      break;
  }
  throw new DmlSyntaxError(
    l10n.t(
      'Only a value can be written here: a string, a number, {0}, {1} or an @parameter (or, in {2}, a column).',
      'NULL',
      'TRUE / FALSE',
      'UPDATE … SET',
    ),
    e.span,
  );
}
