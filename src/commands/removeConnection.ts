// "Remove Connection": drops the organization from settings, signs out of all its sessions, deletes
// its stored credentials (whatever client id they were stored for) and what features keep for it.
// Scripts pass `{ confirm: false }` after the org URL to skip the question.
import * as vscode from 'vscode';
import type { Configuration } from '../platform/config/configuration';
import type { Organizations } from '../connections/organizations';
import type { Command } from './command';
import { pickOrgUrl } from './pickOrg';
import { COMMAND } from '../core/ids';

export function removeConnectionCommand(configuration: Configuration, organizations: Organizations): Command {
  return {
    id: COMMAND.removeConnection,
    run: async (arg?: unknown, options?: unknown) => {
      // From the explorer's context menu the argument is the node, which carries the connection.
      const fromNode = (arg as { connection?: { orgUrl?: string } } | undefined)?.connection?.orgUrl;
      const org = await pickOrgUrl(
        configuration.settings,
        fromNode ?? arg,
        vscode.l10n.t('Dynamics 365: Remove Connection'),
      );
      if ((options as { confirm?: unknown } | undefined)?.confirm !== false) {
        const remove = vscode.l10n.t('Remove');
        const confirm = await vscode.window.showWarningMessage(
          vscode.l10n.t('Remove the connection to {0} and sign out of it?', org.url),
          { modal: true },
          remove,
        );
        if (confirm !== remove) throw new vscode.CancellationError();
      }
      return organizations.remove(org);
    },
  };
}
