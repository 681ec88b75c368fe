// The one entry point for running a SQL INSERT, UPDATE or DELETE block. The runner resolves the block
// (statement parsed, @parameters read, header lines as write options) and hands it here without
// sending anything itself: counting the matching rows, the read-only refusal, the modal question,
// the batches, progress, Cancel and the summary are the SQL write runner's (issue 16, point 4),
// which replaces this file with the same exports. Until then a write is refused, with nothing read
// or written.
import type { Settings } from '../core/config/settings';
import type { OrgUrl } from '../core/org/orgUrl';
import type { SqlParams } from '../core/query/sql/api';
import type { SqlStatement } from '../core/query/sql/ast';
import type { RunOrigin } from '../core/query/run/runConsent';
import { UserError } from '../core/userError';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';

export interface SqlWriteDeps {
  readonly settings: () => Settings;
  readonly connections: ConnectionsService;
  readonly metadata: MetadataService;
}

export interface SqlWriteRequest {
  readonly statement: SqlStatement;
  /** The statement as written, comments included (`-- allow: all rows` is read from it). */
  readonly text: string;
  readonly params: SqlParams;
  /** Header lines of the block: the write options. */
  readonly headers: Readonly<Record<string, string>>;
  readonly origin: RunOrigin;
}

export type SqlWriteOutcome =
  | { readonly kind: 'nothing'; readonly message: string }
  | { readonly kind: 'cancelled'; readonly rows: number }
  | { readonly kind: 'done'; readonly message: string; readonly succeeded: number; readonly failed: number };

/** Runs a SQL write block against `org`: refused, asked, cancelled or done. */
export async function runSqlWriteBlock(
  deps: SqlWriteDeps,
  org: OrgUrl,
  request: SqlWriteRequest,
): Promise<SqlWriteOutcome> {
  void deps;
  throw new UserError(
    `Not sent to ${org.url}: running SQL ${request.statement.type.toUpperCase()} is not available in this build. Nothing was read or written.`,
    { code: 'sql_write_unavailable' },
  );
}
