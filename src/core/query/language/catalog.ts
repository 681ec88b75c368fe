// The fixed vocabulary of Dataverse queries, from the Web API and FetchXML references: query
// options, $filter operators and functions, the Microsoft.Dynamics.CRM query functions, request
// headers, FetchXML elements and condition operators, and the common unbound functions. The docs are
// functions: they are translated when shown, after the extension has configured @vscode/l10n.
import * as l10n from '@vscode/l10n';

export interface NamedDoc {
  readonly name: string;
  /** Plain text in the display language. */
  readonly doc: () => string;
}

export const QUERY_OPTIONS: readonly NamedDoc[] = [
  { name: '$select', doc: () => l10n.t('Columns to return, comma-separated (lookups as _name_value).') },
  { name: '$filter', doc: () => l10n.t("Rows to return: a condition such as name eq 'Contoso'.") },
  { name: '$orderby', doc: () => l10n.t('Sort order: columns, each optionally followed by asc or desc.') },
  { name: '$expand', doc: () => l10n.t('Related rows to include, through navigation properties: nav($select=…).') },
  { name: '$top', doc: () => l10n.t('At most this many rows (no paging).') },
  { name: '$count', doc: () => l10n.t('$count=true adds @odata.count (up to 5,000) to the response.') },
  { name: '$apply', doc: () => l10n.t('Aggregation and grouping: groupby((col),aggregate(x with sum as total)).') },
  { name: 'fetchXml', doc: () => l10n.t('A URL-encoded FetchXML query (a <fetch> block builds it for you).') },
  { name: 'savedQuery', doc: () => l10n.t('The id of a system view to run.') },
  { name: 'userQuery', doc: () => l10n.t('The id of a personal view to run.') },
  {
    name: '$skiptoken',
    doc: () => l10n.t('Paging token from @odata.nextLink; follow the link instead of writing it.'),
  },
];
/** Only inside $expand=nav(…). */
export const EXPAND_OPTIONS: readonly string[] = ['$select', '$filter', '$orderby', '$top', '$expand'];

export const COMPARISONS: readonly NamedDoc[] = [
  { name: 'eq', doc: () => l10n.t('equal to') },
  { name: 'ne', doc: () => l10n.t('not equal to') },
  { name: 'gt', doc: () => l10n.t('greater than') },
  { name: 'ge', doc: () => l10n.t('greater than or equal to') },
  { name: 'lt', doc: () => l10n.t('less than') },
  { name: 'le', doc: () => l10n.t('less than or equal to') },
];
export const LOGICALS: readonly NamedDoc[] = [
  { name: 'and', doc: () => l10n.t('both conditions') },
  { name: 'or', doc: () => l10n.t('either condition') },
  { name: 'not', doc: () => l10n.t('negates the condition after it') },
];
export const STRING_FUNCTIONS: readonly NamedDoc[] = [
  { name: 'contains', doc: () => l10n.t("contains(column,'text'): the column contains the text.") },
  { name: 'startswith', doc: () => l10n.t("startswith(column,'text'): the column starts with the text.") },
  { name: 'endswith', doc: () => l10n.t("endswith(column,'text'): the column ends with the text.") },
];

/** How a Microsoft.Dynamics.CRM query function takes its value. */
export type QueryFunctionArgs = 'none' | 'value' | 'values';

export interface QueryFunction {
  readonly name: string;
  readonly args: QueryFunctionArgs;
  readonly doc: () => string;
}

