// "▶ Run" above every request of a scratchpad, refreshed as the document is edited.
import * as vscode from 'vscode';
import type { ScratchpadDocuments } from './documents';
import { toVsRange } from './documents';
import { COMMAND } from '../core/ids';
import { isNotebookCell } from './notebookCells';
import type { ScratchRequest } from '../core/query/syntax/syntax';

const KIND_NAMES: Partial<Record<ScratchRequest['kind'], string>> = {
  fetchxml: 'FetchXML',
  batch: '$batch',
  sql: 'SQL',
};

export class RunCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly documents: ScratchpadDocuments) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // A notebook cell runs with the notebook's own buttons (its earlier cells, its guards).
    if (isNotebookCell(document)) return [];
    const doc = this.documents.get(document);
    return doc.requests.flatMap((r) => {
      const range = toVsRange(r.lensRange);
      const what = KIND_NAMES[r.kind] ?? r.line?.method;
      return [
        new vscode.CodeLens(range, {
          title: `$(play) ${vscode.l10n.t('Run')}`,
          tooltip: what
            ? vscode.l10n.t({
                message: 'Run this {0} (Ctrl+Alt+R)',
                args: [what],
                comment: ['{0} is a kind of request: FetchXML, $batch, SQL or an HTTP method such as GET'],
              })
            : vscode.l10n.t('Run this request (Ctrl+Alt+R)'),
          command: COMMAND.runQuery,
          arguments: [document.uri, r.index],
        }),
      ];
    });
  }
}
