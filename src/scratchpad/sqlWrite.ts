// Where a scratchpad's SQL INSERT / UPDATE / DELETE runs: core/results/sqlWrite.ts decides and
// sends; this file gives it the organization's client and metadata, asks the modal question, shows
// the cancellable progress and the summary, and lists each failed row in a plain-text document.
// Everything from the org (names, error messages) is shown inert.
import * as vscode from 'vscode';
import { connectionSafety } from '../core/config/connection';
import type { Settings } from '../core/config/settings';
import { inertText } from '../core/log/inert';
import type { OrgUrl } from '../core/org/orgUrl';
import { translateSelect } from '../core/query/sql/translate';
import { runSqlWrite, type SqlWriteOutcome, type SqlWriteRequest, type SqlWriteUi } from '../core/results/sqlWrite';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';

export interface SqlWriteDeps {
  readonly settings: () => Settings;
  readonly connections: ConnectionsService;
  readonly metadata: MetadataService;
}

export type { SqlWriteOutcome, SqlWriteRequest };

export interface SqlWriteOptions {
  /** Cancels like the progress's Cancel button (a notebook cell's Stop): no new batch starts. */
  readonly signal?: AbortSignal;
  /** The caller shows the outcome itself (a notebook cell's output): no closing notification. */
  readonly quiet?: boolean;
}

/** Runs a SQL write block against `org`: refused, asked, cancelled or done, and says how it went. */
export async function runSqlWriteBlock(
  deps: SqlWriteDeps,
  org: OrgUrl,
  request: SqlWriteRequest,
  options: SqlWriteOptions = {},
): Promise<SqlWriteOutcome> {
  const settings = deps.settings();
  const connection = connectionSafety(settings.connections, org);
  const metadata = deps.metadata.forOrg(org);
  const snapshot = await metadata.open().catch(() => metadata.snapshot);
  const outcome = await runSqlWrite(
    {
      client: deps.connections.client(org),
      where: `${connection.name ?? org.shortName} (${org.url})`,
      connection,
      snapshot,
      loadDetails: (table) => metadata.loadDetails(table),
      translateSelect,
      limits: settings.sqlWrites,
      ui: uiFor(options.signal),
    },
    request,
  );
  if (!options.quiet) await report(outcome);
  return outcome;
}

const uiFor = (outer: AbortSignal | undefined): SqlWriteUi => ({
  async confirm(prompt) {
    // Row names are the org's text: shown as written, nothing in them clickable.
    const answer = await vscode.window.showWarningMessage(
      inertText(prompt.message),
      { modal: true, detail: inertText(prompt.detail) },
      prompt.send,
    );
    return answer === prompt.send;
  },
  progress(title, work) {
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: inertText(title), cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          const subscription = token.onCancellationRequested(() => abort.abort());
          const stop = (): void => abort.abort();
          if (outer?.aborted) abort.abort();
          outer?.addEventListener('abort', stop, { once: true });
          return work(
            (message, increment) => progress.report({ message: inertText(message), increment }),
            abort.signal,
          ).finally(() => {
            subscription.dispose();
            outer?.removeEventListener('abort', stop);
          });
        },
      ),
    );
  },
});

async function report(outcome: SqlWriteOutcome): Promise<void> {
  if (outcome.kind === 'cancelled') return;
  if (outcome.kind === 'nothing') {
    void vscode.window.showInformationMessage(inertText(outcome.message));
    return;
  }
  if (!outcome.failures.length) {
    void vscode.window.showInformationMessage(inertText(outcome.message));
    return;
  }
  const show = vscode.l10n.t('Show Failed Rows');
  void vscode.window.showWarningMessage(inertText(outcome.message), show).then(async (answer) => {
    if (answer !== show) return;
    const lines = outcome.failures.map((f) => `${f.label}\t${f.status ?? ''}\t${f.message.replace(/\s+/g, ' ')}`);
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: lines.join('\n') });
    await vscode.window.showTextDocument(document, { preview: true });
  });
}
