// The organization a notebook runs against: `org` in its metadata (saved in the file). Read here
// by the notebook and, through the same key, by the scratchpad's language features for cells.
import * as vscode from 'vscode';
import { OrgUrl } from '../core/org/orgUrl';

export function notebookOrg(notebook: vscode.NotebookDocument): OrgUrl | undefined {
  const value = notebook.metadata.org;
  const parsed = typeof value === 'string' ? OrgUrl.parse(value) : undefined;
  return parsed?.ok ? parsed.value : undefined;
}

export async function setNotebookOrg(notebook: vscode.NotebookDocument, org: OrgUrl): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.updateNotebookMetadata({ ...notebook.metadata, org: org.url })]);
  await vscode.workspace.applyEdit(edit);
}
