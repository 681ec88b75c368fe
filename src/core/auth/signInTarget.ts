// Where a sign-in for an organization goes: its connection settings (or the defaults), the cloud,
// and the authority — with the tenant discovered from the org's 401 challenge when it is not set.
import * as l10n from '@vscode/l10n';
import { Authority } from './authority';
import { resolveCloud, type CloudInfo } from '../org/clouds';
import type { OrgUrl } from '../org/orgUrl';
import { discoverTenant } from './tenantDiscovery';
import { cloudOf, connectionsFor, readConnection, type Connection } from '../config/connection';
import type { Settings } from '../config/settings';
import type { Logger } from '../log/logger';
import { UserError } from '../userError';
import { isAppFlow } from './flows';
import type { HttpSender } from '../ports';

export interface SignInTarget {
  org: OrgUrl;
  connection: Connection;
  cloud: CloudInfo;
  authority: Authority;
}

/** The organization's first connection entry, or one made of the global defaults. */
export function connectionFor(org: OrgUrl, settings: Settings): Connection {
  const [configured] = connectionsFor(settings.connections, org);
  if (configured) return configured;
  const fallback = readConnection({ orgUrl: org.url }, settings);
  if (typeof fallback === 'string') throw new UserError(fallback);
  return fallback;
}

export async function resolveTarget(
  org: OrgUrl,
  settings: Settings,
  http: HttpSender,
  log: Logger,
  tenantHint?: string,
): Promise<SignInTarget> {
  const connection = connectionFor(org, settings);
  const cloud = resolveCloud(cloudOf(connection), connection.authorityHost);
  if (!cloud.ok) throw new UserError(cloud.message, { code: 'bad_authority' });
  const authority = Authority.create(cloud.cloud, tenantHint ?? connection.tenant);
  if (!authority.ok) throw new UserError(authority.message, { code: 'bad_tenant' });
  if (authority.value.tenantKind !== 'organizations' && authority.value.tenantKind !== 'common') {
    return { org, connection, cloud: cloud.cloud, authority: authority.value };
  }
  return {
    org,
    connection,
    cloud: cloud.cloud,
    authority: await withDiscoveredTenant(authority.value, org, http, log, connection),
  };
}

async function withDiscoveredTenant(
  authority: Authority,
  org: OrgUrl,
  http: HttpSender,
  log: Logger,
  connection: Connection,
): Promise<Authority> {
  try {
    const challenge = await discoverTenant(http, org);
    const found = authority.withTenant(challenge.tenant);
    if (found.ok) {
      log.info(`Tenant of ${org.url} discovered from its sign-in challenge`);
      return found.value;
    }
  } catch (err) {
    // Service principals need a concrete tenant; people can still sign in through "organizations".
    if (isAppFlow(connection.authentication)) {
      throw new UserError(
        l10n.t(
          'Could not find the tenant of {0}: {1} Set the connection\'s "tenant".',
          org.url,
          (err as Error).message,
        ),
        { code: 'tenant_discovery', cause: err },
      );
    }
    log.warn(
      `Could not discover the tenant of ${org.url}; signing in through "${authority.tenant}": ${(err as Error).message}`,
    );
  }
  return authority;
}
