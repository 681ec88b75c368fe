// The life of one run in the results view: its Next page / All pages loads (one at a time, stopped
// by Cancel) and its end, when a new run takes the view or the view is closed. After the end nothing
// of the run reaches the view: a page still on its way is dropped and no rows, busy or idle message
// is posted, so an old run's rows never land in a new run's grid or in a closed view.
import * as l10n from '@vscode/l10n';
import type { Continuation, PageResult } from './execute';
import type { HostMessage } from './protocol';
import { isCancellation } from '../userError';
import { formatCount } from '../numberFormat';

/** What a load needs from the run's session. */
export interface PageSteps {
  /** Where the next page is; undefined after the last. */
  next(): Continuation | undefined;
  rowCount(): number;
  fetch(continuation: Continuation, signal: AbortSignal): Promise<PageResult>;
  /** A page arrived while the run is on: keep and show its rows. */
  accept(page: PageResult): void;
}

/**
 * How a load stopped: every page asked for was loaded (or the last one), the row limit was reached
 * with more to come, Cancel, the run's end, or another load was already going.
 */
export type LoadOutcome = 'done' | 'limit' | 'cancelled' | 'ended' | 'busy';

export class RunLifetime {
  private task: AbortController | undefined;
  private over = false;

  constructor(private readonly send: (message: HostMessage) => void) {}

  get ended(): boolean {
    return this.over;
  }

  /** Posts to the view while the run is on; drops the message after its end. */
  post(message: HostMessage): void {
    if (!this.over) this.send(message);
  }

  /** Loads up to `maxPages` pages while there are fewer than `limit` rows, showing progress meanwhile. */
  async loadPages(steps: PageSteps, maxPages: number, limit: number): Promise<LoadOutcome> {
    if (this.over) return 'ended';
    if (this.task) return 'busy';
    if (!steps.next()) return 'done';
    const task = (this.task = new AbortController());
    const { signal } = task;
    try {
      for (let n = 0; n < maxPages; n++) {
        const continuation = steps.next();
        if (!continuation) return 'done';
        if (steps.rowCount() >= limit) return 'limit';
        this.post({
          type: 'busy',
          text: l10n.t('Loading… {0} rows so far', formatCount(steps.rowCount())),
          cancellable: true,
        });
        const page = await steps.fetch(continuation, signal);
        // Stopped while the page was on its way: dropped, so that a later Next page asks for it again.
        if (signal.aborted) return this.over ? 'ended' : 'cancelled';
        steps.accept(page);
      }
      return 'done';
    } catch (err) {
      if (signal.aborted || isCancellation(err)) return this.over ? 'ended' : 'cancelled';
      throw err;
    } finally {
      this.task = undefined;
      this.post({ type: 'idle' });
    }
  }

  /** Cancel: stops the load going on, if any; the run stays on (its rows can still be paged and exported). */
  cancel(): void {
    this.task?.abort();
  }

  /** The run is over: stops its load, and nothing of it is posted any more. */
  end(): void {
    this.over = true;
    this.task?.abort();
  }
}
