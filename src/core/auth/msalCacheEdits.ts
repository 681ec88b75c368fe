// Edits of MSAL's serialized token cache (the JSON its cache plugin stores), so that sign-out can take
// one account, or one organization's access tokens, out of a cache other sessions share. The format
// is MSAL's cross-language cache schema: sections of entries that name their home_account_id.

type Entry = { home_account_id?: unknown; target?: unknown };
type Section = Record<string, Entry>;

/** The sections that hold something of an account; AppMetadata only says which client is in a family. */
const ACCOUNT_SECTIONS = ['Account', 'IdToken', 'AccessToken', 'RefreshToken'] as const;

export type CacheEdit =
  { kind: 'dropAccount'; accountId: string } | { kind: 'dropOrgTokens'; accountId: string; orgUrl: string };

/**
 * The cache text after the edit, or undefined when nothing of any account is left (then the key
 * should be deleted) or when the text cannot be read (deleting is then the only safe choice).
 */
export function editSerializedCache(text: string | undefined, edit: CacheEdit): string | undefined {
  const cache = parse(text);
  if (!cache) return undefined;
  const account = edit.accountId.toLowerCase();
  for (const name of ACCOUNT_SECTIONS) {
    const section = cache[name];
    if (!section) continue;
    for (const [key, entry] of Object.entries(section)) {
      if (String(entry.home_account_id ?? '').toLowerCase() !== account) continue;
      if (edit.kind === 'dropAccount' || (name === 'AccessToken' && targetsOrg(entry.target, edit.orgUrl))) {
        delete section[key];
      }
    }
  }
  return holdsTokens(cache) ? JSON.stringify(cache) : undefined;
}

/** True when the serialized cache still holds an account or a token of anyone (apps included). */
export function cacheHoldsTokens(text: string | undefined): boolean {
  const cache = parse(text);
  return !!cache && holdsTokens(cache);
}

/**
 * True when the serialized cache holds a refresh token of the account: what a window needs to get the
 * account's access tokens (a browser tab that opened before another tab's sign-in does not have it).
 */
export function cacheHoldsRefreshToken(text: string | undefined, accountId: string): boolean {
  const account = accountId.toLowerCase();
  return Object.values(parse(text)?.RefreshToken ?? {}).some(
    (entry) => String(entry?.home_account_id ?? '').toLowerCase() === account,
  );
}

function parse(text: string | undefined): Record<string, Section | undefined> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, Section | undefined>)
      : undefined;
  } catch {
    return undefined;
  }
}

function holdsTokens(cache: Record<string, Section | undefined>): boolean {
  return ACCOUNT_SECTIONS.some((name) => Object.keys(cache[name] ?? {}).length > 0);
}

/** An access token is the org's when any of its scopes is on the org's origin (`<org>/user_impersonation`). */
function targetsOrg(target: unknown, orgUrl: string): boolean {
  const origin = originOf(orgUrl);
  return !!origin && typeof target === 'string' && target.split(/\s+/).some((scope) => originOf(scope) === origin);
}

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) ? url.origin.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
