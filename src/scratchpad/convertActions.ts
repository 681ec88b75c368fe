// "Convert FetchXML to OData" and "Convert OData to FetchXML" on the block under the cursor: the code
// actions offered on the block and the two commands they run. Only the registration lives here, in
// the main bundle; the work (convertWork.ts) comes with the scratchpad engine's chunk. The converted
// query goes into a new block right below (the source block stays as written); a query the other
// language cannot express exactly is refused with the reason core gives.
import * as vscode from 'vscode';
import { COMMAND } from '../core/ids';
import type { MetadataService } from '../connections/metadataService';
import { showError } from '../platform/showError';
import type { DisposableStore } from '../platform/util/dispose';
import type { ScratchpadEngine } from './engine';
import type { Direction } from './convertWork';
import { SCRATCHPAD_SELECTOR } from './language';

export type { ConvertOutcome } from './convertWork';

export function registerConvertActions(
  store: DisposableStore,
  engine: () => Promise<ScratchpadEngine>,
  metadata: MetadataService,
): void {
  store.add(
    vscode.languages.registerCodeActionsProvider(
      SCRATCHPAD_SELECTOR,
      {
        provideCodeActions: async (document, range) => {
          const { conversionAt } = await import('./engine');
          const found = conversionAt(await engine(), document, range.start);
          if (!found) return [];
          const { direction, index } = found;
          const title =
            direction === 'toOData'
              ? vscode.l10n.t('Convert FetchXML to OData')
              : vscode.l10n.t('Convert OData to FetchXML');
          const action = new vscode.CodeAction(title, vscode.CodeActionKind.RefactorRewrite);
          action.command = {
            title,
            command: direction === 'toOData' ? COMMAND.convertFetchXmlToOData : COMMAND.convertODataToFetchXml,
            arguments: [document.uri, index],
          };
          return [action];
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.RefactorRewrite] },
    ),
  );
  const command = (direction: Direction) => async (uri?: unknown, index?: unknown) => {
    try {
      const { convertBlock } = await import('./engine');
      return await convertBlock(await engine(), metadata, direction, uri, index);
    } catch (err) {
      void showError(err);
      return undefined;
    }
  };
  store.add(vscode.commands.registerCommand(COMMAND.convertFetchXmlToOData, command('toOData')));
  store.add(vscode.commands.registerCommand(COMMAND.convertODataToFetchXml, command('toFetchXml')));
}
