// The authorization-code requests in flight: a random single-use `state` and the PKCE verifier for
// each. The verifier never leaves the extension host; the callback (URI handler, loopback or a pasted
// URL) is accepted only with a state this store issued, once, before it expires.
import { createHash, randomBytes } from 'node:crypto';
import { redact } from '../log/redact';

export interface PendingAuthorization<M = unknown> {
  state: string;
  verifier: string;
  challenge: string;
  challengeMethod: 'S256';
  expiresAt: number;
  meta: M;
}

export type CallbackErrorKind =
  | 'unparseable' | 'missingState' | 'missingCode' | 'unknownState' | 'stateMismatch' | 'replayed' | 'expired' | 'server';

export class AuthCallbackError extends Error {
  constructor(
    readonly kind: CallbackErrorKind,
    message: string,
    /** For kind 'server': the OAuth error and its description (already redacted). */
    readonly oauthError?: string,
    readonly errorDescription?: string,
  ) {
    super(message);
    this.name = 'AuthCallbackError';
  }
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
  for (const [key, name] of [['code', 'code'], ['state', 'state'], ['error', 'error'], ['error_description', 'errorDescription']] as const) {
    const v = p.get(key);
    if (v) out[name] = v;
  }
  return out;
}

export class PendingAuthorizations<M = unknown> {
  private readonly pending = new Map<string, PendingAuthorization<M>>();
  private readonly used = new Map<string, number>();

  constructor(private readonly ttlMs = 10 * 60_000, private readonly now: () => number = Date.now) {}

  begin(meta: M): PendingAuthorization<M> {
    this.sweep();
    const { verifier, challenge } = generatePkce();
    const entry: PendingAuthorization<M> = {
      state: base64url(randomBytes(32)), verifier, challenge, challengeMethod: 'S256', expiresAt: this.now() + this.ttlMs, meta,
    };
    this.pending.set(entry.state, entry);
    return entry;
  }

  /** Forgets a flow the user cancelled, so a late callback for it is refused. */
  cancel(state: string): void {
    if (this.pending.delete(state)) this.used.set(state, this.now() + this.ttlMs);
  }

  /**
   * Checks a callback. `expectedState` is for the paste flow, where the user may paste only the code:
   * the flow that asked knows its own state.
   */
  complete(input: string, expectedState?: string): CompletedAuthorization<M> {
    this.sweep();
    const params = parseCallback(input);
    if (!params) throw new AuthCallbackError('unparseable', 'That is not the address the browser ended on, nor a code. Copy the whole URL from the address bar and try again.');
    if (params.error) throw serverError(params);
    const state = params.state ?? (params.bare ? expectedState : undefined);
    if (!state) throw new AuthCallbackError('missingState', 'The sign-in answer has no "state"; it cannot be checked. Sign in again.');
    if (expectedState !== undefined && state !== expectedState) {
      throw new AuthCallbackError('stateMismatch', 'This sign-in answer belongs to a different sign-in attempt. Use the address from the browser window this sign-in opened.');
    }
    if (this.used.has(state)) throw new AuthCallbackError('replayed', 'This sign-in answer was already used. Sign in again.');
    const entry = this.pending.get(state);
    if (!entry) throw new AuthCallbackError('unknownState', 'This sign-in answer does not match a sign-in started here (or VS Code was restarted since). Sign in again.');
    this.pending.delete(state);
    this.used.set(state, entry.expiresAt);
    if (entry.expiresAt <= this.now()) throw new AuthCallbackError('expired', 'The sign-in took too long and expired. Sign in again.');
    if (!params.code) throw new AuthCallbackError('missingCode', 'The sign-in answer has no authorization code. Sign in again.');
    return { code: params.code, verifier: entry.verifier, state, meta: entry.meta };
  }

  get size(): number {
    return this.pending.size;
  }

  private sweep(): void {
    const now = this.now();
    // Expired entries stay answerable as 'expired' for one more TTL, then are forgotten.
    for (const [state, e] of this.pending) if (e.expiresAt + this.ttlMs <= now) this.pending.delete(state);
    for (const [state, until] of this.used) if (until + this.ttlMs <= now) this.used.delete(state);
  }
}

function serverError(p: CallbackParams): AuthCallbackError {
  const description = p.errorDescription ? redact(p.errorDescription) : undefined;
  const message = p.error === 'access_denied'
    ? 'Sign-in was cancelled or access was denied.'
    : `Sign-in failed: ${p.error}${description ? ` — ${description.split(/\r?\n/)[0]}` : ''}`;
  return new AuthCallbackError('server', message, p.error, description);
}
