// "Filter Tables…" narrows an organization's tables by name or prefix (remembered per organization);
// "Clear Table Filter" shows them all again.
import * as vscode from 'vscode';
import type { OrgUrl } from '../../core/org/orgUrl';
import type { ConnectionsService } from '../../connections/connectionsService';
import type { ExplorerParts } from '../../explorer/setup';
import type { Command } from '../command';
import { orgOf } from './targets';
import { COMMAND } from '../../core/ids';

/** Example filters: logical names, the same in every language, so not in the string bundle. */
const FILTER_EXAMPLE = 'account, new_*';

export function filterTablesCommand(explorer: ExplorerParts, connections: ConnectionsService): Command {
  return {
    id: COMMAND.filterTables,
    run: async (node?: unknown, text?: unknown) => {
      const org = orgOf(node) ?? (await pickSignedInOrg(connections));
      const current = explorer.filters.get(org).text;
      const input =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Filter tables of {0}', org.host),
              prompt: vscode.l10n.t(
                'Part of a name, or a prefix such as new_* (commas for several). Empty shows all tables.',
              ),
              value: current,
              placeHolder: FILTER_EXAMPLE,
            });
      if (input === undefined) throw new vscode.CancellationError();
      const filter = await explorer.filters.set(org, input);
      explorer.provider.refresh();
      return filter.text;
    },
  };
}

export function clearTableFilterCommand(explorer: ExplorerParts, connections: ConnectionsService): Command {
  return {
    id: COMMAND.clearFilter,
    run: async (node?: unknown) => {
      const org = orgOf(node) ?? (await pickSignedInOrg(connections));
      await explorer.filters.set(org, '');
      explorer.provider.refresh();
    },
  };
}

async function pickSignedInOrg(connections: ConnectionsService): Promise<OrgUrl> {
  const entries = (await connections.list()).filter((e) => e.session);
  if (entries.length === 1) return entries[0]!.org;
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.name, description: e.org.url, org: e.org })),
    { placeHolder: vscode.l10n.t('Choose an organization') },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.org;
}
