// The fiscal condition operators over the emulated organization's fiscal calendar: the fiscal year is
// the calendar year and its periods are quarters (the settings the aggregate's fiscal date grouping
// assumes too). A real org reads FiscalCalendarStart and FiscalPeriodType from its settings.

type Predicate = (v: unknown) => boolean;

/** [year, quarter 1-4] of a time in ms. */
function periodOf(ms: number): [number, number] {
  const d = new Date(ms);
  return [d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) + 1];
}

/** A period index that orders (year, quarter) pairs. */
const index = (year: number, quarter: number): number => year * 4 + (quarter - 1);

/** The predicate for a fiscal operator, over values already typed (ms since epoch), or undefined for other operators. */
export function fiscalPredicate(
  op: string,
  values: readonly string[],
  now: number,
  t: (v: unknown) => unknown,
): Predicate | undefined {
  const [year, quarter] = periodOf(now);
  const at = (v: unknown): [number, number] | undefined => {
    const ms = t(v);
    return typeof ms === 'number' && !Number.isNaN(ms) ? periodOf(ms) : undefined;
  };
  const test =
    (f: (p: [number, number]) => boolean): Predicate =>
    (v) => {
      const p = at(v);
      return p !== undefined && f(p);
    };
  const num = (i: number): number => Number(values[i]);
  switch (op) {
    case 'this-fiscal-year':
      return test(([y]) => y === year);
    case 'last-fiscal-year':
      return test(([y]) => y === year - 1);
    case 'next-fiscal-year':
      return test(([y]) => y === year + 1);
    case 'in-fiscal-year':
      return test(([y]) => y === num(0));
    case 'this-fiscal-period':
      return test(([y, q]) => index(y, q) === index(year, quarter));
    case 'last-fiscal-period':
      return test(([y, q]) => index(y, q) === index(year, quarter) - 1);
    case 'next-fiscal-period':
      return test(([y, q]) => index(y, q) === index(year, quarter) + 1);
    case 'in-fiscal-period':
      return test(([, q]) => q === num(0));
    case 'in-fiscal-period-and-year':
      return test(([y, q]) => q === num(0) && y === num(1));
    case 'in-or-before-fiscal-period-and-year':
      return test(([y, q]) => index(y, q) <= index(num(1), num(0)));
    case 'in-or-after-fiscal-period-and-year':
      return test(([y, q]) => index(y, q) >= index(num(1), num(0)));
    default:
      return undefined;
  }
}
