// FetchXML condition operators (learn.microsoft.com/power-apps/developer/data-platform/fetchxml/reference/
// condition): each becomes a predicate over a column value, with values typed by the column and
// string comparisons case-insensitive like Dataverse's collation.
import type { AttributeModel } from '../model';
import { Codes, badRequest as fetchError } from '../errors';
import { likeToRegExp } from '../filter';
import type { FetchCondition } from './parse';

/** Every operator the documentation lists; those without a predicate below are valid but not emulated. */
const DOCUMENTED = new Set([
  'above',
  'begins-with',
  'between',
  'contain-values',
  'ends-with',
  'eq',
  'eq-businessid',
  'eq-or-above',
  'eq-or-under',
  'eq-userid',
  'eq-userlanguage',
  'eq-useroruserhierarchy',
  'eq-useroruserhierarchyandteams',
  'eq-useroruserteams',
  'eq-userteams',
  'ge',
  'gt',
  'in',
  'in-fiscal-period',
  'in-fiscal-period-and-year',
  'in-fiscal-year',
  'in-or-after-fiscal-period-and-year',
  'in-or-before-fiscal-period-and-year',
  'last-fiscal-period',
  'last-fiscal-year',
  'last-month',
  'last-seven-days',
  'last-week',
  'last-x-days',
  'last-x-fiscal-periods',
  'last-x-fiscal-years',
  'last-x-hours',
  'last-x-months',
  'last-x-weeks',
  'last-x-years',
  'last-year',
  'le',
  'like',
  'lt',
  'ne',
  'ne-businessid',
  'ne-userid',
  'neq',
  'next-fiscal-period',
  'next-fiscal-year',
  'next-month',
  'next-seven-days',
  'next-week',
  'next-x-days',
  'next-x-fiscal-periods',
  'next-x-fiscal-years',
  'next-x-hours',
  'next-x-months',
  'next-x-weeks',
  'next-x-years',
  'next-year',
  'not-begin-with',
  'not-between',
  'not-contain-values',
  'not-end-with',
  'not-in',
  'not-like',
  'not-null',
  'not-under',
  'null',
  'olderthan-x-days',
  'olderthan-x-hours',
  'olderthan-x-minutes',
  'olderthan-x-months',
  'olderthan-x-weeks',
  'olderthan-x-years',
  'on',
  'on-or-after',
  'on-or-before',
  'this-fiscal-period',
  'this-fiscal-year',
  'this-month',
  'this-week',
  'this-year',
  'today',
  'tomorrow',
  'under',
  'yesterday',
]);

export interface ConditionContext {
  userId: string;
  businessUnitId: string;
  now: number;
}

type Predicate = (v: unknown) => boolean;
const DAY = 86_400_000;

export function checkOperator(op: string): string {
  if (!DOCUMENTED.has(op)) throw fetchError(Codes.fetchInvalidOperator, `Unsupported condition operator: '${op}'.`);
  return op;
}

const NUMERIC = new Set([
  'IntegerType',
  'BigIntType',
  'DecimalType',
  'DoubleType',
  'MoneyType',
  'PicklistType',
  'StateType',
  'StatusType',
]);

/** A value in comparable form: numbers, ms since epoch for dates, lower-case strings and GUIDs. */
function typed(a: AttributeModel, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (NUMERIC.has(a.typeName)) return typeof v === 'number' ? v : Number(v);
  if (a.typeName === 'BooleanType') return typeof v === 'boolean' ? v : ['1', 'true'].includes(String(v).toLowerCase());
  if (a.typeName === 'DateTimeType') return Date.parse(String(v));
  return String(v)
    .replace(/^\{(.*)\}$/, '$1')
    .toLowerCase();
}

function compare(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function monthStart(now: number, delta: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1);
}

function yearStart(now: number, delta: number): number {
  return Date.UTC(new Date(now).getUTCFullYear() + delta, 0, 1);
}

function inRange(from: number, to: number): Predicate {
  return (v) => typeof v === 'number' && v >= from && v < to;
}

/** The predicate for one condition (the caller reads the column value and passes it in). */
export function compileCondition(c: FetchCondition, ctx: ConditionContext): Predicate {
  const a = c.attr;
  const lit = c.values.map((v) => typed(a, v));
  const one = lit[0];
  const n = Number(c.values[0]);
  const today = startOfDay(ctx.now);
  const t = (v: unknown): unknown => typed(a, v);
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v).toLowerCase());
  switch (c.operator) {
    case 'eq':
      return (v) => t(v) !== null && t(v) === one;
    case 'ne':
    case 'neq':
      return (v) => t(v) === null || t(v) !== one;
    case 'gt':
      return (v) => t(v) !== null && compare(t(v), one) > 0;
    case 'ge':
      return (v) => t(v) !== null && compare(t(v), one) >= 0;
    case 'lt':
      return (v) => t(v) !== null && compare(t(v), one) < 0;
    case 'le':
      return (v) => t(v) !== null && compare(t(v), one) <= 0;
    case 'null':
      return (v) => v === null || v === undefined;
    case 'not-null':
      return (v) => v !== null && v !== undefined;
    case 'like':
      return (v) => text(v) !== null && likeToRegExp(c.values[0] ?? '').test(text(v)!);
    case 'not-like':
      return (v) => text(v) === null || !likeToRegExp(c.values[0] ?? '').test(text(v)!);
    case 'begins-with':
      return (v) => text(v)?.startsWith(String(one)) === true;
    case 'not-begin-with':
      return (v) => text(v)?.startsWith(String(one)) !== true;
    case 'ends-with':
      return (v) => text(v)?.endsWith(String(one)) === true;
    case 'not-end-with':
      return (v) => text(v)?.endsWith(String(one)) !== true;
    case 'in':
      return (v) => t(v) !== null && lit.includes(t(v));
    case 'not-in':
      return (v) => t(v) === null || !lit.includes(t(v));
    case 'between':
      return (v) => t(v) !== null && compare(t(v), lit[0]) >= 0 && compare(t(v), lit[1]) <= 0;
    case 'not-between':
      return (v) => t(v) === null || compare(t(v), lit[0]) < 0 || compare(t(v), lit[1]) > 0;
    case 'contain-values':
      return (v) =>
        String(v ?? '')
          .split(',')
          .some((x) => lit.includes(Number(x)));
    case 'not-contain-values':
      return (v) =>
        !String(v ?? '')
          .split(',')
          .some((x) => lit.includes(Number(x)));
    case 'eq-userid':
      return (v) => text(v) === ctx.userId.toLowerCase();
    case 'ne-userid':
      return (v) => text(v) !== ctx.userId.toLowerCase();
    case 'eq-businessid':
      return (v) => text(v) === ctx.businessUnitId.toLowerCase();
    case 'ne-businessid':
      return (v) => text(v) !== ctx.businessUnitId.toLowerCase();
    case 'on':
      return (v) => typeof t(v) === 'number' && startOfDay(t(v) as number) === startOfDay(one as number);
    case 'on-or-after':
      return (v) => typeof t(v) === 'number' && startOfDay(t(v) as number) >= startOfDay(one as number);
    case 'on-or-before':
      return (v) => typeof t(v) === 'number' && startOfDay(t(v) as number) <= startOfDay(one as number);
    default:
      return dateRange(c.operator, n, today, ctx.now, t);
  }
}

function dateRange(op: string, n: number, today: number, now: number, t: (v: unknown) => unknown): Predicate {
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
        return [0, now - n * 60_000];
      case 'olderthan-x-hours':
        return [0, now - n * 3_600_000];
      case 'olderthan-x-days':
        return [0, today - n * DAY];
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
