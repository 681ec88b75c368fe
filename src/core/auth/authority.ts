// Where to sign in: an authority host (per cloud, or the user's custom one) plus a tenant.
import { parseAuthorityHost, type CloudInfo } from '../org/clouds';
import { parseTenant, type TenantKind } from '../org/tenant';

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
