// Runs a scratchpad request: resolves it against the organization's metadata and the responses of
// earlier named requests, applies the connection's safety (read-only refuses writes, production
// asks first), sends it once with a cancellable progress, and shows the answer in the document's
// results view. The document is never changed by a run.
import * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import { connectionSafety } from '../core/config/connection';
import type { Settings } from '../core/config/settings';
import { execute } from '../core/results/execute';
import { wireRequest } from '../core/results/wireRequest';
import { requestAt, type QueryDocument, type ScratchRequest } from '../core/query/syntax/syntax';
import { resolveQuickQuery, resolveRequest, type ResolveResult, type RunnableRequest } from '../core/query/run/resolve';
import type { ResolveContext } from '../core/query/run/resolveContext';
import { selfContainedText } from '../core/query/history/historyEntry';
import { NamedResponses } from '../core/query/run/namedResponses';
import { consentPrompt, runConsent, type RunOrigin } from '../core/query/run/runConsent';
import { inertText } from '../core/log/inert';
import { UserError } from '../core/userError';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import type { DocumentOrgs } from './documentOrgs';
import { fromVsPosition, type ScratchpadDocuments } from './documents';
import type { QueryHistory } from './history';
import { ResultSession } from '../results/resultSession';
import { ResultsPanel } from '../results/resultsPanel';
import { sqlTablesToLoad, type SqlRun } from '../core/query/run/resolveSql';
import { runSqlWriteBlock } from './sqlWrite';

export interface RunOutcome {
  readonly status: number;
  readonly rows: number;
  readonly moreRows: boolean;
  readonly durationMs: number;
  readonly error?: string;
}

export interface RunnerDeps {
  extensionUri: vscode.Uri;
  settings: () => Settings;
  connections: ConnectionsService;
  metadata: MetadataService;
  documents: ScratchpadDocuments;
  orgs: DocumentOrgs;
  history: QueryHistory;
  onError: (err: unknown) => void;
}

/** One run: what is sent, where its answer goes, and where the request came from. */
interface Run {
  readonly org: OrgUrl;
  readonly request: RunnableRequest;
  /** The results view (and named responses) it belongs to: the scratchpad's URI, or quick:<org>. */
  readonly key: string;
  readonly title: string;
  /** The request's @name, whose response later requests can read. */
  readonly name?: string;
  /** The request as it goes to the history and the consent prompt. */
  readonly text: string;
  readonly origin: RunOrigin;
}

