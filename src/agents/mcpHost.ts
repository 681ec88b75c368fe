// Runs the agent tools' MCP server while dynamics365.agents.mcpServer.enabled is on (off by default)
// and offers it to VS Code's own MCP client where the API exists (1.101+; feature-detected). The
// bearer secret is random per window, kept in memory only, registered with the log's redaction, and
// handed out only to VS Code's MCP client and, on the person's explicit request, to the clipboard.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AgentMcpServer } from '../core/agents/mcpServer';
import type { Settings } from '../core/config/settings';
import { MCP_PROVIDER_ID } from '../core/ids';
import { knownSecrets } from '../core/log/redact';
import type { Logger } from '../core/log/logger';
import type { AgentEngine } from './engine';

/** The parts of the MCP API (finalized in VS Code 1.101) used here; @types/vscode 1.100 lacks them. */
interface McpApi {
  registerMcpServerDefinitionProvider(
    id: string,
    provider: {
      onDidChangeMcpServerDefinitions: vscode.Event<void>;
      provideMcpServerDefinitions(): unknown[];
    },
  ): vscode.Disposable;
}
type McpHttpServerDefinitionClass = new (
  label: string,
  uri: vscode.Uri,
  headers?: Record<string, string>,
  version?: string,
) => unknown;

export class McpHost implements vscode.Disposable {
  private readonly secret = randomBytes(32).toString('base64url');
  private server: AgentMcpServer | undefined;
  private serving: { enabled: boolean; port: number } = { enabled: false, port: 0 };
  private queue: Promise<void> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly settings: () => Settings,
    onSettingsChange: vscode.Event<unknown>,
    private readonly engine: () => Promise<AgentEngine>,
    private readonly log: Logger,
    private readonly version: string,
  ) {
    knownSecrets.add(this.secret);
    this.subscriptions.push(
      onSettingsChange(() => void this.update()),
      this.changed,
    );
    this.registerProvider();
    void this.update();
  }

  /** http://127.0.0.1:<port>/mcp while serving. */
  get url(): string | undefined {
    return this.server?.url;
  }

  /** Brings the server in line with the settings as they are now, and waits for it. */
  whenSettled(): Promise<void> {
    return this.update();
  }

  /** A configuration for an outside MCP client, with the secret: only for the clipboard, on request. */
  clientConfig(): string | undefined {
    if (!this.server) return undefined;
    const server = { type: 'http', url: this.server.url, headers: { Authorization: `Bearer ${this.secret}` } };
    return JSON.stringify({ mcpServers: { dynamics365: server } }, null, 2);
  }

  private update(): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply())
      .catch((err: unknown) => {
        this.log.warn(`The MCP server could not start: ${(err as Error).message}`);
      });
    return this.queue;
  }

  private async apply(): Promise<void> {
    const wanted = { enabled: this.settings().mcpServerEnabled, port: this.settings().mcpServerPort };
    if (wanted.enabled === this.serving.enabled && (!wanted.enabled || wanted.port === this.serving.port)) return;
    await this.stop();
    this.serving = wanted;
    if (wanted.enabled) {
      this.server = await (await this.engine()).startMcpServer(this.secret, wanted.port);
      this.log.info(`MCP server for the Dataverse agent tools serving at ${this.server.url}`);
    }
    this.changed.fire();
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await server.close();
      this.log.info('MCP server for the Dataverse agent tools stopped');
    }
  }

  private registerProvider(): void {
    const lm = (vscode as { lm?: Partial<McpApi> }).lm;
    const Definition = (vscode as unknown as { McpHttpServerDefinition?: McpHttpServerDefinitionClass })
      .McpHttpServerDefinition;
    if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || !Definition) return;
    // VS Code 1.100 has an earlier form of this API that wants another manifest entry and throws:
    // there the server still runs for outside clients, it is just not listed in VS Code's own.
    try {
      this.subscriptions.push(
        lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
          onDidChangeMcpServerDefinitions: this.changed.event,
          provideMcpServerDefinitions: () =>
            this.server
              ? [
                  new Definition(
                    'Dynamics 365 Dataverse',
                    vscode.Uri.parse(this.server.url),
                    { Authorization: `Bearer ${this.secret}` },
                    this.version,
                  ),
                ]
              : [],
        }),
      );
    } catch (err) {
      this.log.debug(`VS Code's MCP server list is not offered the agent tools' server: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    void this.stop();
    knownSecrets.delete(this.secret);
  }
}
