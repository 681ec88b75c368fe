// A run's loads and its end: Cancel stops All pages and leaves the run usable; once the run is over
// (a new run took the view, or the view was closed) nothing of it is posted, not even a page that
// was already on its way or a network layer that ignores the abort.
import assert from 'node:assert/strict';
import type { Continuation, PageResult } from '../../../../src/core/results/execute';
import type { HostMessage } from '../../../../src/core/results/protocol';
import { RunLifetime, type PageSteps } from '../../../../src/core/results/runLifetime';

const link = (n: number): Continuation => ({
  kind: 'odata',
  link: `https://org.example/api/data/v9.2/accounts?$skiptoken=${n}`,
  headers: {},
});

/** A session of `pages` pages of `size` rows; each fetch waits until the test lets it answer. */
class FakeSession implements PageSteps {
  rows: number[] = [];
  loaded = 1;
  readonly pending: {
    resolve: (page: PageResult) => void;
    reject: (err: unknown) => void;
    signal: AbortSignal;
    n: number;
  }[] = [];

  constructor(
    private readonly pages: number,
    private readonly size = 10,
    private readonly honoursAbort = true,
  ) {}

  next(): Continuation | undefined {
    return this.loaded < this.pages ? link(this.loaded) : undefined;
  }

  rowCount(): number {
    return this.rows.length;
  }

  fetch(continuation: Continuation, signal: AbortSignal): Promise<PageResult> {
    const n = Number(/skiptoken=(\d+)/.exec((continuation as { link: string }).link)![1]);
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, signal, n };
      this.pending.push(entry);
      if (!this.honoursAbort) return;
      signal.addEventListener('abort', () => {
        this.pending.splice(this.pending.indexOf(entry), 1);
        reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
      });
    });
  }

  accept(page: PageResult): void {
    this.loaded++;
    this.rows.push(...(page.rows as number[]));
  }

  /** Answers the oldest fetch with its page. */
  answer(): void {
    const p = this.pending.shift()!;
    p.resolve({
      rows: Array.from({ length: this.size }, (_, i) => p.n * this.size + i),
      durationMs: 1,
      sizeBytes: 100,
    });
  }

  async waitForFetch(count = 1): Promise<void> {
    while (this.pending.length < count) await new Promise((r) => setImmediate(r));
  }
}

function lifetime(): { life: RunLifetime; posted: HostMessage[] } {
  const posted: HostMessage[] = [];
  return { life: new RunLifetime((m) => posted.push(m)), posted };
}

describe('core/results/runLifetime', () => {
  it('All pages loads every page, showing progress, then idle', async () => {
    const { life, posted } = lifetime();
    const session = new FakeSession(4);
    const loading = life.loadPages(session, Number.POSITIVE_INFINITY, 1000);
    for (let i = 0; i < 3; i++) {
      await session.waitForFetch();
      session.answer();
    }
    assert.equal(await loading, 'done');
    assert.equal(session.rows.length, 30);
    assert.deepEqual(
      posted.map((m) => m.type),
      ['busy', 'busy', 'busy', 'idle'],
    );
  });

  it('stops at the row limit with more to come', async () => {
    const { life } = lifetime();
    const session = new FakeSession(10);
    const loading = life.loadPages(session, Number.POSITIVE_INFINITY, 20);
    for (let i = 0; i < 2; i++) {
      await session.waitForFetch();
      session.answer();
    }
    assert.equal(await loading, 'limit');
    assert.equal(session.rows.length, 20);
  });

  it('one load at a time', async () => {
    const { life } = lifetime();
    const session = new FakeSession(3);
    const first = life.loadPages(session, 1, 1000);
    assert.equal(await life.loadPages(session, 1, 1000), 'busy');
    await session.waitForFetch();
    session.answer();
    assert.equal(await first, 'done');
  });

  it('Cancel stops All pages and posts idle; the run can load the next page afterwards', async () => {
    const { life, posted } = lifetime();
    const session = new FakeSession(5);
    const loading = life.loadPages(session, Number.POSITIVE_INFINITY, 1000);
    await session.waitForFetch();
    session.answer();
    await session.waitForFetch();
    life.cancel();
    assert.equal(await loading, 'cancelled');
    assert.equal(session.rows.length, 10);
    assert.equal(posted.at(-1)?.type, 'idle');
    const again = life.loadPages(session, 1, 1000);
    await session.waitForFetch();
    session.answer();
    assert.equal(await again, 'done');
    assert.equal(session.rows.length, 20);
  });

  it('the end while a page is on its way: the page is dropped and nothing more is posted', async () => {
    const { life, posted } = lifetime();
    const session = new FakeSession(5, 10, false);
    const loading = life.loadPages(session, Number.POSITIVE_INFINITY, 1000);
    await session.waitForFetch();
    session.answer();
    await session.waitForFetch();
    const before = posted.length;
    life.end();
    // The network layer answers anyway (it had the page already).
    session.answer();
    assert.equal(await loading, 'ended');
    assert.equal(session.rows.length, 10, 'the late page was not added');
    assert.equal(posted.length, before, `posted after the end: ${JSON.stringify(posted.slice(before))}`);
    assert.equal(session.pending.length, 0, 'no further page was asked for');
  });

  it('the end while the fetch is aborted: no idle, no error', async () => {
    const { life, posted } = lifetime();
    const session = new FakeSession(5);
    const loading = life.loadPages(session, Number.POSITIVE_INFINITY, 1000);
    await session.waitForFetch();
    const before = posted.length;
    life.end();
    assert.equal(await loading, 'ended');
    assert.equal(posted.length, before);
  });

  it('after the end: no load starts and no message is posted', async () => {
    const { life, posted } = lifetime();
    const session = new FakeSession(5);
    life.end();
    assert.equal(await life.loadPages(session, Number.POSITIVE_INFINITY, 1000), 'ended');
    life.post({ type: 'idle' });
    assert.deepEqual(posted, []);
    assert.equal(session.pending.length, 0);
  });

  it('an error that is not a cancellation reaches the caller, after idle', async () => {
    const { life, posted } = lifetime();
    const session = new FakeSession(5);
    const loading = life.loadPages(session, 1, 1000);
    await session.waitForFetch();
    session.pending.shift()!.reject(new Error('503 Service Unavailable'));
    await assert.rejects(loading, /503/);
    assert.equal(posted.at(-1)?.type, 'idle');
  });
});
