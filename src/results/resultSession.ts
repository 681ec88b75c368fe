// What the results view shows for one run, and what its buttons do: the next page, all pages up to
// the row limit (with a running count and Cancel), export to CSV or JSON (streamed to the file),
// and copy the request as code. Rows stay in memory for export; pages that were not asked for
// are never fetched. A new run in the view, or closing it, ends the session: nothing of it is shown
// after that.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { writeCsv } from '../core/results/csv';
import { nodeExportFileSystem, writeExportFile } from '../core/results/exportFile';
import { writeJsonRows } from '../core/results/jsonExport';
import { jsonPreview } from '../core/results/jsonPreview';
import { nextPage, type Continuation, type Execution } from '../core/results/execute';
import { GridLayout } from '../core/results/gridView';
import type { CopyKind, GridColumn, GridRow, HostMessage, ResultSummary } from '../core/results/protocol';
import { ResultTable, type ResultRow } from '../core/results/resultTable';
import { capPage, limitNote } from '../core/results/rowLimit';
import { RunLifetime, type PageSteps } from '../core/results/runLifetime';
import { snippet } from '../core/results/snippets';
import type { ResultsController, ResultsPanel } from './resultsPanel';
import type { WebApiSender } from '../core/ports';
import { formatFetchXml, scratchpadWith } from '../core/query/syntax/fetchFormat';
import { SCRATCHPAD_LANGUAGE_ID } from '../core/query/syntax/syntax';
import { formatCount } from '../core/numberFormat';

/** The request as sent, for the summary line and "Copy as…". */
export interface SentRequest {
  readonly method: string;
  /** Absolute URL on the org. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly title: string;
  /** The FetchXML that ran, when the query was written in SQL. */
  readonly fetchXml?: string;
}

const JSON_VIEW_LIMIT = 2 * 1024 * 1024;
/** Rows in a run's first message: a screenful or more, so the grid paints before the rest arrives. */
const FIRST_ROWS = 200;
/** Rows per `append` message after it. */
const CHUNK_ROWS = 1000;

export class ResultSession implements ResultsController {
  private readonly table = new ResultTable();
  private readonly layout = new GridLayout();
  private jsonText: Extract<HostMessage, { type: 'json' }> | undefined;
  /** Pages loaded: the run's answer is the first. */
  private pages = 1;
  /** Set when loading stopped at the row limit: what the view says about it. */
  private note: string | undefined;
  private continuation: Continuation | undefined;
  private readonly life: RunLifetime;
  private sizeBytes: number;
  private durationMs: number;

  constructor(
    private readonly panel: ResultsPanel,
    private readonly sender: WebApiSender,
    private readonly sent: SentRequest,
    private execution: Execution,
    private readonly options: { maxRows: () => number; logicalNameOf: (entitySet: string) => string | undefined },
  ) {
    this.continuation = execution.next;
    this.life = new RunLifetime((message) => panel.post(message));
    this.sizeBytes = execution.sizeBytes;
    this.durationMs = execution.durationMs;
  }

  /**
   * Sends the run's result to the view: the first rows at once, the rest of the page right after in
   * chunks (messages keep their order), so the grid paints its first screen without waiting for all.
   */
  show(): void {
    if (this.life.ended) return;
    const added = this.add(this.execution.rows ?? []);
    // The table holds them now; the parsed page would be a second copy for as long as the view lives.
    this.execution = { ...this.execution, rows: undefined };
    const { columns, rows } = this.layout.page(this.table.columns, added);
    this.panel.show(
      {
        type: 'result',
        summary: this.summary(),
        columns,
        rows: rows.slice(0, FIRST_ROWS),
        headers: Object.entries(this.execution.headers),
        ...(this.sent.fetchXml !== undefined ? { fetchXml: formatFetchXml(this.sent.fetchXml) } : {}),
      },
      this,
    );
    this.postRows(columns, rows.slice(FIRST_ROWS));
  }

  /**
   * The JSON tab asked for its text: pretty-printed on first use, and again after more pages came
   * (it then holds every row loaded, as the grid does).
   */
  json(): void {
    if (this.jsonText?.pages !== this.pages) {
      this.jsonText = {
        type: 'json',
        pages: this.pages,
        ...jsonPreview(this.execution.bodyText, this.table.records(), this.pages, JSON_VIEW_LIMIT),
      };
    }
    this.life.post(this.jsonText);
  }

