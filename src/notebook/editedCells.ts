// Which notebook cells were typed or changed in this window. A cell that was not (it came in a
// file, maybe someone else's) never runs a write without asking first (NOTEBOOK.md, "Writes").
// The texts the cells had when their notebook was opened are kept, and a cell counts as edited when
// its text is none of them: change events are not enough (VS Code may report a change on a cell it
// loads), nor are cell URIs (a reloaded notebook gets new cells). A cell copied from another one
// of the file counts as not edited, which only means one more question.
import * as vscode from 'vscode';
import { NOTEBOOK } from '../core/ids';

export class EditedCells implements vscode.Disposable {
  /** The cells' texts when the notebook was opened, per notebook. */
  private readonly opened = new WeakMap<vscode.NotebookDocument, Set<string>>();
  private readonly subscriptions = [vscode.workspace.onDidOpenNotebookDocument((n) => this.remember(n))];

  constructor() {
    for (const notebook of vscode.workspace.notebookDocuments) this.remember(notebook);
  }

  private remember(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK.type || this.opened.has(notebook)) return;
    this.opened.set(notebook, new Set(notebook.getCells().map((c) => c.document.getText())));
  }

  /** Untitled notebooks are made here (their cells are the user's own); a file's cells must differ from how they were opened. */
  has(cell: vscode.NotebookCell): boolean {
    if (cell.notebook.notebookType !== NOTEBOOK.type) return false;
    if (cell.notebook.isUntitled) return true;
    const original = this.opened.get(cell.notebook);
    // A notebook this window never saw open: nothing of it was typed here.
    if (!original) return false;
    return !original.has(cell.document.getText());
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
