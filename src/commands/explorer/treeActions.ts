// Small tree actions: Load more records, Retry a failed load, Refresh one organization or all.
import * as vscode from 'vscode';
import { UserError } from '../../core/userError';
import { RecordsFolder } from '../../explorer/nodes/recordNodes';
import { TableNode } from '../../explorer/nodes/tableNodes';
import type { ExplorerNode } from '../../explorer/nodes/node';
import type { ExplorerParts } from '../../explorer/setup';
import type { Command } from '../command';
import { orgOf } from './targets';
import { COMMAND } from '../../core/ids';

export function loadMoreCommand(explorer: ExplorerParts): Command {
  return {
    id: COMMAND.loadMore,
    run: async (node?: unknown) => {
      if (!(node instanceof RecordsFolder)) {
        throw new UserError(vscode.l10n.t('Run this command from "Load more…" under a table\'s records.'));
      }
      await explorer.records.loadMore(node.parent.org, node.parent.table);
      explorer.provider.refresh(node);
    },
  };
}

export function retryCommand(explorer: ExplorerParts): Command {
  return {
    id: COMMAND.retry,
    run: (node?: unknown) => {
      const target = node as ExplorerNode | undefined;
      // The root has no node of its own: repaint the whole tree.
      explorer.provider.refresh(target && target.id !== 'root' ? target : undefined);
    },
  };
}

export function refreshExplorerCommand(explorer: ExplorerParts): Command {
  return {
    id: COMMAND.refreshExplorer,
    run: (node?: unknown) => {
      const org = orgOf(node);
      explorer.metadata.reload(org);
      explorer.records.reset(org);
      explorer.provider.refresh(org ? (node as ExplorerNode) : undefined);
    },
  };
}

export function newQueryCommand(): Command {
  return {
    id: COMMAND.newQuery,
    run: async (node?: unknown, kindArg?: unknown) => {
      if (!(node instanceof TableNode)) {
        throw new UserError(vscode.l10n.t('Run this command on a table in the Dynamics 365 explorer.'));
      }
      const { org, table } = node;
      if (!table.entitySetName) {
        throw new UserError(
          vscode.l10n.t('{0} cannot be queried through the Web API (it has no entity set).', table.logicalName),
        );
      }
      // A scratchpad to try things, or a notebook to keep them with their results.
      const kind =
        kindArg === 'notebook' || kindArg === 'scratchpad'
          ? kindArg
          : (
              await vscode.window.showQuickPick(
                [
                  {
                    label: vscode.l10n.t('Scratchpad'),
                    detail: vscode.l10n.t('Try queries; results in the results view'),
                    target: 'scratchpad',
                  },
                  {
                    label: vscode.l10n.t('Notebook'),
                    detail: vscode.l10n.t('Keep queries with their results in a .dvnb file'),
                    target: 'notebook',
                  },
                ],
                { title: vscode.l10n.t('New query on {0}', table.logicalName) },
              )
            )?.target;
      if (!kind) return undefined;
      return vscode.commands.executeCommand(kind === 'notebook' ? COMMAND.newNotebook : COMMAND.newScratchpad, {
        orgUrl: org.url,
        table: table.logicalName,
        entitySetName: table.entitySetName,
      });
    },
  };
}
