// The MCP server's address for the person, and its client configuration with the per-window secret:
// copied to the clipboard only after the person agrees in a modal, never returned to the caller (any
// extension can run a command), never logged.
import * as vscode from 'vscode';
import type { AgentParts } from '../../agents/setup';
import { COMMAND, SETTING } from '../../core/ids';
import type { Command } from '../command';

export function showMcpServerAddressCommand(agents: AgentParts): Command {
  return {
    id: COMMAND.showMcpServerAddress,
    run: async () => {
      await agents.mcp.whenSettled();
      const url = agents.mcp.url;
      if (!url) {
        const open = vscode.l10n.t('Open Settings');
        void vscode.window
          .showInformationMessage(
            vscode.l10n.t(
              'The MCP server for the Dataverse agent tools is off. Turn on the setting dynamics365.agents.mcpServer.enabled to serve them on 127.0.0.1.',
            ),
            open,
          )
          .then((choice) =>
            choice === open
              ? vscode.commands.executeCommand('workbench.action.openSettings', SETTING.mcpServer)
              : undefined,
          );
        return undefined;
      }
      const copyAddress = vscode.l10n.t('Copy Address');
      const copyConfig = vscode.l10n.t('Copy Configuration…');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            'The Dataverse agent tools are served at {0}. Clients also need this window\'s secret: "Copy Configuration…" copies it.',
            url,
          ),
          copyAddress,
          copyConfig,
        )
        .then((choice) => {
          if (choice === copyAddress) return vscode.env.clipboard.writeText(url);
          if (choice === copyConfig) return vscode.commands.executeCommand(COMMAND.copyMcpServerConfig);
          return undefined;
        });
      return url;
    },
  };
}

export function copyMcpServerConfigCommand(agents: AgentParts): Command {
  return {
    id: COMMAND.copyMcpServerConfig,
    run: async () => {
      await agents.mcp.whenSettled();
      const config = agents.mcp.clientConfig();
      if (!config) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('The MCP server is off: turn on dynamics365.agents.mcpServer.enabled first.'),
        );
        return false;
      }
      const copy = vscode.l10n.t('Copy Secret');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Copy the MCP server configuration, with its secret, to the clipboard?'),
        {
          modal: true,
          detail: vscode.l10n.t(
            'Anyone with the secret can read and (with your confirmation) change data in your signed-in organizations while this window is open. Paste it only into an MCP client you trust.',
          ),
        },
        copy,
      );
      if (answer !== copy) return false;
      await vscode.env.clipboard.writeText(config);
      return true;
    },
  };
}
