// The authorization-code requests in flight: a random single-use `state` and the PKCE verifier for
// each. The verifier never leaves the extension host; the callback (URI handler, loopback or a pasted
// URL) is accepted only with a state this store issued, once, before it expires — and an error in a
// callback counts only for such a state. A sign-in waiting for its callback ends at the expiry.
import { createHash, randomBytes } from 'node:crypto';
import { systemClock } from '../clock';
import { SignInCancelledError } from './authErrors';
import { AuthCallbackError, refusedCallback, serverCallbackError, timedOutCallback } from './callbackErrors';
import type { Clock } from '../ports';

export interface PendingAuthorization<M = unknown> {
  state: string;
  verifier: string;
  challenge: string;
  challengeMethod: 'S256';
  expiresAt: number;
  meta: M;
}

export interface CompletedAuthorization<M = unknown> {
  code: string;
  verifier: string;
  state: string;
  meta: M;
}

const base64url = (b: Buffer): string => b.toString('base64url');

/** RFC 7636 S256 pair, 32 random bytes → 43-character verifier. */
export function generatePkce(): { verifier: string; challenge: string } {
  const verifier = base64url(randomBytes(32));
  return { verifier, challenge: base64url(createHash('sha256').update(verifier).digest()) };
}

export interface CallbackParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** The input was only a code, with no state of its own. */
  bare?: boolean;
}

/**
 * Reads what the browser came back with: a full redirect URL (query or fragment), a bare query
 * string, or just the code (pasted by the user). Returns undefined when it is none of those.
 */
