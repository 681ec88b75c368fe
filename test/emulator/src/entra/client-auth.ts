// Client authentication at the token endpoint: public clients present nothing, confidential ones a
// secret (body or HTTP Basic) or a certificate-signed client assertion (RFC 7523), checked as Entra does.
import type { IncomingHttpHeaders } from 'node:http';
import { thumbprints } from '../ca';
import { findApp, isKnownTenant, type AppConfig } from './directory';
import { Errors } from './errors';
import { decodeJwt, verifyJwtSignature } from './jwt';
import { nowSeconds, type EntraState } from './state';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra tolerates a few minutes of clock difference on client assertions. */
const ASSERTION_SKEW_SECONDS = 300;

export interface AuthenticatedClient {
  app: AppConfig;
  /** 0 public client, 1 secret, 2 certificate: the `appidacr` claim. */
  appidacr: '0' | '1' | '2';
}

function basicCredentials(headers: IncomingHttpHeaders): { id?: string; secret?: string } {
  const auth = headers.authorization;
  if (!auth || !/^Basic\s+/i.test(auth)) return {};
  const decoded = Buffer.from(auth.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** Looks the client up, without checking credentials (authorize and devicecode need only this). */
export function requireApp(state: EntraState, clientId: string | undefined): AppConfig {
  if (!clientId) throw Errors.missingParameter('client_id');
  const app = findApp(state.directory, clientId);
  if (!app) throw Errors.appNotFound(clientId, state.directory.tenantId);
  return app;
}

export function authenticateClient(
  state: EntraState,
  headers: IncomingHttpHeaders,
  form: Record<string, string>,
): AuthenticatedClient {
  const basic = basicCredentials(headers);
  const app = requireApp(state, form.client_id ?? basic.id);
  const secret = form.client_secret ?? basic.secret;
  const assertion = form.client_assertion;
  if (app.kind === 'public') {
    if (secret !== undefined || assertion !== undefined) throw Errors.publicClientWithSecret();
    return { app, appidacr: '0' };
  }
  if (assertion !== undefined) {
    if (form.client_assertion_type !== ASSERTION_TYPE) {
      throw Errors.invalidParameter('client_assertion_type', form.client_assertion_type ?? '');
    }
    checkAssertion(state, app, assertion);
    return { app, appidacr: '2' };
  }
  if (secret === undefined) throw Errors.missingCredential();
  const match = (app.secrets ?? []).find((s) => s.value === secret);
  if (!match) throw Errors.badSecret(app.clientId);
  if (match.expiresAt && Date.parse(match.expiresAt) <= Date.now()) throw Errors.expiredSecret(app.clientId);
  return { app, appidacr: '1' };
}

function acceptableAudience(state: EntraState, aud: unknown): boolean {
  if (typeof aud !== 'string') return false;
  const host = state.settings.authorityHost.toLowerCase();
  const lower = aud.toLowerCase().replace(/\/+$/, '');
  if (!lower.startsWith(host + '/')) return false;
  const m = /^([^/]+)\/(oauth2\/v2\.0\/token|oauth2\/token|v2\.0)$/.exec(lower.slice(host.length + 1));
  return !!m && isKnownTenant(state.directory, m[1]);
}

function checkAssertion(state: EntraState, app: AppConfig, assertion: string): void {
  const jwt = decodeJwt(assertion);
  if (!jwt) throw Errors.badAssertion('The client assertion is not a valid JWT.');
  if (!app.certificatePem) {
    throw Errors.badAssertion(`No certificate credential is registered on application '${app.clientId}'.`);
  }
  const tp = thumbprints(app.certificatePem);
  const { x5t } = jwt.header;
  const x5tS256 = jwt.header['x5t#S256'];
  if (x5t !== tp.x5t && x5tS256 !== tp.x5tS256) {
    throw Errors.badAssertion(
      'The certificate with identifier used to sign the client assertion is not registered on application.',
    );
  }
  if (!verifyJwtSignature(jwt, app.certificatePem)) {
    throw Errors.badAssertion('The signature does not verify with the registered certificate.');
  }
  const p = jwt.payload;
  if (p.iss !== app.clientId || p.sub !== app.clientId) throw Errors.assertionIssuer();
  if (!acceptableAudience(state, p.aud)) throw Errors.assertionAudience(String(p.aud));
  const now = nowSeconds(state);
  const exp = typeof p.exp === 'number' ? p.exp : 0;
  const nbf = typeof p.nbf === 'number' ? p.nbf : 0;
  if (exp + ASSERTION_SKEW_SECONDS < now || nbf - ASSERTION_SKEW_SECONDS > now) throw Errors.assertionTime();
}
