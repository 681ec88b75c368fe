// Whether this window can get a session's tokens from what its SecretStorage holds. Browser VS Code
// (code-server) keeps an extension's secrets per tab, read when the tab opens: a sign-in made in
// another tab is in the shared session list, but its tokens reach this tab only after a reload.
import { cacheHoldsRefreshToken } from './msalCacheEdits';
import {
  credentialKey,
  holdingOf,
  importedTokenKey,
  IMPORTED_ACCOUNT_PREFIX,
  type SessionKeyFacts,
} from './secretKeys';
import type { SecretStore } from '../ports';

/** False only when a secret the session cannot work without is missing here; true when unsure. */
export async function canReachTokens(store: SecretStore, session: SessionKeyFacts): Promise<boolean> {
  if (session.accountId.startsWith(IMPORTED_ACCOUNT_PREFIX)) {
    return (await store.get(importedTokenKey(session.id))) !== undefined;
  }
  // An application user gets new tokens with its client secret; a certificate may need no secret at all.
  if (session.flow === 'clientSecret') {
    return (await store.get(credentialKey(session.clientId, session.orgUrl))) !== undefined;
  }
  const held = holdingOf(session);
  if (held?.kind !== 'account') return true;
  return cacheHoldsRefreshToken(await store.get(held.key), held.accountId);
}
