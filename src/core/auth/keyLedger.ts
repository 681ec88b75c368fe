// SecretStorage cannot list its keys (VS Code 1.100 has no keys()), yet sign-out, Remove Connection
// and "Show Stored Secrets" must know everything the extension keeps there. So every key written
// through this store is recorded in a ledger (itself a secret, holding only key names) before its
// value is written, and struck off after its value is deleted. Where VS Code can list keys, its
// list is merged in, so a key the ledger missed (another window's race) is still found.
import type { SecretStore } from '../ports';
import { KEY_PREFIX, LEDGER_KEY } from './secretKeys';

export interface ListableSecretStore extends SecretStore {
  /** The host's own list of this extension's keys; undefined where the host has none. */
  keys?(): Promise<string[] | undefined>;
}

/** A store that can say which of our keys it holds. */
export interface EnumerableSecretStore extends SecretStore {
  keys(): Promise<string[]>;
}

export class LedgeredSecretStore implements EnumerableSecretStore {
  /** Ledger updates run one after another, so concurrent writes in this window never lose a name. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly inner: ListableSecretStore) {}

  get(key: string): Promise<string | undefined> {
    return this.inner.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    if (key !== LEDGER_KEY) await this.updateLedger((keys) => keys.add(key));
    await this.inner.store(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.inner.delete(key);
    if (key !== LEDGER_KEY) await this.updateLedger((keys) => keys.delete(key));
  }

  /** Every key of ours that is stored, the ledger's own included; sorted. */
  async keys(): Promise<string[]> {
    const recorded = await this.recorded();
    const listed = (await this.inner.keys?.().catch(() => undefined)) ?? [];
    const all = new Set([...recorded, ...listed.filter((k) => k.startsWith(KEY_PREFIX))]);
    if (recorded.size > 0) all.add(LEDGER_KEY);
    return [...all].sort();
  }

  private async recorded(): Promise<Set<string>> {
    const text = await this.inner.get(LEDGER_KEY);
    try {
      const parsed = JSON.parse(text ?? '[]') as unknown;
      return new Set(Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : []);
    } catch {
      return new Set();
    }
  }

  private updateLedger(change: (keys: Set<string>) => void): Promise<void> {
    const run = this.queue.then(async () => {
      const keys = await this.recorded();
      const before = JSON.stringify([...keys].sort());
      change(keys);
      const after = JSON.stringify([...keys].sort());
      if (after === before) return;
      // An empty ledger is deleted, not kept as "[]": after the last sign-out nothing of ours is left.
      if (keys.size === 0) await this.inner.delete(LEDGER_KEY);
      else await this.inner.store(LEDGER_KEY, after);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
