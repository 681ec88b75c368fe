// Opens VS Code's diff editor on one table of the comparison on screen: the normalized text of the
// first environment on the left, the second on the right.
import * as vscode from 'vscode';
import { COMMAND } from '../../core/ids';
import { tableText } from '../../core/metadata/diff/normalize';
import { UserError } from '../../core/userError';
import type { MetadataToolsParts } from '../../metadataTools/setup';
import type { Command } from '../command';

export function openTableDiffCommand(tools: MetadataToolsParts): Command {
  return {
    id: COMMAND.openTableDiff,
    run: async (logicalName?: unknown, block?: unknown): Promise<void> => {
      const diff = tools.documents.current;
      const table = diff?.tables.find((t) => t.logicalName === logicalName);
      if (!diff || !table) {
        throw new UserError(vscode.l10n.t('Choose a table in the Metadata Differences view.'));
      }
      const right = tools.documents.uri(table, 'right');
      // The item's block ("column jobtitle") in the second environment's text, when there is one.
      const lines = tableText(table.right).split('\n');
      const line = typeof block === 'string' ? lines.indexOf(block) : -1;
      await vscode.commands.executeCommand(
        'vscode.diff',
        tools.documents.uri(table, 'left'),
        right,
        vscode.l10n.t('{0}: {1} ↔ {2}', table.logicalName, diff.leftLabel, diff.rightLabel),
        { preview: true, ...(line >= 0 ? { selection: new vscode.Range(line, 0, line, 0) } : {}) },
      );
    },
  };
}
