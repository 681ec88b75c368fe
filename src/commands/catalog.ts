// Every command the extension contributes, built from its dependencies. `npm run check:commands`
// compares this list (through the registered ids) with package.json.
import type * as vscode from 'vscode';
import type { RecentEventsSink } from '../core/telemetry/events';
import type { ExplorerProvider } from '../explorer/explorerProvider';
import type { Command } from './command';
import { notAvailableCommand } from './notAvailable';
import { refreshExplorerCommand } from './refreshExplorer';
import { showLogCommand } from './showLog';
import { showTelemetryEventsCommand } from './showTelemetryEvents';

export interface CommandDeps {
  channel: vscode.LogOutputChannel;
  recentTelemetry: RecentEventsSink;
  explorer: ExplorerProvider;
}

export function createCommands(deps: CommandDeps): Command[] {
  return [
    showLogCommand(deps.channel),
    showTelemetryEventsCommand(deps.recentTelemetry),
    refreshExplorerCommand(deps.explorer),
    notAvailableCommand('dynamics365.signIn', 'Signing in'),
    notAvailableCommand('dynamics365.signOut', 'Signing out'),
    notAvailableCommand('dynamics365.addConnection', 'Adding a connection'),
    notAvailableCommand('dynamics365.removeConnection', 'Removing a connection'),
    notAvailableCommand('dynamics365.pickEnvironment', 'The environment picker'),
    notAvailableCommand('dynamics365.showRedirectUri', 'Showing the redirect URI'),
    notAvailableCommand('dynamics365.importTokens', 'Importing tokens'),
    notAvailableCommand('dynamics365.newScratchpad', 'The Web API scratchpad'),
    notAvailableCommand('dynamics365.runQuery', 'Running queries'),
  ];
}
