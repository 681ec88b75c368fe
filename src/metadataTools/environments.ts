// The two sides of an environment comparison, as normalized tables: an organization (its tables'
// details from the metadata cache or the server) or a snapshot file saved earlier.
import * as vscode from 'vscode';
import type { MetadataService } from '../connections/metadataService';
import { normalizeTable, type NormalTable } from '../core/metadata/diff/normalize';
import { decodeSnapshot, type MetadataSnapshotFile } from '../core/metadata/diff/snapshotFile';
import { matchTables, nameMatcher } from '../core/metadata/typegen/selection';
import type { OrgUrl } from '../core/org/orgUrl';
import { UserError } from '../core/userError';
import { collectDetails, type CollectOptions } from './collect';
import { formatCount } from '../core/numberFormat';

/** An organization's tables (those matching `tables`, e.g. "account, contoso_*"; all without it), normalized. */
export async function orgTables(
  metadata: MetadataService,
  org: OrgUrl,
  tables: string | undefined,
  options: CollectOptions = {},
): Promise<NormalTable[]> {
  const all = await metadata.tables(org, options.signal);
  const chosen = tables?.trim() ? matchTables(all, tables) : all;
  const details = await collectDetails(metadata, org, chosen, options);
  return details.map(normalizeTable);
}

/** A snapshot file's tables (those matching `tables` when given). */
export async function snapshotTables(
  uri: vscode.Uri,
  tables: string | undefined,
): Promise<{ file: MetadataSnapshotFile; tables: NormalTable[] }> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    throw new UserError(vscode.l10n.t('Cannot read the snapshot file {0}.', uri.fsPath));
  }
  const read = decodeSnapshot(text);
  if (!read.ok) throw new UserError(read.message);
  const matches = tables?.trim() ? nameMatcher(tables) : () => true;
  return { file: read.value, tables: read.value.tables.filter((t) => matches(t.logicalName)) };
}

/** Runs a load under a cancellable notification that counts tables. */
export function withTableProgress<T>(title: string, task: (options: CollectOptions) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      return task({
        signal: abort.signal,
        progress: (done, total) => {
          const percent = (done / total) * 100;
          progress.report({
            message: vscode.l10n.t('{0} of {1} tables', formatCount(done), formatCount(total)),
            increment: percent - reported,
          });
          reported = percent;
        },
      });
    },
  );
}