const NONE = [
  'Today',
  'Yesterday',
  'Tomorrow',
  'Last7Days',
  'Next7Days',
  'LastWeek',
  'ThisWeek',
  'NextWeek',
  'LastMonth',
  'ThisMonth',
  'NextMonth',
  'LastYear',
  'ThisYear',
  'NextYear',
  'LastFiscalYear',
  'ThisFiscalYear',
  'NextFiscalYear',
  'LastFiscalPeriod',
  'ThisFiscalPeriod',
  'NextFiscalPeriod',
  'EqualUserId',
  'NotEqualUserId',
  'EqualUserTeams',
  'EqualUserOrUserTeams',
  'EqualUserOrUserHierarchy',
  'EqualUserOrUserHierarchyAndTeams',
  'EqualBusinessId',
  'NotEqualBusinessId',
  'EqualUserLanguage',
  'EqualRoleBusinessId',
];
const VALUE = [
  'LastXDays',
  'NextXDays',
  'LastXHours',
  'NextXHours',
  'LastXWeeks',
  'NextXWeeks',
  'LastXMonths',
  'NextXMonths',
  'LastXYears',
  'NextXYears',
  'LastXFiscalYears',
  'NextXFiscalYears',
  'LastXFiscalPeriods',
  'NextXFiscalPeriods',
  'OlderThanXDays',
  'OlderThanXHours',
  'OlderThanXMinutes',
  'OlderThanXWeeks',
  'OlderThanXMonths',
  'OlderThanXYears',
  'On',
  'OnOrAfter',
  'OnOrBefore',
  'InFiscalYear',
  'InFiscalPeriod',
  'Above',
  'AboveOrEqual',
  'Under',
  'UnderOrEqual',
  'NotUnder',
];
const VALUES = [
  'In',
  'NotIn',
  'Between',
  'NotBetween',
  'ContainValues',
  'DoesNotContainValues',
  'InFiscalPeriodAndYear',
  'InOrAfterFiscalPeriodAndYear',
  'InOrBeforeFiscalPeriodAndYear',
];

function describe(name: string, args: QueryFunctionArgs): string {
  if (args === 'none') return l10n.t("The column's value matches {0} (PropertyName only).", name);
  if (args === 'value') {
    return l10n.t("The column's value matches {0} for a value (PropertyName and PropertyValue).", name);
  }
  return l10n.t("The column's value matches {0} for several values (PropertyName and PropertyValues=['…','…']).", name);
}

export const QUERY_FUNCTIONS: readonly QueryFunction[] = [
  ...NONE.map((name) => ({ name, args: 'none' as const })),
  ...VALUE.map((name) => ({ name, args: 'value' as const })),
  ...VALUES.map((name) => ({ name, args: 'values' as const })),
].map((f) => ({ ...f, doc: () => describe(f.name, f.args) }));

export const QUERY_FUNCTION_PREFIX = 'Microsoft.Dynamics.CRM.';

/** Text to insert for a query function, as a snippet with the column and value as placeholders. */
export function queryFunctionSnippet(f: QueryFunction): string {
  const head = `${QUERY_FUNCTION_PREFIX}${f.name}(PropertyName='\${1:column}'`;
  if (f.args === 'none') return `${head})`;
  if (f.args === 'value') return `${head},PropertyValue=\${2:value})`;
  return `${head},PropertyValues=['\${2:value1}','\${3:value2}'])`;
}

export const HEADERS: readonly NamedDoc[] = [
  {
    name: 'Prefer',
    doc: () =>
      l10n.t(
        'How the answer should come, for example {0}.',
        'odata.include-annotations="*", odata.maxpagesize=N, return=representation',
      ),
  },
  {
    name: 'If-Match',
    doc: () =>
      l10n.t('Update only if the row is unchanged (its @odata.etag), or * to prevent an upsert from creating.'),
  },
  { name: 'If-None-Match', doc: () => l10n.t('* prevents an upsert from updating an existing row.') },
  {
    name: 'MSCRM.SuppressDuplicateDetection',
    doc: () => l10n.t('false runs duplicate detection on create and update.'),
  },
  {
    name: 'MSCRM.BypassBusinessLogicExecution',
    doc: () => l10n.t('CustomSync, CustomAsync or both: skip custom plug-ins and workflows.'),
  },
  {
    name: 'MSCRM.BypassCustomPluginExecution',
    doc: () => l10n.t('true skips custom synchronous logic (needs a privilege).'),
  },
  { name: 'MSCRM.SolutionUniqueName', doc: () => l10n.t('The solution a metadata change goes to.') },
  { name: 'MSCRM.MergeLabels', doc: () => l10n.t('true keeps labels in other languages when updating metadata.') },
  { name: 'CallerObjectId', doc: () => l10n.t('Impersonate a user by their Microsoft Entra object id.') },
  { name: 'MSCRMCallerID', doc: () => l10n.t('Impersonate a user by their systemuserid.') },
  { name: 'Consistency', doc: () => l10n.t('Strong reads metadata without the cache.') },
  { name: 'Content-Type', doc: () => l10n.t('application/json is the default for bodies.') },
  { name: 'Accept', doc: () => l10n.t('application/json is the default.') },
];

