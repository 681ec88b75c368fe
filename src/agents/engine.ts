// The agent tools' engine, built on the first tool call or when the MCP server starts: the shared
// toolbox over the extension's connections and metadata, the person's confirmation of a write as a
// modal, and the MCP server. The toolbox runs queries with the scratchpad's code, so its class comes
// from the scratchpad's lazy chunk (handed over by extension.ts); the MCP server and its SDK are a
// chunk of their own, loaded when the server starts (scripts/build.mjs).
import * as vscode from 'vscode';
import type { AgentToolbox } from '../core/agents/agentToolbox';
import type { AgentOrg, AgentPorts, WritePlan } from '../core/agents/agentPorts';
import type { AgentMcpServer } from '../core/agents/mcpServer';
import { connectionSafety } from '../core/config/connection';
import type { Settings } from '../core/config/settings';
import { inertText } from '../core/log/inert';
import type { Logger } from '../core/log/logger';
import { OrgUrl } from '../core/org/orgUrl';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';

export interface AgentEngineDeps {
  readonly connections: ConnectionsService;
  readonly metadata: MetadataService;
  readonly settings: () => Settings;
  readonly log: Logger;
  readonly version: string;
  /** The toolbox's constructor, from the lazy chunk that holds the query code. */
  readonly toolboxFactory: () => Promise<(ports: AgentPorts) => AgentToolbox>;
}

export interface AgentEngine extends vscode.Disposable {
  readonly toolbox: AgentToolbox;
  startMcpServer(secret: string, port: number): Promise<AgentMcpServer>;
}

export async function createAgentEngine(deps: AgentEngineDeps): Promise<AgentEngine> {
  const toolbox = (await deps.toolboxFactory())(extensionPorts(deps));
  return {
    toolbox,
    // The MCP SDK is evaluated only when the server starts, not on the first language-model tool call.
    startMcpServer: async (secret, port) => {
      const { AgentMcpServer } = await import('../core/agents/mcpServer');
      return AgentMcpServer.start({ toolbox, secret, port, version: deps.version, log: deps.log });
    },
    dispose: () => undefined,
  };
}

function orgUrl(url: string): OrgUrl {
  return OrgUrl.from(url);
}

function extensionPorts(deps: AgentEngineDeps): AgentPorts {
  const { connections, metadata, settings } = deps;
  return {
    orgs: async () =>
      (await connections.list()).map((e): AgentOrg => {
        const safety = connectionSafety(settings().connections, e.org);
        return {
          url: e.org.url,
          name: e.name,
          ...(e.session ? { signedInAs: e.session.account, application: e.session.application } : {}),
          production: safety.production,
          readOnly: safety.readOnly,
        };
      }),
    tables: (url, signal) => metadata.tables(orgUrl(url), signal),
    details: (url, name, signal) => metadata.details(orgUrl(url), name, signal),
    sender: (url) => connections.client(orgUrl(url)),
    confirmWrite: (plan) => confirmWrite(plan),
    log: deps.log,
    limits: () => ({
      maxRows: settings().agentMaxRows,
      callsPerMinute: settings().agentCallsPerMinute,
      sqlWrites: settings().sqlWrites,
    }),
  };
}

/** The modal every write outside chat (and every write to production) waits for; the request is shown inert. */
async function confirmWrite(plan: WritePlan): Promise<boolean> {
  const where = `${plan.org.name} (${plan.org.url})`;
  const message = plan.org.production
    ? vscode.l10n.t(
        'An agent asks to send a request that {0} to the PRODUCTION organization {1}. Send it?',
        plan.summary,
        where,
      )
    : vscode.l10n.t('An agent asks to send a request that {0} to {1}. Send it?', plan.summary, where);
  const send = plan.org.production ? vscode.l10n.t('Send to Production') : vscode.l10n.t('Send');
  const detail = vscode.l10n.t('The request:\n{0}', plan.text.slice(0, 2000));
  const answer = await vscode.window.showWarningMessage(
    inertText(message),
    { modal: true, detail: inertText(detail) },
    send,
  );
  return answer === send;
}
