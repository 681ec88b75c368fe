// A run's answer as a notebook cell keeps it: the first rows (the stored-rows setting) as the grid
// shows them, formatted values beside raw ones, with the total, or the Dataverse error's code and
// message. Also its one-line plain-text summary (rows, status, time, org) for diffs and for
// renderers other than ours. A SQL write keeps its summary: statement, table, rows affected, the
// failed rows with the org's code and message (plain text), time and org.
import * as l10n from '@vscode/l10n';
import { GridLayout } from '../results/gridView';
import type { GridCell } from '../results/protocol';
import { ResultTable } from '../results/resultTable';
import type { Execution } from '../results/execute';
import type { SqlWriteOutcome } from '../results/sqlWrite';
import { OrgUrl } from '../org/orgUrl';
import type { StoredColumn, StoredOutput, StoredWrite } from './notebookFile';
import { formatCount } from '../numberFormat';

/** A non-table answer's body is kept up to this many characters. */
const BODY_LIMIT = 4000;
/** A write's failed rows kept in the file (the count says how many failed in all). */
export const STORED_FAILURES = 20;

export interface StoreOptions {
  readonly org: string;
  /** Rows kept in the file. */
  readonly maxRows: number;
  readonly ranAt?: Date;
}

export function storedOutputOf(execution: Execution, options: StoreOptions): StoredOutput {
  const base = {
    org: options.org,
    status: execution.status,
    durationMs: Math.round(execution.durationMs),
    ...(options.ranAt ? { ranAt: options.ranAt.toISOString() } : {}),
  };
  if (execution.error) {
    const code = execution.error.serviceCode ?? execution.error.code;
    return { ...base, error: { ...(code ? { code } : {}), message: execution.error.serviceMessage } };
  }
  if (!execution.rows) {
    const body = execution.bodyText;
    return body ? { ...base, body: body.length > BODY_LIMIT ? `${body.slice(0, BODY_LIMIT)}…` : body } : base;
  }
  const table = new ResultTable();
  const kept = table.addRows(execution.rows.slice(0, Math.max(0, options.maxRows)));
  const { columns, rows } = new GridLayout().page(table.columns, kept);
  // Slots follow column order in a fresh layout, so a row's slot n is column n.
  const stored: StoredColumn[] = columns.map((c) => ({
    id: c.id,
    header: c.header,
    ...(c.formatted ? { formatted: true } : {}),
  }));
  const storedRows = rows.map((r) => columns.map((c): GridCell => r[c.slot] ?? null));
  return {
    ...base,
    rowCount: execution.rows.length,
    ...(execution.next ? { moreRows: true } : {}),
    columns: stored,
    rows: storedRows,
  };
}

/** A SQL write that ran (or matched nothing) as a cell keeps it; `durationMs` from the count to the last batch. */
export function storedWriteOf(
  outcome: Exclude<SqlWriteOutcome, { kind: 'cancelled' }>,
  options: Omit<StoreOptions, 'maxRows'> & { readonly durationMs: number },
): StoredOutput {
  const { statement, table } = outcome.target;
  const base = {
    org: options.org,
    status: 200,
    durationMs: Math.round(options.durationMs),
    ...(options.ranAt ? { ranAt: options.ranAt.toISOString() } : {}),
  };
  if (outcome.kind === 'nothing') {
    return { ...base, write: { statement, table, total: 0, affected: 0, failed: 0, notSent: 0 } };
  }
  const failures = outcome.failures.slice(0, STORED_FAILURES).map((f) => ({
    row: f.label,
    ...(f.status !== undefined ? { status: f.status } : {}),
    ...(f.code !== undefined ? { code: f.code } : {}),
    message: f.message,
  }));
  const write: StoredWrite = {
    statement,
    table,
    total: outcome.total,
    affected: outcome.succeeded,
    failed: outcome.failed,
    notSent: outcome.notSent,
    ...(outcome.cancelled ? { cancelled: true } : {}),
    ...(failures.length ? { failures } : {}),
  };
  return { ...base, write };
}

/** "3 rows · 200 · 120 ms · contoso.crm.dynamics.com", with "N of M rows stored" when cut. */
export function outputSummary(output: StoredOutput): string {
  const org = orgName(output.org);
  const time = l10n.t('{0} ms', formatCount(output.durationMs));
  if (output.error) {
    const status = `${output.status}${output.error.code ? ` ${output.error.code}` : ''}`;
    return l10n.t({
      message: 'Error {0}: {1} ({2}, {3})',
      args: [status, output.error.message, time, org],
      comment: [
        '{0} is the HTTP status and Dataverse code, {1} the message from Dataverse, {2} the time, {3} the organization',
      ],
    });
  }
  if (output.write) return writeSummary(output.write, time, org);
  if (output.rowCount === undefined) return `${output.status} · ${time} · ${org}`;
  const total = `${formatCount(output.rowCount)}${output.moreRows ? '+' : ''}`;
  const rows = output.rowCount === 1 && !output.moreRows ? l10n.t('1 row') : l10n.t('{0} rows', total);
  const stored = output.rows?.length ?? 0;
  const note = stored < output.rowCount ? ` ${l10n.t('({0} of {1} rows stored)', formatCount(stored), total)}` : '';
  return `${rows}${note} · ${output.status} · ${time} · ${org}`;
}

/** "UPDATE account: 3 rows affected · 120 ms · org", then one line per failed row with the org's code and message. */
function writeSummary(w: StoredWrite, time: string, org: string): string {
  const what = `${w.statement} ${w.table}`;
  let counts: string;
  if (w.total === 0) counts = l10n.t('no row matches, nothing was written');
  else if (w.affected === w.total) {
    counts = w.total === 1 ? l10n.t('1 row affected') : l10n.t('{0} rows affected', formatCount(w.total));
  } else counts = l10n.t('{0} of {1} rows affected', formatCount(w.affected), formatCount(w.total));
  const parts = [counts];
  if (w.failed) parts.push(l10n.t('{0} failed', formatCount(w.failed)));
  if (w.notSent) {
    parts.push(
      w.cancelled
        ? l10n.t('{0} not sent (cancelled)', formatCount(w.notSent))
        : l10n.t('{0} not sent', formatCount(w.notSent)),
    );
  }
  const head = `${what}: ${parts.join(', ')} · ${time} · ${org}`;
  const failures = (w.failures ?? []).map((f) => {
    const code = f.code ?? (f.status !== undefined ? String(f.status) : '');
    return `  ${f.row}: ${code ? `${code} ` : ''}${f.message.replace(/\s+/g, ' ')}`;
  });
  const more = w.failed - failures.length;
  if (more > 0) failures.push(`  ${l10n.t('… and {0} more failed rows (not stored)', formatCount(more))}`);
  return [head, ...failures].join('\n');
}

/** The stored rows as records by column id, for the JSON view. */
export function outputRecords(output: StoredOutput): Record<string, GridCell>[] {
  const columns = output.columns ?? [];
  return (output.rows ?? []).map((row) => Object.fromEntries(columns.map((c, i) => [c.id, row[i] ?? null])));
}

function orgName(url: string): string {
  const parsed = OrgUrl.parse(url);
  return parsed.ok ? parsed.value.host : url;
}