export class ScratchpadRunner implements vscode.Disposable {
  /** One results view per scratchpad (quick queries share one). */
  private readonly panels = new Map<string, ResultsPanel>();
  /** The last response of each named request, per scratchpad and org: `{{create.id}}` reads them. */
  private readonly responses = new NamedResponses();
  private readonly sessions = new Map<string, ResultSession>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: RunnerDeps) {
    this.subscriptions = [
      // VS Code reuses a closed scratchpad's URI (untitled:Untitled-1): its responses go with it.
      vscode.workspace.onDidCloseTextDocument((d) => this.responses.forget(d.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => this.forgetIfMoved(e.document)),
    ];
  }

  /** A removed organization's data leaves memory: the responses `{{name.…}}` would read. */
  forgetOrganization(org: OrgUrl): void {
    this.responses.forgetOrganization(org.url);
  }

  /** A scratchpad whose @connection now names another org (or none) drops the responses of the old one. */
  private forgetIfMoved(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.responses.orgOf(key) !== undefined) this.responses.keepFor(key, this.deps.orgs.known(document)?.url);
  }

  /** Runs request `index` of the document, or the one under the cursor. */
  async runInDocument(document: vscode.TextDocument, index?: number, position?: vscode.Position): Promise<RunOutcome> {
    const doc = this.deps.documents.get(document);
    const request = pickRequest(doc, index, position);
    const org = await this.deps.orgs.resolve(document);
    const key = document.uri.toString();
    const sqlText = request.kind === 'sql' ? request.sql?.text : undefined;
    const resolved = resolveRequest(doc, request, await this.context(org, key, sqlText));
    const runnable = checked(resolved, document);
    const title =
      request.name?.value ?? request.title?.trim() ?? `${document.uri.path.split('/').pop()} #${request.index + 1}`;
    const text = selfContainedText(doc, request, requestText(document, request));
    return this.run({ org, request: runnable, key, title, name: request.name?.value, text, origin: 'document' });
  }

  /**
   * A query typed into the command palette (`accounts?$top=5`, `GET WhoAmI`, a `<fetch>`) or one
   * from the history, or the text argument of "Run Query". A write from the history or an argument
   * asks first on any connection: its body is not in view.
   */
  async runText(
    org: OrgUrl,
    text: string,
    options: { fromHistory?: boolean; fromArgument?: boolean } = {},
  ): Promise<RunOutcome> {
    const resolved = resolveQuickQuery(text, await this.context(org, 'quick', text));
    const runnable = checked(resolved);
    const origin: RunOrigin = options.fromArgument ? 'argument' : options.fromHistory ? 'history' : 'typed';
    return this.run({
      org,
      request: runnable,
      key: `quick:${org.url}`,
      title: text.split('\n')[0]!.slice(0, 60),
      text: text.trim(),
      origin,
    });
  }

  /** The session a results view shows, for tests and commands (export). */
  session(document: vscode.TextDocument | string): ResultSession | undefined {
    return this.sessions.get(typeof document === 'string' ? document : document.uri.toString());
  }

  /** `sql`: the text of a SQL block, whose tables' details are loaded first (SQL is translated with them). */
  private async context(org: OrgUrl, key: string, sql?: string): Promise<ResolveContext> {
    // The table list (from the disk cache when there is one) gives FetchXML its entity set.
    const snapshot = await this.deps.metadata
      .forOrg(org)
      .open()
      .catch(() => this.deps.metadata.forOrg(org).snapshot);
    const tables = sql ? sqlTablesToLoad(sql, snapshot) : [];
    // A table that cannot be loaded is reported by the translator, with its range.
    await Promise.all(tables.map((t) => this.deps.metadata.details(org, t).catch(() => undefined)));
    // Snapshots are replaced, never changed: the one holding the details just loaded is the latest.
    const withDetails = tables.length > 0 ? this.deps.metadata.forOrg(org).snapshot : snapshot;
    return {
      metadata: withDetails,
      orgUrl: org.url,
      entitySetOf: (name) => snapshot.tableByLogicalName(name)?.entitySetName,
      primaryIdOf: (set) => snapshot.tableByEntitySetName(set)?.primaryIdAttribute,
      responses: this.responses.reader(key, org.url),
    };
  }

  private async run(run: Run): Promise<RunOutcome> {
    const { org, request, key, title, name, text, origin } = run;
    // A SQL write is counted, confirmed and sent in batches by its own runner, never as one request;
    // it applies the same guards (read-only refuses, production asks), with the row count in the question.
    if (request.sql && !request.fetch) return this.runSqlWrite(run, request.sql);
    await this.confirmSafety(org, request, origin, text);
    // A new run stops the view's loading of the last one (its rows must not reach the new grid).
    this.sessions.get(key)?.cancel();
    const ranAt = Date.now();
    const client = this.deps.connections.client(org);
    const executed = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Dynamics 365: ${request.safety.summary}…`,
        cancellable: true,
      },
      (_progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        return execute(client, request, { signal: abort.signal }).finally(() => subscription.dispose());
      },
    );
    // TOP and OFFSET … FETCH are answered in one request: a paging cookie would page past them.
    const execution = request.sql?.single ? { ...executed, next: undefined } : executed;
    // A scratchpad closed while its request ran keeps nothing: a new one may take its URI.
    if (name && isOpen(key)) {
      this.responses.record(key, org.url, name, {
        status: execution.status,
        headers: execution.headers,
        body: execution.bodyText,
      });
    }
    const panel = this.panelFor(key, title);
    const snapshot = this.deps.metadata.forOrg(org).snapshot;
    const session = new ResultSession(
      panel,
      client,
      {
        ...wireRequest(request, client.apiUrl, (p) => client.resolve(p)),
        title,
        ...(request.sql?.fetchXml !== undefined ? { fetchXml: request.sql.fetchXml } : {}),
      },
      execution,
      {
        maxRows: () => this.deps.settings().maxResultRows,
        logicalNameOf: (set) => snapshot.tableByEntitySetName(set)?.logicalName,
      },
    );
    this.sessions.set(key, session);
    const rows = execution.error || request.safety.access === 'write' ? {} : { rows: session.rowCount };
    await this.deps.history.add(org, text, {
      ranAt,
      status: execution.status,
      durationMs: execution.durationMs,
      ...rows,
    });
    session.show();
    panel.reveal();
    vscode.window.setStatusBarMessage(
      `Dynamics 365: ${execution.status} ${inertText(execution.statusText)} in ${Math.round(execution.durationMs)} ms`,
      5000,
    );
    return {
      status: execution.status,
      rows: session.rowCount,
      moreRows: !!execution.next,
      durationMs: execution.durationMs,
      ...(execution.error ? { error: execution.error.message } : {}),
    };
  }

  private async runSqlWrite(run: Run, sql: SqlRun): Promise<RunOutcome> {
    const started = Date.now();
    const outcome = await runSqlWriteBlock(this.deps, run.org, {
      statement: sql.statement,
      text: sql.text,
      params: sql.params,
      headers: run.request.headers,
      origin: run.origin,
    });
    if (outcome.kind === 'cancelled') throw new vscode.CancellationError();
    const durationMs = Date.now() - started;
    await this.deps.history.add(run.org, run.text, { ranAt: started, status: 200, durationMs });
    if (outcome.kind === 'nothing') return { status: 200, rows: 0, moreRows: false, durationMs };
    return {
      status: 200,
      rows: outcome.succeeded,
      moreRows: false,
      durationMs,
      ...(outcome.failed > 0 ? { error: outcome.message } : {}),
    };
  }

  /** Read-only connections refuse writes before anything is sent; production ones (and the history, and an argument) ask first. */
  private async confirmSafety(org: OrgUrl, request: RunnableRequest, origin: RunOrigin, text: string): Promise<void> {
    const connection = connectionSafety(this.deps.settings().connections, org);
    const consent = runConsent(request.safety.access, origin, connection);
    if (consent.kind === 'send') return;
    if (consent.kind === 'refuse') {
      throw new UserError(
        `${connection.name ?? org.shortName} (${org.url}) is read-only: this request ${request.safety.summary} and was not sent. Turn off "readOnly" for the connection to write.`,
        { code: 'read_only' },
      );
    }
    const prompt = consentPrompt(
      consent,
      request.safety.summary,
      `${connection?.name ?? org.shortName} (${org.url})`,
      text,
    );
    // The text may be someone else's (a link's argument): shown as written, nothing in it clickable.
    const detail = prompt.detail === undefined ? {} : { detail: inertText(prompt.detail) };
    const answer = await vscode.window.showWarningMessage(
      inertText(prompt.message),
      { modal: true, ...detail },
      prompt.send,
    );
    if (answer !== prompt.send) throw new vscode.CancellationError();
  }

  private panelFor(key: string, title: string): ResultsPanel {
    let panel = this.panels.get(key);
    if (!panel) {
      panel = new ResultsPanel(this.deps.extensionUri, `Results: ${title}`, this.deps.onError);
      this.panels.set(key, panel);
      panel.onDidDispose(() => {
        this.panels.delete(key);
        this.sessions.delete(key);
      });
    } else {
      panel.setTitle(`Results: ${title}`);
    }
    return panel;
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
    this.responses.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}

function pickRequest(
  doc: QueryDocument,
  index: number | undefined,
  position: vscode.Position | undefined,
): ScratchRequest {
  const request =
    index !== undefined ? doc.requests[index] : position ? requestAt(doc, fromVsPosition(position)) : undefined;
  if (request) return request;
  throw new UserError(
    'There is no request here. Put the cursor in a request (for example "GET accounts?$top=10") and run it again.',
    { code: 'no_request' },
  );
}

/** The first error as a message with its line; the diagnostics in the editor show all of them. */
function checked(result: ResolveResult, document?: vscode.TextDocument): RunnableRequest {
  if (result.ok) return result.request;
  const first = result.errors[0]!;
  const where = document ? ` (line ${first.range.start.line + 1})` : '';
  throw new UserError(`Not sent: ${first.message}${where}`, { code: first.code });
}

function isOpen(key: string): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
}

function requestText(document: vscode.TextDocument, request: ScratchRequest): string {
  const r = request.blockRange;
  return document
    .getText(new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character))
    .replace(/^###.*\n/, '')
    .trim();
}
