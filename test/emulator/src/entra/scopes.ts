// Turns v2 `scope=` and v1 `resource=` parameters into the one resource a token is for, as Entra does.
import { Errors } from './errors';

export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_URL = 'https://graph.microsoft.com';
const DATAVERSE_SCOPES = new Set(['user_impersonation', '.default']);

export interface ResolvedScopes {
  kind: 'dataverse' | 'graph';
  /** The resource as the client wrote it (trailing slash kept): the access token's `aud` for Dataverse. */
  resource: string;
  /** Scope names on the resource (`user_impersonation`, `.default`, `User.Read`). */
  names: string[];
  oidc: Set<string>;
}

function trimSlashes(s: string): string {
  return s.replace(/\/+$/, '');
}

function sameResource(a: string, b: string): boolean {
  return trimSlashes(a).toLowerCase() === trimSlashes(b).toLowerCase();
}

function classify(resource: string, orgUrl: string, tenantDomain: string): 'dataverse' | 'graph' {
  if (sameResource(resource, orgUrl)) return 'dataverse';
  if (sameResource(resource, GRAPH_URL) || resource.toLowerCase() === GRAPH_APP_ID) return 'graph';
  throw Errors.wrongResource(resource, tenantDomain);
}

/** Parses a v2 `scope` parameter; throws the AADSTS error Entra answers for a bad one. */
export function resolveV2Scopes(scope: string | undefined, orgUrl: string, tenantDomain: string): ResolvedScopes {
  const all = (scope ?? '').split(/\s+/).filter(Boolean);
  if (all.length === 0) throw Errors.missingScope();
  const oidc = new Set(all.filter((s) => OIDC_SCOPES.has(s)));
  const byResource = new Map<string, string[]>();
  for (const s of all.filter((x) => !OIDC_SCOPES.has(x))) {
    const slash = s.lastIndexOf('/');
    // A bare name such as `User.Read` is a Microsoft Graph scope, as Entra reads it.
    const resource = slash > 0 ? s.slice(0, slash) : GRAPH_URL;
    const name = slash > 0 ? s.slice(slash + 1) : s;
    const key = [...byResource.keys()].find((k) => sameResource(k, resource)) ?? resource;
    byResource.set(key, [...(byResource.get(key) ?? []), name]);
  }
  if (byResource.size > 1) throw Errors.multipleResources(all.join(' '));
  if (byResource.size === 0) return { kind: 'graph', resource: GRAPH_URL, names: ['User.Read'], oidc };
  const [resource, names] = [...byResource.entries()][0];
  const kind = classify(resource, orgUrl, tenantDomain);
  if (kind === 'dataverse') {
    const bad = names.find((n) => !DATAVERSE_SCOPES.has(n));
    if (bad) throw Errors.unknownScope(bad, resource);
  }
  return { kind, resource, names, oidc };
}

/** Parses a v1 `resource` parameter (no scopes: v1 grants whatever the app was consented to). */
export function resolveV1Resource(resource: string | undefined, orgUrl: string, tenantDomain: string): ResolvedScopes {
  if (!resource) throw Errors.missingParameter('resource');
  const kind = classify(resource, orgUrl, tenantDomain);
  return {
    kind,
    resource,
    names: kind === 'dataverse' ? ['user_impersonation'] : ['User.Read'],
    oidc: new Set(['openid']),
  };
}

/** The `scp` claim of a delegated token. */
export function delegatedScp(s: ResolvedScopes): string {
  if (s.kind === 'graph') return [...new Set([...s.names, 'openid', 'profile', 'email'])].join(' ');
  return 'user_impersonation';
}

/** The `scope` field of a v2 token response: granted scopes, with `.default` echoed when it was asked for. */
export function responseScope(s: ResolvedScopes): string {
  if (s.kind === 'graph') {
    return [...new Set([...s.oidc].filter((x) => x !== 'offline_access').concat(s.names))].join(' ');
  }
  const granted = [`${s.resource}/user_impersonation`];
  if (s.names.includes('.default')) granted.push(`${s.resource}/.default`);
  return granted.join(' ');
}

/** The `aud` of an access token for this resource. */
export function audienceOf(s: ResolvedScopes): string {
  return s.kind === 'graph' ? GRAPH_APP_ID : s.resource;
}
