// Composition only: build the objects, register them, hand every registration to an owner.
import * as vscode from 'vscode';
import { PROVIDER_ID, PROVIDER_LABEL, Dynamics365AuthProvider } from './auth/provider';
import { createCommands } from './commands/catalog';
import { registerCommands } from './commands/registry';
import { Configuration } from './config/configuration';
import { RecentEventsSink, Telemetry } from './core/telemetry/events';
import { ExplorerProvider } from './explorer/explorerProvider';
import { createLog } from './log/outputChannelLog';
import { ReporterSink } from './telemetry/reporterSink';
import { DisposableStore } from './util/dispose';

const store = new DisposableStore();

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  context.subscriptions.push(store);

  const configuration = store.add(new Configuration());
  const channel = store.add(vscode.window.createOutputChannel('Dynamics 365', { log: true }));
  const log = createLog(channel, () => configuration.settings.logLevel);
  const recentTelemetry = new RecentEventsSink();
  const reporter = store.add(new ReporterSink(process.env.D365_TELEMETRY_CONNECTION_STRING ?? ''));
  const telemetry = new Telemetry([recentTelemetry, reporter]);

  const authProvider = store.add(new Dynamics365AuthProvider());
  store.add(vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, authProvider, {
    supportsMultipleAccounts: true,
  }));

  const explorer = store.add(new ExplorerProvider(() => configuration.settings));
  store.add(vscode.window.createTreeView('dynamics365.explorer', { treeDataProvider: explorer, showCollapseAll: true }));
  store.add(configuration.onDidChange(() => explorer.refresh()));
  explorer.refresh();

  store.add(registerCommands(createCommands({ channel, recentTelemetry, explorer }), log, telemetry));

  for (const problem of configuration.settings.problems) log.warn(`Ignoring a setting: ${problem}`);
  announceConnections(configuration.settings.connections.map((c) => c.orgUrl));
  log.info(`Dynamics 365 Connections ${context.extension.packageJSON.version} activated`);
  telemetry.activated(Date.now() - started, configuration.settings.connections.length);
}

/**
 * A silent session request per configured organization puts "Sign in with Dynamics 365" in the
 * Accounts menu without prompting anyone.
 */
function announceConnections(orgUrls: string[]): void {
  for (const orgUrl of orgUrls) {
    const scope = `${orgUrl.replace(/\/+$/, '')}/user_impersonation`;
    void vscode.authentication.getSession(PROVIDER_ID, [scope], { createIfNone: false }).then(undefined, () => undefined);
  }
}

export function deactivate(): void {
  store.dispose();
}
