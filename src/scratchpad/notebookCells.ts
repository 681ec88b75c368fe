// Scratchpad documents that are query notebook cells (scheme vscode-notebook-cell, language
// dataverse-query): their organization is the notebook's (`org` in its metadata, NOTEBOOK.md), and
// the variables and named requests of the cells above them are defined for them, so the language
// features serve a cell as they serve a block of a scratchpad.
import * as vscode from 'vscode';
import { OrgUrl } from '../core/org/orgUrl';
import { earlierCells, type EarlierCells } from '../core/notebook/cellContext';
import type { Diagnostic } from '../core/query/syntax/diagnostic';

export function isNotebookCell(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'vscode-notebook-cell';
}

function cellOf(document: vscode.TextDocument): vscode.NotebookCell | undefined {
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cell = notebook.getCells().find((c) => c.document === document);
    if (cell) return cell;
  }
  return undefined;
}

/** The organization of the notebook a cell belongs to. */
export function cellOrg(document: vscode.TextDocument): OrgUrl | undefined {
  const value = cellOf(document)?.notebook.metadata.org;
  const parsed = typeof value === 'string' ? OrgUrl.parse(value) : undefined;
  return parsed?.ok ? parsed.value : undefined;
}

/** What the query cells above a cell define (variables, request names); undefined for a scratchpad. */
export function earlierDefinitions(document: vscode.TextDocument): EarlierCells | undefined {
  const cell = isNotebookCell(document) ? cellOf(document) : undefined;
  if (!cell) return undefined;
  return earlierCells(
    cell.notebook
      .getCells()
      .slice(0, cell.index)
      .filter((c) => c.kind === vscode.NotebookCellKind.Code)
      .map((c) => c.document.getText()),
  );
}

/** A cell's diagnostics without the "not defined" warnings of names the cells above it define. */
export function withoutEarlierNames(document: vscode.TextDocument, found: Diagnostic[]): Diagnostic[] {
  const earlier = earlierDefinitions(document);
  if (!earlier) return found;
  return found.filter((d) => {
    if (d.code !== 'undefined-variable') return true;
    const reference = document
      .getText(new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character))
      .replace(/^\{\{|\}\}$/g, '');
    const root = reference.split('.')[0]!.trim();
    return !earlier.variables.has(root) && !earlier.requestNames.has(root);
  });
}
