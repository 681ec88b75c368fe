// Runs a scratchpad request: resolves it against the organization's metadata and the responses of
// earlier named requests, applies the connection's safety (read-only refuses writes, production
// asks first), sends it once with a cancellable progress, and shows the answer in the document's
// results view. The document is never changed by a run.
import * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import type { Settings } from '../core/config/settings';
import { execute, type Execution } from '../core/results/execute';
import { cellDocument, earlierCells } from '../core/notebook/cellContext';
import type { CellRunInput, CellRunner, CellRunResult } from '../results/cellRun';
import { wireRequest } from '../core/results/wireRequest';
import { requestAt, type QueryDocument, type ScratchRequest } from '../core/query/syntax/syntax';
import { resolveQuickQuery, resolveRequest, type RunnableRequest } from '../core/query/run/resolve';
import { selfContainedText } from '../core/query/history/historyEntry';
import { NamedResponses } from '../core/query/run/namedResponses';
import type { RunOrigin } from '../core/query/run/runConsent';
import { inertText } from '../core/log/inert';
import { runProgressTitle } from '../core/query/run/progressTitle';
import { UserError } from '../core/userError';
import { checkedRequest, confirmRun, refuseUntrusted, resolveContextFor } from '../results/runGuard';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import type { DocumentOrgs } from './documentOrgs';
import { fromVsPosition, type ScratchpadDocuments } from './documents';
import type { QueryHistory } from './history';
import { isNotebookCell } from './notebookCells';
import type { SqlRun } from '../core/query/run/resolveSql';
import { runSqlWriteBlock, type SqlWriteOptions, type SqlWriteOutcome } from './sqlWrite';
import { ResultSession } from '../results/resultSession';
import { ResultsPanel } from '../results/resultsPanel';
import { formatCount } from '../core/numberFormat';

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

