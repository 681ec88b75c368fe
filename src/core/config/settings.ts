// Typed view of the `dynamics365.*` settings. Reading is pure: the VS Code side passes a getter,
// so the rules (defaults, validation, per-connection overrides, which settings a workspace may set)
// are unit-tested without VS Code. Values are normalized here, once: org URLs, tenants, client ids
// and enum values with stray spaces or in another case all mean what they say.
import { parseTenant } from '../org/tenant';
import { CLOUD_NAMES, type CloudName } from '../org/clouds';
import { parseOrgUrl } from '../org/orgUrl';
import { parseLogLevel, type LogLevel } from '../log/logger';
import { normalizeGuid, trimPasted } from '../pasted';

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
  /** Writes ask for confirmation naming the organization. */
  production: boolean;
  /** Writes are refused before anything is sent. */
  readOnly: boolean;
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
  /** How many rows a results view holds at most: Next page / All pages stop there (dynamics365.results.maxRows). */
  maxResultRows: number;
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
export const USER_ONLY_SETTINGS: readonly string[] = ['connections', 'cloud', 'authorityHost', 'globalDiscoveryUrl', 'clientId', 'extraCaCertificates'];

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

/** An enum value, whatever its case and the spaces around it. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  if (typeof value !== 'string') return fallback;
  const wanted = trimPasted(value).toLowerCase();
  return allowed.find((a) => a.toLowerCase() === wanted) ?? fallback;
}

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? trimPasted(value) : fallback;
}

/** A number, also one written as text ("30 "). */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const written = typeof value === 'string' ? trimPasted(value) : '';
  return /^\d+(\.\d+)?$/.test(written) ? Number(written) : undefined;
}

/** A tenant or client id normalized when it parses; left as written otherwise, so sign-in names the problem. */
function tenantOf(value: unknown, fallback: string): string {
  const raw = text(value);
  if (!raw) return fallback;
  const t = parseTenant(raw);
  return t.ok ? t.tenant : raw;
}

function clientIdOf(value: unknown, fallback: string): string {
  const raw = text(value);
  return raw ? normalizeGuid(raw) ?? raw : fallback;
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
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map(trimPasted).filter((v) => v !== '') : [];
}

type Defaults = Pick<Settings, 'tenant' | 'cloud' | 'authorityHost' | 'clientId' | 'endpointVersion'>;

/**
 * A connection inherits the global defaults for whatever it leaves out. Returns a problem string
 * when unusable. The org URL is normalized (https://host, lower case, no path), so every
 * comparison with an OrgUrl finds it; one that does not parse is kept as written, so signing in
 * to it says what is wrong.
 */
export function readConnection(raw: unknown, defaults: Defaults): ConnectionSettings | string {
  if (!raw || typeof raw !== 'object') return 'each connection must be an object with an "orgUrl"';
  const r = raw as Record<string, unknown>;
  const written = text(r.orgUrl);
  if (!written) return 'the "orgUrl" is missing (for example "https://contoso.crm.dynamics.com")';
  const org = parseOrgUrl(written);
  const orgUrl = org.ok ? org.value.url : written;
  return {
    name: text(r.name) || (org.ok ? org.value.host : written),
    orgUrl,
    tenant: tenantOf(r.tenant, defaults.tenant),
    cloud: oneOf(r.cloud, CLOUD_NAMES, defaults.cloud),
    authorityHost: text(r.authorityHost) || defaults.authorityHost,
    clientId: clientIdOf(r.clientId, defaults.clientId),
    authentication: oneOf(r.authentication, CONNECTION_AUTH, 'interactive'),
    certificatePath: text(r.certificatePath),
    endpointVersion: oneOf<EndpointVersion>(r.endpointVersion, ['v1', 'v2'], defaults.endpointVersion),
    production: r.production === true,
    readOnly: r.readOnly === true,
  };
}

/** How careful the scratchpad is with writes to one organization. */
export interface ConnectionSafety {
  /** The first entry's name, for messages; undefined when no entry names the org. */
  readonly name?: string;
  readonly production: boolean;
  readonly readOnly: boolean;
}

/**
 * Every connection entry for the org counts and the strictest wins: with two entries for one org
 * (say, one per sign-in method) a read-only second one must not be hidden by a first that is not.
 */
export function connectionSafety(connections: readonly ConnectionSettings[], orgUrl: string): ConnectionSafety {
  const entries = connections.filter((c) => c.orgUrl === orgUrl);
  return {
    ...(entries[0] ? { name: entries[0].name } : {}),
    production: entries.some((c) => c.production),
    readOnly: entries.some((c) => c.readOnly),
  };
}
