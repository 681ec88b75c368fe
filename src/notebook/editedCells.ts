// Which notebook cells were typed or changed in this window. A cell that was not (it came in a
// file, maybe someone else's) never runs a write without asking first (NOTEBOOK.md, "Writes").
import * as vscode from 'vscode';
import { NOTEBOOK } from '../core/ids';

export class EditedCells implements vscode.Disposable {
  private readonly edited = new Set<string>();
  /** Notebooks made in this window (untitled): their cells are the user's own. */
  private readonly subscriptions = [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme === 'vscode-notebook-cell' && e.contentChanges.length > 0) {
        this.edited.add(e.document.uri.toString());
      }
    }),
    vscode.workspace.onDidCloseNotebookDocument((n) => {
      for (const c of n.getCells()) this.edited.delete(c.document.uri.toString());
    }),
  ];

  has(cell: vscode.NotebookCell): boolean {
    if (cell.notebook.notebookType !== NOTEBOOK.type) return false;
    return cell.notebook.isUntitled || this.edited.has(cell.document.uri.toString());
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
