// What the agent tools need from outside core: the organizations and their safety, the metadata
// cache, a Web API sender per org, the person's answer to a write, the log and the limits. The
// extension implements it over ConnectionsService and MetadataService (src/agents); tests over the
// emulator. One implementation of the tools then serves the language-model tools and the MCP server.
import type { Logger } from '../log/logger';
import type { TableDetails, TableInfo } from '../metadata/model';
import type { RunnableRequest } from '../query/run/resolve';
import type { WebApiSender } from '../ports';

export interface AgentOrg {
  /** The normalized org URL (OrgUrl.url). */
  readonly url: string;
  /** The connection's name, or the host. */
  readonly name: string;
  /** Who requests go out as; undefined when nobody is signed in. */
  readonly signedInAs?: string;
  readonly application?: boolean;
  readonly production: boolean;
  readonly readOnly: boolean;
}

/** A write ready to send once the person agrees. */
export interface WritePlan {
  readonly org: AgentOrg;
  readonly request: RunnableRequest;
  /** The request as the model wrote it: what the person confirms. */
  readonly text: string;
  /** "creates a row in accounts". */
  readonly summary: string;
  /** A SQL INSERT / UPDATE / DELETE: its table and, once its rows are counted, the question (org, table, count) and the first rows. */
  readonly sql?: { readonly table: string; readonly question?: string; readonly firstRows?: string };
}

export interface AgentLimits {
  /** Rows one call returns at most (dynamics365.agents.maxRows). */
  readonly maxRows: number;
  /** Calls per organization per minute (dynamics365.agents.callsPerMinute). */
  readonly callsPerMinute: number;
  /** SQL writes' batch size, parallelism and most rows (dynamics365.sql.*); their defaults when left out. */
  readonly sqlWrites?: { readonly batchSize: number; readonly parallelism: number; readonly maxRows: number };
}

export interface AgentPorts {
  orgs(): Promise<readonly AgentOrg[]>;
  tables(orgUrl: string, signal?: AbortSignal): Promise<readonly TableInfo[]>;
  details(orgUrl: string, logicalName: string, signal?: AbortSignal): Promise<TableDetails>;
  sender(orgUrl: string): WebApiSender;
  /** Asks the person to send the write (a modal naming the request and org); true sends it. */
  confirmWrite(plan: WritePlan, signal?: AbortSignal): Promise<boolean>;
  readonly log: Logger;
  limits(): AgentLimits;
  now?(): number;
}

/** Who is calling: VS Code's chat (it showed the write's confirmation already), another extension through vscode.lm.invokeTool, or an MCP client. */
export type AgentCaller = 'chat' | 'lm' | 'mcp';

export interface CallContext {
  readonly caller: AgentCaller;
  readonly signal?: AbortSignal;
}
