// Single flight with cancellation: concurrent callers asking for the same key share one load; a
// caller that cancels stops waiting at once, and the load itself is aborted only when every caller
// has cancelled (expanding a table in the tree and completing its columns must not cancel each other).
import { CancelledError } from '../userError';

interface Flight<T> {
  readonly key: string;
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

export class SharedLoads<T> {
  private readonly flights = new Map<string, Flight<T>>();

  run(key: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    let flight = this.flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const promise = Promise.resolve().then(() => work(controller.signal));
      const started: Flight<T> = { key, promise, controller, waiters: 0 };
      flight = started;
      this.flights.set(key, started);
      // Settled loads leave; the no-op catch keeps a load nobody waits for from being "unhandled".
      promise.then(
        () => this.leave(started),
        () => this.leave(started),
      );
    }
    return this.wait(flight, signal);
  }

  has(key: string): boolean {
    return this.flights.has(key);
  }

  get size(): number {
    return this.flights.size;
  }

  /** Aborts every load (on dispose). */
  abortAll(): void {
    for (const f of this.flights.values()) f.controller.abort();
    this.flights.clear();
  }

  private leave(flight: Flight<T>): void {
    if (this.flights.get(flight.key) === flight) this.flights.delete(flight.key);
  }

  private wait(flight: Flight<T>, signal: AbortSignal | undefined): Promise<T> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        if (--flight.waiters === 0) {
          // Nobody wants it any more: a later caller starts afresh instead of joining an aborted load.
          this.leave(flight);
          flight.controller.abort();
        }
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }
}
