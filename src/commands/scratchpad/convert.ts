// "Convert SQL to FetchXML" and "Convert FetchXML to SQL": the block under the cursor (or at the
// position a code action passes) converted into a new block after it.
import * as vscode from 'vscode';
import type { ConversionTarget } from '../../core/query/language/sqlConversions';
import { UserError } from '../../core/userError';
import { isScratchpad } from '../../scratchpad/language';
import type { ScratchpadParts } from '../../scratchpad/setup';
import type { Command } from '../command';
import { COMMAND } from '../../core/ids';

export function convertToFetchXmlCommand(scratchpad: ScratchpadParts): Command {
  return {
    id: COMMAND.convertToFetchXml,
    run: (uri?: unknown, at?: unknown) => convert(scratchpad, 'fetchxml', uri, at),
  };
}

export function convertToSqlCommand(scratchpad: ScratchpadParts): Command {
  return { id: COMMAND.convertToSql, run: (uri?: unknown, at?: unknown) => convert(scratchpad, 'sql', uri, at) };
}

/** Returns the first line of the new block. */
async function convert(
  scratchpad: ScratchpadParts,
  to: ConversionTarget,
  uriArg: unknown,
  positionArg: unknown,
): Promise<number> {
  const editor = vscode.window.activeTextEditor;
  const document = uriArg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uriArg) : editor?.document;
  if (!isScratchpad(document)) {
    throw new UserError(vscode.l10n.t('Open a Dynamics 365 scratchpad (.dvq) first.'), { code: 'no_scratchpad' });
  }
  const position =
    positionArg instanceof vscode.Position
      ? positionArg
      : (vscode.window.visibleTextEditors.find((e) => e.document === document)?.selection.active ??
        new vscode.Position(0, 0));
  return (await scratchpad.engine()).conversions.convert(document, position, to);
}
