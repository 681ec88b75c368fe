// Where to sign in: an authority host (per cloud, or the user's custom one) plus a tenant.
import { normalizeGuid, trimPasted } from '../config/pasted';
import { parseAuthorityHost, type CloudInfo } from './clouds';

export type TenantKind = 'id' | 'domain' | 'organizations' | 'common';

const DOMAIN = /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

export type TenantResult = { ok: true; tenant: string; kind: TenantKind } | { ok: false; message: string };

/**
 * A tenant as people write it, normalized once: trimmed, lower case, a GUID without braces, a
 * domain without the trailing dot of a fully qualified name (Contoso.OnMicrosoft.com. →
 * contoso.onmicrosoft.com).
 */
export function parseTenant(input: string | undefined): TenantResult {
  const value = trimPasted(input ?? '').toLowerCase();
  if (!value || value === 'organizations') return { ok: true, tenant: 'organizations', kind: 'organizations' };
  if (value === 'common') return { ok: true, tenant: 'common', kind: 'common' };
  if (value === 'consumers') {
    return { ok: false, message: 'Dynamics 365 needs a work or school account; the tenant "consumers" (personal Microsoft accounts) cannot sign in. Use "organizations" or your tenant id.' };
  }
  const id = normalizeGuid(value);
  if (id) return { ok: true, tenant: id, kind: 'id' };
  const domain = value.replace(/\.$/, '');
  if (DOMAIN.test(domain)) return { ok: true, tenant: domain, kind: 'domain' };
  return { ok: false, message: `"${trimPasted(input ?? '')}" is not a tenant. Use a tenant id (a GUID), a domain such as contoso.onmicrosoft.com, "organizations" or "common".` };
}

export class Authority {
  /** Use Authority.create. */
  constructor(
    /** https://login.microsoftonline.com — no trailing slash. */
    readonly host: string,
    readonly tenant: string,
    readonly tenantKind: TenantKind,
    /** True when the host is not one of Microsoft's, so MSAL must be told to trust it. */
    readonly isCustomHost: boolean,
  ) {}

  static create(cloud: CloudInfo, tenant: string | undefined): AuthorityResult {
    const t = parseTenant(tenant);
    if (!t.ok) return t;
    const host = parseAuthorityHost(cloud.authorityHost);
    if (!host.ok) return host;
    return { ok: true, value: new Authority(host.url, t.tenant, t.kind, cloud.name === 'custom') };
  }

  /** The same host with a different tenant, e.g. once discovery found the org's tenant id. */
  withTenant(tenant: string): AuthorityResult {
    const t = parseTenant(tenant);
    if (!t.ok) return t;
    return { ok: true, value: new Authority(this.host, t.tenant, t.kind, this.isCustomHost) };
  }

  /** MSAL's `auth.authority`. */
  get url(): string {
    return `${this.host}/${this.tenant}`;
  }

  /** MSAL's `auth.knownAuthorities`: needed for custom hosts, or MSAL runs instance discovery. */
  get knownAuthorities(): string[] {
    return this.isCustomHost ? [new URL(this.host).host] : [];
  }

  /** Identifies this authority in cache keys; tenant-specific so tenants never share a cache. */
  get key(): string {
    return `${new URL(this.host).host}/${this.tenant}`;
  }

  endpoints(version: 'v1' | 'v2'): { authorize: string; token: string; deviceCode: string } {
    const base = version === 'v2' ? `${this.url}/oauth2/v2.0` : `${this.url}/oauth2`;
    return { authorize: `${base}/authorize`, token: `${base}/token`, deviceCode: `${base}/devicecode` };
  }
}

export type AuthorityResult = { ok: true; value: Authority } | { ok: false; message: string };
