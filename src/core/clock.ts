// Time as a port: code that waits (a sign-in that must end at its expiry) takes a Clock, so tests
// drive it with a fake one instead of sleeping.

export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; the returned function cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    // A pending sign-in must not keep the extension host (or a test run) alive on its own.
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};
