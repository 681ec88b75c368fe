// Builds the agent tools' start-up side: the language-model tools (registered where VS Code has the
// API) and the MCP server's host, which starts the server only when its setting is on. The engine
// (toolbox, MCP SDK) loads on the first tool call or server start.
import type * as vscode from 'vscode';
import type { Settings } from '../core/config/settings';
import type { Logger } from '../core/log/logger';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import { lazyPart } from '../platform/lazy';
import type { DisposableStore } from '../platform/util/dispose';
import type { AgentPorts } from '../core/agents/agentPorts';
import type { AgentToolbox } from '../core/agents/agentToolbox';
import { createAgentEngine, type AgentEngine } from './engine';
import { registerLanguageModelTools } from './lmTools';
import { McpHost } from './mcpHost';

export interface AgentParts {
  engine(): Promise<AgentEngine>;
  readonly mcp: McpHost;
}

export interface AgentDeps {
  readonly connections: ConnectionsService;
  readonly metadata: MetadataService;
  readonly settings: () => Settings;
  readonly onSettingsChange: vscode.Event<unknown>;
  readonly log: Logger;
  readonly version: string;
  /** The toolbox's constructor, from the lazy chunk that holds the query code (the scratchpad's). */
  readonly toolboxFactory: () => Promise<(ports: AgentPorts) => AgentToolbox>;
}

export function setUpAgents(store: DisposableStore, deps: AgentDeps): AgentParts {
  const engine = lazyPart(store, () => createAgentEngine(deps));
  registerLanguageModelTools(store, engine);
  const mcp = store.add(new McpHost(deps.settings, deps.onSettingsChange, engine, deps.log, deps.version));
  return { engine, mcp };
}
