// One SQL INSERT / UPDATE / DELETE from statement to summary, without VS Code: the connection's
// guard first (read-only refuses before anything is read), the no-WHERE guard, the rows read and
// counted, every write encoded, one modal question naming the org, the table, the count and the
// first names, then the writes in batches under a cancellable progress. The UI is a port.
import * as l10n from '@vscode/l10n';
import { runConsent, type ConnectionSafety, type RunOrigin } from '../query/run/runConsent';
import type { SqlParams, SqlTranslation } from '../query/sql/api';
import type { SelectStatement, SqlStatement } from '../query/sql/ast';
import { dmlPrompt, summaryText, type DmlPrompt } from '../query/sql/dml/confirm';
import { statementFromAst, type WriteStatement } from '../query/sql/dml/fromAst';
import { columnsToRead, planWrites, type Row } from '../query/sql/dml/plan';
import { checkGuards, DmlError, parseDmlBlock, type DmlStatement } from '../query/sql/dml/statement';
import type { MetadataSnapshot, TableDetails } from '../metadata/model';
import type { WebApiSender } from '../ports';
import { readTargets } from './dmlRead';
import { runWrites, type DmlProgress, type DmlRunResult } from './dmlRun';
import { formatCount } from '../numberFormat';

export interface SqlWriteRequest {
  readonly statement: SqlStatement;
  /** The statement as written, comments included (`-- allow: all rows` is read from it). */
  readonly text: string;
  readonly params: SqlParams;
  /** Header lines of the block: the write options. */
  readonly headers: Readonly<Record<string, string>>;
  readonly origin: RunOrigin;
}

export interface SqlWriteUi {
  /** The modal question; true only for its one "write" button. */
  confirm(prompt: DmlPrompt): Promise<boolean>;
  /** Runs `work` under a cancellable progress; `report` sets its message and advances it (0..100). */
  progress<T>(
    title: string,
    work: (report: (message: string, increment: number) => void, signal: AbortSignal) => Promise<T>,
  ): Promise<T>;
}

export interface SqlWriteEnv {
  readonly client: WebApiSender;
  /** "Sandbox (https://…)": how the question names the organization. */
  readonly where: string;
  readonly connection: ConnectionSafety | undefined;
  readonly snapshot: MetadataSnapshot;
  readonly loadDetails: (logicalName: string) => Promise<TableDetails>;
  readonly translateSelect: (select: SelectStatement, metadata: MetadataSnapshot, params: SqlParams) => SqlTranslation;
  readonly limits: { readonly batchSize: number; readonly parallelism: number; readonly maxRows: number };
  readonly ui: SqlWriteUi;
}

/** What a write statement wrote to: its kind as written (INSERT, UPDATE, DELETE) and the table's logical name. */
export interface WriteTarget {
  readonly statement: 'INSERT' | 'UPDATE' | 'DELETE';
  readonly table: string;
}

export type SqlWriteOutcome =
  | { readonly kind: 'nothing'; readonly message: string; readonly target: WriteTarget }
  | { readonly kind: 'cancelled'; readonly rows: number }
  | ({ readonly kind: 'done'; readonly message: string; readonly target: WriteTarget } & DmlRunResult);

