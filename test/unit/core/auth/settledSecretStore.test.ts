// Browser VS Code saves a tab's whole secret map after each change, and saves can land out of
// order. A model of that storage shows the sign-in lost (and a deleted token back) without the
// repeat, and the latest map kept with it.
import assert from 'node:assert/strict';
import type { ListableSecretStore } from '../../../../src/core/auth/keyLedger';
import { LedgeredSecretStore } from '../../../../src/core/auth/keyLedger';
import { SETTLE_AFTER_MS, SettledSecretStore } from '../../../../src/core/auth/settledSecretStore';
import { FakeClock } from '../fakeClock';

/**
 * code-server's LocalStorageSecretStorageProvider, reduced to its ordering: `set` and `delete`
 * change the tab's map at once and start a save of a snapshot that lands when the test says.
 */
class BrowserSecretModel implements ListableSecretStore {
  readonly map = new Map<string, string>();
  /** What a reload reads back. */
  persisted = new Map<string, string>();
  readonly saves: { snapshot: Map<string, string>; land: () => void }[] = [];
  writes = 0;

  async get(key: string): Promise<string | undefined> {
    return this.map.get(key);
  }
  async keys(): Promise<string[]> {
    return [...this.map.keys()];
  }
  async store(key: string, value: string): Promise<void> {
    this.map.set(key, value);
    this.save();
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
    this.save();
  }

  private save(): void {
    this.writes++;
    const snapshot = new Map(this.map);
    const save = {
      snapshot,
      land: () => {
        this.persisted = snapshot;
      },
    };
    this.saves.push(save);
  }

  /** Lands every save not landed yet in order, but the one at `index` last. */
  landLast(index: number): void {
    const saves = this.saves.splice(0);
    for (const save of saves.filter((_, i) => i !== index)) save.land();
    saves[index]!.land();
  }

  /** Lands every save not landed yet, the newest first (the unlucky order). */
  landNewestFirst(): void {
    for (const save of this.saves.splice(0).reverse()) save.land();
  }
}

const CACHE = 'dynamics365.msal.client.login.example';

/**
 * VS Code's side of a window's secret calls, with their latency: each call is applied when it is made
 * (the main thread runs one extension's calls in the order they come), and its answer arrives only
 * when the test lets it (`answerEach`) while answers are held.
 */
class SlowHost implements ListableSecretStore {
  readonly map = new Map<string, string>();
  hold = false;
  private readonly answers: (() => void)[] = [];

  get(key: string): Promise<string | undefined> {
    return this.answer(this.map.get(key));
  }
  keys(): Promise<string[]> {
    return this.answer([...this.map.keys()]);
  }
  store(key: string, value: string): Promise<void> {
    this.map.set(key, value);
    return this.answer(undefined);
  }
  delete(key: string): Promise<void> {
    this.map.delete(key);
    return this.answer(undefined);
  }

  /** Lets the held answers arrive one by one, in order, each handled before the next. */
  async answerEach(): Promise<void> {
    this.hold = false;
    while (this.answers.length) {
      this.answers.shift()!();
      await flush();
    }
  }

