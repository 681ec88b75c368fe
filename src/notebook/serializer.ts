// `.dvnb` files in and out of VS Code's notebook model: core reads and writes the file
// (core/notebook/notebookFile.ts); this maps cells, the org and what VS Code does not model (keys
// of newer versions) to cells, outputs and metadata. A malformed file is refused with the reason.
import * as vscode from 'vscode';
import { parseNotebook, serializeNotebook, type NotebookCell, type NotebookFile } from '../core/notebook/notebookFile';
import { SCRATCHPAD_LANGUAGE_ID } from '../core/query/syntax/syntax';
import { storedOutputOf, toCellOutput } from './cellOutputs';

export class DvnbSerializer implements vscode.NotebookSerializer {
  /** `read` hears the cells' texts of every file read: an open, a reload after a change on disk, a revert. */
  constructor(private readonly read: (texts: readonly string[]) => void = () => undefined) {}

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const text = new TextDecoder().decode(content);
    let file: NotebookFile;
    try {
      file = parseNotebook(text);
    } catch (err) {
      // VS Code shows this in the editor; the file is left as it is.
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(
        vscode.l10n.t(
          'This query notebook cannot be opened: {0} Reopen it with the Text Editor to fix it; nothing in it was changed.',
          reason,
        ),
        { cause: err },
      );
    }
    this.read(file.cells.map((c) => c.source));
    return toNotebookData(file);
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    return new TextEncoder().encode(serializeNotebook(fromNotebookData(data)));
  }
}

export function toNotebookData(file: NotebookFile): vscode.NotebookData {
  const data = new vscode.NotebookData(file.cells.map(toCellData));
  data.metadata = { ...(file.org ? { org: file.org } : {}), ...(file.extra ? { extra: file.extra } : {}) };
  return data;
}

function toCellData(cell: NotebookCell): vscode.NotebookCellData {
  const data =
    cell.kind === 'markdown'
      ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, cell.source, 'markdown')
      : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, cell.source, SCRATCHPAD_LANGUAGE_ID);
  if (cell.output) data.outputs = [toCellOutput(cell.output)];
  if (cell.extra) data.metadata = { extra: cell.extra };
  return data;
}

export function fromNotebookData(data: vscode.NotebookData): NotebookFile {
  const meta = data.metadata ?? {};
  const cells = data.cells.map((cell): NotebookCell => {
    const output = cell.kind === vscode.NotebookCellKind.Code ? storedOutputOf(cell.outputs ?? []) : undefined;
    const extra = cell.metadata?.extra as Record<string, unknown> | undefined;
    return {
      kind: cell.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'query',
      source: cell.value,
      ...(output ? { output } : {}),
      ...(extra ? { extra } : {}),
    };
  });
  return {
    ...(typeof meta.org === 'string' ? { org: meta.org } : {}),
    cells,
    ...(meta.extra ? { extra: meta.extra as Record<string, unknown> } : {}),
  };
}

/** The file of an open notebook, as it would be saved. */
export function notebookFileOf(notebook: vscode.NotebookDocument): NotebookFile {
  const data = new vscode.NotebookData(
    notebook.getCells().map((c) => {
      const cell = new vscode.NotebookCellData(c.kind, c.document.getText(), c.document.languageId);
      cell.outputs = [...c.outputs];
      cell.metadata = c.metadata;
      return cell;
    }),
  );
  data.metadata = notebook.metadata;
  return fromNotebookData(data);
}
