// Access tokens a user imported without a refresh token: kept in SecretStorage under their session's
// own key (one per account and organization), handed out until they expire, then the session asks
// for a new sign-in (as a dead refresh token does).
import { mapAuthError } from './authErrors';
import { readImportedAccessToken } from './importedAccessToken';
import { sessionKey } from './scopes';
import { IMPORTED_ACCOUNT_PREFIX, importedTokenKey } from './secretKeys';
import type { TokenResult } from './tokenClient';
import { UserError } from '../userError';
import type { SessionRecord } from './sessionIndex';
import type { SignInTarget } from './signInTarget';
import type { SecretStore } from '../ports';

export function isImported(record: SessionRecord): boolean {
  return record.accountId.startsWith(IMPORTED_ACCOUNT_PREFIX);
}

interface Stored {
  accessToken?: unknown;
  expiresOn?: unknown;
}

export class ImportedAccessTokens {
  constructor(
    private readonly secrets: SecretStore,
    private readonly now: () => number = Date.now,
  ) {}

  async add(target: SignInTarget, clientId: string, accessToken: string): Promise<SessionRecord> {
    const read = readImportedAccessToken(accessToken, target.org.url, this.now());
    if (!read.ok) throw new UserError(read.message, { code: 'bad_imported_token' });
    const { accountId, label, expiresOn } = read.value;
    const record: SessionRecord = {
      id: sessionKey(accountId, target.org),
      orgUrl: target.org.url,
      accountId,
      label,
      flow: 'importedToken',
      clientId,
      authorityHost: target.authority.host,
      tenant: target.authority.tenant,
      customHost: target.authority.isCustomHost,
    };
    await this.secrets.store(
      importedTokenKey(record.id),
      JSON.stringify({ accessToken: accessToken.trim(), expiresOn }),
    );
    return record;
  }

  async token(record: SessionRecord): Promise<TokenResult> {
    const stored = parse(await this.secrets.get(importedTokenKey(record.id)));
    // A stored token without a numeric expiry (kept by an earlier version) counts as expired.
    if (
      typeof stored.accessToken !== 'string' ||
      typeof stored.expiresOn !== 'number' ||
      stored.expiresOn <= this.now()
    ) {
      const failure = mapAuthError({
        error: 'interaction_required',
        error_description: 'The imported access token has expired. Import a new token or sign in.',
      });
      throw new UserError(failure.message, { code: failure.code, cause: failure });
    }
    return {
      accessToken: stored.accessToken,
      expiresOn: new Date(stored.expiresOn),
      scopes: [],
      tenantId: record.tenant,
      fromCache: true,
    };
  }
}

function parse(text: string | undefined): Stored {
  try {
    const value = JSON.parse(text ?? '{}') as unknown;
    return value && typeof value === 'object' ? (value as Stored) : {};
  } catch {
    return {};
  }
}
