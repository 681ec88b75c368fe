// Browser VS Code (code-server and other web embedders) keeps a tab's secrets as one encrypted map
// in the browser's storage. Every change starts its own asynchronous encryption of the whole map,
// and nothing orders them: of two changes made close together (a sign-in writes the key ledger and
// then the token cache), the older map can be the one that lands last. After a reload the sign-in is
// then gone, or a token deleted at sign-out is back.
//
// This store repeats the last change once writes have been quiet for a moment. That write encrypts
// the map as it is now, and starts after the earlier encryptions have ended, so the map left in
// storage is the latest one. It re-reads the value instead of keeping a copy of the secret, and
// writes it back only if no change of this window started meanwhile: VS Code applies a window's
// secret calls in the order they are made, so a sign-out's delete made while the repeat's read was
// on its way would otherwise be undone by the repeat's write (the token back, listed and kept).
// Desktop VS Code saves each secret on its own, in order; there the extension does not use this.
import type { Clock } from '../ports';
import type { ListableSecretStore } from './keyLedger';

/** Long enough for a browser's encryption of the map (and the first fetch of its server key) to end. */
export const SETTLE_AFTER_MS = 1500;

export class SettledSecretStore implements ListableSecretStore {
  private lastKey: string | undefined;
  private cancelTimer: (() => void) | undefined;
  /** Counts the changes started through this store, to tell whether one started during a repeat. */
  private started = 0;

  constructor(
    private readonly inner: ListableSecretStore,
    private readonly clock: Clock,
    private readonly quietMs = SETTLE_AFTER_MS,
  ) {}

  get(key: string): Promise<string | undefined> {
    return this.inner.get(key);
  }

  keys(): Promise<string[] | undefined> {
    return this.inner.keys?.() ?? Promise.resolve(undefined);
  }

  async store(key: string, value: string): Promise<void> {
    this.started++;
    await this.inner.store(key, value);
    this.changed(key);
  }

  async delete(key: string): Promise<void> {
    this.started++;
    await this.inner.delete(key);
    this.changed(key);
  }

  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  /** Each change moves the repeat to `quietMs` after it. */
  private changed(key: string): void {
    this.lastKey = key;
    this.cancelTimer?.();
    this.cancelTimer = this.clock.setTimer(this.quietMs, () => {
      this.cancelTimer = undefined;
      void this.repeat(key);
    });
  }

  /** The key written again as it is now: stored with its value, or deleted again. */
  private async repeat(key: string): Promise<void> {
    const before = this.started;
    try {
      const value = await this.inner.get(key);
      // A change started meanwhile, even one not finished yet, was made after this read: writing what
      // was read would undo it. That change schedules its own repeat. The write below is made in the
      // same turn as this check, so no change of this window can come between them.
      if (this.started !== before || this.lastKey !== key || this.cancelTimer) return;
      if (value === undefined) await this.inner.delete(key);
      else await this.inner.store(key, value);
    } catch {
      // Best effort: the change itself was written; only its ordering in the browser is at stake.
    }
  }
}
