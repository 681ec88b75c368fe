// Typed view of the `dynamics365.*` settings. Reading is pure: the VS Code side passes a getter,
// so the rules (defaults, validation, per-connection overrides, which settings a workspace may set)
// are unit-tested without VS Code. Values are normalized here, once: tenants, client ids and enum
// values with stray spaces or in another case all mean what they say; each connection is a
// Connection (connection.ts) with its org URL parsed.
import { CLOUD_NAMES, type CloudName } from '../org/clouds';
import { parseLogLevel, type LogLevel } from '../log/logger';
import { readConnection, type Connection, type EndpointVersion } from './connection';
import { clientIdOf, numberOf, oneOf, stringList, tenantOf, text } from './settingValues';

export const SIGN_IN_FLOW_SETTINGS = ['auto', 'uriHandler', 'loopback', 'deviceCode', 'pasteUrl'] as const;
export type SignInFlowSetting = (typeof SIGN_IN_FLOW_SETTINGS)[number];

/** Microsoft's published development client for Dataverse tools; allows http://localhost redirects. */
export const BUILT_IN_CLIENT_ID = '51f81489-12ee-4a9e-aaae-a2591f45987d';

export interface Settings {
  /** Usable entries of dynamics365.connections, each parsed once. */
  connections: Connection[];
  /** Problems found while reading, for the log: a bad entry is skipped, not fatal. */
  problems: string[];
  tenant: string;
  cloud: CloudName;
  authorityHost: string;
  /** Empty: the cloud's own discovery service. */
  globalDiscoveryUrl: string;
  clientId: string;
  signInFlow: SignInFlowSetting;
  endpointVersion: EndpointVersion;
  extraCaCertificates: string[];
  requestTimeoutMs: number;
  logLevel: LogLevel;
  /** How many rows a results view holds at most: Next page / All pages stop there (dynamics365.results.maxRows). */
  maxResultRows: number;
  /** Agent tools: rows one query call returns at most, and calls per organization per minute. */
  agentMaxRows: number;
  agentCallsPerMinute: number;
  /** The agent tools' MCP server on 127.0.0.1 (off by default), and its port (0: a free one). */
  mcpServerEnabled: boolean;
  mcpServerPort: number;
  /** A SQL write: rows per $batch, $batch requests at once, most rows (dynamics365.sql.*). */
  sqlWrites: { batchSize: number; parallelism: number; maxRows: number };
  /** Rows of a notebook cell's answer kept in the file (dynamics365.notebook.storedRows). */
  notebookStoredRows: number;
}

export type SettingGetter = (key: string) => unknown;

/**
 * Settings that decide where a password is typed (cloud, authorityHost), which app gets the token
 * (clientId), who receives a token (globalDiscoveryUrl, connections: org URLs, their hosts and
 * credentials) and which certificates are trusted (extraCaCertificates). A workspace's
 * `.vscode/settings.json` must not choose them: only the user's own value counts. package.json
 * declares them `application` or `machine` too; reading them this way also holds in a VS Code that
 * ignores the scope, or if a scope is ever declared wrongly.
 */
export const USER_ONLY_SETTINGS: readonly string[] = [
  'connections',
  'cloud',
  'authorityHost',
  'globalDiscoveryUrl',
  'clientId',
  'extraCaCertificates',
  // A workspace must not open a server to the org's data, nor choose its port.
  'agents.mcpServer.enabled',
  'agents.mcpServer.port',
];

/** Where values come from, as VS Code's WorkspaceConfiguration gives them. */
export interface SettingSource {
  /** The value VS Code resolves (folder, then workspace, then user, then default). */
  effective(key: string): unknown;
  /** The user's own value (user or remote settings), never a workspace's; undefined when unset. */
  user(key: string): unknown;
}

export function settingGetter(source: SettingSource): SettingGetter {
  return (key) => (USER_ONLY_SETTINGS.includes(key) ? source.user(key) : source.effective(key));
}

export function readSettings(get: SettingGetter): Settings {
  const problems: string[] = [];
  const timeoutSeconds = numberOf(get('requestTimeoutSeconds')) ?? 120;
  const base = {
    tenant: tenantOf(get('tenant'), 'organizations'),
    cloud: oneOf(get('cloud'), CLOUD_NAMES, 'public'),
    authorityHost: text(get('authorityHost')),
    globalDiscoveryUrl: text(get('globalDiscoveryUrl')),
    clientId: clientIdOf(get('clientId'), BUILT_IN_CLIENT_ID),
    signInFlow: oneOf(get('signInFlow'), SIGN_IN_FLOW_SETTINGS, 'auto'),
    endpointVersion: oneOf<EndpointVersion>(get('endpointVersion'), ['v1', 'v2'], 'v2'),
    extraCaCertificates: stringList(get('extraCaCertificates')),
    requestTimeoutMs: Math.round(Math.min(Math.max(timeoutSeconds, 1), 3600) * 1000),
    logLevel: parseLogLevel(text(get('logLevel')).toLowerCase()),
    maxResultRows: Math.round(Math.min(Math.max(numberOf(get('results.maxRows')) ?? 50_000, 100), 1_000_000)),
    agentMaxRows: Math.round(Math.min(Math.max(numberOf(get('agents.maxRows')) ?? 50, 1), 5000)),
    agentCallsPerMinute: Math.round(Math.min(Math.max(numberOf(get('agents.callsPerMinute')) ?? 30, 1), 600)),
    mcpServerEnabled: get('agents.mcpServer.enabled') === true,
    mcpServerPort: Math.round(Math.min(Math.max(numberOf(get('agents.mcpServer.port')) ?? 0, 0), 65535)),
    sqlWrites: {
      batchSize: Math.round(Math.min(Math.max(numberOf(get('sql.writeBatchSize')) ?? 100, 1), 1000)),
      parallelism: Math.round(Math.min(Math.max(numberOf(get('sql.writeParallelism')) ?? 4, 1), 16)),
      maxRows: Math.round(Math.min(Math.max(numberOf(get('sql.maxWriteRows')) ?? 100_000, 1), 10_000_000)),
    },
    notebookStoredRows: Math.round(Math.min(Math.max(numberOf(get('notebook.storedRows')) ?? 100, 0), 10_000)),
  };
  const rawConnections = Array.isArray(get('connections')) ? (get('connections') as unknown[]) : [];
  const connections: Connection[] = [];
  rawConnections.forEach((raw, index) => {
    const connection = readConnection(raw, base);
    if (typeof connection === 'string') {
      problems.push(`dynamics365.connections[${index}]: ${connection}`);
    } else {
      connections.push(connection);
    }
  });
  return { ...base, connections, problems };
}
