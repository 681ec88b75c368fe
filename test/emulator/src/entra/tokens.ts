// Mints Entra-shaped tokens (access, id, refresh, client_info) and checks access tokens for Dataverse.
import { randomUUID } from 'node:crypto';
import type { AccessTokenClaims, TokenCheck } from '../contract';
import { nameGuid, type AppConfig } from './directory';
import { decodeJwt, signJwt, unsignedJwt, verifyJwtSignature } from './jwt';
import { audienceOf, delegatedScp, responseScope, type ResolvedScopes } from './scopes';
import { nowSeconds, opaque, type EntraState, type GrantContext } from './state';

function v1Issuer(state: EntraState): string {
  return `https://sts.windows.net/${state.directory.tenantId}/`;
}

export function v2Issuer(state: EntraState): string {
  return `${state.settings.authorityHost}/${state.directory.tenantId}/v2.0`;
}

function sign(state: EntraState, payload: object): string {
  const { kid, keyPem } = state.signingKey;
  return signJwt({ x5t: kid, kid }, payload, keyPem);
}

function accessTokenVersion(state: EntraState, scopes: ResolvedScopes): 1 | 2 {
  // Graph always gets v1 tokens from Entra; Dataverse does unless configured otherwise.
  return scopes.kind === 'graph' ? 1 : state.settings.accessTokenVersion;
}

function timing(state: EntraState): { iat: number; nbf: number; exp: number } {
  const now = nowSeconds(state);
  return { iat: now, nbf: now, exp: now + state.settings.tokenLifetimeSeconds };
}

function delegatedAccessToken(state: EntraState, grant: GrantContext, appidacr: string): string {
  const { user, app, scopes } = grant;
  const common = {
    aud: audienceOf(scopes),
    ...timing(state),
    tid: state.directory.tenantId,
    oid: user.objectId,
    name: user.displayName,
    scp: delegatedScp(scopes),
    sub: user.objectId,
    uti: opaque(16),
    rh: opaque(24),
    amr: grant.mfaDone ? ['pwd', 'mfa'] : ['pwd'],
    acr: '1',
    aio: opaque(40),
  };
  if (accessTokenVersion(state, scopes) === 2) {
    return sign(state, {
      ...common,
      iss: v2Issuer(state),
      azp: app.clientId,
      azpacr: appidacr,
      appid: app.clientId,
      preferred_username: user.username,
      upn: user.username,
      ver: '2.0',
    });
  }
  return sign(state, {
    ...common,
    iss: v1Issuer(state),
    appid: app.clientId,
    appidacr,
    upn: user.username,
    unique_name: user.username,
    ipaddr: '127.0.0.1',
    ver: '1.0',
  });
}

function idToken(state: EntraState, grant: GrantContext): string {
  const { user, app } = grant;
  const now = nowSeconds(state);
  const base = {
    aud: app.clientId,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: user.displayName,
    oid: user.objectId,
    sub: user.objectId,
    tid: state.directory.tenantId,
    rh: opaque(24),
  };
  if (grant.v1) {
    return unsignedJwt({
      ...base,
      iss: v1Issuer(state),
      amr: ['pwd'],
      unique_name: user.username,
      upn: user.username,
      ver: '1.0',
    });
  }
  return sign(state, {
    ...base,
    iss: v2Issuer(state),
    preferred_username: user.username,
    sid: grant.sessionId,
    uti: opaque(16),
    ver: '2.0',
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
  });
}

function clientInfo(state: EntraState, grant: GrantContext): string {
  return Buffer.from(JSON.stringify({ uid: grant.user.objectId, utid: state.directory.tenantId })).toString(
    'base64url',
  );
}

export function newRefreshToken(state: EntraState, grant: GrantContext): string {
  // Entra's refresh tokens are opaque (encrypted) blobs; this one is an opaque random string.
  const token = `1.${opaque(96)}`;
  const now = nowSeconds(state);
  state.refreshTokens.set(token, {
    clientId: grant.app.clientId,
    user: grant.user,
    authTime: grant.authTime,
    mfaDone: grant.mfaDone,
    issuedAt: now,
    lastUsedAt: now,
    sessionId: grant.sessionId,
  });
  return token;
}

export interface IssueOptions {
  clientInfo: boolean;
  appidacr: string;
}

