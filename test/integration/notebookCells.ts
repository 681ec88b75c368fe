// Notebook cells in the extension host: a notebook on the sandbox org's kernel, its cells run the
// way the Run buttons do, and what their outputs hold (the stored output, the plain-text summary).
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import type { StoredOutput } from '../../src/core/notebook/notebookFile';
import { extensionId } from './extension';
import { sandbox, waitFor } from './sandbox';

const org = OrgUrl.from(sandbox().orgUrl);
const ROWS_MIME = 'application/vnd.dynamics365.rows+json';

export function stored(cell: vscode.NotebookCell): StoredOutput | undefined {
  const item = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === ROWS_MIME);
  return item ? (JSON.parse(new TextDecoder().decode(item.data)) as StoredOutput) : undefined;
}

export function outputText(cell: vscode.NotebookCell): string {
  const item = cell.outputs.flatMap((o) => o.items).find((i) => i.mime === 'text/plain');
  return item ? new TextDecoder().decode(item.data) : '';
}

/** Shows the notebook on the org's kernel and runs cells [start, end) the way the Run buttons do. */
export async function runCells(notebook: vscode.NotebookDocument, start: number, end: number): Promise<void> {
  await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', {
    id: `dynamics365-notebook-${org.host}`,
    extension: extensionId,
  });
  const before = notebook.getCells().map((c) => c.executionSummary?.timing?.endTime);
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start, end }], document: notebook.uri });
  // The command returns once the cells are queued; each has ended when its summary has a new end time.
  await waitFor('the cells to finish', async () =>
    notebook
      .getCells()
      .slice(start, end)
      .every(
        (c) =>
          c.executionSummary?.timing?.endTime !== undefined && c.executionSummary.timing.endTime !== before[c.index],
      )
      ? true
      : undefined,
  );
}

export async function untitled(cells: string[]): Promise<vscode.NotebookDocument> {
  const data = new vscode.NotebookData(
    cells.map((c) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, c, 'dataverse-query')),
  );
  data.metadata = { org: org.url };
  return vscode.workspace.openNotebookDocument('dynamics365-notebook', data);
}
