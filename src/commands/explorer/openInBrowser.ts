// "Open in Browser": a table's list or a record's form in the organization's web client.
import * as vscode from 'vscode';
import { recordFormUrl, tableListUrl } from '../../core/explorer/orgLinks';
import { UserError } from '../../core/userError';
import { RecordNode } from '../../explorer/nodes/recordNodes';
import { TableNode } from '../../explorer/nodes/tableNodes';
import type { Command } from '../command';
import { COMMAND } from '../../core/ids';

export function openInBrowserCommand(): Command {
  return {
    id: COMMAND.openInBrowser,
    run: async (node?: unknown) => {
      const url = urlOf(node);
      if (!url) {
        throw new UserError(vscode.l10n.t('Run this command on a table or record in the Dynamics 365 explorer.'));
      }
      await vscode.env.openExternal(vscode.Uri.parse(url, true));
      return url;
    },
  };
}

function urlOf(node: unknown): string | undefined {
  if (node instanceof TableNode) return tableListUrl(node.org, node.table.logicalName);
  if (node instanceof RecordNode) {
    const table = node.parent.parent;
    return recordFormUrl(table.org, table.table.logicalName, node.recordId);
  }
  return undefined;
}