/** The JSON body of a successful delegated grant (authorization_code, refresh_token, device_code, password). */
export function delegatedResponse(state: EntraState, grant: GrantContext, opts: IssueOptions): Record<string, unknown> {
  const lifetime = state.settings.tokenLifetimeSeconds;
  const access = delegatedAccessToken(state, grant, opts.appidacr);
  const wantsOidc = grant.v1
    ? grant.scopes.oidc.has('openid')
    : grant.scopes.oidc.has('openid') || grant.scopes.oidc.has('profile');
  // v1 always hands out a refresh token; v2 only when offline_access was asked for.
  const refresh = grant.v1 || grant.scopes.oidc.has('offline_access') ? newRefreshToken(state, grant) : undefined;
  if (grant.v1) {
    const now = nowSeconds(state);
    return {
      token_type: 'Bearer',
      scope: 'user_impersonation',
      expires_in: String(lifetime),
      ext_expires_in: String(lifetime),
      expires_on: String(now + lifetime),
      not_before: String(now),
      resource: grant.scopes.resource,
      access_token: access,
      ...(refresh ? { refresh_token: refresh } : {}),
      ...(wantsOidc ? { id_token: idToken(state, grant) } : {}),
    };
  }
  return {
    token_type: 'Bearer',
    scope: responseScope(grant.scopes),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: access,
    ...(refresh ? { refresh_token: refresh } : {}),
    ...(wantsOidc ? { id_token: idToken(state, grant) } : {}),
    ...(opts.clientInfo ? { client_info: clientInfo(state, grant) } : {}),
  };
}

/** The object id of the app's service principal in the tenant (the `oid` of its app-only tokens). */
export function servicePrincipalId(app: AppConfig): string {
  return nameGuid(`sp:${app.clientId.toLowerCase()}`);
}

/** The JSON body of a client_credentials grant: no refresh token, no id token. */
export function appResponse(
  state: EntraState,
  app: AppConfig,
  scopes: ResolvedScopes,
  v1: boolean,
  appidacr: string,
): Record<string, unknown> {
  const lifetime = state.settings.tokenLifetimeSeconds;
  const t = timing(state);
  const oid = servicePrincipalId(app);
  const claims = {
    aud: audienceOf(scopes),
    ...t,
    tid: state.directory.tenantId,
    oid,
    sub: oid,
    idtyp: 'app',
    uti: opaque(16),
    rh: opaque(24),
    aio: opaque(40),
    idp: v1Issuer(state),
  };
  const v2 = accessTokenVersion(state, scopes) === 2;
  const access = sign(
    state,
    v2
      ? { ...claims, iss: v2Issuer(state), azp: app.clientId, azpacr: appidacr, appid: app.clientId, ver: '2.0' }
      : { ...claims, iss: v1Issuer(state), appid: app.clientId, appidacr, ver: '1.0' },
  );
  if (v1) {
    return {
      token_type: 'Bearer',
      expires_in: String(lifetime),
      ext_expires_in: String(lifetime),
      expires_on: String(t.exp),
      not_before: String(t.nbf),
      resource: scopes.resource,
      access_token: access,
    };
  }
  return { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: access };
}

/** Checks a bearer token (with or without the `Bearer ` prefix) for the Dataverse side. */
export function verifyAccessToken(state: EntraState, bearer: string | undefined): TokenCheck {
  const token = (bearer ?? '').replace(/^Bearer\s+/i, '').trim();
  if (!token) return { ok: false, reason: 'missing' };
  const jwt = decodeJwt(token);
  if (!jwt) return { ok: false, reason: 'malformed' };
  if (jwt.header.kid !== state.signingKey.kid || !verifyJwtSignature(jwt, state.signingKey.certPem)) {
    return { ok: false, reason: 'signature' };
  }
  const claims = jwt.payload as unknown as AccessTokenClaims;
  const now = nowSeconds(state);
  if (typeof claims.exp !== 'number' || now >= claims.exp) return { ok: false, reason: 'expired' };
  if (typeof claims.nbf === 'number' && now < claims.nbf) return { ok: false, reason: 'notYetValid' };
  const aud = String(claims.aud ?? '')
    .replace(/\/+$/, '')
    .toLowerCase();
  if (aud !== state.settings.orgUrl.replace(/\/+$/, '').toLowerCase()) return { ok: false, reason: 'audience' };
  return { ok: true, claims };
}

export function correlationIdOf(headers: Record<string, string | string[] | undefined>): string {
  const given = headers['client-request-id'];
  return typeof given === 'string' && /^[0-9a-f-]{36}$/i.test(given) ? given : randomUUID();
}
