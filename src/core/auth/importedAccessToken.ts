// An access token someone pasted (from another tool), read once and checked before it is kept: it
// must be a JWT naming this organization as its audience and carrying a numeric expiry in the
// future. Unverified on purpose (Dataverse checks the signature); these checks only stop a token for
// the wrong place, or one with no end, from being kept and handed out.
import * as l10n from '@vscode/l10n';
import { IMPORTED_ACCOUNT_PREFIX } from './secretKeys';
import { orgKey } from '../org/orgUrl';

export interface ImportedAccessToken {
  /** `imported:<oid or sub>`. */
  accountId: string;
  label: string;
  expiresOn: number;
}

export type ImportedAccessTokenResult = { ok: true; value: ImportedAccessToken } | { ok: false; message: string };

export function readImportedAccessToken(jwt: string, orgUrl: string, now: number): ImportedAccessTokenResult {
  const claims = payloadOf(jwt);
  if (!claims) return { ok: false, message: l10n.t('That does not look like an access token: it could not be read.') };
  const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).filter(
    (a): a is string => typeof a === 'string',
  );
  if (audiences.length === 0) {
    return {
      ok: false,
      message: l10n.t(
        'That access token names no audience ("aud"), so it cannot be checked to be for {0}. Import a token issued for this organization, or a refresh token.',
        orgUrl,
      ),
    };
  }
  if (!audiences.some((a) => sameOrg(a, orgUrl))) {
    return {
      ok: false,
      message: wrongAudience(printable(audiences[0] ?? ''), orgUrl),
    };
  }
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    return {
      ok: false,
      message: l10n.t(
        'That access token has no expiry ("exp"), so it could be used forever. Import a token issued for this organization, or a refresh token.',
      ),
    };
  }
  if (claims.exp * 1000 <= now) {
    return {
      ok: false,
      message: l10n.t('That access token has already expired. Import a fresh one, or a refresh token.'),
    };
  }
  const subject = [claims.oid, claims.sub].find((v) => typeof v === 'string' && v) ?? 'unknown';
  const label =
    [claims.upn, claims.preferred_username, claims.unique_name].find((v) => typeof v === 'string' && v) ??
    l10n.t('Imported token');
  return {
    ok: true,
    value: {
      accountId: `${IMPORTED_ACCOUNT_PREFIX}${String(subject)}`,
      label: String(label),
      expiresOn: claims.exp * 1000,
    },
  };
}

function payloadOf(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const value = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Dataverse audiences are the org URL, with or without a trailing slash, in any case. */
function sameOrg(aud: string, orgUrl: string): boolean {
  return orgKey(aud) === orgKey(orgUrl);
}

/** The audience comes from outside: shown as plain, short text only. */
function printable(value: string): string {
  const clean = value.replace(/[^\w.:/-]/g, '');
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}

function wrongAudience(audience: string, orgUrl: string): string {
  return audience
    ? l10n.t(
        'That access token is for {0}, not for {1}. Import a token issued for this organization, or a refresh token.',
        audience,
        orgUrl,
      )
    : l10n.t(
        'That access token is for another audience, not for {0}. Import a token issued for this organization, or a refresh token.',
        orgUrl,
      );
}