export function parseCallback(input: string): CallbackParams | undefined {
  const text = input.trim();
  if (!text) return undefined;
  let query: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    try {
      const url = new URL(text);
      query = url.search.length > 1 ? url.search.slice(1) : url.hash.slice(1);
    } catch {
      return undefined;
    }
  } else if (/[=&]/.test(text)) {
    query = text.replace(/^[?#]/, '');
  } else {
    return /^[A-Za-z0-9._~\-+/]+=*$/.test(text) ? { code: text, bare: true } : undefined;
  }
  const p = new URLSearchParams(query);
  const out: CallbackParams = {};
  for (const [key, name] of [
    ['code', 'code'],
    ['state', 'state'],
    ['error', 'error'],
    ['error_description', 'errorDescription'],
  ] as const) {
    const v = p.get(key);
    if (v) out[name] = v;
  }
  return out;
}

export interface PendingOptions {
  /** How long a sign-in may take from opening the browser to the callback; 10 minutes by default. */
  ttlMs?: number;
  clock?: Clock;
}

/** What became of a callback handed to deliver(). */
export interface Delivery {
  /** The checked callback, when it completed a sign-in. */
  completed?: CompletedAuthorization;
  /** Why it was refused, or the error it ended a sign-in with. */
  error?: AuthCallbackError;
  /** A sign-in was waiting for this callback (and has now got its answer). */
  waited: boolean;
}

type Waiter<M> = { resolve: (c: CompletedAuthorization<M>) => void; reject: (e: Error) => void };

export class PendingAuthorizations<M = unknown> {
  private readonly pending = new Map<string, PendingAuthorization<M>>();
  private readonly used = new Map<string, number>();
  private readonly waiters = new Map<string, Waiter<M>>();
  readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(options: PendingOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.clock = options.clock ?? systemClock;
  }

  begin(meta: M): PendingAuthorization<M> {
    this.sweep();
    const { verifier, challenge } = generatePkce();
    const entry: PendingAuthorization<M> = {
      state: base64url(randomBytes(32)),
      verifier,
      challenge,
      challengeMethod: 'S256',
      expiresAt: this.clock.now() + this.ttlMs,
      meta,
    };
    this.pending.set(entry.state, entry);
    return entry;
  }

  /** Forgets a flow the user cancelled (or gave up on), so a late callback for it is refused. No-op once used. */
  cancel(state: string): void {
    if (this.pending.delete(state)) this.used.set(state, this.clock.now() + this.ttlMs);
    this.settle(state)?.reject(new SignInCancelledError());
  }

  /**
   * Resolves with the checked callback for `state` once deliver() gets it; rejects with the error a
   * callback for it carried, with 'timedOut' at the state's expiry, or as cancelled when `signal` aborts
   * (which also cancels the state).
   */
  wait(state: string, signal?: AbortSignal): Promise<CompletedAuthorization<M>> {
    const entry = this.pending.get(state);
    const promise = new Promise<CompletedAuthorization<M>>((resolve, reject) => {
      if (!entry) return reject(refusedCallback(this.used.has(state) ? 'replayed' : 'unknownState'));
      const onAbort = (): void => this.cancel(state);
      const stopTimer = this.clock.setTimer(entry.expiresAt - this.clock.now(), () => {
        // The entry stays, so a callback that still arrives is answered as 'expired' (and logged).
        this.settle(state)?.reject(timedOutCallback(this.ttlMs));
      });
      const done = (): void => {
        stopTimer();
        signal?.removeEventListener('abort', onAbort);
      };
      this.waiters.set(state, {
        resolve: (c) => {
          done();
          resolve(c);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
    promise.catch(() => undefined); // a caller that stopped listening (cancelled) must not leave an unhandled rejection
    return promise;
  }

  /** Checks a callback that arrived on its own (URI handler, loopback) and answers the sign-in waiting for it. */
  deliver(input: string, expectedState?: string): Delivery {
    try {
      const completed = this.complete(input, expectedState);
      const waiter = this.settle(completed.state);
      waiter?.resolve(completed);
      return { completed, waited: !!waiter };
    } catch (err) {
      if (!(err instanceof AuthCallbackError)) throw err;
      // Only errors decided after the state was found belong to a sign-in; the rest are refusals.
      const state =
        err.kind === 'server' || err.kind === 'missingCode' || err.kind === 'expired'
          ? stateOf(input, expectedState)
          : undefined;
      const waiter = state ? this.settle(state) : undefined;
      waiter?.reject(err);
      return { error: err, waited: !!waiter };
    }
  }

  /**
   * Checks a callback. `expectedState` is for the paste flow, where the user may paste only the code:
   * the flow that asked knows its own state.
   */
  complete(input: string, expectedState?: string): CompletedAuthorization<M> {
    this.sweep();
    const params = parseCallback(input);
    if (!params) throw refusedCallback('unparseable');
    const state = params.state ?? (params.bare ? expectedState : undefined);
    if (!state) throw refusedCallback('missingState', params);
    if (expectedState !== undefined && state !== expectedState) throw refusedCallback('stateMismatch', params);
    if (this.used.has(state)) throw refusedCallback('replayed', params);
    const entry = this.pending.get(state);
    if (!entry) throw refusedCallback('unknownState', params);
    this.pending.delete(state);
    this.used.set(state, entry.expiresAt);
    if (entry.expiresAt <= this.clock.now()) throw refusedCallback('expired', params);
    if (params.error) throw serverCallbackError(params);
    if (!params.code) throw refusedCallback('missingCode', params);
    return { code: params.code, verifier: entry.verifier, state, meta: entry.meta };
  }

  get size(): number {
    return this.pending.size;
  }

  private settle(state: string): Waiter<M> | undefined {
    const waiter = this.waiters.get(state);
    this.waiters.delete(state);
    return waiter;
  }

  private sweep(): void {
    const now = this.clock.now();
    // Expired entries stay answerable as 'expired' for one more TTL, then are forgotten.
    for (const [state, e] of this.pending) if (e.expiresAt + this.ttlMs <= now) this.pending.delete(state);
    for (const [state, until] of this.used) if (until + this.ttlMs <= now) this.used.delete(state);
  }
}

function stateOf(input: string, expectedState?: string): string | undefined {
  const params = parseCallback(input);
  return params?.state ?? (params?.bare ? expectedState : undefined);
}
