// Sends the writes of a SQL INSERT / UPDATE / DELETE in $batch requests of a set size, several at a
// time, and tallies each row. No write is ever sent twice: a $batch answered 429 as a whole was
// refused before any of its requests ran (Dataverse checks service protection limits on arrival,
// and so does the emulator), so it is sent again after Retry-After; a part answered 429 inside a
// batch did not run either and goes again alone. Any other failure of a whole batch (network,
// timeout, 5xx) leaves its rows unknown: they are reported, never resent, and the run stops.
// Cancel stops taking new batches; the ones on the wire finish and are counted.
import * as l10n from '@vscode/l10n';
import { ThrottledError } from '../http/errors';
import { backoffMs, DEFAULT_RETRY_POLICY } from '../http/retryPolicy';
import { batchesOf, type WriteOp } from '../query/sql/dml/plan';
import { executeBatch, type BatchRequest } from '../webapi/batch';
import { DataverseError } from '../webapi/errors';
import type { WebApiSender } from '../ports';

export interface RowFailure {
  readonly label: string;
  /** The organization's message (untrusted text: show it inert). */
  readonly message: string;
  readonly status?: number;
  /** The Dataverse error code (0x…), when the org gave one. */
  readonly code?: string;
}

export interface DmlRunResult {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly notSent: number;
  readonly cancelled: boolean;
  readonly failures: readonly RowFailure[];
  /** $batch requests sent, resends after a 429 included. */
  readonly batchesSent: number;
  /** Times a 429 was waited out. */
  readonly throttled: number;
}

export interface DmlProgress {
  readonly done: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly total: number;
}

export interface DmlRunOptions {
  /** Writes per $batch (1..1000). */
  readonly batchSize: number;
  /** $batch requests in flight at once. */
  readonly parallelism: number;
  /** Cancel: no new batch starts; batches on the wire finish. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DmlProgress) => void;
  /** Waits `ms` (cut short by the signal); tests and benches may pass their own. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Give up on a batch after this many 429s in a row. */
  readonly maxThrottles?: number;
}

const DEFAULT_MAX_THROTTLES = 20;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function runWrites(
  sender: WebApiSender,
  ops: readonly WriteOp[],
  options: DmlRunOptions,
): Promise<DmlRunResult> {
  const sleep = options.sleep ?? defaultSleep;
  const queue: WriteOp[][] = batchesOf(ops, Math.min(1000, Math.max(1, options.batchSize)));
  const failures: RowFailure[] = [];
  let succeeded = 0;
  let failed = 0;
  let batchesSent = 0;
  let throttled = 0;
  let notRun = 0;
  let stopped = false;
  /** Every worker waits until then after a 429: Retry-After is for the caller, not one connection. */
  let resumeAt = 0;
  const progress = (): void => options.onProgress?.({ done: succeeded + failed, succeeded, failed, total: ops.length });

  const sendBatch = async (batch: WriteOp[]): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const wait = resumeAt - Date.now();
      if (wait > 0) await sleep(wait, options.signal);
      if (options.signal?.aborted) {
        queue.unshift(batch);
        return;
      }
      batchesSent++;
      try {
        const result = await executeBatch(sender, batch.map(toRequest), { continueOnError: true });
        const again: WriteOp[] = [];
        batch.forEach((op, i) => {
          const part = result.parts[i];
          if (part && part.status === 429) again.push(op);
          else if (part && part.status < 400) succeeded++;
          else if (part) {
            fail(op, part.error?.message ?? `${part.status} ${part.statusText}`, part.status, part.error?.serviceCode);
          }
          // Not answered (the org stopped the batch): not run, and not sent again either.
          else notRun++;
        });
        progress();
        if (again.length) {
          throttled++;
          resumeAt = Math.max(resumeAt, Date.now() + backoffMs(1, DEFAULT_RETRY_POLICY, 0.5));
          queue.unshift(again);
        }
        return;
      } catch (err) {
        if (err instanceof ThrottledError && attempt < (options.maxThrottles ?? DEFAULT_MAX_THROTTLES)) {
          throttled++;
          const ms =
            err.retryAfterSeconds !== undefined
              ? err.retryAfterSeconds * 1000
              : backoffMs(attempt, DEFAULT_RETRY_POLICY, Math.random());
          resumeAt = Math.max(resumeAt, Date.now() + ms);
          continue;
        }
        // The batch may or may not have run: its rows are reported and never sent again.
        stopped = true;
        const why = err instanceof Error ? err.message : String(err);
        const message =
          err instanceof ThrottledError
            ? l10n.t('Not sent: the organization kept throttling. {0}', why)
            : l10n.t('Unknown whether it was written (not sent again): {0}', why);
        // The org's code goes with each row (a plug-in refusing the whole batch says 0x80040265).
        const code = err instanceof DataverseError ? err.serviceCode : undefined;
        for (const op of batch) fail(op, message, err instanceof DataverseError ? err.status : undefined, code);
        progress();
        return;
      }
    }
  };
  const fail = (op: WriteOp, message: string, status?: number, code?: string): void => {
    failed++;
    failures.push({
      label: op.label,
      message,
      ...(status !== undefined ? { status } : {}),
      ...(code !== undefined ? { code } : {}),
    });
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (stopped || options.signal?.aborted) return;
      const batch = queue.shift();
      if (!batch) return;
      await sendBatch(batch);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.floor(options.parallelism)) }, worker));
  const notSent = notRun + queue.reduce((n, b) => n + b.length, 0);
  return {
    total: ops.length,
    succeeded,
    failed,
    notSent,
    cancelled: !!options.signal?.aborted,
    failures,
    batchesSent,
    throttled,
  };
}

function toRequest(op: WriteOp): BatchRequest {
  return { method: op.method, url: op.url, headers: op.headers, ...(op.body ? { body: op.body } : {}) };
}
