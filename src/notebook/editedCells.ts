// Which notebook cells were typed or changed in this window. A cell that was not (it came in a
// file, maybe someone else's) never runs a write without asking first (NOTEBOOK.md, "Writes").
// The texts the cells had when their notebook was opened are kept, and a cell counts as edited when
// its text is none of them: change events are not enough (VS Code may report a change on a cell it
// loads), nor are cell URIs (a reloaded notebook gets new cells). A cell copied from another one
// of the file counts as not edited, which only means one more question. A notebook not dirty is
// reloaded in place when its file changes on disk (a `git pull`), and a revert reloads it too: the
// cells such a change brings in while the notebook stays clean came from the file, so their texts
// join the remembered ones. A person's edit makes the notebook dirty; when VS Code reports their
// first edit before the dirty flag, a cell added then counts as not edited: one more question.
import * as vscode from 'vscode';
import { NOTEBOOK } from '../core/ids';

export class EditedCells implements vscode.Disposable {
  /** The cells' texts when the notebook was opened, per notebook. */
  private readonly opened = new WeakMap<vscode.NotebookDocument, Set<string>>();
  private readonly subscriptions = [
    vscode.workspace.onDidOpenNotebookDocument((n) => this.remember(n)),
    vscode.workspace.onDidChangeNotebookDocument((e) => this.reloaded(e)),
  ];

  constructor() {
    for (const notebook of vscode.workspace.notebookDocuments) this.remember(notebook);
  }

  private remember(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK.type || this.opened.has(notebook)) return;
    this.opened.set(notebook, new Set(notebook.getCells().map((c) => c.document.getText())));
  }

  /** Cells added by a change that leaves the notebook clean came from its file (reload, revert), not from a person. */
  private reloaded(change: vscode.NotebookDocumentChangeEvent): void {
    if (change.notebook.isDirty || change.notebook.isUntitled) return;
    const texts = this.opened.get(change.notebook);
    if (!texts) return;
    for (const content of change.contentChanges) {
      for (const cell of content.addedCells) texts.add(cell.document.getText());
    }
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
