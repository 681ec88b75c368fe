// "Copy Logical Name" / "Copy Schema Name" / "Copy Entity Set Name" on tables and columns.
import * as vscode from 'vscode';
import { UserError } from '../../core/userError';
import { ColumnNode } from '../../explorer/nodes/detailNodes';
import { TableNode } from '../../explorer/nodes/tableNodes';
import type { Command } from '../command';

type Which = 'logical' | 'schema' | 'entitySet';

export function copyNameCommand(id: string, which: Which): Command {
  return {
    id,
    run: async (node?: unknown) => {
      const name = nameOf(node, which);
      if (!name) {
        throw new UserError(vscode.l10n.t('Run this command on a table or column in the Dynamics 365 explorer.'));
      }
      await vscode.env.clipboard.writeText(name);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', name), 3000);
      return name;
    },
  };
}

function nameOf(node: unknown, which: Which): string | undefined {
  if (node instanceof TableNode) {
    const t = node.table;
    return which === 'logical' ? t.logicalName : which === 'schema' ? t.schemaName : t.entitySetName;
  }
  if (node instanceof ColumnNode) {
    return which === 'logical' ? node.column.logicalName : which === 'schema' ? node.column.schemaName : undefined;
  }
  return undefined;
}
