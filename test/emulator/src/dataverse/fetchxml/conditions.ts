// FetchXML condition operators (learn.microsoft.com/power-apps/developer/data-platform/fetchxml/reference/
// condition): each becomes a predicate over a column value, with values typed by the column and
// string comparisons case-insensitive like Dataverse's collation.
import type { AttributeModel } from '../model';
import { Codes, badRequest as fetchError } from '../errors';
import type { FetchCondition } from './parse';
import { fiscalPredicate } from './fiscal';
import { dateRange, startOfDay } from './dates';

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

/**
 * FetchXML like/not-like run as SQL Server LIKE: % and _ are wildcards and [...] is a character class
 * (ranges, ^ for not), so [%], [_] and [[] match those characters literally.
 */
export function sqlLikeToRegExp(pattern: string): RegExp {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    const close = ch === '[' ? pattern.indexOf(']', i + 2) : -1;
    if (ch === '%') body += '.*';
    else if (ch === '_') body += '.';
    else if (ch === '[' && close > 0) {
      const inner = pattern.slice(i + 1, close);
      const negate = inner.startsWith('^') && inner.length > 1;
      const set = (negate ? inner.slice(1) : inner).replace(/[\\\]^[]/g, '\\$&');
      body += `[${negate ? '^' : ''}${set}]`;
      i = close;
    } else body += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, 'is');
}

/** eq…le between two columns (valueof): like SQL, a null on either side matches nothing. */
export function compileColumnComparison(c: FetchCondition): (left: unknown, right: unknown) => boolean {
  const op = c.operator;
  const other = c.other!.attr;
  return (l, r) => {
    const a = typed(c.attr, l);
    const b = typed(other, r);
    if (a === null || b === null) return false;
    const d = compare(a, b);
    if (op === 'eq') return d === 0;
    if (op === 'ne' || op === 'neq') return d !== 0;
    return op === 'gt' ? d > 0 : op === 'ge' ? d >= 0 : op === 'lt' ? d < 0 : d <= 0;
  };
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
      return (v) => text(v) !== null && sqlLikeToRegExp(c.values[0] ?? '').test(text(v)!);
    case 'not-like':
      return (v) => text(v) === null || !sqlLikeToRegExp(c.values[0] ?? '').test(text(v)!);
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
      return fiscalPredicate(c.operator, c.values, ctx.now, t) ?? dateRange(c.operator, n, today, ctx.now, t);
  }
}
