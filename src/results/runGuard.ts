// What every run of a written request goes through before it is sent, whoever runs it (a
// scratchpad, a notebook cell): the resolver's context (the org's tables, earlier named responses),
// the first resolve error as a message, and the connection's safety (read-only refuses a write,
// production and requests not written here ask first, as plain text).
import * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import { connectionSafety } from '../core/config/connection';
import type { Settings } from '../core/config/settings';
import type { ResolveResult, RunnableRequest } from '../core/query/run/resolve';
import type { ResolveContext } from '../core/query/run/resolveContext';
import type { RecordedResponse } from '../core/query/run/responses';
import { sqlTablesToLoad } from '../core/query/run/resolveSql';
import { consentPrompt, runConsent, type RunOrigin } from '../core/query/run/runConsent';
import { inertText } from '../core/log/inert';
import { UserError } from '../core/userError';
import type { MetadataService } from '../connections/metadataService';

/** How a request is resolved on `org`: the table list from the cache, and the responses it may read. */
export async function resolveContextFor(
  metadata: MetadataService,
  org: OrgUrl,
  responses: (name: string) => RecordedResponse | undefined,
  /** A SQL statement: the tables it names get their details loaded first (the translator needs them). */
  sql?: string,
): Promise<ResolveContext> {
  // The table list (from the disk cache when there is one) gives FetchXML its entity set.
  const snapshot = await metadata
    .forOrg(org)
    .open()
    .catch(() => metadata.forOrg(org).snapshot);
  const tables = sql ? sqlTablesToLoad(sql, snapshot) : [];
  // A table that cannot be loaded is reported by the translator, with its range.
  await Promise.all(tables.map((t) => metadata.details(org, t).catch(() => undefined)));
  return {
    // Snapshots are replaced, never changed: the one holding the details just loaded is the latest.
    metadata: tables.length > 0 ? metadata.forOrg(org).snapshot : snapshot,
    orgUrl: org.url,
    entitySetOf: (name) => snapshot.tableByLogicalName(name)?.entitySetName,
    primaryIdOf: (set) => snapshot.tableByEntitySetName(set)?.primaryIdAttribute,
    responses,
  };
}

/** The runnable request, or the first error as a message; `line` maps its line to the one the user sees. */
export function checkedRequest(result: ResolveResult, line?: (zeroBased: number) => number): RunnableRequest {
  if (result.ok) return result.request;
  const first = result.errors[0]!;
  const message = line
    ? vscode.l10n.t({
        message: 'Not sent: {0} (line {1})',
        args: [first.message, line(first.range.start.line) + 1],
        comment: ['{0} is why the request cannot be sent'],
      })
    : vscode.l10n.t({
        message: 'Not sent: {0}',
        args: [first.message],
        comment: ['{0} is why the request cannot be sent'],
      });
  throw new UserError(message, { code: first.code });
}

/**
 * Restricted Mode (package.json capabilities): a folder not trusted runs nothing it holds, and
 * nothing a link passes; only a query typed into the palette goes out.
 */
export function refuseUntrusted(origin: RunOrigin): void {
  if (!vscode.workspace.isTrusted && origin !== 'typed') {
    throw new UserError(
      vscode.l10n.t(
        'Not sent: this folder is not trusted. Trust it (Manage Workspace Trust) to run requests from its files.',
      ),
      { code: 'untrusted_workspace' },
    );
  }
}

/** Read-only connections refuse writes before anything is sent; production ones (and text not written here) ask first. */
export async function confirmRun(
  settings: Settings,
  org: OrgUrl,
  request: RunnableRequest,
  origin: RunOrigin,
  text: string,
): Promise<void> {
  refuseUntrusted(origin);
  const connection = connectionSafety(settings.connections, org);
  const consent = runConsent(request.safety.access, origin, connection);
  if (consent.kind === 'send') return;
  if (consent.kind === 'refuse') {
    throw new UserError(
      vscode.l10n.t({
        message:
          '{0} ({1}) is read-only: this request {2} and was not sent. Turn off "readOnly" for the connection to write.',
        args: [connection.name ?? org.shortName, org.url, request.safety.summary],
        comment: ['{0} is the connection name, {1} its URL, {2} what the request does, e.g. "creates a record"'],
      }),
      { code: 'read_only' },
    );
  }
  const prompt = consentPrompt(
    consent,
    request.safety.summary,
    `${connection?.name ?? org.shortName} (${org.url})`,
    text,
  );
  // The text may be someone else's (a link's argument, a shared notebook): shown as written, nothing in it clickable.
  const detail = prompt.detail === undefined ? {} : { detail: inertText(prompt.detail) };
  const answer = await vscode.window.showWarningMessage(
    inertText(prompt.message),
    { modal: true, ...detail },
    prompt.send,
  );
  if (answer !== prompt.send) throw new vscode.CancellationError();
}
