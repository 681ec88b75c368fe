// Discovery documents: OpenID configuration (v2 and v1), signing keys (JWKS) and instance discovery.
import { certDer } from '../ca';
import { Errors } from './errors';
import { rsaJwk } from './jwt';
import type { EntraState } from './state';
import { v2Issuer } from './tokens';

/** Entra names the tenant by its GUID in the document's URLs unless it was one of the multi-tenant aliases. */
function tenantSegment(state: EntraState, tenant: string): string {
  const t = tenant.toLowerCase();
  return t === 'organizations' || t === 'common' ? t : state.directory.tenantId;
}

export function openidConfigurationV2(state: EntraState, tenant: string): Record<string, unknown> {
  const host = state.settings.authorityHost;
  const seg = tenantSegment(state, tenant);
  const base = `${host}/${seg}`;
  const multi = seg !== state.directory.tenantId;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: multi ? `${host}/{tenantid}/v2.0` : v2Issuer(state),
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: multi ? null : 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

export function openidConfigurationV1(state: EntraState, tenant: string): Record<string, unknown> {
  const host = state.settings.authorityHost;
  const seg = tenantSegment(state, tenant);
  const base = `${host}/${seg}`;
  const multi = seg !== state.directory.tenantId;
  return {
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${host}/common/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: multi ? 'https://sts.windows.net/{tenantid}/' : `https://sts.windows.net/${state.directory.tenantId}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'amr',
      'nonce',
      'email',
      'given_name',
      'family_name',
      'nickname',
    ],
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: multi ? null : 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

export function jwks(state: EntraState, v2: boolean): Record<string, unknown> {
  const { kid, certPem } = state.signingKey;
  return {
    keys: [
      {
        kty: 'RSA',
        use: 'sig',
        kid,
        x5t: kid,
        ...rsaJwk(certPem),
        x5c: [certDer(certPem).toString('base64')],
        ...(v2 ? { issuer: v2Issuer(state) } : {}),
      },
    ],
  };
}

/**
 * `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…`. The only cloud this
 * authority knows is itself, so its one alias is its own `host:port`.
 */
export function instanceDiscovery(state: EntraState, query: Record<string, string>): Record<string, unknown> {
  const endpoint = query.authorization_endpoint;
  if (!endpoint) throw Errors.missingParameter('authorization_endpoint');
  const ownHost = new URL(state.settings.authorityHost).host;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw Errors.invalidParameter('authorization_endpoint', endpoint);
  }
  if (url.host.toLowerCase() !== ownHost.toLowerCase()) {
    throw Errors.invalidInstance();
  }
  const tenant = url.pathname.split('/').filter(Boolean)[0] ?? 'common';
  return {
    tenant_discovery_endpoint: `${state.settings.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: ownHost, preferred_cache: ownHost, aliases: [ownHost] }],
  };
}
