// What a notebook asks of the query engine to run one cell: the same resolver, guards, execution,
// named responses and query history as a scratchpad request, with the cell's earlier cells as its
// file. The scratchpad's runner implements it (loaded with the query engine); the notebook sees
// only this port, so the two features never import each other.
import type { OrgUrl } from '../core/org/orgUrl';
import type { Execution } from '../core/results/execute';
import type { RunnableRequest } from '../core/query/run/resolve';
import type { SqlWriteOutcome } from '../core/results/sqlWrite';

export interface CellRunInput {
  /** The notebook's URI: named responses are kept per notebook. */
  readonly notebook: string;
  readonly org: OrgUrl;
  /** Sources of the query cells above this one, in order. */
  readonly earlier: readonly string[];
  readonly source: string;
  /** The cell's text was typed or changed in this window (otherwise a write always asks). */
  readonly edited: boolean;
  readonly signal: AbortSignal;
}

export type CellRunResult =
  /** The cell holds no request (only variables, comments): nothing was sent. */
  | { readonly kind: 'none'; readonly variables: readonly string[] }
  | { readonly kind: 'ran'; readonly request: RunnableRequest; readonly title: string; readonly execution: Execution }
  /** A SQL INSERT / UPDATE / DELETE, run by the scratchpad's SQL write path (counted, asked, batched): its summary. */
  | {
      readonly kind: 'write';
      readonly title: string;
      readonly outcome: Exclude<SqlWriteOutcome, { kind: 'cancelled' }>;
      readonly durationMs: number;
    };

export interface CellRunner {
  runCell(input: CellRunInput): Promise<CellRunResult>;
  /** Shows a cell's answer in a results view of its own (`key`), with Next page / All pages and export. */
  showInResults(key: string, org: OrgUrl, title: string, request: RunnableRequest, execution: Execution): void;
}
