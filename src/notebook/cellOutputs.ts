// A stored output as VS Code shows it, and back: our rows mime (read by the notebook renderer: the
// results grid, or the error as text), the rows as JSON, and a plain-text summary for other
// renderers. The rows mime item is the one the file keeps; the other two are made from it.
import * as vscode from 'vscode';
import type { StoredOutput } from '../core/notebook/notebookFile';
import { outputRecords, outputSummary } from '../core/notebook/storedOutput';
import { tryParseJson } from '../core/json';
import { NOTEBOOK_MIME } from '../core/ids';

export function toCellOutput(output: StoredOutput): vscode.NotebookCellOutput {
  const json = output.error
    ? { error: output.error, status: output.status }
    : output.write
      ? output.write
      : output.columns
        ? outputRecords(output)
        : (tryParseJson(output.body ?? '') ?? output.body ?? null);
  return new vscode.NotebookCellOutput([
    vscode.NotebookCellOutputItem.json(output, NOTEBOOK_MIME.rows),
    vscode.NotebookCellOutputItem.json(json, 'application/json'),
    vscode.NotebookCellOutputItem.text(outputSummary(output), 'text/plain'),
  ]);
}

/** The stored output of a cell's outputs (the first that carries our rows mime). */
export function storedOutputOf(outputs: readonly vscode.NotebookCellOutput[]): StoredOutput | undefined {
  for (const output of outputs) {
    const item = output.items.find((i) => i.mime === NOTEBOOK_MIME.rows);
    if (!item) continue;
    const value = tryParseJson(new TextDecoder().decode(item.data));
    if (value && typeof value === 'object') return value as StoredOutput;
  }
  return undefined;
}

/** A message of ours in a cell (not sent, untrusted folder): plain text only. */
export function messageOutput(text: string): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(text, 'text/plain')]);
}
