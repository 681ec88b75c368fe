// Access tokens a user imported without a refresh token: kept in SecretStorage, handed out until
// they expire, then the session asks for a new sign-in (as a dead refresh token does).
import { mapAuthError } from '../core/auth/authErrors';
import type { SecretStore } from '../core/auth/cachePlugin';
import { sessionKey } from '../core/auth/scopes';
import type { TokenResult } from '../core/auth/tokenClient';
import { UserError } from '../core/userError';
import type { SessionRecord } from './sessionIndex';
import type { SignInTarget } from './signInTarget';

export function isImported(record: SessionRecord): boolean {
  return record.accountId.startsWith('imported:');
}

function key(sessionId: string): string {
  return `dynamics365.imported-token/${sessionId}`;
}

/** The payload of a JWT, unverified: only to read audience, expiry and user for display. */
function decodeClaims(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new UserError('That does not look like an access token: it could not be read.');
  }
}

export class ImportedAccessTokens {
  constructor(private readonly secrets: SecretStore) {}

  async add(target: SignInTarget, clientId: string, accessToken: string): Promise<SessionRecord> {
    const claims = decodeClaims(accessToken);
    const aud = String(claims.aud ?? '').replace(/\/+$/, '').toLowerCase();
    if (aud && aud !== target.org.url) throw new UserError(`That access token is for ${aud}, not for ${target.org.url}. Import a token issued for this organization.`);
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) throw new UserError('That access token has already expired. Import a fresh one, or a refresh token.');
    const accountId = `imported:${String(claims.oid ?? claims.sub ?? 'unknown')}`;
    const record: SessionRecord = {
      id: sessionKey(accountId, target.org), orgUrl: target.org.url, accountId,
      label: String(claims.upn ?? claims.preferred_username ?? claims.unique_name ?? 'Imported token'),
      flow: 'importedToken', clientId, authorityHost: target.authority.host, tenant: target.authority.tenant, customHost: target.authority.isCustomHost,
    };
    const expiresOn = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
    await this.secrets.store(key(record.id), JSON.stringify({ accessToken, expiresOn }));
    return record;
  }

  async token(record: SessionRecord): Promise<TokenResult> {
    const stored = JSON.parse((await this.secrets.get(key(record.id))) ?? '{}') as { accessToken?: string; expiresOn?: number };
    if (!stored.accessToken || (stored.expiresOn !== undefined && stored.expiresOn <= Date.now())) {
      const failure = mapAuthError({ error: 'interaction_required', error_description: 'The imported access token has expired. Import a new token or sign in.' });
      throw new UserError(failure.message, { code: failure.code, cause: failure });
    }
    return { accessToken: stored.accessToken, expiresOn: new Date(stored.expiresOn ?? Date.now() + 3600_000), scopes: [], tenantId: record.tenant, fromCache: true };
  }

  forget(record: SessionRecord): Promise<void> {
    return this.secrets.delete(key(record.id));
  }
}
