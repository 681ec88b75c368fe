// Composition only: build the objects, register them, hand every registration to an owner.
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { PROVIDER_ID, type Dynamics365AuthProvider } from './auth/provider';
import { setUpAuth } from './auth/setup';
import { createCommands } from './commands/catalog';
import { registerCommands } from './commands/registry';
import { Configuration } from './platform/config/configuration';
import { RecentEventsSink, Telemetry } from './core/telemetry/events';
import { providerSessionSource } from './auth/sessionSource';
import { ConnectionsService } from './connections/connectionsService';
import { MetadataService } from './connections/metadataService';
import { Organizations } from './connections/organizations';
import { removeConnection, saveConnection } from './platform/config/connectionsWriter';
import { setUpExplorer } from './explorer/setup';
import { setUpScratchpad } from './scratchpad/setup';
import { setUpAgents } from './agents/setup';
import { setUpMetadataTools } from './metadataTools/setup';
import { setUpWalkthrough } from './walkthrough/walkthrough';
import { setUpNotebooks } from './notebook/setup';
import { createLog } from './platform/log/outputChannelLog';
import { HttpClientFactory } from './platform/net/httpClientFactory';
import { ReporterSink } from './platform/telemetry/reporterSink';
import { DisposableStore } from './platform/util/dispose';
import type { OrgUrl } from './core/org/orgUrl';
import { setDisplayLocale } from './core/numberFormat';

const store = new DisposableStore();

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  // src/core translates through @vscode/l10n; give it the bundle VS Code chose for the display language,
  // and write the numbers in messages as that language does.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  setDisplayLocale(vscode.env.language);
  context.subscriptions.push(store);

  const configuration = store.add(new Configuration());
  const channel = store.add(vscode.window.createOutputChannel('Dynamics 365', { log: true }));
  const log = createLog(channel, () => configuration.settings.logLevel);
  const recentTelemetry = new RecentEventsSink();
  const reporter = store.add(new ReporterSink(process.env.D365_TELEMETRY_CONNECTION_STRING ?? ''));
  const telemetry = new Telemetry([recentTelemetry, reporter]);
  const version = String(context.extension.packageJSON.version);
  const httpFactory = store.add(
    new HttpClientFactory(configuration, log, `dynamics365-connections/${version} vscode/${vscode.version}`),
  );
  const http = () => httpFactory.get();

  const auth = setUpAuth(context, store, () => configuration.settings, http, log, telemetry);

  const sessions = providerSessionSource(auth.provider, auth.signIn);
  const connections = store.add(
    new ConnectionsService(() => configuration.settings, configuration.onDidChange, sessions, http, log),
  );
  const organizations = new Organizations({
    settings: () => configuration.settings,
    provider: auth.provider,
    signIn: auth.signIn,
    store: { save: saveConnection, remove: removeConnection },
    http,
  });
  const metadata = store.add(new MetadataService(connections, context.globalStorageUri.fsPath, log));
  const explorer = setUpExplorer(context, store, connections, metadata, organizations);
  const scratchpad = setUpScratchpad(
    context,
    store,
    () => configuration.settings,
    connections,
    metadata,
    organizations,
  );
  const agents = setUpAgents(store, {
    connections,
    metadata,
    settings: () => configuration.settings,
    onSettingsChange: configuration.onDidChange,
    log,
    version,
    toolboxFactory: async () => (await scratchpad.engine()).agentToolbox,
  });

  const metadataTools = setUpMetadataTools(store);

  setUpWalkthrough(context, store, { provider: auth.provider, explorerView: explorer.view });
  const notebooks = setUpNotebooks(
    context,
    store,
    () => configuration.settings,
    connections,
    async () => (await scratchpad.engine()).runner,
  );

  const extensionId = context.extension.id;
  store.add(
    registerCommands(
      createCommands({
        extensionId,
        channel,
        recentTelemetry,
        explorer,
        connections,
        organizations,
        scratchpad,
        notebooks,
        configuration,
        auth,
        http,
        log,
        agents,
        metadata,
        metadataTools,
      }),
      log,
      telemetry,
    ),
  );

  for (const problem of configuration.settings.problems) log.warn(`Ignoring a setting: ${problem}`);
  const announce = (): Promise<void> =>
    announceConnections(
      auth.provider,
      configuration.settings.connections.map((c) => c.org),
    );
  void announce();
  // After a sign-out (here or in another window) the Accounts menu offers the sign-in again.
  store.add(
    auth.provider.onDidChangeSessions((e) => {
      if (e.removed?.length) void announce();
    }),
  );
  telemetry.activated(Date.now() - started, configuration.settings.connections.length);
  // The first line logged compiles the redaction patterns (a few ms): not inside activate().
  const logged = setTimeout(
    () => log.info(`Dynamics 365 Connections ${version} activated (display language ${vscode.env.language})`),
    0,
  );
  store.add({ dispose: () => clearTimeout(logged) });
}

/**
 * A silent session request per configured organization without a session puts "Sign in with
 * Dynamics 365" in the Accounts menu without prompting anyone. Organizations signed in to are
 * skipped: the request would fetch a token (MSAL, network) at every start-up for nothing.
 */
async function announceConnections(provider: Dynamics365AuthProvider, orgs: readonly OrgUrl[]): Promise<void> {
  for (const org of orgs) {
    const scope = `${org.url}/user_impersonation`;
    if ((await provider.recordsFor([scope]).catch(() => [])).length) continue;
    void vscode.authentication
      .getSession(PROVIDER_ID, [scope], { createIfNone: false })
      .then(undefined, () => undefined);
  }
}

export function deactivate(): void {
  store.dispose();
}
