// The token endpoint (v2 `/oauth2/v2.0/token` and v1 `/oauth2/token`): every grant, as Entra answers it.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { authenticateClient, type AuthenticatedClient } from './client-auth';
import { findUser, type User } from './directory';
import { AadstsError, Errors, entraTimestamp } from './errors';
import { resolveV1Resource, resolveV2Scopes, type ResolvedScopes } from './scopes';
import { hasConsent, nowSeconds, opaque, type EntraState, type GrantContext, type RefreshTokenRecord } from './state';
import { appResponse, delegatedResponse } from './tokens';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** The short name Entra also takes (and MSAL sends). */
const DEVICE_CODE_SHORT = 'device_code';

/** The key a grant is counted under in `stats.tokenRequests`. */
export function grantKey(grantType: string | undefined): string {
  if (!grantType) return '(none)';
  return grantType === DEVICE_CODE_GRANT ? DEVICE_CODE_SHORT : grantType;
}

interface TokenRequest {
  state: EntraState;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
  v1: boolean;
}

export function handleTokenRequest(r: TokenRequest): Record<string, unknown> {
  const grantType = r.form.grant_type;
  if (!grantType) throw Errors.missingParameter('grant_type');
  switch (grantType) {
    case 'authorization_code':
      return authorizationCodeGrant(r);
    case 'refresh_token':
      return refreshTokenGrant(r);
    case 'client_credentials':
      return clientCredentialsGrant(r);
    case DEVICE_CODE_GRANT:
    case DEVICE_CODE_SHORT:
      return deviceCodeGrant(r);
    case 'password':
      return passwordGrant(r);
    default:
      throw Errors.unsupportedGrant(grantType);
  }
}

function resolveScopes(r: TokenRequest): ResolvedScopes {
  const { orgUrl } = r.state.settings;
  return r.v1
    ? resolveV1Resource(r.form.resource, orgUrl, r.state.directory.tenantDomain)
    : resolveV2Scopes(r.form.scope, orgUrl, r.state.directory.tenantDomain);
}

function issueOptions(r: TokenRequest, client: AuthenticatedClient) {
  return { clientInfo: r.form.client_info === '1', appidacr: client.appidacr };
}

/** Conditional Access and consent checks that apply to every delegated grant. */
function checkUserPolicies(state: EntraState, client: AuthenticatedClient, user: User): void {
  if (user.blockedByCa) throw Errors.blockedByCa();
  if (!hasConsent(state, client.app, user)) throw Errors.consentRequired(client.app.clientId, client.app.displayName);
}

function authorizationCodeGrant(r: TokenRequest): Record<string, unknown> {
  const client = authenticateClient(r.state, r.headers, r.form);
  if (!r.form.code) throw Errors.missingParameter('code');
  const record = r.state.codes.get(r.form.code);
  if (!record) throw Errors.badCode();
  if (record.redeemed) throw Errors.codeRedeemed();
  if (record.grant.app.clientId !== client.app.clientId) throw Errors.codeWrongClient();
  if (nowSeconds(r.state) > record.expiresAt) throw Errors.codeExpired();
  if ((r.form.redirect_uri ?? '') !== record.redirectUri) throw Errors.redirectMismatchAtRedeem();
  if (record.codeChallenge !== undefined) {
    const verifier = r.form.code_verifier ?? '';
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (!verifier || computed !== record.codeChallenge) throw Errors.pkceMismatch();
  }
  record.redeemed = true;
  const grant: GrantContext = { ...record.grant };
  // The token request may add offline_access or openid; the resource stays the one signed in for.
  if (!r.v1 && r.form.scope) {
    for (const s of r.form.scope.split(/\s+/)) {
      if (['openid', 'profile', 'offline_access', 'email'].includes(s)) grant.scopes.oidc.add(s);
    }
  }
  return delegatedResponse(r.state, grant, issueOptions(r, client));
}

function fmtDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400),
    h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60),
    s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d}.${two(h)}:${two(m)}:${two(s)}`;
}

function checkRefreshToken(state: EntraState, rt: RefreshTokenRecord): void {
  const now = nowSeconds(state);
  const issued = entraTimestamp(new Date(rt.issuedAt * 1000));
  if (rt.revokedAt !== undefined) throw Errors.grantRevoked(issued, entraTimestamp(new Date(rt.revokedAt * 1000)));
  const expiry = rt.forcedExpiry ?? rt.user.refreshTokenExpiry;
  const inactiveFor = now - rt.lastUsedAt;
  if (expiry === 'inactivity' || inactiveFor > state.settings.refreshTokenInactivitySeconds) {
    throw Errors.refreshInactive(
      issued,
      fmtDuration(Math.max(inactiveFor, state.settings.refreshTokenInactivitySeconds)),
    );
  }
  if (expiry === 'signInFrequency') {
    throw Errors.refreshSignInFrequency(issued, fmtDuration(Math.max(0, now - rt.authTime)));
  }
}

function refreshTokenGrant(r: TokenRequest): Record<string, unknown> {
  const client = authenticateClient(r.state, r.headers, r.form);
  if (!r.form.refresh_token) throw Errors.missingParameter('refresh_token');
  const rt = r.state.refreshTokens.get(r.form.refresh_token);
  if (!rt) throw Errors.badRefreshToken();
  if (rt.clientId !== client.app.clientId) throw Errors.refreshTokenWrongClient();
  checkRefreshToken(r.state, rt);
  const scopes = resolveScopes(r);
  checkUserPolicies(r.state, client, rt.user);
  // The MFA user stands for a Conditional Access policy demanding MFA at every token issuance.
  if (rt.user.mfa) throw Errors.mfaRequired(scopes.resource);
  rt.lastUsedAt = nowSeconds(r.state);
  // Rotation: a new refresh token each time; the old one stays usable until it expires or is revoked.
  const grant: GrantContext = {
    user: rt.user,
    app: client.app,
    scopes,
    v1: r.v1,
    authTime: rt.authTime,
    mfaDone: rt.mfaDone,
    sessionId: rt.sessionId,
  };
  if (!r.v1) grant.scopes.oidc.add('offline_access');
  return delegatedResponse(r.state, grant, issueOptions(r, client));
}

function clientCredentialsGrant(r: TokenRequest): Record<string, unknown> {
  const client = authenticateClient(r.state, r.headers, r.form);
  if (client.app.kind === 'public') throw Errors.missingCredential();
  const scopes = resolveScopes(r);
  if (!r.v1 && (scopes.names.length !== 1 || scopes.names[0] !== '.default')) {
    throw Errors.defaultScopeRequired(r.form.scope ?? '');
  }
  return appResponse(r.state, client.app, scopes, r.v1, client.appidacr);
}

function deviceCodeGrant(r: TokenRequest): Record<string, unknown> {
  const client = authenticateClient(r.state, r.headers, r.form);
  const code = r.form.device_code ?? r.form.code;
  if (!code) throw Errors.missingParameter('device_code');
  const record = r.state.deviceCodes.get(code);
  if (!record || record.app.clientId !== client.app.clientId) throw Errors.badDeviceCode();
  record.lastPollAt = nowSeconds(r.state);
  if (record.status === 'redeemed') throw Errors.codeRedeemed();
  if (record.status === 'declined') throw Errors.deviceDeclined();
  if (record.failure) throw new AadstsError(record.failure);
  if (nowSeconds(r.state) > record.expiresAt) throw Errors.deviceExpired();
  if (record.status === 'pending' || !record.grant) throw Errors.devicePending();
  record.status = 'redeemed';
  return delegatedResponse(r.state, record.grant, issueOptions(r, client));
}

function passwordGrant(r: TokenRequest): Record<string, unknown> {
  const client = authenticateClient(r.state, r.headers, r.form);
  if (!r.form.username) throw Errors.missingParameter('username');
  const user = findUser(r.state.directory, r.form.username);
  if (!user) throw Errors.userNotFound(r.state.directory.tenantId);
  if (user.password !== (r.form.password ?? '')) throw Errors.badPassword();
  const scopes = resolveScopes(r);
  checkUserPolicies(r.state, client, user);
  if (user.mfa) throw Errors.mfaRequired(scopes.resource);
  const grant: GrantContext = {
    user,
    app: client.app,
    scopes,
    v1: r.v1,
    authTime: nowSeconds(r.state),
    mfaDone: false,
    sessionId: opaque(16),
  };
  return delegatedResponse(r.state, grant, issueOptions(r, client));
}