export class ScratchpadRunner implements vscode.Disposable, CellRunner {
  /** One results view per scratchpad (quick queries share one). */
  private readonly panels = new Map<string, ResultsPanel>();
  /** The last response of each named request, per scratchpad, org and session: `{{create.id}}` reads them. */
  private readonly responses = new NamedResponses();
  /** Dropping the responses of signed-out sessions; a request resolved meanwhile waits for it. */
  private sweeping: Promise<void> = Promise.resolve();
  private readonly sessions = new Map<string, ResultSession>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: RunnerDeps) {
    this.subscriptions = [
      // VS Code reuses a closed scratchpad's URI (untitled:Untitled-1): its responses go with it.
      vscode.workspace.onDidCloseTextDocument((d) => this.responses.forget(d.uri.toString())),
      vscode.workspace.onDidCloseNotebookDocument((n) => this.responses.forget(n.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => this.forgetIfMoved(e.document)),
      // Another account may sign in to the org next: what a signed-out one fetched leaves memory.
      deps.connections.onDidChange(() => this.forgetSignedOut()),
    ];
  }

  private forgetSignedOut(): void {
    this.sweeping = this.sweeping
      .then(async () => {
        if (this.responses.isEmpty()) return;
        const signedIn = await this.deps.connections.signedIn();
        this.responses.keepSignedIn(new Set(signedIn.map((s) => s.id)));
      })
      .catch(this.deps.onError);
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

  /**
   * Runs request `index` of the document, or the one under the cursor. `origin` is 'argument' when
   * the caller named a document no editor shows: its write is not in view, so it asks first.
   */
  async runInDocument(
    document: vscode.TextDocument,
    index?: number,
    position?: vscode.Position,
    origin: RunOrigin = 'document',
  ): Promise<RunOutcome> {
    if (isNotebookCell(document)) {
      // Run as a cell, it sees the cells above it and asks before a write it did not see typed.
      throw new UserError(
        vscode.l10n.t("This is a notebook cell: run it with the notebook's Run button (Ctrl+Enter)."),
        {
          code: 'notebook_cell',
        },
      );
    }
    const doc = this.deps.documents.get(document);
    const request = pickRequest(doc, index, position);
    const org = await this.deps.orgs.resolve(document);
    const key = document.uri.toString();
    const resolved = resolveRequest(doc, request, await this.context(org, key, sqlTextOf(request)));
    const runnable = checkedRequest(resolved, (line) => line);
    const title =
      request.name?.value ?? request.title?.trim() ?? `${document.uri.path.split('/').pop()} #${request.index + 1}`;
    const text = selfContainedText(doc, request, requestText(document, request));
    return this.run({ org, request: runnable, key, title, name: request.name?.value, text, origin });
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
    const runnable = checkedRequest(resolved);
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
  private async context(org: OrgUrl, key: string, sql?: string): ReturnType<typeof resolveContextFor> {
    await this.sweeping;
    // Only the responses fetched with the session this request goes out with: another account's are not its data.
    const session = (await this.deps.connections.session(org))?.id;
    return resolveContextFor(this.deps.metadata, org, this.responses.reader(key, org.url, session), sql);
  }

  private async run(run: Run): Promise<RunOutcome> {
    const { org, request, key, title } = run;
    // A SQL write is counted, confirmed and sent in batches by its own runner, never as one request;
    // it applies the same guards (read-only refuses, production asks), with the row count in the question.
    if (request.sql && !request.fetch) return this.runSqlWrite(run, request.sql);
    // A new run stops the view's loading of the last one (its rows must not reach the new grid).
    const execution = await this.send(run, () => this.sessions.get(key)?.cancel());
    const session = this.showInResults(key, org, title, request, execution);
    vscode.window.setStatusBarMessage(
      vscode.l10n.t({
        message: 'Dynamics 365: {0} {1} in {2} ms',
        args: [execution.status, inertText(execution.statusText), formatCount(execution.durationMs)],
        comment: ['{0} is the HTTP status code, {1} its reason phrase (e.g. 200 OK), {2} the duration'],
      }),
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

  /**
   * The one path every request takes: consent, sent once (with a cancellable progress, or under
   * the caller's signal), its response kept for `{{name.…}}`, and a line in the query history.
   */
  private async send(run: Run, beforeSend?: () => void, signal?: AbortSignal): Promise<Execution> {
    const { org, request, key, name, text, origin } = run;
    await confirmRun(this.deps.settings(), org, request, origin, text);
    beforeSend?.();
    const ranAt = Date.now();
    const client = this.deps.connections.client(org);
    const sessionBefore = name ? (await this.deps.connections.session(org))?.id : undefined;
    const executed = signal
      ? await execute(client, request, { signal })
      : await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: runProgressTitle(request.safety.summary),
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
    // A scratchpad (or notebook) closed while its request ran keeps nothing: a new one may take its URI.
    // Nor does a response whose session changed while it ran: whose data it is would be unclear.
    const session = name && sessionBefore ? (await this.deps.connections.session(org))?.id : undefined;
    if (name && session !== undefined && session === sessionBefore && isOpen(key)) {
      this.responses.record(key, org.url, session, name, {
        status: execution.status,
        headers: execution.headers,
        body: execution.bodyText,
      });
    }
    const rows =
      execution.error || request.safety.access === 'write'
        ? {}
        : { rows: Math.min(execution.rows?.length ?? 0, this.deps.settings().maxResultRows) };
    await this.deps.history.add(org, text, {
      ranAt,
      status: execution.status,
      durationMs: execution.durationMs,
      ...rows,
    });
    return execution;
  }

  /** A notebook cell, run as the request of a scratchpad made of the earlier cells' variables and its text. */
  async runCell(cell: CellRunInput): Promise<CellRunResult> {
    const { doc, requests, lineOffset } = cellDocument(earlierCells(cell.earlier), cell.source);
    if (requests.length === 0) return { kind: 'none', variables: [...earlierCells([cell.source]).variables.keys()] };
    if (requests.length > 1) {
      throw new UserError(
        vscode.l10n.t(
          'This cell holds {0} requests; a cell runs one. Split it at each ### line into cells of their own.',
          formatCount(requests.length),
        ),
        { code: 'cell_requests' },
      );
    }
    const request = requests[0]!;
    const resolved = resolveRequest(doc, request, await this.context(cell.org, cell.notebook, sqlTextOf(request)));
    const runnable = checkedRequest(resolved, (line) => line - lineOffset);
    const blockText = cell.source.replace(/^###.*\n?/, '').trim();
    const title = request.name?.value ?? request.title?.trim() ?? blockText.split('\n')[0]!.slice(0, 60);
    const run: Run = {
      org: cell.org,
      request: runnable,
      key: cell.notebook,
      title,
      name: request.name?.value,
      text: selfContainedText(doc, request, blockText),
      // A cell not typed here may be someone else's: a write asks first on any connection.
      origin: cell.edited ? 'document' : 'notebook',
    };
    if (runnable.sql && !runnable.fetch) {
      // The scratchpad's SQL write path: guards, rows counted, the question, batches sent once.
      const { outcome, durationMs } = await this.sendSqlWrite(run, runnable.sql, { signal: cell.signal, quiet: true });
      return { kind: 'write', title, outcome, durationMs };
    }
    const execution = await this.send(run, undefined, cell.signal);
    return { kind: 'ran', request: runnable, title, execution };
  }

  private async runSqlWrite(run: Run, sql: SqlRun): Promise<RunOutcome> {
    const { outcome, durationMs } = await this.sendSqlWrite(run, sql);
    if (outcome.kind === 'nothing') return { status: 200, rows: 0, moreRows: false, durationMs };
    return {
      status: 200,
      rows: outcome.succeeded,
      moreRows: false,
      durationMs,
      ...(outcome.failed > 0 ? { error: outcome.message } : {}),
    };
  }

  /** A SQL write through its guarded runner, with a line in the history; a "no" to its question is a cancellation. */
  private async sendSqlWrite(
    run: Run,
    sql: SqlRun,
    options?: SqlWriteOptions,
  ): Promise<{ outcome: Exclude<SqlWriteOutcome, { kind: 'cancelled' }>; durationMs: number }> {
    refuseUntrusted(run.origin);
    const started = Date.now();
    const outcome = await runSqlWriteBlock(
      this.deps,
      run.org,
      {
        statement: sql.statement,
        text: sql.text,
        params: sql.params,
        headers: run.request.headers,
        origin: run.origin,
      },
      options,
    );
    if (outcome.kind === 'cancelled') throw new vscode.CancellationError();
    const durationMs = Date.now() - started;
    await this.deps.history.add(run.org, run.text, { ranAt: started, status: 200, durationMs });
    return { outcome, durationMs };
  }

  /** The answer in the results view of `key`: Next page / All pages, export, Copy as. */
  showInResults(
    key: string,
    org: OrgUrl,
    title: string,
    request: RunnableRequest,
    execution: Execution,
  ): ResultSession {
    const panel = this.panelFor(key, title);
    const client = this.deps.connections.client(org);
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
    session.show();
    panel.reveal();
    return session;
  }

  private panelFor(key: string, title: string): ResultsPanel {
    let panel = this.panels.get(key);
    if (!panel) {
      panel = new ResultsPanel(this.deps.extensionUri, vscode.l10n.t('Results: {0}', title), this.deps.onError);
      this.panels.set(key, panel);
      panel.onDidDispose(() => {
        this.panels.delete(key);
        this.sessions.delete(key);
      });
    } else {
      panel.setTitle(vscode.l10n.t('Results: {0}', title));
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
    vscode.l10n.t(
      'There is no request here. Put the cursor in a request (for example "GET accounts?$top=10") and run it again.',
    ),
    { code: 'no_request' },
  );
}

function isOpen(key: string): boolean {
  return (
    vscode.workspace.textDocuments.some((d) => d.uri.toString() === key) ||
    vscode.workspace.notebookDocuments.some((n) => n.uri.toString() === key)
  );
}

function requestText(document: vscode.TextDocument, request: ScratchRequest): string {
  const r = request.blockRange;
  return document
    .getText(new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character))
    .replace(/^###.*\n/, '')
    .trim();
}

/** The text of a SQL block: its tables are loaded before it is translated. */
function sqlTextOf(request: ScratchRequest): string | undefined {
  return request.kind === 'sql' ? request.sql?.text : undefined;
}