  private postRows(columns: GridColumn[], rows: readonly GridRow[]): void {
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      this.life.post({ type: 'append', summary: this.summary(), columns, rows: rows.slice(i, i + CHUNK_ROWS) });
    }
  }

  get rowCount(): number {
    return this.table.size;
  }

  async nextPage(): Promise<void> {
    await this.loadPages(1);
  }

  async allPages(): Promise<void> {
    await this.loadPages(Number.POSITIVE_INFINITY);
  }

  cancel(): void {
    this.life.cancel();
  }

  /** A new run took the view, or it was closed: stops loading, and nothing more is posted. */
  dispose(): void {
    this.life.end();
  }

  async export(format: 'csv' | 'json'): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t({
        message: 'Export {0} rows as {1}',
        args: [formatCount(this.table.size), format.toUpperCase()],
        comment: ['{1} is CSV or JSON'],
      }),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      // Beside the workspace (or in the home folder), not at the file system's root.
      defaultUri: vscode.Uri.joinPath(
        vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir()),
        `${safeFileName(this.sent.title)}.${format}`,
      ),
    });
    if (!target) return;
    const count = await this.exportTo(target.fsPath, format);
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Exported {0} rows to {1}', formatCount(count), target.fsPath),
    );
  }

  /**
   * Writes every row loaded so far, as rows are turned into text. The target is replaced only when
   * all is written: a failure leaves no partial file, says why, and the rows stay for another try.
   */
  async exportTo(file: string, format: 'csv' | 'json'): Promise<number> {
    return writeExportFile(nodeExportFileSystem, file, (write) =>
      format === 'csv'
        ? writeCsv(this.table.columns, this.table.rows(), write)
        : writeJsonRows(this.table.records(), write),
    );
  }

  async copyAs(kind: CopyKind): Promise<void> {
    const text = snippet(
      kind,
      { method: this.sent.method, url: this.sent.url, headers: this.sent.headers, body: this.sent.body },
      this.options.logicalNameOf,
    );
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Dynamics 365: request copied as code (no token in it)'), 4000);
  }

  async copyFetchXml(): Promise<void> {
    if (this.sent.fetchXml === undefined) return;
    await vscode.env.clipboard.writeText(formatFetchXml(this.sent.fetchXml));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Dynamics 365: FetchXML copied'), 4000);
  }

  /** A new scratchpad on the same organization, holding the FetchXML as its one block. */
  async openFetchXml(): Promise<void> {
    if (this.sent.fetchXml === undefined) return;
    const content = scratchpadWith(
      new URL(this.sent.url).origin,
      vscode.l10n.t('{0} (FetchXML)', this.sent.title),
      formatFetchXml(this.sent.fetchXml),
    );
    const document = await vscode.workspace.openTextDocument({ language: SCRATCHPAD_LANGUAGE_ID, content });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
  }

  private async loadPages(maxPages: number): Promise<void> {
    const limit = this.options.maxRows();
    const outcome = await this.life.loadPages(this.pageSteps, maxPages, limit);
    if (outcome === 'limit') {
      // Asked for more with the limit already reached (it was lowered since): say why nothing came.
      this.stopLoading(limitNote(limit));
      this.life.post({
        type: 'append',
        summary: this.summary(),
        columns: this.layout.page(this.table.columns, []).columns,
        rows: [],
      });
    }
  }

  private readonly pageSteps: PageSteps = {
    next: () => this.continuation,
    rowCount: () => this.table.size,
    fetch: (continuation, signal) => nextPage(this.sender, continuation, { signal }),
    accept: (page) => {
      this.continuation = page.next;
      this.pages++;
      this.sizeBytes += page.sizeBytes;
      this.durationMs += page.durationMs;
      const added = this.add(page.rows);
      const { columns, rows } = this.layout.page(this.table.columns, added);
      this.postRows(columns, rows);
    },
  };

  /**
   * Rows go into the table only (it keeps them compactly: cells for the grid and CSV, records for
   * JSON), never past the row limit: a page that reaches it is cut there and loading stops. Called
   * with `continuation` already where the rows after these are.
   */
  private add(rows: readonly unknown[]): ResultRow[] {
    const capped = capPage(rows, this.table.size, this.options.maxRows(), !!this.continuation);
    if (capped.note) this.stopLoading(capped.note);
    return this.table.addRows(capped.rows);
  }

  /** No more rows are loaded: the view says why until the next run. */
  private stopLoading(note: string): void {
    this.continuation = undefined;
    this.note = note;
  }

  private summary(): ResultSummary {
    const e = this.execution;
    const target = this.sent.url.replace(/^https:\/\/[^/]+\/api\/data\/v[\d.]+\//i, '');
    return {
      title: this.sent.title,
      method: this.sent.method,
      target,
      status: e.status,
      statusText: e.statusText,
      durationMs: Math.round(this.durationMs),
      sizeBytes: this.sizeBytes,
      rowCount: this.table.size,
      pages: this.pages,
      moreRows: !!this.continuation,
      ...(this.note ? { note: this.note } : {}),
      ...(e.error ? { error: { code: e.error.code, message: e.error.message } } : {}),
    };
  }
}

function safeFileName(title: string): string {
  return title.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'results';
}
