// Service protection API limits: 429 + Retry-After with the real error codes, either forced
// (faults.throttleNext) or from a per-user request budget per window (faults.requestsPerWindow).
import type { FaultState } from '../contract';
import { Codes } from './errors';
import { json, type ApiResponse } from './http-types';

const DEFAULT_BUDGET = 6000;

const KINDS = {
  requests: {
    code: Codes.throttleRequests,
    message: (n: number, w: number) =>
      `Number of requests exceeded the limit of ${n} over time window of ${w} seconds.`,
  },
  executionTime: {
    code: Codes.throttleExecutionTime,
    message: (_n: number, w: number) =>
      `Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of ${w} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`,
  },
  concurrency: {
    code: Codes.throttleConcurrency,
    message: () => 'Number of concurrent requests exceeded the limit of 52.',
  },
} as const;

export class Throttle {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly faults: FaultState) {}

  private window(user: string): { start: number; count: number } {
    const now = Date.now();
    let w = this.windows.get(user);
    if (!w || now - w.start >= this.faults.windowSeconds * 1000) {
      w = { start: now, count: 0 };
      this.windows.set(user, w);
    }
    return w;
  }

  /** Counts the request; returns the 429 to send when a limit is hit. */
  check(user: string): ApiResponse | undefined {
    const f = this.faults;
    const w = this.window(user);
    w.count += 1;
    const kind = KINDS[f.throttleKind ?? 'requests'];
    if (f.throttleNext > 0) {
      f.throttleNext -= 1;
      return this.tooMany(
        kind.code,
        kind.message(f.requestsPerWindow || DEFAULT_BUDGET, f.windowSeconds),
        f.throttleRetryAfterSeconds,
      );
    }
    if (f.requestsPerWindow > 0 && w.count > f.requestsPerWindow) {
      const retry = Math.max(1, Math.ceil((w.start + f.windowSeconds * 1000 - Date.now()) / 1000));
      return this.tooMany(KINDS.requests.code, KINDS.requests.message(f.requestsPerWindow, f.windowSeconds), retry);
    }
    return undefined;
  }

  private tooMany(code: string, message: string, retryAfter: number): ApiResponse {
    return json(429, { error: { code, message } }, { 'Retry-After': String(retryAfter) });
  }

  /** The x-ms-ratelimit-* headers Dataverse sends on every answer. */
  headers(user: string): Record<string, string> {
    const w = this.window(user);
    const budget = this.faults.requestsPerWindow || DEFAULT_BUDGET;
    return {
      'x-ms-ratelimit-burst-remaining-xrm-requests': String(Math.max(0, budget - w.count)),
      'x-ms-ratelimit-time-remaining-xrm-requests': '1,200.00',
    };
  }
}
