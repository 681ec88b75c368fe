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

/**
 * The numeric settings: their default, and the range package.json declares for the Settings UI. A
 * value typed into settings.json outside it (or not a number) is not refused but kept in range, so
 * one bad number never stops the extension. A unit test holds this table equal to the manifest.
 */
export const NUMBER_SETTINGS = {
  requestTimeoutSeconds: { default: 120, minimum: 1, maximum: 3600 },
  'results.maxRows': { default: 50_000, minimum: 100, maximum: 1_000_000 },
  'agents.maxRows': { default: 50, minimum: 1, maximum: 5000 },
  'agents.callsPerMinute': { default: 30, minimum: 1, maximum: 600 },
  'agents.mcpServer.port': { default: 0, minimum: 0, maximum: 65535 },
  'sql.writeBatchSize': { default: 100, minimum: 1, maximum: 1000 },
  'sql.writeParallelism': { default: 4, minimum: 1, maximum: 16 },
  'sql.maxWriteRows': { default: 100_000, minimum: 1, maximum: 10_000_000 },
  'notebook.storedRows': { default: 100, minimum: 0, maximum: 10_000 },
} as const satisfies Record<string, { default: number; minimum: number; maximum: number }>;
type NumberSettingKey = keyof typeof NUMBER_SETTINGS;

function numberSetting(get: SettingGetter, key: NumberSettingKey): number {
  const { default: fallback, minimum, maximum } = NUMBER_SETTINGS[key];
  return Math.min(Math.max(numberOf(get(key)) ?? fallback, minimum), maximum);
}

export function readSettings(get: SettingGetter): Settings {
  const problems: string[] = [];
  const count = (key: NumberSettingKey): number => Math.round(numberSetting(get, key));
  const base = {
    tenant: tenantOf(get('tenant'), 'organizations'),
    cloud: oneOf(get('cloud'), CLOUD_NAMES, 'public'),
    authorityHost: text(get('authorityHost')),
    globalDiscoveryUrl: text(get('globalDiscoveryUrl')),
    clientId: clientIdOf(get('clientId'), BUILT_IN_CLIENT_ID),
    signInFlow: oneOf(get('signInFlow'), SIGN_IN_FLOW_SETTINGS, 'auto'),
    endpointVersion: oneOf<EndpointVersion>(get('endpointVersion'), ['v1', 'v2'], 'v2'),
    extraCaCertificates: stringList(get('extraCaCertificates')),
    requestTimeoutMs: Math.round(numberSetting(get, 'requestTimeoutSeconds') * 1000),
    logLevel: parseLogLevel(text(get('logLevel')).toLowerCase()),
    maxResultRows: count('results.maxRows'),
    agentMaxRows: count('agents.maxRows'),
    agentCallsPerMinute: count('agents.callsPerMinute'),
    mcpServerEnabled: get('agents.mcpServer.enabled') === true,
    mcpServerPort: count('agents.mcpServer.port'),
    sqlWrites: {
      batchSize: count('sql.writeBatchSize'),
      parallelism: count('sql.writeParallelism'),
      maxRows: count('sql.maxWriteRows'),
    },
    notebookStoredRows: count('notebook.storedRows'),
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
