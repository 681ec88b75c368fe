// Typed view of the `dynamics365.*` settings. Reading is pure: the VS Code side passes a getter,
// so the rules (defaults, validation, per-connection overrides) are unit-tested without VS Code.
import { parseLogLevel, type LogLevel } from '../log/logger';

export const CLOUDS = ['public', 'gcc', 'gccHigh', 'dod', 'china', 'custom'] as const;
export type CloudName = (typeof CLOUDS)[number];
export const SIGN_IN_FLOW_SETTINGS = ['auto', 'uriHandler', 'loopback', 'deviceCode', 'pasteUrl'] as const;
export type SignInFlowSetting = (typeof SIGN_IN_FLOW_SETTINGS)[number];
export const CONNECTION_AUTH = ['interactive', 'clientSecret', 'clientCertificate', 'importedToken'] as const;
export type ConnectionAuthentication = (typeof CONNECTION_AUTH)[number];
export type EndpointVersion = 'v1' | 'v2';

/** Microsoft's published development client for Dataverse tools; allows http://localhost redirects. */
export const BUILT_IN_CLIENT_ID = '51f81489-12ee-4a9e-aaae-a2591f45987d';

export interface ConnectionSettings {
  name: string;
  orgUrl: string;
  tenant: string;
  cloud: CloudName;
  authorityHost: string;
  clientId: string;
  authentication: ConnectionAuthentication;
  certificatePath: string;
  endpointVersion: EndpointVersion;
}

export interface Settings {
  connections: ConnectionSettings[];
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
}

export type SettingGetter = (key: string) => unknown;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value.trim() : fallback;
}

export function readSettings(get: SettingGetter): Settings {
  const problems: string[] = [];
  const timeoutSeconds = typeof get('requestTimeoutSeconds') === 'number' ? (get('requestTimeoutSeconds') as number) : 120;
  const base = {
    tenant: text(get('tenant')) || 'organizations',
    cloud: oneOf(get('cloud'), CLOUDS, 'public'),
    authorityHost: text(get('authorityHost')),
    globalDiscoveryUrl: text(get('globalDiscoveryUrl')),
    clientId: text(get('clientId')) || BUILT_IN_CLIENT_ID,
    signInFlow: oneOf(get('signInFlow'), SIGN_IN_FLOW_SETTINGS, 'auto'),
    endpointVersion: oneOf<EndpointVersion>(get('endpointVersion'), ['v1', 'v2'], 'v2'),
    extraCaCertificates: stringList(get('extraCaCertificates')),
    requestTimeoutMs: Math.round(Math.min(Math.max(timeoutSeconds, 1), 3600) * 1000),
    logLevel: parseLogLevel(get('logLevel')),
  };
  const rawConnections = Array.isArray(get('connections')) ? (get('connections') as unknown[]) : [];
  const connections: ConnectionSettings[] = [];
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

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

type Defaults = Pick<Settings, 'tenant' | 'cloud' | 'authorityHost' | 'clientId' | 'endpointVersion'>;

/** A connection inherits the global defaults for whatever it leaves out. Returns a problem string when unusable. */
export function readConnection(raw: unknown, defaults: Defaults): ConnectionSettings | string {
  if (!raw || typeof raw !== 'object') return 'each connection must be an object with an "orgUrl"';
  const r = raw as Record<string, unknown>;
  const orgUrl = text(r.orgUrl);
  if (!orgUrl) return 'the "orgUrl" is missing (for example "https://contoso.crm.dynamics.com")';
  return {
    name: text(r.name) || hostOf(orgUrl),
    orgUrl,
    tenant: text(r.tenant) || defaults.tenant,
    cloud: oneOf(r.cloud, CLOUDS, defaults.cloud),
    authorityHost: text(r.authorityHost) || defaults.authorityHost,
    clientId: text(r.clientId) || defaults.clientId,
    authentication: oneOf(r.authentication, CONNECTION_AUTH, 'interactive'),
    certificatePath: text(r.certificatePath),
    endpointVersion: oneOf<EndpointVersion>(r.endpointVersion, ['v1', 'v2'], defaults.endpointVersion),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
