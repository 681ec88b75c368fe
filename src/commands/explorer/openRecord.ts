// "Open Record": a record as a read-only JSON document, formatted values beside raw ones.
import * as vscode from 'vscode';
import { UserError } from '../../core/userError';
import { RecordNode } from '../../explorer/nodes/recordNodes';
import { recordUri } from '../../explorer/recordDocuments';
import type { Command } from '../command';
import { COMMAND } from '../../core/ids';

export function openRecordCommand(): Command {
  return {
    id: COMMAND.openRecord,
    run: async (node?: unknown) => {
      if (!(node instanceof RecordNode)) {
        throw new UserError(vscode.l10n.t('Run this command on a record in the Dynamics 365 explorer.'));
      }
      const table = node.parent.parent;
      if (!table.table.entitySetName) {
        throw new UserError(vscode.l10n.t('{0} is not available in the Web API.', table.table.logicalName));
      }
      const uri = recordUri({ org: table.org, entitySetName: table.table.entitySetName, id: node.recordId });
      const document = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Opening record…') },
        () => Promise.resolve(vscode.workspace.openTextDocument(uri)),
      );
      await vscode.window.showTextDocument(document, { preview: true });
      return uri.toString();
    },
  };
}
