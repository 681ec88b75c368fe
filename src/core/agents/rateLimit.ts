// A per-organization limit on agent tool calls: an agent in a loop must not hammer an org (and eat
// its service-protection budget, which the person's own work shares). A sliding window of one
// minute, counted per org URL; a refused call is not counted.

export interface RateDecision {
  readonly allowed: boolean;
  /** When refused: seconds until the oldest call leaves the window. */
  readonly retryAfterSeconds?: number;
}

export class RateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly perMinute: () => number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a call to `org` if the limit allows it. */
  take(org: string): RateDecision {
    const now = this.now();
    const recent = (this.calls.get(org) ?? []).filter((t) => now - t < this.windowMs);
    const limit = Math.max(1, this.perMinute());
    if (recent.length >= limit) {
      this.calls.set(org, recent);
      const wait = Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
      return { allowed: false, retryAfterSeconds: wait };
    }
    recent.push(now);
    this.calls.set(org, recent);
    return { allowed: true };
  }
}
