// Scopes other extensions pass to getSession('dynamics365', scopes), normalized once into a value
// object: which org the token is for, whether it is delegated or app-only, and the forms MSAL (v2)
// and the v1 endpoint need.
import * as l10n from '@vscode/l10n';
import { parseOrgUrl, type OrgUrl } from '../org/orgUrl';
import { formatCount } from '../numberFormat';

export const OIDC_SCOPES = ['openid', 'profile', 'offline_access', 'email'] as const;
const OIDC = new Set<string>(OIDC_SCOPES);

/** Hints in the scope list, as VS Code's Microsoft provider does it: VSCODE_TENANT:<id>, VSCODE_CLIENT_ID:<id>. */
const TENANT_HINT = /^VSCODE_TENANT:(.+)$/;
const CLIENT_HINT = /^VSCODE_CLIENT_ID:(.+)$/;

export type ScopeKind = 'delegated' | 'application';

export class ScopeSet {
  /** Use ScopeSet.parse or ScopeSet.forOrg. */
  constructor(
    readonly org: OrgUrl,
    readonly kind: ScopeKind,
    readonly oidc: readonly string[],
    readonly tenantHint: string | undefined,
    readonly clientIdHint: string | undefined,
  ) {}

  static parse(scopes: readonly string[]): ScopeSetResult {
    return parseScopes(scopes);
  }

  static forOrg(org: OrgUrl, kind: ScopeKind = 'delegated'): ScopeSet {
    return new ScopeSet(
      org,
      kind,
      kind === 'delegated' ? ['offline_access', 'openid', 'profile'] : [],
      undefined,
      undefined,
    );
  }

  /** The Dataverse scope: <org>/user_impersonation or <org>/.default. */
  get resourceScope(): string {
    return `${this.org.url}/${this.kind === 'delegated' ? 'user_impersonation' : '.default'}`;
  }

  /** What MSAL gets (it adds openid/profile/offline_access itself). */
  get msalScopes(): string[] {
    return [this.resourceScope];
  }

  /** The v1 endpoint's resource= value. */
  get v1Resource(): string {
    return this.org.url;
  }

  /** Sorted, de-duplicated: what a VS Code session reports as its scopes. */
  get normalized(): string[] {
    return [...new Set([this.resourceScope, ...this.oidc])].sort();
  }

  /** Identity of the request, independent of the order and spelling the caller used. */
  get key(): string {
    return this.normalized.join(' ');
  }

  equals(other: ScopeSet): boolean {
    return this.key === other.key;
  }
}

/** A stable key for one signed-in account at one org (cache entries, single flight, sessions). */
export function sessionKey(accountId: string, org: OrgUrl): string {
  return `${accountId.toLowerCase()}|${org.url}`;
}

export type ScopeSetResult = { ok: true; value: ScopeSet } | { ok: false; message: string };

function parseScopes(scopes: readonly string[]): ScopeSetResult {
  const orgs = new Map<string, OrgUrl>();
  const kinds = new Set<ScopeKind>();
  const oidc = new Set<string>();
  let tenant: string | undefined;
  let clientId: string | undefined;
  for (const raw of scopes) {
    const scope = typeof raw === 'string' ? raw.trim() : '';
    if (!scope) continue;
    const t = TENANT_HINT.exec(scope)?.[1];
    const c = CLIENT_HINT.exec(scope)?.[1];
    if (t) {
      tenant = t;
      continue;
    }
    if (c) {
      clientId = c;
      continue;
    }
    if (OIDC.has(scope.toLowerCase())) {
      oidc.add(scope.toLowerCase());
      continue;
    }
    const parsed = parseResourceScope(scope);
    if (!parsed.ok) return parsed;
    orgs.set(parsed.org.url, parsed.org);
    kinds.add(parsed.kind);
  }
  if (orgs.size === 0) {
    return {
      ok: false,
      message: l10n.t(
        'No Dynamics 365 organization in the requested scopes. Ask for "https://<org>.crm.dynamics.com/user_impersonation".',
      ),
    };
  }
  if (orgs.size > 1) {
    return {
      ok: false,
      message: l10n.t(
        'One session serves one organization; these scopes name {0}: {1}.',
        formatCount(orgs.size),
        [...orgs.keys()].join(', '),
      ),
    };
  }
  if (kinds.size > 1) {
    return {
      ok: false,
      message: l10n.t('Ask for either user_impersonation (a signed-in user) or .default (an application), not both.'),
    };
  }
  const org = [...orgs.values()][0] as OrgUrl;
  const kind = [...kinds][0] as ScopeKind;
  return { ok: true, value: new ScopeSet(org, kind, [...oidc].sort(), tenant, clientId) };
}

function parseResourceScope(
  scope: string,
): { ok: true; org: OrgUrl; kind: ScopeKind } | { ok: false; message: string } {
  const m = /^(https?:\/\/[^/]+)\/*(?:(user_impersonation|\.default))?\/?$/i.exec(scope);
  if (!m) {
    return {
      ok: false,
      message: l10n.t(
        '"{0}" is not a Dynamics 365 scope. Use "<org URL>/user_impersonation" or "<org URL>/.default".',
        scope,
      ),
    };
  }
  const org = parseOrgUrl(m[1]);
  if (!org.ok) return { ok: false, message: l10n.t('Scope "{0}": {1}', scope, org.message) };
  const kind: ScopeKind = m[2]?.toLowerCase() === '.default' ? 'application' : 'delegated';
  return { ok: true, org: org.value, kind };
}
