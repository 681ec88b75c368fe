// The cap on what one results view holds (dynamics365.results.maxRows): a page that would take the
// view past it is cut at the cap, loading stops there, and the view says why, with the setting to
// change. Without it, "All pages" on a million-row table would hold every row in the extension host.
import * as l10n from '@vscode/l10n';
import { formatCount } from '../numberFormat';

export interface CappedPage<T> {
  /** The rows that fit under the cap (all of them when the page fits). */
  readonly rows: readonly T[];
  /** Set when the cap is reached: loading stops, and the view shows this. */
  readonly note?: string;
}

/**
 * `held`: rows the view holds already; `limit`: the most it may hold; `more`: the org has rows after
 * this page (a last page that just reaches the limit stops nothing).
 */
export function capPage<T>(rows: readonly T[], held: number, limit: number, more: boolean): CappedPage<T> {
  const room = Math.max(0, limit - held);
  if (rows.length < room || (rows.length === room && !more)) return { rows };
  return { rows: rows.length === room ? rows : rows.slice(0, room), note: limitNote(limit) };
}

export function limitNote(limit: number): string {
  return l10n.t(
    'Stopped at {0} rows, the limit of the setting dynamics365.results.maxRows (exports write the rows loaded). Raise it to load more.',
    formatCount(limit),
  );
}
