// Every SecretStorage key the extension writes, derived from the session or connection it belongs to,
// and which keys a session holds alone or shares. Sign-out releases exactly what the session held and
// no other live session still needs. A new kind of key must be defined here: keys of ours in any other
// format count as left over from an earlier version and are deleted (isStaleKey).
import * as l10n from '@vscode/l10n';
import { isAppFlow, type SignInFlow } from './flows';
import { orgKey } from '../org/orgUrl';

export const KEY_PREFIX = 'dynamics365.';
/** The session list (core/auth/sessionIndex.ts): the records every other key is derived from. */
export const SESSION_INDEX_KEY = `${KEY_PREFIX}sessions`;
/** The names of every key written (core/auth/keyLedger.ts). */
export const LEDGER_KEY = `${KEY_PREFIX}stored-keys`;
/** Sessions made from an imported access token (no refresh token) have account ids with this prefix. */
export const IMPORTED_ACCOUNT_PREFIX = 'imported:';

const PUBLIC_CACHE = `${KEY_PREFIX}msal-cache/public/`;
const APP_CACHE = `${KEY_PREFIX}msal-cache/app/`;
const CREDENTIAL = `${KEY_PREFIX}credential/`;
const IMPORTED = `${KEY_PREFIX}imported-token/`;

/** What sign-out needs to know of a session (SessionRecord has all of it). */
export interface SessionKeyFacts {
  id: string;
  orgUrl: string;
  accountId: string;
  flow: SignInFlow;
  clientId: string;
  authorityHost: string;
  tenant: string;
  endpointVersion?: 'v1';
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

/**
 * MSAL's cache for people signing in with one public client at one sign-in host. Not per tenant: an
 * account reached through "organizations" and through its tenant id has one refresh token, and one
 * place to delete it from.
 */
export function publicCacheKey(clientId: string, authorityHost: string): string {
  return `${PUBLIC_CACHE}${clientId.toLowerCase()}/${hostOf(authorityHost)}`;
}

/** MSAL's cache of one application user (confidential client) for one tenant and organization. */
export function appCacheKey(clientId: string, authorityHost: string, tenant: string, orgUrl: string): string {
  return `${APP_CACHE}${clientId.toLowerCase()}/${hostOf(authorityHost)}/${tenant.toLowerCase()}/${hostOf(orgUrl)}`;
}

/** A connection's client secret or certificate password. */
export function credentialKey(clientId: string, orgUrl: string): string {
  return `${CREDENTIAL}${clientId.toLowerCase()}/${orgKey(orgUrl)}`;
}

/** Every credential of an organization, whatever client id a connection named over time. */
export function isCredentialOf(key: string, orgUrl: string): boolean {
  return key.startsWith(CREDENTIAL) && key.endsWith(`/${orgKey(orgUrl)}`);
}

/** An imported access token: one per session, so per account and organization. */
export function importedTokenKey(sessionId: string): string {
  return `${IMPORTED}${sessionId}`;
}

/** A whole key held by one session, or one account's part of a shared MSAL cache. */
export type Holding =
  { kind: 'key'; key: string } | { kind: 'account'; key: string; accountId: string; orgUrl: string };

export function holdingOf(s: SessionKeyFacts): Holding | undefined {
  if (s.accountId.startsWith(IMPORTED_ACCOUNT_PREFIX)) return { kind: 'key', key: importedTokenKey(s.id) };
  if (isAppFlow(s.flow)) {
    // v1 application tokens live in memory only.
    return s.endpointVersion === 'v1'
      ? undefined
      : { kind: 'key', key: appCacheKey(s.clientId, s.authorityHost, s.tenant, s.orgUrl) };
  }
  return {
    kind: 'account',
    key: publicCacheKey(s.clientId, s.authorityHost),
    accountId: s.accountId.toLowerCase(),
    orgUrl: s.orgUrl,
  };
}

export type ReleaseStep =
  | { kind: 'deleteKey'; key: string }
  /** The account's refresh token, id tokens and access tokens; the key goes when nothing is left. */
  | { kind: 'dropAccount'; key: string; accountId: string }
  /** Only the organization's access tokens: the refresh token still serves another session. */
  | { kind: 'dropOrgTokens'; key: string; accountId: string; orgUrl: string };

/**
 * What to delete when `removed` ends (sign-out, removal, or replacement by a new sign-in), given the
 * sessions that stay. A refresh token is kept while another session of the same account, client and
 * sign-in host lives; that session's organization keeps its access tokens too.
 */
export function releaseSteps(removed: SessionKeyFacts, remaining: readonly SessionKeyFacts[]): ReleaseStep[] {
  const held = holdingOf(removed);
  if (!held) return [];
  const others = remaining.map(holdingOf).filter((h): h is Holding => !!h && h.key === held.key);
  if (held.kind === 'key') return others.length ? [] : [{ kind: 'deleteKey', key: held.key }];
  const sameAccount = others.filter((h) => h.kind === 'account' && h.accountId === held.accountId) as Extract<
    Holding,
    { kind: 'account' }
  >[];
  if (sameAccount.length === 0) return [{ kind: 'dropAccount', key: held.key, accountId: held.accountId }];
  if (sameAccount.some((h) => h.orgUrl === held.orgUrl)) return [];
  return [{ kind: 'dropOrgTokens', key: held.key, accountId: held.accountId, orgUrl: held.orgUrl }];
}

/** For "Show Stored Secrets": what a key holds, in words, without its value. */
export function describeKey(key: string): string {
  if (key === SESSION_INDEX_KEY) return l10n.t('the list of signed-in sessions (no tokens)');
  if (key === LEDGER_KEY) return l10n.t('the names of the keys below, so that they can all be deleted');
  if (key.startsWith(PUBLIC_CACHE)) {
    return l10n.t('refresh and access tokens of people signed in with this app at this sign-in host');
  }
  if (key.startsWith(APP_CACHE)) return l10n.t('access tokens of an application user');
  if (key.startsWith(CREDENTIAL)) {
    return l10n.t('the client secret or certificate password of an application connection');
  }
  if (key.startsWith(IMPORTED)) return l10n.t('an imported access token');
  return l10n.t('left by an earlier version of the extension; removed at the next sign-out');
}

/** Keys of ours in a format this version no longer reads or writes: safe to delete at any time. */
export function isStaleKey(key: string): boolean {
  if (!key.startsWith(KEY_PREFIX)) return false;
  if (key === SESSION_INDEX_KEY || key === LEDGER_KEY) return false;
  return ![PUBLIC_CACHE, APP_CACHE, CREDENTIAL, IMPORTED].some((prefix) => key.startsWith(prefix));
}