export async function runSqlWrite(env: SqlWriteEnv, request: SqlWriteRequest): Promise<SqlWriteOutcome> {
  const stmt = request.statement;
  if (stmt.type === 'select') throw new DmlError(l10n.t('A SELECT only reads: run it as a query.'), 'sql_dml_select');
  const table = (stmt.type === 'insert' ? stmt.table.table : (stmt.from ?? stmt.target).table).name;
  const consent = runConsent('write', request.origin, env.connection);
  if (consent.kind === 'refuse') {
    throw new DmlError(
      l10n.t({
        message:
          '{0} is read-only: this {1} on {2} was not run and nothing was read or written. Turn off "readOnly" for the connection to write.',
        args: [env.where, stmt.type.toUpperCase(), table],
        comment: ['{0} is the organization, {1} a SQL statement (UPDATE, DELETE, INSERT), {2} a table'],
      }),
      'read_only',
    );
  }
  const allowAll = parseDmlBlock(request.text).options.allowAllRows;
  // The guard needs nothing but the statement: it holds before any metadata or row is read.
  if (stmt.type !== 'insert') {
    checkGuards(
      { kind: stmt.type, table, fetchXml: '', hasWhere: !!stmt.where, set: [] },
      {
        bypassCustomPlugins: false,
        allowAllRows: allowAll,
      },
    );
  }
  const block = parseDmlBlock(
    [...Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`), request.text].join('\n'),
  );
  await Promise.all(tablesOf(stmt).map((t) => env.loadDetails(t).catch(() => undefined)));
  const statement = statementFromAst(stmt as WriteStatement, {
    translateSelect: (select) => env.translateSelect(select, env.snapshot, request.params),
    keysOf: (name) => {
      const info = env.snapshot.tableByLogicalName(name);
      return info && { primaryId: info.primaryIdAttribute, primaryName: info.primaryNameAttribute };
    },
    params: request.params,
  });
  checkGuards(statement, block.options);
  const details = await env.loadDetails(statement.table);
  const entitySetOf = (name: string): string | undefined => env.snapshot.tableByLogicalName(name)?.entitySetName;
  const rows = await readRows(env, statement, details);
  const ops = planWrites(statement, rows, { details, entitySetOf, options: block.options });
  const target: WriteTarget = {
    statement: stmt.type === 'insert' ? 'INSERT' : stmt.type === 'update' ? 'UPDATE' : 'DELETE',
    table: statement.table,
  };
  if (ops.length === 0) {
    return {
      kind: 'nothing',
      message: l10n.t('No row of {0} matches: nothing was written.', statement.table),
      target,
    };
  }
  const names = ops.slice(0, 5).map((op) => op.label);
  if (!(await env.ui.confirm(dmlPrompt(statement, ops.length, names, env.where, env.connection)))) {
    return { kind: 'cancelled', rows: ops.length };
  }
  const result = await env.ui.progress(
    l10n.t('Dynamics 365: writing {0} rows of {1}', formatCount(ops.length), statement.table),
    (report, signal) =>
      runWrites(env.client, ops, {
        ...env.limits,
        signal,
        onProgress: progressReporter(report),
      }),
  );
  return { kind: 'done', message: summaryText(statement, result), target, ...result };
}

function progressReporter(report: (message: string, increment: number) => void): (p: DmlProgress) => void {
  let shown = 0;
  return (p) => {
    const percent = p.total ? (p.done / p.total) * 100 : 100;
    report(
      p.failed
        ? l10n.t('{0} of {1} rows ({2} failed)', formatCount(p.done), formatCount(p.total), formatCount(p.failed))
        : l10n.t('{0} of {1} rows', formatCount(p.done), formatCount(p.total)),
      percent - shown,
    );
    shown = percent;
  };
}

async function readRows(env: SqlWriteEnv, statement: DmlStatement, details: TableDetails): Promise<Row[]> {
  if (statement.kind === 'insertValues') return [];
  const source = statement.kind === 'insertSelect' ? statement.sourceTable : statement.table;
  const info = env.snapshot.tableByLogicalName(source);
  const entitySet = info?.entitySetName;
  if (!entitySet) {
    throw new DmlError(l10n.t('The table {0} has no entity set: its rows cannot be read.', source), 'sql_dml_table');
  }
  const own =
    statement.kind === 'insertSelect' ? [] : [details.table.primaryIdAttribute, details.table.primaryNameAttribute];
  const columns = [...own, ...columnsToRead(statement)].filter((c): c is string => !!c);
  return env.ui.progress(l10n.t('Dynamics 365: reading the rows of {0}', source), (_report, signal) =>
    readTargets(env.client, entitySet, statement.fetchXml, { columns, maxRows: env.limits.maxRows, signal }),
  );
}

/** The tables a write statement names, whose details the translator and the encoder need. */
function tablesOf(stmt: WriteStatement): string[] {
  const refs =
    stmt.type === 'insert'
      ? [
          stmt.table,
          ...(stmt.select?.from ? [stmt.select.from] : []),
          ...(stmt.select?.joins.map((j) => j.table) ?? []),
        ]
      : [stmt.target, ...(stmt.from ? [stmt.from] : []), ...stmt.joins.map((j) => j.table)];
  return [...new Set(refs.map((r) => r.table.name.toLowerCase()))];
}