export const PREFER_VALUES: readonly NamedDoc[] = [
  {
    name: 'odata.include-annotations="*"',
    doc: () => l10n.t('Formatted values, lookup names and types with each value.'),
  },
  {
    name: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"',
    doc: () => l10n.t('Formatted values only.'),
  },
  {
    name: 'odata.maxpagesize=100',
    doc: () => l10n.t('Rows per page (at most 5000); the rest comes by @odata.nextLink.'),
  },
  { name: 'return=representation', doc: () => l10n.t('A create or update returns the row (201/200) instead of 204.') },
  { name: 'odata.track-changes', doc: () => l10n.t('Returns a delta link for change tracking.') },
  { name: 'odata.continue-on-error', doc: () => l10n.t('In a $batch: go on after a failed request.') },
];

/** Unbound functions and metadata sets that are fine as a first path segment though they are no table. */
export const SERVICE_NAMES: ReadonlySet<string> = new Set([
  'WhoAmI',
  'RetrieveVersion',
  'RetrieveCurrentOrganization',
  'RetrieveTotalRecordCount',
  'RetrieveMetadataChanges',
  'RetrieveAllEntities',
  'RetrieveOrganizationResources',
  'RetrieveAvailableLanguages',
  'RetrieveProvisionedLanguages',
  'RetrieveDeprovisionedLanguages',
  'RetrieveInstalledLanguagePacks',
  'RetrieveUserQueues',
  'GetAllTimeZonesWithDisplayName',
  'GetTimeZoneCodeByLocalizedName',
  'InitializeFrom',
  'CalculateRollupField',
  'FormatAddress',
  'IsValidStateTransition',
  'RetrieveDuplicates',
  'ExpandCalendar',
  'SearchMultiple',
  'RetrieveEntityChanges',
  'RetrieveAuditDetails',
  'EntityDefinitions',
  'RelationshipDefinitions',
  'GlobalOptionSetDefinitions',
  'ManagedPropertyDefinitions',
  '$metadata',
  '$batch',
]);

/** Offered at the start of a path beside the entity sets. */
export const COMMON_FUNCTIONS: readonly NamedDoc[] = [
  { name: 'WhoAmI', doc: () => l10n.t('The signed-in user, business unit and organization ids.') },
  { name: 'RetrieveVersion', doc: () => l10n.t("The organization's version.") },
  {
    name: "RetrieveCurrentOrganization(AccessType=Microsoft.Dynamics.CRM.EndpointAccessType'Default')",
    doc: () => l10n.t("The organization's details and endpoints."),
  },
  { name: "RetrieveTotalRecordCount(EntityNames=['account'])", doc: () => l10n.t('Approximate row counts of tables.') },
  { name: 'EntityDefinitions', doc: () => l10n.t('Table definitions (metadata).') },
  { name: 'GlobalOptionSetDefinitions', doc: () => l10n.t('Global choices (metadata).') },
  { name: 'RelationshipDefinitions', doc: () => l10n.t('Relationship definitions (metadata).') },
];

export const FETCH_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  '': ['fetch'],
  fetch: ['entity'],
  entity: ['attribute', 'all-attributes', 'order', 'filter', 'link-entity'],
  'link-entity': ['attribute', 'all-attributes', 'order', 'filter', 'link-entity'],
  filter: ['condition', 'filter', 'link-entity'],
  condition: ['value'],
};

