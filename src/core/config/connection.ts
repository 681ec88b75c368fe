// One entry of `dynamics365.connections`, parsed once when settings are read: its organization is
// an OrgUrl, never a string to trim or compare by hand. "The connection(s) for an org" is answered
// here and nowhere else.
import * as l10n from '@vscode/l10n';
import { CLOUD_NAMES, type CloudName } from '../org/clouds';
import { parseOrgUrl, type OrgUrl } from '../org/orgUrl';
import { clientIdOf, oneOf, tenantOf, text } from './settingValues';

export const CONNECTION_AUTH = ['interactive', 'clientSecret', 'clientCertificate', 'importedToken'] as const;
export type ConnectionAuthentication = (typeof CONNECTION_AUTH)[number];
export type EndpointVersion = 'v1' | 'v2';

export interface Connection {
  readonly name: string;
  readonly org: OrgUrl;
  readonly tenant: string;
  readonly cloud: CloudName;
  readonly authorityHost: string;
  /** The app (client id) that signs in. */
  readonly clientId: string;
  readonly authentication: ConnectionAuthentication;
  readonly certificatePath: string;
  readonly endpointVersion: EndpointVersion;
  /** Writes ask for confirmation naming the organization. */
  readonly production: boolean;
  /** Writes are refused before anything is sent. */
  readonly readOnly: boolean;
}

/** What a connection inherits from the global settings for whatever it leaves out. */
export interface ConnectionDefaults {
  readonly tenant: string;
  readonly cloud: CloudName;
  readonly authorityHost: string;
  readonly clientId: string;
  readonly endpointVersion: EndpointVersion;
}

/**
 * A connection, or the problem that makes the entry unusable (reported, and the entry skipped):
 * not an object, no org URL, or one that does not parse (the message says how to fix it).
 */
export function readConnection(raw: unknown, defaults: ConnectionDefaults): Connection | string {
  if (!raw || typeof raw !== 'object') return l10n.t('each connection must be an object with an "orgUrl"');
  const r = raw as Record<string, unknown>;
  const written = text(r.orgUrl);
  if (!written) return l10n.t('the "orgUrl" is missing (for example "https://contoso.crm.dynamics.com")');
  const org = parseOrgUrl(written);
  if (!org.ok) return org.message;
  return {
    name: text(r.name) || org.value.host,
    org: org.value,
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

/** The cloud the connection signs in to: a sovereign org host wins over the default "public"; a custom host keeps the setting. */
export function cloudOf(connection: Connection): CloudName {
  return connection.cloud === 'public' && connection.org.cloud !== 'custom' ? connection.org.cloud : connection.cloud;
}

/** Every entry for the organization, in settings order (two are allowed, e.g. one per sign-in method). */
export function connectionsFor(connections: readonly Connection[], org: OrgUrl): Connection[] {
  return connections.filter((c) => c.org.equals(org));
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
export function connectionSafety(connections: readonly Connection[], org: OrgUrl): ConnectionSafety {
  const entries = connectionsFor(connections, org);
  return {
    ...(entries[0] ? { name: entries[0].name } : {}),
    production: entries.some((c) => c.production),
    readOnly: entries.some((c) => c.readOnly),
  };
}
