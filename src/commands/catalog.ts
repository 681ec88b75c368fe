// Every command the extension contributes, built from its dependencies. `npm run check:commands`
// compares the registered ids with package.json.
import type * as vscode from 'vscode';
import type { AuthParts } from '../auth/setup';
import type { Configuration } from '../platform/config/configuration';
import type { Logger } from '../core/log/logger';
import type { RecentEventsSink } from '../core/telemetry/events';
import type { ConnectionsService } from '../connections/connectionsService';
import type { Organizations } from '../connections/organizations';
import type { ExplorerParts } from '../explorer/setup';
import type { ScratchpadParts } from '../scratchpad/setup';
import type { AgentParts } from '../agents/setup';
import { copyMcpServerConfigCommand, showMcpServerAddressCommand } from './agents/mcpServer';
import type { NotebookParts } from '../notebook/setup';
import {
  convertToNotebookCommand,
  convertToScratchpadCommand,
  exportNotebookMarkdownCommand,
  newNotebookCommand,
  openCellInResultsCommand,
  openInNotebookCommand,
  pickNotebookOrgCommand,
} from './notebook/notebookCommands';
import { connectionSafetyCommand } from './scratchpad/connectionSafety';
import { convertToFetchXmlCommand, convertToSqlCommand } from './scratchpad/convert';
import { newScratchpadCommand } from './scratchpad/newScratchpad';
import { openQueryHistoryCommand } from './scratchpad/openHistory';
import { pickScratchpadOrgCommand, runQueryCommand } from './scratchpad/runQuery';
import { addConnectionCommand } from './addConnection';
import type { Command } from './command';
import { importTokensCommand } from './importTokens';
import { pickEnvironmentCommand } from './pickEnvironment';
import { copyNameCommand } from './explorer/copyName';
import { clearTableFilterCommand, filterTablesCommand } from './explorer/filterTables';
import { openInBrowserCommand } from './explorer/openInBrowser';
import { openRecordCommand } from './explorer/openRecord';
import { loadMoreCommand, newQueryCommand, refreshExplorerCommand, retryCommand } from './explorer/treeActions';
import { removeConnectionCommand } from './removeConnection';
import { showLogCommand } from './showLog';
import { showRedirectUriCommand } from './showRedirectUri';
import { showStoredSecretsCommand } from './showStoredSecrets';
import { showTelemetryEventsCommand } from './showTelemetryEvents';
import { signInCommand } from './signIn';
import { signOutCommand } from './signOut';
import { COMMAND } from '../core/ids';
import type { MetadataService } from '../connections/metadataService';
import type { MetadataToolsParts } from '../metadataTools/setup';
import { compareEnvironmentsCommand } from './metadataTools/compareEnvironments';
import { generateTypesCommand } from './metadataTools/generateTypes';
import { openTableDiffCommand } from './metadataTools/openTableDiff';
import { saveDiffReportCommand } from './metadataTools/saveDiffReport';
import { saveMetadataSnapshotCommand } from './metadataTools/saveMetadataSnapshot';
import type { HttpSender } from '../core/ports';

export interface CommandDeps {
  extensionId: string;
  channel: vscode.LogOutputChannel;
  recentTelemetry: RecentEventsSink;
  explorer: ExplorerParts;
  connections: ConnectionsService;
  organizations: Organizations;
  scratchpad: ScratchpadParts;
  notebooks: NotebookParts;
  configuration: Configuration;
  auth: AuthParts;
  http: () => HttpSender;
  log: Logger;
  agents: AgentParts;
  metadata: MetadataService;
  metadataTools: MetadataToolsParts;
}

export function createCommands(deps: CommandDeps): Command[] {
  const { auth, configuration } = deps;
  return [
    showLogCommand(deps.channel),
    showTelemetryEventsCommand(deps.recentTelemetry),
    showStoredSecretsCommand(auth.secrets),
    refreshExplorerCommand(deps.explorer),
    retryCommand(deps.explorer),
    loadMoreCommand(deps.explorer),
    filterTablesCommand(deps.explorer, deps.connections),
    clearTableFilterCommand(deps.explorer, deps.connections),
    copyNameCommand(COMMAND.copyLogicalName, 'logical'),
    copyNameCommand(COMMAND.copySchemaName, 'schema'),
    copyNameCommand(COMMAND.copyEntitySetName, 'entitySet'),
    openInBrowserCommand(),
    openRecordCommand(),
    newQueryCommand(),
    signInCommand(configuration, auth.signIn, deps.organizations),
    signOutCommand(auth.provider),
    addConnectionCommand(configuration, auth.secrets),
    removeConnectionCommand(configuration, deps.organizations),
    showRedirectUriCommand(deps.extensionId),
    importTokensCommand({
      configuration,
      organizations: deps.organizations,
      signIn: auth.signIn,
      http: deps.http,
      log: deps.log,
    }),
    pickEnvironmentCommand({ provider: auth.provider, signIn: auth.signIn, organizations: deps.organizations }),
    newScratchpadCommand(deps.scratchpad),
    runQueryCommand(deps.scratchpad),
    pickScratchpadOrgCommand(deps.scratchpad),
    openQueryHistoryCommand(deps.scratchpad, deps.connections),
    connectionSafetyCommand(configuration),
    convertToFetchXmlCommand(deps.scratchpad),
    convertToSqlCommand(deps.scratchpad),
    showMcpServerAddressCommand(deps.agents),
    copyMcpServerConfigCommand(deps.agents),
    generateTypesCommand(deps.metadata, deps.connections),
    compareEnvironmentsCommand(deps.metadata, deps.connections, deps.metadataTools),
    saveMetadataSnapshotCommand(deps.metadata, deps.connections),
    saveDiffReportCommand(deps.metadataTools),
    openTableDiffCommand(deps.metadataTools),
    newNotebookCommand(deps.notebooks),
    openInNotebookCommand(deps.notebooks),
    convertToNotebookCommand(deps.notebooks),
    convertToScratchpadCommand(),
    exportNotebookMarkdownCommand(),
    pickNotebookOrgCommand(deps.notebooks),
    openCellInResultsCommand(deps.notebooks),
  ];
}
