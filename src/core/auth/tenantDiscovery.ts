// Finds the tenant (and sign-in host) of an org from the 401 challenge Dataverse answers an
// anonymous request with:
//   WWW-Authenticate: Bearer authorization_uri=https://login.microsoftonline.com/<tid>/oauth2/authorize, resource_id=<org>/
import * as l10n from '@vscode/l10n';
import type { OrgUrl } from '../org/orgUrl';
import type { HttpSender } from '../ports';

export interface BearerChallenge {
  authorizationUri: string;
  /** https://login.microsoftonline.com — scheme and host of authorization_uri. */
  authorityHost: string;
  /** The first path segment of authorization_uri: a tenant id or domain. */
  tenant: string;
  resourceId?: string;
}

/** Parses a WWW-Authenticate value; undefined when it is not a usable Bearer challenge. */
export function parseBearerChallenge(header: string | undefined): BearerChallenge | undefined {
  if (!header) return undefined;
  const bearer = /(?:^|,\s*|\s)Bearer\s+(.*)$/i.exec(header)?.[1];
  if (!bearer) return undefined;
  const params = new Map<string, string>();
  for (const m of bearer.matchAll(/([a-z_]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/gi)) {
    const key = (m[1] ?? '').toLowerCase();
    if (!params.has(key)) params.set(key, m[2] ?? m[3] ?? '');
  }
  const authorizationUri = params.get('authorization_uri') ?? params.get('authorization');
  if (!authorizationUri) return undefined;
  let url: URL;
  try {
    url = new URL(authorizationUri);
  } catch {
    return undefined;
  }
  const tenant = url.pathname.split('/').filter(Boolean)[0];
  if (url.protocol !== 'https:' || !tenant) return undefined;
  const resourceId = params.get('resource_id');
  return {
    authorizationUri,
    authorityHost: `https://${url.host}`,
    tenant: tenant.toLowerCase(),
    ...(resourceId ? { resourceId } : {}),
  };
}

export class TenantDiscoveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TenantDiscoveryError';
  }
}

/** Asks the org anonymously; the caller catches HTTP errors (network, proxy, certificate) as usual. */
export async function discoverTenant(http: HttpSender, org: OrgUrl, signal?: AbortSignal): Promise<BearerChallenge> {
  const res = await http.request({
    url: org.webApiUrl,
    method: 'GET',
    headers: { Accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  if (res.status !== 401) {
    throw new TenantDiscoveryError(
      l10n.t(
        '{0} answered {1} instead of asking for sign-in, so its tenant could not be found. Check the organization URL, or set the tenant (dynamics365.tenant) yourself.',
        org.host,
        res.status,
      ),
      res.status,
    );
  }
  const challenge = parseBearerChallenge(res.headers['www-authenticate']);
  if (!challenge) {
    throw new TenantDiscoveryError(
      l10n.t('{0} did not say which tenant it belongs to. Set the tenant (dynamics365.tenant) yourself.', org.host),
      401,
    );
  }
  return challenge;
}
