// FetchXML's relative date and user operators written as SQL: `createdon = lastxdays(7)`,
// `ownerid = CURRENT_USER`. Each maps to exactly one operator (the form SQL 4 CDS uses too), only
// with `=` (and `<>` where FetchXML has the negated operator), so nothing is approximated.
import * as l10n from '@vscode/l10n';
import type { ColumnInfo } from '../../metadata/model';
import type { CallExpr, CompareOp, SqlExpr } from './ast';
import type { Ctx } from './scope';
import { valueText } from './values';

/** SQL function name (lower case) → FetchXML operator; `true` when it takes a count. */
export const DATE_FUNCTIONS: ReadonlyMap<string, readonly [string, boolean]> = new Map([
  ['today', ['today', false]],
  ['yesterday', ['yesterday', false]],
  ['tomorrow', ['tomorrow', false]],
  ['thisweek', ['this-week', false]],
  ['lastweek', ['last-week', false]],
  ['nextweek', ['next-week', false]],
  ['thismonth', ['this-month', false]],
  ['lastmonth', ['last-month', false]],
  ['nextmonth', ['next-month', false]],
  ['thisyear', ['this-year', false]],
  ['lastyear', ['last-year', false]],
  ['nextyear', ['next-year', false]],
  ['lastsevendays', ['last-seven-days', false]],
  ['nextsevendays', ['next-seven-days', false]],
  ['thisfiscalyear', ['this-fiscal-year', false]],
  ['thisfiscalperiod', ['this-fiscal-period', false]],
  ['lastfiscalyear', ['last-fiscal-year', false]],
  ['nextfiscalyear', ['next-fiscal-year', false]],
  ['lastxhours', ['last-x-hours', true]],
  ['nextxhours', ['next-x-hours', true]],
  ['lastxdays', ['last-x-days', true]],
  ['nextxdays', ['next-x-days', true]],
  ['lastxweeks', ['last-x-weeks', true]],
  ['nextxweeks', ['next-x-weeks', true]],
  ['lastxmonths', ['last-x-months', true]],
  ['nextxmonths', ['next-x-months', true]],
  ['lastxyears', ['last-x-years', true]],
  ['nextxyears', ['next-x-years', true]],
  ['olderthanxminutes', ['olderthan-x-minutes', true]],
  ['olderthanxhours', ['olderthan-x-hours', true]],
  ['olderthanxdays', ['olderthan-x-days', true]],
  ['olderthanxweeks', ['olderthan-x-weeks', true]],
  ['olderthanxmonths', ['olderthan-x-months', true]],
  ['olderthanxyears', ['olderthan-x-years', true]],
  ['infiscalyear', ['in-fiscal-year', true]],
]);

/** The operator (and count) for `column = fn(…)`, or undefined after a diagnostic. */
export function dateFunction(
  ctx: Ctx,
  call: CallExpr,
  column: ColumnInfo,
  op: CompareOp,
): { operator: string; value?: string } | undefined {
  const name = call.name.name.toLowerCase();
  if (name === 'current_user') {
    if (!['lookup', 'owner'].includes(column.kind) || (op !== '=' && op !== '<>')) {
      ctx.error(
        'sql-unsupported',
        l10n.t('= {0} (eq-userid) applies to a user or owner lookup, with = or <>.', 'CURRENT_USER'),
        call.span,
      );
      return undefined;
    }
    return { operator: op === '=' ? 'eq-userid' : 'ne-userid' };
  }
  const entry = DATE_FUNCTIONS.get(name);
  if (!entry) {
    ctx.error('sql-unsupported', l10n.t('{0}() has no FetchXML form here.', call.name.name), call.span);
    return undefined;
  }
  const [operator, counted] = entry;
  if (op !== '=') {
    ctx.error(
      'sql-unsupported',
      l10n.t("{0}() maps to FetchXML's {1} with = only.", call.name.name, operator),
      call.span,
    );
    return undefined;
  }
  if (column.kind !== 'dateTime') {
    ctx.error(
      'sql-type',
      l10n.t('{0} applies to date and time columns; {1} is not one.', operator, column.logicalName),
      call.span,
    );
    return undefined;
  }
  if (call.args.length !== (counted ? 1 : 0)) {
    ctx.error(
      'sql-unsupported',
      counted
        ? l10n.t('{0} takes one whole number.', `${call.name.name}(n)`)
        : l10n.t('{0} takes no argument.', `${call.name.name}()`),
      call.span,
    );
    return undefined;
  }
  if (!counted) return { operator };
  const value = valueText(ctx, call.args[0]!, undefined);
  if (value === undefined) return undefined;
  if (value === null || !/^\d+$/.test(value)) {
    ctx.error('sql-type', l10n.t('{0}() takes a whole number.', call.name.name), call.args[0]!.span);
    return undefined;
  }
  return { operator, value };
}

/** A short name of an expression FetchXML cannot express, for messages. */
export function describeUnsupported(e: SqlExpr): string {
  switch (e.type) {
    case 'call':
      return l10n.t('A function on a column ({0})', `${e.name.name}()`);
    case 'cast':
      return 'CAST/CONVERT';
    case 'arithmetic':
    case 'unary':
      return l10n.t('Arithmetic ({0})', e.op);
    case 'subquery':
      return l10n.t('A subquery');
    case 'exists':
      return l10n.t('{0} (a subquery)', 'EXISTS');
    case 'unsupported':
      return e.construct;
    case 'star':
      return '*';
    default:
      return l10n.t('This expression');
  }
}
