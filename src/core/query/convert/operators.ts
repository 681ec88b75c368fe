// FetchXML condition operators and the Web API query functions that run the same QueryExpression
// operator (learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/queryfunctions),
// plus how a condition value is written as an OData literal for the column's type.
import * as l10n from '@vscode/l10n';
import type { ColumnEntry } from '../language/metadataIndex';
import { ConvertError } from './conversion';

/** FetchXML operator → Web API function (Microsoft.Dynamics.CRM.<name>), for those with one. */
export const QUERY_FUNCTIONS: Readonly<Record<string, string>> = {
  today: 'Today',
  yesterday: 'Yesterday',
  tomorrow: 'Tomorrow',
  'this-week': 'ThisWeek',
  'last-week': 'LastWeek',
  'next-week': 'NextWeek',
  'this-month': 'ThisMonth',
  'last-month': 'LastMonth',
  'next-month': 'NextMonth',
  'this-year': 'ThisYear',
  'last-year': 'LastYear',
  'next-year': 'NextYear',
  'last-seven-days': 'Last7Days',
  'next-seven-days': 'Next7Days',
  'last-x-hours': 'LastXHours',
  'next-x-hours': 'NextXHours',
  'last-x-days': 'LastXDays',
  'next-x-days': 'NextXDays',
  'last-x-weeks': 'LastXWeeks',
  'next-x-weeks': 'NextXWeeks',
  'last-x-months': 'LastXMonths',
  'next-x-months': 'NextXMonths',
  'last-x-years': 'LastXYears',
  'next-x-years': 'NextXYears',
  'olderthan-x-minutes': 'OlderThanXMinutes',
  'olderthan-x-hours': 'OlderThanXHours',
  'olderthan-x-days': 'OlderThanXDays',
  'olderthan-x-weeks': 'OlderThanXWeeks',
  'olderthan-x-months': 'OlderThanXMonths',
  'olderthan-x-years': 'OlderThanXYears',
  on: 'On',
  'on-or-after': 'OnOrAfter',
  'on-or-before': 'OnOrBefore',
  'eq-userid': 'EqualUserId',
  'ne-userid': 'NotEqualUserId',
  'eq-businessid': 'EqualBusinessId',
  'ne-businessid': 'NotEqualBusinessId',
  in: 'In',
  'not-in': 'NotIn',
  between: 'Between',
  'not-between': 'NotBetween',
  'contain-values': 'ContainValues',
  'not-contain-values': 'DoesNotContainValues',
  'this-fiscal-year': 'ThisFiscalYear',
  'last-fiscal-year': 'LastFiscalYear',
  'next-fiscal-year': 'NextFiscalYear',
  'this-fiscal-period': 'ThisFiscalPeriod',
  'last-fiscal-period': 'LastFiscalPeriod',
  'next-fiscal-period': 'NextFiscalPeriod',
  'in-fiscal-year': 'InFiscalYear',
  'in-fiscal-period': 'InFiscalPeriod',
};

/** Operators whose function takes a whole number (Int32/Int64) as PropertyValue. */
export const NUMBER_OPERATORS: ReadonlySet<string> = new Set(
  Object.keys(QUERY_FUNCTIONS).filter(
    (op) => op.includes('-x-') || op === 'in-fiscal-year' || op === 'in-fiscal-period',
  ),
);

export const FETCH_OPERATOR_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(QUERY_FUNCTIONS).map(([op, fn]) => [fn, op]),
);

/** Operators whose function takes PropertyValues=[…] rather than one PropertyValue. */
export const LIST_OPERATORS: ReadonlySet<string> = new Set([
  'in',
  'not-in',
  'between',
  'not-between',
  'contain-values',
  'not-contain-values',
]);

/** Operators that take no value. */
export const NO_VALUE_OPERATORS: ReadonlySet<string> = new Set([
  'null',
  'not-null',
  'today',
  'yesterday',
  'tomorrow',
  'this-week',
  'last-week',
  'next-week',
  'this-month',
  'last-month',
  'next-month',
  'this-year',
  'last-year',
  'next-year',
  'last-seven-days',
  'next-seven-days',
  'eq-userid',
  'ne-userid',
  'eq-businessid',
  'ne-businessid',
  'this-fiscal-year',
  'last-fiscal-year',
  'next-fiscal-year',
  'this-fiscal-period',
  'last-fiscal-period',
  'next-fiscal-period',
]);

const NUMBER = /^-?\d+(\.\d+)?$/;
const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A FetchXML value written as an OData literal for the column's type; a ConvertError when it does not fit. */
export function odataLiteral(entry: ColumnEntry, raw: string): string {
  const c = entry.column;
  const bad = (): never => {
    throw new ConvertError(l10n.t("The value '{0}' does not fit column '{1}' ({2}).", raw, c.logicalName, c.kind));
  };
  switch (c.kind) {
    case 'string':
    case 'memo':
    case 'entityName':
      return `'${raw.replace(/'/g, "''")}'`;
    case 'integer':
    case 'bigInt':
    case 'decimal':
    case 'double':
    case 'money':
    case 'choice':
    case 'state':
    case 'status':
      return NUMBER.test(raw.trim()) ? raw.trim() : bad();
    case 'boolean':
      return ['1', 'true'].includes(raw.trim()) ? 'true' : ['0', 'false'].includes(raw.trim()) ? 'false' : bad();
    case 'dateTime':
      return DATE.test(raw.trim()) ? raw.trim() : bad();
    case 'uniqueIdentifier':
    case 'lookup':
    case 'customer':
    case 'owner':
      return GUID.exec(raw.trim())?.[1]?.toLowerCase() ?? bad();
    default:
      throw new ConvertError(
        l10n.t("Column '{0}' ({1}) cannot be compared in an OData {2}.", c.logicalName, c.kind, '$filter'),
      );
  }
}
