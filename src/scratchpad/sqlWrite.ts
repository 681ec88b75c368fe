// The one entry point for running a SQL INSERT, UPDATE or DELETE block: the runner has resolved it
// (statement parsed, @parameters read) and applied the connection's guards (read-only refuses,
// production asks) before it calls here. Counting the rows, the modal confirmation, the batches,
// progress, Cancel and the summary are this file's job (issue 16, point 4); until that lands a write
// is refused here, before anything is sent.
import type { OrgUrl } from '../core/org/orgUrl';
import type { Settings } from '../core/config/settings';
import type { RunnableRequest } from '../core/query/run/resolve';
import type { RunOrigin } from '../core/query/run/runConsent';
import { UserError } from '../core/userError';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import type { RunOutcome } from './runner';

export interface SqlWriteRun {
  readonly org: OrgUrl;
  /** Resolved, with `sql` set (`sql.statement` is an INSERT, UPDATE or DELETE) and no `fetch`. */
  readonly request: RunnableRequest;
  /** The block as it goes to the history and a confirmation. */
  readonly text: string;
  readonly title: string;
  readonly origin: RunOrigin;
}

export interface SqlWriteDeps {
  readonly settings: () => Settings;
  readonly connections: ConnectionsService;
  readonly metadata: MetadataService;
}

export async function runSqlWrite(deps: SqlWriteDeps, run: SqlWriteRun): Promise<RunOutcome> {
  void deps;
  throw new UserError(
    `Not sent: this block ${run.request.safety.summary}, and running SQL INSERT, UPDATE and DELETE is not available in this build. Nothing was changed.`,
    { code: 'sql_write_unavailable' },
  );
}
