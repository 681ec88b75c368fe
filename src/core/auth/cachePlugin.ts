// MSAL's token cache, persisted through a SecretStore (the VS Code side implements it over
// context.secrets) under a key from secretKeys.ts: one per public client and sign-in host, one per
// application user and organization, so public and confidential clients never share one.
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { Logger } from '../log/logger';
import type { SecretStore } from '../ports';

export class SecretStoreCachePlugin implements ICachePlugin {
  constructor(
    private readonly store: SecretStore,
    readonly key: string,
    private readonly logger?: Logger,
  ) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    // Read on every access: another VS Code window may have refreshed the tokens meanwhile.
    let text: string | undefined;
    try {
      text = await this.store.get(this.key);
    } catch (err) {
      this.logger?.warn(`Could not read the token cache: ${(err as Error).message}`);
      return;
    }
    // Always load: MSAL empties its memory before some lookups (overwriteCache), and another window may
    // have refreshed or signed out. Nothing stored means an empty cache.
    try {
      forgetInMemory(context);
      context.tokenCache.deserialize(text ?? '{}');
    } catch {
      this.logger?.warn('The stored token cache could not be read and is ignored; you may need to sign in again.');
    }
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    await this.store.store(this.key, context.tokenCache.serialize());
  }

  async clear(): Promise<void> {
    await this.store.delete(this.key);
  }
}

/**
 * MSAL's deserialize() adds the stored entries to what it holds in memory and never removes any, so
 * an account signed out here (or in another window) would be written back by this MSAL instance's
 * next cache write. Emptying its key-value store first makes the stored text the whole truth.
 * getKVStore() is public on msal-node's TokenCache and returns the live store (checked against real
 * MSAL by test/unit/auth/signOutStorage.test.ts).
 */
function forgetInMemory(context: TokenCacheContext): void {
  const live = (context.tokenCache as { getKVStore?: () => Record<string, unknown> }).getKVStore?.();
  if (live) for (const key of Object.keys(live)) delete live[key];
}

/** For tests and for sessions that must not persist. */
export class MemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
