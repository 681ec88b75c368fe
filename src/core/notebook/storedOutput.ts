// A run's answer as a notebook cell keeps it: the first rows (the stored-rows setting) as the grid
// shows them, formatted values beside raw ones, with the total, or the Dataverse error's code and
// message. Also its one-line plain-text summary (rows, status, time, org) for diffs and for
// renderers other than ours.
import { GridLayout } from '../results/gridView';
import type { GridCell } from '../results/protocol';
import { ResultTable } from '../results/resultTable';
import type { Execution } from '../results/execute';
import { OrgUrl } from '../org/orgUrl';
import type { StoredColumn, StoredOutput } from './notebookFile';

/** A non-table answer's body is kept up to this many characters. */
const BODY_LIMIT = 4000;

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

/** "3 rows · 200 · 120 ms · contoso.crm.dynamics.com", with "N of M rows stored" when cut. */
export function outputSummary(output: StoredOutput): string {
  const org = orgName(output.org);
  const time = `${output.durationMs} ms`;
  if (output.error) {
    return `Error ${output.status}${output.error.code ? ` ${output.error.code}` : ''}: ${output.error.message} (${time}, ${org})`;
  }
  if (output.rowCount === undefined) return `${output.status} · ${time} · ${org}`;
  const total = `${output.rowCount}${output.moreRows ? '+' : ''}`;
  const rows = `${total} row${output.rowCount === 1 ? '' : 's'}`;
  const stored = output.rows?.length ?? 0;
  const note = stored < output.rowCount ? ` (${stored} of ${total} rows stored)` : '';
  return `${rows}${note} · ${output.status} · ${time} · ${org}`;
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
