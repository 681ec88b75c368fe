// Which notebook cells were typed or changed in this window. A cell that was not (it came in a
// file, maybe someone else's) never runs a write without asking first (NOTEBOOK.md, "Writes").
// The texts the cells had when their notebook was opened are kept, and so are the texts of every
// notebook file read in this window (the serializer reports them): a notebook not dirty is reloaded
// in place when its file changes on disk (a `git pull`), and a revert reads the file again, so the
// cells they bring in hold texts no person typed here. A cell counts as edited when its text is
// none of these. Change events are not enough (VS Code may report a change on a cell it loads, and
// reports a person's first edit as not dirty and a revert's cells as dirty), nor are cell URIs (a
// reloaded notebook gets new cells). A cell copied from a file's cell counts as not edited, which
// only means one more question; so does a typed text some file read here also holds.
import * as vscode from 'vscode';
import { NOTEBOOK } from '../core/ids';

/** Line ends as VS Code may rewrite them in a cell: a text differing only there is the same text. */
const normalized = (text: string): string => text.replace(/\r\n?/g, '\n');

export class EditedCells implements vscode.Disposable {
  /** The cells' texts when the notebook was opened, per notebook. */
  private readonly opened = new WeakMap<vscode.NotebookDocument, Set<string>>();
  /** The cells' texts of every notebook file read in this window (open, reload, revert). */
  private readonly fromFiles = new Set<string>();
  private readonly subscriptions = [vscode.workspace.onDidOpenNotebookDocument((n) => this.remember(n))];

  constructor() {
    for (const notebook of vscode.workspace.notebookDocuments) this.remember(notebook);
  }

  private remember(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK.type || this.opened.has(notebook)) return;
    this.opened.set(notebook, new Set(notebook.getCells().map((c) => normalized(c.document.getText()))));
  }

  /** The serializer read a notebook file holding these cells' texts. */
  read(texts: readonly string[]): void {
    for (const text of texts) this.fromFiles.add(normalized(text));
  }

  /** Untitled notebooks are made here (their cells are the user's own); a file's cells must differ from how they were read. */
  has(cell: vscode.NotebookCell): boolean {
    if (cell.notebook.notebookType !== NOTEBOOK.type) return false;
    if (cell.notebook.isUntitled) return true;
    const original = this.opened.get(cell.notebook);
    // A notebook this window never saw open: nothing of it was typed here.
    if (!original) return false;
    const text = normalized(cell.document.getText());
    return !original.has(text) && !this.fromFiles.has(text);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
