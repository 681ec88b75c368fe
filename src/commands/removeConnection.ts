// "Remove Connection": drops the organization from settings, signs out of its sessions and deletes
// its stored credential.
import * as vscode from 'vscode';
import type { SecretStore } from '../core/auth/cachePlugin';
import type { Configuration } from '../config/configuration';
import { removeConnection } from '../config/connectionsWriter';
import type { Dynamics365AuthProvider } from '../auth/provider';
import { credentialKey } from '../auth/tokenClients';
import type { Command } from './command';
import { pickOrgUrl } from './pickOrg';

export function removeConnectionCommand(configuration: Configuration, provider: Dynamics365AuthProvider, secrets: SecretStore): Command {
  return {
    id: 'dynamics365.removeConnection',
    run: async (arg?: unknown) => {
      // From the explorer's context menu the argument is the node, which carries the connection.
      const fromNode = (arg as { connection?: { orgUrl?: string } } | undefined)?.connection?.orgUrl;
      const org = await pickOrgUrl(configuration.settings, fromNode ?? arg, 'Dynamics 365: Remove Connection');
      const connection = configuration.settings.connections.find((c) => c.orgUrl.replace(/\/+$/, '').toLowerCase() === org.url);
      const confirm = await vscode.window.showWarningMessage(`Remove the connection to ${org.url} and sign out of it?`, { modal: true }, 'Remove');
      if (confirm !== 'Remove') throw new vscode.CancellationError();
      for (const record of await provider.recordsFor()) {
        if (record.orgUrl === org.url) await provider.removeSession(record.id);
      }
      if (connection) await secrets.delete(credentialKey(connection.clientId, org.url));
      return removeConnection(org.url);
    },
  };
}
