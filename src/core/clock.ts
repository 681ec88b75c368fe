// The system clock, the real implementation of the Clock port (ports.ts).
import type { Clock } from './ports';

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    // A pending sign-in must not keep the extension host (or a test run) alive on its own.
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};
