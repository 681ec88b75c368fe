// The relative date operators of FetchXML conditions (today, last-x-days, this-week, olderthan-x-months…)
// as ranges of time [from, to) around now; days and weeks are UTC, as the emulated user's time zone.
import { Codes, badRequest as fetchError } from '../errors';

type Predicate = (v: unknown) => boolean;
export const DAY = 86_400_000;

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function monthStart(now: number, delta: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1);
}

function yearStart(now: number, delta: number): number {
  return Date.UTC(new Date(now).getUTCFullYear() + delta, 0, 1);
}

/** Weeks start on Sunday, as for an en-US user (the emulator's only user settings). */
function weekStart(now: number, delta: number): number {
  const today = startOfDay(now);
  return today - new Date(today).getUTCDay() * DAY + delta * 7 * DAY;
}

/** The start of today moved by `months` (and `years`), keeping the day of the month. */
function shiftDay(now: number, months: number): number {
  const d = new Date(startOfDay(now));
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate());
}

function inRange(from: number, to: number): Predicate {
  return (v) => typeof v === 'number' && v >= from && v < to;
}

export function dateRange(op: string, n: number, today: number, now: number, t: (v: unknown) => unknown): Predicate {
  const range = ((): [number, number] | undefined => {
    switch (op) {
      case 'today':
        return [today, today + DAY];
      case 'yesterday':
        return [today - DAY, today];
      case 'tomorrow':
        return [today + DAY, today + 2 * DAY];
      case 'last-seven-days':
        return [today - 7 * DAY, now];
      case 'next-seven-days':
        return [now, today + 8 * DAY];
      case 'last-x-days':
        return [today - n * DAY, now];
      case 'next-x-days':
        return [now, today + (n + 1) * DAY];
      case 'last-x-hours':
        return [now - n * 3_600_000, now];
      case 'next-x-hours':
        return [now, now + n * 3_600_000];
      case 'olderthan-x-minutes':
        return [-Infinity, now - n * 60_000];
      case 'olderthan-x-hours':
        return [-Infinity, now - n * 3_600_000];
      case 'olderthan-x-days':
        return [-Infinity, today - n * DAY];
      case 'this-week':
        return [weekStart(now, 0), weekStart(now, 1)];
      case 'last-week':
        return [weekStart(now, -1), weekStart(now, 0)];
      case 'next-week':
        return [weekStart(now, 1), weekStart(now, 2)];
      case 'last-x-weeks':
        return [today - 7 * n * DAY, now];
      case 'next-x-weeks':
        return [now, today + (7 * n + 1) * DAY];
      case 'last-x-months':
        return [shiftDay(now, -n), now];
      case 'next-x-months':
        return [now, shiftDay(now, n) + DAY];
      case 'last-x-years':
        return [shiftDay(now, -12 * n), now];
      case 'next-x-years':
        return [now, shiftDay(now, 12 * n) + DAY];
      case 'olderthan-x-weeks':
        return [-Infinity, today - 7 * n * DAY];
      case 'olderthan-x-months':
        return [-Infinity, shiftDay(now, -n)];
      case 'olderthan-x-years':
        return [-Infinity, shiftDay(now, -12 * n)];
      case 'this-month':
        return [monthStart(now, 0), monthStart(now, 1)];
      case 'last-month':
        return [monthStart(now, -1), monthStart(now, 0)];
      case 'next-month':
        return [monthStart(now, 1), monthStart(now, 2)];
      case 'this-year':
        return [yearStart(now, 0), yearStart(now, 1)];
      case 'last-year':
        return [yearStart(now, -1), yearStart(now, 0)];
      case 'next-year':
        return [yearStart(now, 1), yearStart(now, 2)];
      default:
        return undefined;
    }
  })();
  if (!range) {
    throw fetchError(
      Codes.fetchInvalidOperator,
      `The condition operator '${op}' is valid FetchXML but not supported by this emulator.`,
    );
  }
  const test = inRange(range[0], range[1]);
  return (v) => test(t(v));
}
