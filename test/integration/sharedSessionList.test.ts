// The shared session list in a real extension host: another window's writes show up as changes
// (its globalState value changes underneath this window, as VS Code delivers it), this window's own
// writes do not, and a list left in SecretStorage by 0.1.0 is moved out once.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SESSION_INDEX_KEY } from '../../src/core/auth/secretKeys';
import { SessionIndex, type SessionRecord } from '../../src/core/auth/sessionIndex';
import { SharedSessionList } from '../../src/auth/sharedSessionList';
import type { ListChange } from '../../src/core/auth/sessionListDiff';

class FakeMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

class FakeSecrets {
  readonly values = new Map<string, string>();
  readonly changed = new vscode.EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  reads = 0;
  async get(key: string): Promise<string | undefined> {
    this.reads++;
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

function record(id: string, label = id): SessionRecord {
  return {
    id,
    orgUrl: 'https://sandbox.crm.dynamics.com',
    accountId: `${id}.tenant`,
    label,
    flow: 'uriHandler',
    clientId: 'client',
    authorityHost: 'https://login.microsoftonline.com',
    tenant: 'organizations',
    customHost: false,
  };
}

describe('shared session list', () => {
  let state: FakeMemento;
  let secrets: FakeSecrets;
  let list: SharedSessionList;
  let changes: ListChange<SessionRecord>[];
  /** What another window's write looks like from here: the value changes, no event comes. */
  const otherWindowWrites = (records: SessionRecord[]): void => {
    state.values.set(SESSION_INDEX_KEY, JSON.stringify(records));
  };
  const ids = (c: ListChange<SessionRecord>) => ({
    added: c.added.map((r) => r.id),
    removed: c.removed.map((r) => r.id),
    changed: c.changed.map((r) => r.id),
  });

  beforeEach(() => {
    state = new FakeMemento();
    secrets = new FakeSecrets();
    list = new SharedSessionList(state, secrets);
    changes = [];
    list.onDidChangeElsewhere((c) => changes.push(c));
  });
  afterEach(() => list.dispose());

  it('reports a sign-in and a sign-out made in another window, each once', () => {
    otherWindowWrites([record('a')]);
    list.check();
    list.check();
    otherWindowWrites([]);
    list.check();
    assert.deepEqual(changes.map(ids), [
      { added: ['a'], removed: [], changed: [] },
      { added: [], removed: ['a'], changed: [] },
    ]);
  });

  it("notices another window's write with no event at all (a browser tab can miss its focus events for good)", async function () {
    this.timeout(30_000);
    otherWindowWrites([record('a')]);
    const deadline = Date.now() + 20_000;
    while (changes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(changes.map(ids), [{ added: ['a'], removed: [], changed: [] }]);
  });

  it('looks again when a secret changes (desktop VS Code tells every window)', () => {
    otherWindowWrites([record('a')]);
    secrets.changed.fire({ key: 'anything' });
    assert.deepEqual(changes.map(ids), [{ added: ['a'], removed: [], changed: [] }]);
  });

  it('keeps its own writes to itself, but reports what another window did before them', async () => {
    const index = new SessionIndex(list);
    await index.upsert(record('mine'));
    assert.deepEqual(changes, []);
    otherWindowWrites([record('mine'), record('theirs')]);
    await index.remove('mine');
    assert.deepEqual(changes.map(ids), [{ added: ['theirs'], removed: [], changed: [] }]);
    assert.deepEqual(
      (await index.all()).map((r) => r.id),
      ['theirs'],
    );
  });

  it('reports the same session signed in again with other details as changed', () => {
    otherWindowWrites([record('a')]);
    list.check();
    otherWindowWrites([{ ...record('a'), clientId: 'another-client' }]);
    list.check();
    assert.deepEqual(changes.map(ids)[1], { added: [], removed: [], changed: ['a'] });
  });

  it('moves a list left in SecretStorage once, and never reads SecretStorage for it again', async () => {
    secrets.values.set(SESSION_INDEX_KEY, JSON.stringify([record('old')]));
    const index = new SessionIndex(list);
    assert.deepEqual(
      (await index.all()).map((r) => r.id),
      ['old'],
    );
    assert.equal(secrets.values.has(SESSION_INDEX_KEY), false, 'the secret is deleted');
    assert.deepEqual(changes, [], 'a moved session is not news');
    // A browser tab with an old copy of the secrets must not bring the list back after a sign-out.
    await index.remove('old');
    secrets.values.set(SESSION_INDEX_KEY, JSON.stringify([record('old')]));
    const reads = secrets.reads;
    assert.deepEqual(await index.all(), []);
    assert.equal(secrets.reads, reads);
  });
});