  private answer<T>(value: T): Promise<T> {
    if (!this.hold) return Promise.resolve(value);
    return new Promise((resolve) => this.answers.push(() => resolve(value)));
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('core/auth/settledSecretStore', () => {
  it('the model shows the problem: a sign-in (ledger, then token cache) is lost when the older save lands last', async () => {
    const browser = new BrowserSecretModel();
    const store = new LedgeredSecretStore(browser);
    await store.store(CACHE, '{"RefreshToken":{}}');
    browser.landNewestFirst();
    assert.equal(
      browser.persisted.has(CACHE),
      false,
      'without the repeat the token cache is not in what a reload reads',
    );
  });

  it('repeats the last change once writes are quiet, so the latest map is what a reload reads', async () => {
    const browser = new BrowserSecretModel();
    const clock = new FakeClock();
    const store = new LedgeredSecretStore(new SettledSecretStore(browser, clock));
    await store.store(CACHE, '{"RefreshToken":{}}');
    browser.landNewestFirst();
    assert.equal(browser.persisted.has(CACHE), false);
    clock.advance(SETTLE_AFTER_MS);
    await flush();
    browser.landNewestFirst();
    assert.equal(browser.persisted.get(CACHE), '{"RefreshToken":{}}');
    assert.deepEqual([...browser.persisted.keys()].sort(), [...browser.map.keys()].sort());
  });

  it('a token deleted at sign-out stays deleted, even right after the sign-in', async () => {
    const browser = new BrowserSecretModel();
    const clock = new FakeClock();
    const store = new LedgeredSecretStore(new SettledSecretStore(browser, clock));
    await store.store(CACHE, 'tokens');
    await store.delete(CACHE);
    // Saves: ledger, ledger + cache, ledger (cache deleted), nothing. The one with the cache lands last.
    assert.equal(browser.saves.length, 4);
    browser.landLast(1);
    assert.equal(browser.persisted.get(CACHE), 'tokens', 'the model brings the deleted token back');
    clock.advance(SETTLE_AFTER_MS);
    await flush();
    browser.landNewestFirst();
    assert.deepEqual([...browser.persisted.keys()], [], 'nothing of ours is left');
  });

  it('a sign-out made while the repeat reads the token is not undone by the repeat', async () => {
    const host = new SlowHost();
    const clock = new FakeClock();
    const store = new LedgeredSecretStore(new SettledSecretStore(host, clock));
    const token = 'dynamics365.imported-token/imported:account|https://org.example';
    await store.store(token, '{"accessToken":"..."}');
    // The repeat of the import reads the token; its answer is on its way when sign-out deletes it.
    host.hold = true;
    clock.advance(SETTLE_AFTER_MS);
    const signingOut = store.delete(token);
    await host.answerEach();
    await signingOut;
    clock.advance(SETTLE_AFTER_MS);
    await host.answerEach();
    assert.equal(host.map.has(token), false, 'the token is back after its sign-out');
    assert.deepEqual(await store.keys(), [], 'the listing after sign-out names nothing');
  });

  it('any write made while the repeat reads wins over the repeat (not only a delete)', async () => {
    const host = new SlowHost();
    const clock = new FakeClock();
    // Without the ledger, whose own read before each write happens to delay a store past the repeat.
    const store = new SettledSecretStore(host, clock);
    await store.store(CACHE, 'refresh token 1');
    host.hold = true;
    clock.advance(SETTLE_AFTER_MS);
    const rotating = store.store(CACHE, 'refresh token 2');
    await host.answerEach();
    await rotating;
    clock.advance(SETTLE_AFTER_MS);
    await host.answerEach();
    assert.equal(host.map.get(CACHE), 'refresh token 2', 'the repeat wrote the older cache over the newer one');
  });

  it('waits for quiet: a burst of changes costs one repeat, after the last one', async () => {
    const browser = new BrowserSecretModel();
    const clock = new FakeClock();
    const store = new SettledSecretStore(browser, clock);
    for (let i = 0; i < 5; i++) {
      await store.store(`k${i}`, `v${i}`);
      clock.advance(SETTLE_AFTER_MS - 1);
    }
    assert.equal(browser.writes, 5);
    clock.advance(1);
    await flush();
    assert.equal(browser.writes, 6);
    assert.equal(clock.pendingTimers, 0);
    await flush();
    assert.equal(browser.writes, 6, 'nothing more without a change');
  });

  it('re-reads the value instead of keeping the secret, and repeats a delete as a delete', async () => {
    const browser = new BrowserSecretModel();
    const clock = new FakeClock();
    const store = new SettledSecretStore(browser, clock);
    await store.store(CACHE, 'first');
    // Changed under it (by the same window, through another path): the repeat writes what is there now.
    browser.map.set(CACHE, 'second');
    browser.landNewestFirst();
    clock.advance(SETTLE_AFTER_MS);
    await flush();
    browser.landNewestFirst();
    assert.equal(browser.persisted.get(CACHE), 'second');
    await store.delete(CACHE);
    browser.landNewestFirst();
    clock.advance(SETTLE_AFTER_MS);
    await flush();
    assert.equal(browser.saves.length, 1, 'the repeat of a delete is a delete');
    browser.landNewestFirst();
    assert.equal(browser.persisted.has(CACHE), false);
  });

  it('a repeat that fails is dropped quietly (the change itself was written), and dispose cancels a pending one', async () => {
    const clock = new FakeClock();
    let writes = 0;
    let full = false;
    const failing: ListableSecretStore = {
      get: async () => 'v',
      store: async () => {
        writes++;
        if (full) throw new Error('storage full');
      },
      delete: async () => undefined,
    };
    const store = new SettledSecretStore(failing, clock);
    await store.store('k', 'v');
    full = true;
    clock.advance(SETTLE_AFTER_MS);
    await flush();
    assert.equal(writes, 2);
    full = false;
    await store.store('k', 'v');
    store.dispose();
    assert.equal(clock.pendingTimers, 0);
    await flush();
  });
});
