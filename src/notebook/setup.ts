// Builds the query notebook feature at start-up: the `.dvnb` serializer, a kernel per organization,
// the organization in the status bar. Running a cell loads the query engine (the scratchpad's lazy
// chunk) through the CellRunner it is given, so start-up stays free of the parser. The renderer's
// messages: "Open in Results View", and the string bundle it asks for.
import * as vscode from 'vscode';
import { OrgUrl } from '../core/org/orgUrl';
import type { Settings } from '../core/config/settings';
import type { NotebookFile } from '../core/notebook/notebookFile';
import type { ConnectionsService } from '../connections/connectionsService';
import type { DisposableStore } from '../platform/util/dispose';
import type { CellRunner } from '../results/cellRun';
import { COMMAND, NOTEBOOK } from '../core/ids';
import { showError } from '../platform/showError';
import { storedOutputOf } from './cellOutputs';
import { EditedCells } from './editedCells';
import { NotebookKernels } from './kernels';
import { NotebookOrgStatus } from './orgStatus';
import { DvnbSerializer, toNotebookData } from './serializer';

export interface NotebookParts {
  readonly kernels: NotebookKernels;
  readonly status: NotebookOrgStatus;
  readonly runner: () => Promise<CellRunner>;
  /** Opens an untitled notebook with these cells, on its organization's kernel. */
  open(file: NotebookFile): Promise<vscode.NotebookEditor>;
}

export function setUpNotebooks(
  context: vscode.ExtensionContext,
  store: DisposableStore,
  settings: () => Settings,
  connections: ConnectionsService,
  runner: () => Promise<CellRunner>,
): NotebookParts {
  const edited = store.add(new EditedCells());
  const serializer = new DvnbSerializer((texts) => edited.read(texts));
  store.add(vscode.workspace.registerNotebookSerializer(NOTEBOOK.type, serializer, { transientOutputs: false }));
  const kernels = store.add(new NotebookKernels({ settings, connections, runner, edited }));
  const status = store.add(new NotebookOrgStatus(connections, kernels, context.extension.id));
  // The renderer's "Open in Results View" names its output by when it ran; the cell holding it opens.
  const messaging = vscode.notebooks.createRendererMessaging(NOTEBOOK.renderer);
  store.add(
    messaging.onDidReceiveMessage(({ editor, message }) => {
      const m = (message ?? {}) as { type?: unknown; ranAt?: unknown };
      // The renderer has no string bundle of its own: it gets the one VS Code chose (none in English),
      // and the display language its numbers are written in.
      if (m.type === 'l10n' && vscode.l10n.bundle) {
        void messaging.postMessage(
          { type: 'l10n', contents: vscode.l10n.bundle, language: vscode.env.language },
          editor,
        );
        return;
      }
      if (m.type !== 'openInResults' || typeof m.ranAt !== 'string') return;
      const cell = editor.notebook.getCells().find((c) => storedOutputOf(c.outputs)?.ranAt === m.ranAt);
      if (cell) void vscode.commands.executeCommand(COMMAND.openCellInResults, cell).then(undefined, showError);
    }),
  );
  return {
    kernels,
    status,
    runner,
    open: async (file) => {
      const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK.type, toNotebookData(file));
      const editor = await vscode.window.showNotebookDocument(notebook);
      kernels.prefer(notebook);
      const org = file.org ? OrgUrl.parse(file.org) : undefined;
      if (org?.ok) await status.use(notebook, org.value);
      return editor;
    },
  };
}