export const FETCH_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  fetch: [
    'top',
    'count',
    'page',
    'paging-cookie',
    'distinct',
    'aggregate',
    'aggregatelimit',
    'no-lock',
    'returntotalrecordcount',
    'latematerialize',
    'useraworderby',
    'datasource',
  ],
  entity: ['name'],
  'link-entity': ['name', 'from', 'to', 'alias', 'link-type', 'intersect', 'visible'],
  attribute: ['name', 'alias', 'aggregate', 'groupby', 'dategrouping', 'distinct', 'usertimezone', 'rowaggregate'],
  order: ['attribute', 'alias', 'descending', 'entityname'],
  filter: ['type', 'hint'],
  condition: ['attribute', 'operator', 'value', 'entityname', 'valueof', 'alias', 'aggregate'],
};

export const FETCH_ATTRIBUTE_VALUES: Readonly<Record<string, readonly string[]>> = {
  'link-type': ['inner', 'outer', 'any', 'not any', 'all', 'not all', 'exists', 'in', 'matchfirstrowusingcrossapply'],
  type: ['and', 'or'],
  aggregate: ['count', 'countcolumn', 'sum', 'avg', 'min', 'max'],
  dategrouping: ['day', 'week', 'month', 'quarter', 'year', 'fiscal-period', 'fiscal-year'],
  distinct: ['true', 'false'],
  descending: ['true', 'false'],
  groupby: ['true', 'false'],
  'no-lock': ['true', 'false'],
  visible: ['true', 'false'],
  intersect: ['true', 'false'],
  returntotalrecordcount: ['true', 'false'],
};

export const FETCH_OPERATORS: readonly string[] = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'like',
  'not-like',
  'begins-with',
  'not-begin-with',
  'ends-with',
  'not-end-with',
  'in',
  'not-in',
  'between',
  'not-between',
  'null',
  'not-null',
  'yesterday',
  'today',
  'tomorrow',
  'last-seven-days',
  'next-seven-days',
  'last-week',
  'this-week',
  'next-week',
  'last-month',
  'this-month',
  'next-month',
  'on',
  'on-or-before',
  'on-or-after',
  'last-year',
  'this-year',
  'next-year',
  'last-x-hours',
  'next-x-hours',
  'last-x-days',
  'next-x-days',
  'last-x-weeks',
  'next-x-weeks',
  'last-x-months',
  'next-x-months',
  'last-x-years',
  'next-x-years',
  'olderthan-x-minutes',
  'olderthan-x-hours',
  'olderthan-x-days',
  'olderthan-x-weeks',
  'olderthan-x-months',
  'olderthan-x-years',
  'eq-userid',
  'ne-userid',
  'eq-userteams',
  'eq-useroruserteams',
  'eq-useroruserhierarchy',
  'eq-useroruserhierarchyandteams',
  'eq-businessid',
  'ne-businessid',
  'eq-userlanguage',
  'this-fiscal-year',
  'this-fiscal-period',
  'next-fiscal-year',
  'next-fiscal-period',
  'last-fiscal-year',
  'last-fiscal-period',
  'last-x-fiscal-years',
  'last-x-fiscal-periods',
  'next-x-fiscal-years',
  'next-x-fiscal-periods',
  'in-fiscal-year',
  'in-fiscal-period',
  'in-fiscal-period-and-year',
  'in-or-before-fiscal-period-and-year',
  'in-or-after-fiscal-period-and-year',
  'under',
  'eq-or-under',
  'not-under',
  'above',
  'eq-or-above',
  'contain-values',
  'not-contain-values',
];

/** System variables `{{$guid}}` etc., resolved at run time. */
export const SYSTEM_VARIABLES: readonly NamedDoc[] = [
  { name: '$guid', doc: () => l10n.t('A new random GUID each time the request runs.') },
  { name: '$timestamp', doc: () => l10n.t('Seconds since 1970-01-01 (UTC) when the request runs.') },
  { name: '$isoTimestamp', doc: () => l10n.t('The time the request runs, as 2024-01-31T12:00:00.000Z.') },
];
