// "Remove Connection": drops the organization from settings, signs out of all its sessions and deletes
// its stored credentials, whatever client id they were stored for. Scripts pass `{ confirm: false }`
// after the org URL to skip the question.
import * as vscode from 'vscode';
import type { Configuration } from '../platform/config/configuration';
import { removeConnection } from '../platform/config/connectionsWriter';
import type { OrgUrl } from '../core/org/orgUrl';
import type { Dynamics365AuthProvider } from '../auth/provider';
import type { Command } from './command';
import { pickOrgUrl } from './pickOrg';
import { COMMAND } from '../core/ids';

/** `forgetOrg` drops what else is kept for the organization: its metadata cache, its table filter. */
export function removeConnectionCommand(configuration: Configuration, provider: Dynamics365AuthProvider, forgetOrg: (org: OrgUrl) => Promise<void>): Command {
  return {
    id: COMMAND.removeConnection,
    run: async (arg?: unknown, options?: unknown) => {
      // From the explorer's context menu the argument is the node, which carries the connection.
      const fromNode = (arg as { connection?: { orgUrl?: string } } | undefined)?.connection?.orgUrl;
      const org = await pickOrgUrl(configuration.settings, fromNode ?? arg, 'Dynamics 365: Remove Connection');
      if ((options as { confirm?: unknown } | undefined)?.confirm !== false) {
        const confirm = await vscode.window.showWarningMessage(`Remove the connection to ${org.url} and sign out of it?`, { modal: true }, 'Remove');
        if (confirm !== 'Remove') throw new vscode.CancellationError();
      }
      await provider.removeOrganization(org.url);
      await forgetOrg(org);
      return removeConnection(org);
    },
  };
}
