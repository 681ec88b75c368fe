// One notebook controller (kernel) per organization: signed-in and configured ones, and the one a
// notebook names. Choosing a kernel sets the notebook's organization (kept in the file); a notebook
// prefers the kernel of its organization. Running a cell goes through the query engine's CellRunner
// (the scratchpad's path: resolver, consent, execute, named responses, history); its answer becomes
// the cell's output, cut to the stored-rows setting. Nothing runs in an untrusted workspace.
import * as vscode from 'vscode';
import { OrgUrl } from '../core/org/orgUrl';
import type { Settings } from '../core/config/settings';
import { storedOutputOf, storedWriteOf } from '../core/notebook/storedOutput';
import { isCancellation, userMessage } from '../core/userError';
import { SCRATCHPAD_LANGUAGE_ID } from '../core/query/syntax/syntax';
import type { ConnectionsService } from '../connections/connectionsService';
import type { CellRunner, CellRunResult } from '../results/cellRun';
import type { Execution } from '../core/results/execute';
import type { RunnableRequest } from '../core/query/run/resolve';
import { NOTEBOOK } from '../core/ids';
import { messageOutput, toCellOutput } from './cellOutputs';
import type { EditedCells } from './editedCells';
import { notebookOrg, setNotebookOrg } from './notebookOrg';

export interface KernelDeps {
  settings: () => Settings;
  connections: ConnectionsService;
  runner: () => Promise<CellRunner>;
  edited: EditedCells;
}

/** The last answer of each cell in this window, for "Open in Results View" (the file keeps only N rows). */
export interface CellAnswer {
  readonly org: OrgUrl;
  readonly title: string;
  readonly request: RunnableRequest;
  readonly execution: Execution;
}

export class NotebookKernels implements vscode.Disposable {
  private readonly controllers = new Map<string, vscode.NotebookController>();
  private readonly answers = new WeakMap<vscode.NotebookCell, CellAnswer>();
  private order = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: KernelDeps) {
    this.subscriptions = [
      deps.connections.onDidChange(() => void this.refresh()),
      vscode.workspace.onDidOpenNotebookDocument((n) => this.prefer(n)),
    ];
    void this.refresh();
  }

  /** The answer a cell's last run in this window got. */
  answerOf(cell: vscode.NotebookCell): CellAnswer | undefined {
    return this.answers.get(cell);
  }

  /** The controller of an organization, made on first use. */
  controllerFor(org: OrgUrl, name = org.shortName): vscode.NotebookController {
    const known = this.controllers.get(org.url);
    if (known) return known;
    const controller = vscode.notebooks.createNotebookController(
      `${NOTEBOOK.controllerPrefix}${org.host}`,
      NOTEBOOK.type,
      name,
      (cells, notebook) => this.execute(org, cells, notebook, controller),
    );
    controller.description = org.url;
    controller.supportedLanguages = [SCRATCHPAD_LANGUAGE_ID];
    controller.supportsExecutionOrder = true;
    controller.onDidChangeSelectedNotebooks(({ notebook, selected }) => {
      if (selected && notebookOrg(notebook)?.url !== org.url) void setNotebookOrg(notebook, org);
    });
    this.controllers.set(org.url, controller);
    return controller;
  }

  private async refresh(): Promise<void> {
    for (const entry of await this.deps.connections.list()) {
      this.controllerFor(entry.org, entry.name).label = entry.name;
    }
    for (const notebook of vscode.workspace.notebookDocuments) this.prefer(notebook);
  }

  /** A notebook's own organization is its preferred kernel. */
  prefer(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK.type) return;
    const org = notebookOrg(notebook);
    if (org) this.controllerFor(org).updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
  }

  private async execute(
    org: OrgUrl,
    cells: vscode.NotebookCell[],
    notebook: vscode.NotebookDocument,
    controller: vscode.NotebookController,
  ): Promise<void> {
    if (notebookOrg(notebook)?.url !== org.url) await setNotebookOrg(notebook, org);
    for (const cell of cells) {
      if (cell.kind !== vscode.NotebookCellKind.Code) continue;
      // A failed or cancelled cell stops "Run All": the cells after it may read what it should have made.
      if (!(await this.runCell(org, cell, notebook, controller))) break;
    }
  }

  private async runCell(
    org: OrgUrl,
    cell: vscode.NotebookCell,
    notebook: vscode.NotebookDocument,
    controller: vscode.NotebookController,
  ): Promise<boolean> {
    const execution = controller.createNotebookCellExecution(cell);
    execution.executionOrder = ++this.order;
    execution.start(Date.now());
    if (!vscode.workspace.isTrusted) {
      await execution.replaceOutput(
        messageOutput(
          vscode.l10n.t('Not run: this folder is not trusted. Trust it (Manage Workspace Trust) to run the notebook.'),
        ),
      );
      execution.end(false, Date.now());
      return false;
    }
    const abort = new AbortController();
    const subscription = execution.token.onCancellationRequested(() => abort.abort());
    try {
      const earlier = notebook
        .getCells()
        .slice(0, cell.index)
        .filter((c) => c.kind === vscode.NotebookCellKind.Code)
        .map((c) => c.document.getText());
      const result = await (
        await this.deps.runner()
      ).runCell({
        notebook: notebook.uri.toString(),
        org,
        earlier,
        source: cell.document.getText(),
        edited: this.deps.edited.has(cell),
        signal: abort.signal,
      });
      const { output, ok } = this.outputOf(org, cell, result);
      await execution.replaceOutput(output);
      execution.end(ok, Date.now());
      return ok;
    } catch (err) {
      const cancelled = isCancellation(err) || abort.signal.aborted;
      await execution.replaceOutput(
        messageOutput(cancelled ? vscode.l10n.t('Not sent: cancelled.') : userMessage(err)),
      );
      execution.end(cancelled ? undefined : false, Date.now());
      return false;
    } finally {
      subscription.dispose();
    }
  }

  /** A cell's answer as its output, and whether the cell succeeded. */
  private outputOf(
    org: OrgUrl,
    cell: vscode.NotebookCell,
    result: CellRunResult,
  ): { output: vscode.NotebookCellOutput; ok: boolean } {
    if (result.kind === 'none') {
      const names = result.variables.join(', ');
      const text = names
        ? vscode.l10n.t('No request in this cell. The cells below see its variables: {0}.', names)
        : vscode.l10n.t('No request in this cell.');
      return { output: messageOutput(text), ok: true };
    }
    if (result.kind === 'write') {
      // A SQL write's output is its summary; it has no rows to open in the results view.
      this.answers.delete(cell);
      const stored = storedWriteOf(result.outcome, { org: org.url, durationMs: result.durationMs, ranAt: new Date() });
      return { output: toCellOutput(stored), ok: stored.write!.failed === 0 && stored.write!.notSent === 0 };
    }
    this.answers.set(cell, { org, title: result.title, request: result.request, execution: result.execution });
    const stored = storedOutputOf(result.execution, {
      org: org.url,
      maxRows: this.deps.settings().notebookStoredRows,
      ranAt: new Date(),
    });
    return { output: toCellOutput(stored), ok: !result.execution.error };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const c of this.controllers.values()) c.dispose();
    this.controllers.clear();
  }
}
