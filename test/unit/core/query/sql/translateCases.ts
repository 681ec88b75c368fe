// SQL queries and the FetchXML each must become, written by hand from the Dataverse FetchXML
// reference (link-entity from/to, condition operators, aggregate/groupby/dategrouping, order with
// entityname, page/count), against the real CSDL's tables. Small builders keep them readable.

const q = (s: string | undefined): string => (s === undefined ? '' : s);
const attrs = (o: Record<string, string | undefined>): string =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');

export const fetch = (a: Record<string, string | undefined>, ...children: string[]): string =>
  `<fetch${attrs(a)}>${children.join('')}</fetch>`;
export const entity = (name: string, ...children: string[]): string =>
  `<entity name="${name}">${children.join('')}</entity>`;
export const attr = (name: string, alias?: string): string => `<attribute${attrs({ name, alias })}/>`;
export const agg = (name: string, alias: string, aggregate: string, distinct?: boolean): string =>
  `<attribute${attrs({ name, alias, aggregate, distinct: distinct ? 'true' : undefined })}/>`;
export const group = (name: string, alias: string, dategrouping?: string): string =>
  `<attribute${attrs({ name, alias, groupby: 'true', dategrouping })}/>`;
export const all = '<all-attributes/>';
export const filter = (type: 'and' | 'or', ...children: string[]): string =>
  `<filter type="${type}">${children.join('')}</filter>`;
export const cond = (attribute: string, operator: string, value?: string, entityname?: string): string =>
  `<condition${attrs({ entityname, attribute, operator, value })}/>`;
export const condValues = (attribute: string, operator: string, values: string[], entityname?: string): string =>
  `<condition${attrs({ entityname, attribute, operator })}>${values.map((v) => `<value>${v}</value>`).join('')}</condition>`;
export const valueof = (attribute: string, operator: string, other: string, entityname?: string): string =>
  `<condition${attrs({ entityname, attribute, operator, valueof: other })}/>`;
export const link = (
  name: string,
  from: string,
  to: string,
  type: 'inner' | 'outer',
  alias: string,
  ...children: string[]
): string => `<link-entity${attrs({ name, from, to, 'link-type': type, alias })}>${children.join('')}</link-entity>`;
export const order = (attribute: string, descending?: boolean, entityname?: string): string =>
  `<order${attrs({ entityname, attribute, descending: descending ? 'true' : undefined })}/>`;
export const orderAlias = (alias: string, descending?: boolean): string =>
  `<order${attrs({ alias, descending: descending ? 'true' : undefined })}/>`;
/** One condition under the root: `<filter type="and">` around it. */
export const where = (...children: string[]): string => filter('and', ...children);
void q;

export interface Case {
  readonly sql: string;
  readonly fetchXml: string;
  readonly params?: Readonly<Record<string, string | number | boolean | null>>;
}

const A = (...c: string[]): string => fetch({}, entity('account', ...c));
const C = (...c: string[]): string => fetch({}, entity('contact', ...c));

export const CASES: readonly Case[] = [
  // --- SELECT list
  { sql: 'SELECT name FROM account', fetchXml: A(attr('name')) },
  { sql: 'SELECT name, accountnumber FROM account', fetchXml: A(attr('name'), attr('accountnumber')) },
  { sql: 'SELECT * FROM account', fetchXml: A(all) },
  { sql: 'select Name from Account', fetchXml: A(attr('name')) },
  { sql: 'SELECT [name] FROM [account]', fetchXml: A(attr('name')) },
  { sql: 'SELECT "name" FROM "account"', fetchXml: A(attr('name')) },
  { sql: 'SELECT dbo.account.name FROM dbo.account', fetchXml: A(attr('name')) },
  { sql: 'SELECT name AS accountname FROM account', fetchXml: A(attr('name', 'accountname')) },
  { sql: 'SELECT name accountname FROM account', fetchXml: A(attr('name', 'accountname')) },
  { sql: 'SELECT accountname = name FROM account', fetchXml: A(attr('name', 'accountname')) },
  { sql: "SELECT name AS 'Account Name' FROM account", fetchXml: A(attr('name', 'Account Name')) },
  { sql: 'SELECT name AS name FROM account', fetchXml: A(attr('name')) },
  { sql: 'SELECT a.name FROM account a', fetchXml: A(attr('name')) },
  { sql: 'SELECT a.name FROM account AS a', fetchXml: A(attr('name')) },
  { sql: 'SELECT account.name FROM account', fetchXml: A(attr('name')) },
  { sql: 'SELECT a.* FROM account a', fetchXml: A(all) },
  { sql: 'SELECT primarycontactid, ownerid FROM account', fetchXml: A(attr('primarycontactid'), attr('ownerid')) },
  {
    sql: 'SELECT name, revenue, createdon, statecode FROM account;',
    fetchXml: A(attr('name'), attr('revenue'), attr('createdon'), attr('statecode')),
  },
  { sql: '-- top accounts\nSELECT name FROM account', fetchXml: A(attr('name')) },
  { sql: '/* block */ SELECT name FROM account', fetchXml: A(attr('name')) },
  // --- DISTINCT / TOP
  {
    sql: 'SELECT DISTINCT address1_city FROM account',
    fetchXml: fetch({ distinct: 'true' }, entity('account', attr('address1_city'))),
  },
  { sql: 'SELECT TOP 10 name FROM account', fetchXml: fetch({ top: '10' }, entity('account', attr('name'))) },
  { sql: 'SELECT TOP (5) name FROM account', fetchXml: fetch({ top: '5' }, entity('account', attr('name'))) },
  { sql: 'SELECT TOP 5000 name FROM account', fetchXml: fetch({ top: '5000' }, entity('account', attr('name'))) },
  {
    sql: 'SELECT DISTINCT TOP 3 address1_city FROM account',
    fetchXml: fetch({ top: '3', distinct: 'true' }, entity('account', attr('address1_city'))),
  },
  {
    sql: 'SELECT TOP (@n) name FROM account',
    params: { n: 7 },
    fetchXml: fetch({ top: '7' }, entity('account', attr('name'))),
  },
  { sql: 'SELECT ALL name FROM account', fetchXml: A(attr('name')) },
  // --- WHERE: comparisons
  {
    sql: "SELECT name FROM account WHERE name = 'Contoso'",
    fetchXml: A(attr('name'), where(cond('name', 'eq', 'Contoso'))),
  },
  {
    sql: "SELECT name FROM account WHERE name <> 'Contoso'",
    fetchXml: A(attr('name'), where(cond('name', 'ne', 'Contoso'), cond('name', 'not-null'))),
  },
  {
    sql: "SELECT name FROM account WHERE name != 'Contoso'",
    fetchXml: A(attr('name'), where(cond('name', 'ne', 'Contoso'), cond('name', 'not-null'))),
  },
  {
    sql: 'SELECT name FROM account WHERE revenue > 1000',
    fetchXml: A(attr('name'), where(cond('revenue', 'gt', '1000'))),
  },
  {
    sql: 'SELECT name FROM account WHERE revenue >= 1000.50',
    fetchXml: A(attr('name'), where(cond('revenue', 'ge', '1000.50'))),
  },
  { sql: 'SELECT name FROM account WHERE revenue < 0', fetchXml: A(attr('name'), where(cond('revenue', 'lt', '0'))) },
  {
    sql: 'SELECT name FROM account WHERE revenue <= -5',
    fetchXml: A(attr('name'), where(cond('revenue', 'le', '-5'))),
  },
  {
    sql: 'SELECT name FROM account WHERE 1000 < revenue',
    fetchXml: A(attr('name'), where(cond('revenue', 'gt', '1000'))),
  },
  {
    sql: 'SELECT name FROM account WHERE 10 >= numberofemployees',
    fetchXml: A(attr('name'), where(cond('numberofemployees', 'le', '10'))),
  },
  {
    sql: 'SELECT name FROM account WHERE statecode = 0',
    fetchXml: A(attr('name'), where(cond('statecode', 'eq', '0'))),
  },
  {
    sql: 'SELECT name FROM account WHERE industrycode = 7',
    fetchXml: A(attr('name'), where(cond('industrycode', 'eq', '7'))),
  },
  {
    sql: 'SELECT name FROM account WHERE donotphone = 1',
    fetchXml: A(attr('name'), where(cond('donotphone', 'eq', '1'))),
  },
  {
    sql: "SELECT name FROM account WHERE name = N'Zürich AG'",
    fetchXml: A(attr('name'), where(cond('name', 'eq', 'Zürich AG'))),
  },
  {
    sql: "SELECT name FROM account WHERE name = 'O''Brien'",
    fetchXml: A(attr('name'), where(cond('name', 'eq', 'O&apos;Brien'))),
  },
  {
    sql: `SELECT name FROM account WHERE name = '<a&b>"'`,
    fetchXml: A(attr('name'), where(cond('name', 'eq', '&lt;a&amp;b&gt;&quot;'))),
  },
  {
    sql: "SELECT name FROM account WHERE primarycontactid = '5f2e3a1b-0000-4000-8000-000000000001'",
    fetchXml: A(attr('name'), where(cond('primarycontactid', 'eq', '5f2e3a1b-0000-4000-8000-000000000001'))),
  },
  {
    sql: "SELECT name FROM account WHERE accountid = '{5F2E3A1B-0000-4000-8000-000000000001}'",
    fetchXml: A(attr('name'), where(cond('accountid', 'eq', '5F2E3A1B-0000-4000-8000-000000000001'))),
  },
  {
    sql: 'SELECT name FROM account WHERE numberofemployees !< 5',
    fetchXml: A(attr('name'), where(cond('numberofemployees', 'ge', '5'))),
  },
  {
    sql: 'SELECT name FROM account WHERE name = @name',
    params: { name: 'Fabrikam' },
    fetchXml: A(attr('name'), where(cond('name', 'eq', 'Fabrikam'))),
  },
  {
    sql: 'SELECT name FROM account WHERE revenue > @min',
    params: { min: 500 },
    fetchXml: A(attr('name'), where(cond('revenue', 'gt', '500'))),
  },
  {
    sql: 'SELECT name FROM account WHERE donotphone = @flag',
    params: { flag: true },
    fetchXml: A(attr('name'), where(cond('donotphone', 'eq', '1'))),
  },
  {
    sql: 'SELECT name FROM account WHERE name = @Name',
    params: { name: 'x' },
    fetchXml: A(attr('name'), where(cond('name', 'eq', 'x'))),
  },
  // --- AND / OR / NOT / parentheses
  {
    sql: "SELECT name FROM account WHERE statecode = 0 AND name = 'a'",
    fetchXml: A(attr('name'), where(cond('statecode', 'eq', '0'), cond('name', 'eq', 'a'))),
  },
  {
    sql: "SELECT name FROM account WHERE name = 'a' OR name = 'b'",
    fetchXml: A(attr('name'), filter('or', cond('name', 'eq', 'a'), cond('name', 'eq', 'b'))),
  },
  {
    sql: "SELECT name FROM account WHERE statecode = 0 AND (name = 'a' OR name = 'b')",
    fetchXml: A(
      attr('name'),
      where(cond('statecode', 'eq', '0'), filter('or', cond('name', 'eq', 'a'), cond('name', 'eq', 'b'))),
    ),
  },
  {
    sql: "SELECT name FROM account WHERE (statecode = 0 AND name = 'a') OR revenue > 5",
    fetchXml: A(
      attr('name'),
      filter('or', where(cond('statecode', 'eq', '0'), cond('name', 'eq', 'a')), cond('revenue', 'gt', '5')),
    ),
  },
  {
    sql: 'SELECT name FROM account WHERE a = 1 AND b = 2 AND c = 3'
      .replace('a = 1', 'statecode = 1')
      .replace('b = 2', 'statuscode = 2')
      .replace('c = 3', 'industrycode = 3'),
    fetchXml: A(
      attr('name'),
      where(cond('statecode', 'eq', '1'), cond('statuscode', 'eq', '2'), cond('industrycode', 'eq', '3')),
    ),
  },
  {
    sql: "SELECT name FROM account WHERE NOT name = 'a'",
    fetchXml: A(attr('name'), where(cond('name', 'ne', 'a'), cond('name', 'not-null'))),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT revenue > 5',
    fetchXml: A(attr('name'), where(cond('revenue', 'le', '5'))),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT revenue <= 5',
    fetchXml: A(attr('name'), where(cond('revenue', 'gt', '5'))),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT (revenue < 5)',
    fetchXml: A(attr('name'), where(cond('revenue', 'ge', '5'))),
  },
  {
    sql: "SELECT name FROM account WHERE NOT (name = 'a' OR name = 'b')",
    fetchXml: A(attr('name'), where(cond('name', 'ne', 'a'), cond('name', 'not-null'), cond('name', 'ne', 'b'))),
  },
  {
    sql: "SELECT name FROM account WHERE NOT (name = 'a' AND revenue >= 2)",
    fetchXml: A(
      attr('name'),
      filter('or', where(cond('name', 'ne', 'a'), cond('name', 'not-null')), cond('revenue', 'lt', '2')),
    ),
  },
  {
    sql: "SELECT name FROM account WHERE NOT NOT name = 'a'",
    fetchXml: A(attr('name'), where(cond('name', 'eq', 'a'))),
  },
  {
    sql: 'SELECT name FROM account WHERE ((revenue > 1))',
    fetchXml: A(attr('name'), where(cond('revenue', 'gt', '1'))),
  },
  {
    sql: "SELECT name FROM account WHERE NOT (name LIKE 'a%' OR revenue IS NULL)",
    fetchXml: A(
      attr('name'),
      where(cond('name', 'not-like', 'a%'), cond('name', 'not-null'), cond('revenue', 'not-null')),
    ),
  },
  // --- LIKE
  {
    sql: "SELECT name FROM account WHERE name LIKE 'Con%'",
    fetchXml: A(attr('name'), where(cond('name', 'like', 'Con%'))),
  },
  {
    sql: "SELECT name FROM account WHERE name LIKE '%soft%'",
    fetchXml: A(attr('name'), where(cond('name', 'like', '%soft%'))),
  },
  {
    sql: "SELECT name FROM account WHERE name LIKE 'A_C'",
    fetchXml: A(attr('name'), where(cond('name', 'like', 'A_C'))),
  },
  {
    sql: "SELECT name FROM account WHERE name NOT LIKE 'Test%'",
    fetchXml: A(attr('name'), where(cond('name', 'not-like', 'Test%'), cond('name', 'not-null'))),
  },
  {
    sql: "SELECT name FROM account WHERE NOT name NOT LIKE 'Test%'",
    fetchXml: A(attr('name'), where(cond('name', 'like', 'Test%'))),
  },
  {
    sql: "SELECT name FROM account WHERE name LIKE '100!%%' ESCAPE '!'",
    fetchXml: A(attr('name'), where(cond('name', 'like', '100[%]%'))),
  },
  {
    sql: "SELECT name FROM account WHERE name LIKE 'a\\_b%' ESCAPE '\\'",
    fetchXml: A(attr('name'), where(cond('name', 'like', 'a[_]b%'))),
  },
  {
    sql: "SELECT name FROM account WHERE name LIKE '!!x' ESCAPE '!'",
    fetchXml: A(attr('name'), where(cond('name', 'like', '!x'))),
  },
  {
    sql: "SELECT name FROM account WHERE name LIKE '[abc]%'",
    fetchXml: A(attr('name'), where(cond('name', 'like', '[abc]%'))),
  },
  {
    sql: 'SELECT name FROM account WHERE name LIKE @p',
    params: { p: 'x%' },
    fetchXml: A(attr('name'), where(cond('name', 'like', 'x%'))),
  },
  // --- IN / BETWEEN / NULL
  {
    sql: "SELECT name FROM account WHERE address1_city IN ('Redmond', 'Seattle')",
    fetchXml: A(attr('name'), where(condValues('address1_city', 'in', ['Redmond', 'Seattle']))),
  },
  {
    sql: 'SELECT name FROM account WHERE statecode IN (0)',
    fetchXml: A(attr('name'), where(condValues('statecode', 'in', ['0']))),
  },
  {
    sql: 'SELECT name FROM account WHERE industrycode NOT IN (1, 2, 3)',
    fetchXml: A(
      attr('name'),
      where(condValues('industrycode', 'not-in', ['1', '2', '3']), cond('industrycode', 'not-null')),
    ),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT industrycode IN (1, 2)',
    fetchXml: A(
      attr('name'),
      where(condValues('industrycode', 'not-in', ['1', '2']), cond('industrycode', 'not-null')),
    ),
  },
  {
    sql: 'SELECT name FROM account WHERE industrycode IN (@a, @b)',
    params: { a: 4, b: 5 },
    fetchXml: A(attr('name'), where(condValues('industrycode', 'in', ['4', '5']))),
  },
  {
    sql: 'SELECT name FROM account WHERE revenue BETWEEN 10 AND 20',
    fetchXml: A(attr('name'), where(condValues('revenue', 'between', ['10', '20']))),
  },
  {
    sql: 'SELECT name FROM account WHERE revenue NOT BETWEEN 10 AND 20',
    fetchXml: A(attr('name'), where(condValues('revenue', 'not-between', ['10', '20']), cond('revenue', 'not-null'))),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT revenue BETWEEN 10 AND 20',
    fetchXml: A(attr('name'), where(condValues('revenue', 'not-between', ['10', '20']), cond('revenue', 'not-null'))),
  },
  {
    sql: "SELECT name FROM account WHERE createdon BETWEEN '2024-01-01' AND '2024-12-31T23:59:59'",
    fetchXml: A(
      attr('name'),
      where(condValues('createdon', 'between', ['2024-01-01T00:00:00Z', '2024-12-31T23:59:59Z'])),
    ),
  },
  {
    sql: 'SELECT name FROM account WHERE revenue BETWEEN 10 AND 20 AND statecode = 0',
    fetchXml: A(attr('name'), where(condValues('revenue', 'between', ['10', '20']), cond('statecode', 'eq', '0'))),
  },
  { sql: 'SELECT name FROM account WHERE revenue IS NULL', fetchXml: A(attr('name'), where(cond('revenue', 'null'))) },
  {
    sql: 'SELECT name FROM account WHERE primarycontactid IS NOT NULL',
    fetchXml: A(attr('name'), where(cond('primarycontactid', 'not-null'))),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT revenue IS NULL',
    fetchXml: A(attr('name'), where(cond('revenue', 'not-null'))),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT revenue IS NOT NULL',
    fetchXml: A(attr('name'), where(cond('revenue', 'null'))),
  },
  // --- dates
  {
    sql: "SELECT name FROM account WHERE createdon >= '2024-01-01'",
    fetchXml: A(attr('name'), where(cond('createdon', 'ge', '2024-01-01T00:00:00Z'))),
  },
  {
    sql: "SELECT name FROM account WHERE createdon < '2024-02-29 13:45'",
    fetchXml: A(attr('name'), where(cond('createdon', 'lt', '2024-02-29T13:45:00Z'))),
  },
  {
    sql: "SELECT name FROM account WHERE createdon > '2024-01-01T08:00:00+02:00'",
    fetchXml: A(attr('name'), where(cond('createdon', 'gt', '2024-01-01T08:00:00+02:00'))),
  },
  {
    sql: "SELECT name FROM account WHERE modifiedon <= '2023-06-30T12:00:00.123Z'",
    fetchXml: A(attr('name'), where(cond('modifiedon', 'le', '2023-06-30T12:00:00.123Z'))),
  },
  {
    sql: "SELECT name FROM account WHERE createdon >= CAST('2024-01-01' AS datetime)",
    fetchXml: A(attr('name'), where(cond('createdon', 'ge', '2024-01-01T00:00:00Z'))),
  },
  {
    sql: "SELECT name FROM account WHERE CAST(createdon AS date) = '2024-03-01'",
    fetchXml: A(attr('name'), where(cond('createdon', 'on', '2024-03-01'))),
  },
  {
    sql: "SELECT name FROM account WHERE CAST(createdon AS DATE) >= '2024-03-01'",
    fetchXml: A(attr('name'), where(cond('createdon', 'on-or-after', '2024-03-01'))),
  },
  {
    sql: "SELECT name FROM account WHERE CAST(createdon AS date) <= '2024-03-01'",
    fetchXml: A(attr('name'), where(cond('createdon', 'on-or-before', '2024-03-01'))),
  },
  {
    sql: "SELECT name FROM account WHERE CONVERT(date, createdon) = '2024-03-01'",
    fetchXml: A(attr('name'), where(cond('createdon', 'on', '2024-03-01'))),
  },
  {
    sql: "SELECT name FROM account WHERE '2024-03-01' <= CAST(createdon AS date)",
    fetchXml: A(attr('name'), where(cond('createdon', 'on-or-after', '2024-03-01'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = today()',
    fetchXml: A(attr('name'), where(cond('createdon', 'today'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = yesterday()',
    fetchXml: A(attr('name'), where(cond('createdon', 'yesterday'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = thismonth()',
    fetchXml: A(attr('name'), where(cond('createdon', 'this-month'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = lastyear()',
    fetchXml: A(attr('name'), where(cond('createdon', 'last-year'))),
  },
  {
    sql: 'SELECT name FROM account WHERE modifiedon = lastsevendays()',
    fetchXml: A(attr('name'), where(cond('modifiedon', 'last-seven-days'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = lastxdays(30)',
    fetchXml: A(attr('name'), where(cond('createdon', 'last-x-days', '30'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = nextxweeks(2)',
    fetchXml: A(attr('name'), where(cond('createdon', 'next-x-weeks', '2'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = olderthanxmonths(6)',
    fetchXml: A(attr('name'), where(cond('createdon', 'olderthan-x-months', '6'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = lastxhours(@h)',
    params: { h: 12 },
    fetchXml: A(attr('name'), where(cond('createdon', 'last-x-hours', '12'))),
  },
  {
    sql: 'SELECT name FROM account WHERE createdon = infiscalyear(2024)',
    fetchXml: A(attr('name'), where(cond('createdon', 'in-fiscal-year', '2024'))),
  },
  {
    sql: 'SELECT name FROM account WHERE ownerid = CURRENT_USER',
    fetchXml: A(attr('name'), where(cond('ownerid', 'eq-userid'))),
  },
  {
    sql: 'SELECT name FROM account WHERE ownerid <> CURRENT_USER',
    fetchXml: A(attr('name'), where(cond('ownerid', 'ne-userid'))),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT ownerid = CURRENT_USER',
    fetchXml: A(attr('name'), where(cond('ownerid', 'ne-userid'))),
  },
  {
    sql: "SELECT fullname FROM contact WHERE birthdate < '1980-01-01'",
    fetchXml: C(attr('fullname'), where(cond('birthdate', 'lt', '1980-01-01T00:00:00Z'))),
  },
  // --- column comparisons (valueof)
  {
    sql: 'SELECT fullname FROM contact WHERE firstname = lastname',
    fetchXml: C(attr('fullname'), where(valueof('firstname', 'eq', 'lastname'))),
  },
  {
    sql: 'SELECT fullname FROM contact WHERE firstname <> lastname',
    fetchXml: C(attr('fullname'), where(valueof('firstname', 'ne', 'lastname'))),
  },
  {
    sql: 'SELECT name FROM account WHERE revenue > creditlimit',
    fetchXml: A(attr('name'), where(valueof('revenue', 'gt', 'creditlimit'))),
  },
  {
    sql: 'SELECT name FROM account WHERE NOT revenue > creditlimit',
    fetchXml: A(attr('name'), where(valueof('revenue', 'le', 'creditlimit'))),
  },
  {
    sql: 'SELECT name FROM account WHERE modifiedon >= createdon',
    fetchXml: A(attr('name'), where(valueof('modifiedon', 'ge', 'createdon'))),
  },
  {
    sql: 'SELECT c.fullname FROM contact c INNER JOIN account a ON a.accountid = c.parentcustomerid WHERE c.fullname = a.name',
    fetchXml: C(
      attr('fullname'),
      where(valueof('fullname', 'eq', 'a.name')),
      link('account', 'accountid', 'parentcustomerid', 'inner', 'a'),
    ),
  },
  {
    sql: 'SELECT c.fullname FROM contact c LEFT JOIN account a ON a.accountid = c.parentcustomerid WHERE a.name = c.fullname',
    fetchXml: C(
      attr('fullname'),
      where(valueof('fullname', 'eq', 'a.name')),
      link('account', 'accountid', 'parentcustomerid', 'outer', 'a'),
    ),
  },
  {
    sql: 'SELECT c.fullname FROM contact c JOIN account a ON a.accountid = c.parentcustomerid WHERE a.revenue < c.annualincome',
    fetchXml: C(
      attr('fullname'),
      where(valueof('annualincome', 'gt', 'a.revenue')),
      link('account', 'accountid', 'parentcustomerid', 'inner', 'a'),
    ),
  },
  // --- joins
  {
    sql: 'SELECT a.name, c.fullname FROM account a INNER JOIN contact c ON c.parentcustomerid = a.accountid',
    fetchXml: A(attr('name'), link('contact', 'parentcustomerid', 'accountid', 'inner', 'c', attr('fullname'))),
  },
  {
    sql: 'SELECT a.name, c.fullname FROM account a JOIN contact c ON a.accountid = c.parentcustomerid',
    fetchXml: A(attr('name'), link('contact', 'parentcustomerid', 'accountid', 'inner', 'c', attr('fullname'))),
  },
  {
    sql: 'SELECT a.name, c.fullname FROM account a LEFT OUTER JOIN contact c ON c.parentcustomerid = a.accountid',
    fetchXml: A(attr('name'), link('contact', 'parentcustomerid', 'accountid', 'outer', 'c', attr('fullname'))),
  },
  {
    sql: 'SELECT a.name, c.fullname FROM account a LEFT JOIN contact c ON c.parentcustomerid = a.accountid',
    fetchXml: A(attr('name'), link('contact', 'parentcustomerid', 'accountid', 'outer', 'c', attr('fullname'))),
  },
  {
    sql: 'SELECT a.name, pc.fullname FROM account a JOIN contact pc ON pc.contactid = a.primarycontactid',
    fetchXml: A(attr('name'), link('contact', 'contactid', 'primarycontactid', 'inner', 'pc', attr('fullname'))),
  },
  {
    sql: 'SELECT account.name, contact.fullname FROM account JOIN contact ON contact.contactid = account.primarycontactid',
    fetchXml: A(attr('name'), link('contact', 'contactid', 'primarycontactid', 'inner', 'contact', attr('fullname'))),
  },
  {
    sql: 'SELECT a.name, p.name AS parent FROM account a LEFT JOIN account p ON p.accountid = a.parentaccountid',
    fetchXml: A(attr('name'), link('account', 'accountid', 'parentaccountid', 'outer', 'p', attr('name', 'parent'))),
  },
  {
    sql: 'SELECT a.name, u.fullname FROM account a JOIN systemuser u ON u.systemuserid = a.owninguser',
    fetchXml: A(attr('name'), link('systemuser', 'systemuserid', 'owninguser', 'inner', 'u', attr('fullname'))),
  },
  {
    sql: 'SELECT a.name, c.fullname, u.fullname FROM account a JOIN contact c ON c.contactid = a.primarycontactid JOIN systemuser u ON u.systemuserid = c.owninguser',
    fetchXml: A(
      attr('name'),
      link(
        'contact',
        'contactid',
        'primarycontactid',
        'inner',
        'c',
        attr('fullname'),
        link('systemuser', 'systemuserid', 'owninguser', 'inner', 'u', attr('fullname')),
      ),
    ),
  },
  {
    sql: 'SELECT a.name FROM account a JOIN contact c ON c.contactid = a.primarycontactid JOIN businessunit b ON b.businessunitid = a.owningbusinessunit',
    fetchXml: A(
      attr('name'),
      link('contact', 'contactid', 'primarycontactid', 'inner', 'c'),
      link('businessunit', 'businessunitid', 'owningbusinessunit', 'inner', 'b'),
    ),
  },
  {
    sql: 'SELECT a.name, c.* FROM account a JOIN contact c ON c.parentcustomerid = a.accountid',
    fetchXml: A(attr('name'), link('contact', 'parentcustomerid', 'accountid', 'inner', 'c', all)),
  },
  {
    sql: 'SELECT * FROM account a JOIN contact c ON c.parentcustomerid = a.accountid',
    fetchXml: A(all, link('contact', 'parentcustomerid', 'accountid', 'inner', 'c', all)),
  },
  {
    sql: 'SELECT a.name FROM account a JOIN contact c ON c.parentcustomerid = a.accountid AND c.statecode = 0',
    fetchXml: A(
      attr('name'),
      link('contact', 'parentcustomerid', 'accountid', 'inner', 'c', where(cond('statecode', 'eq', '0'))),
    ),
  },
  {
    sql: "SELECT a.name FROM account a LEFT JOIN contact c ON c.parentcustomerid = a.accountid AND (c.firstname = 'Ann' OR c.firstname = 'Bo')",
    fetchXml: A(
      attr('name'),
      link(
        'contact',
        'parentcustomerid',
        'accountid',
        'outer',
        'c',
        filter('or', cond('firstname', 'eq', 'Ann'), cond('firstname', 'eq', 'Bo')),
      ),
    ),
  },
  {
    sql: 'SELECT a.name FROM account a LEFT JOIN contact c ON c.parentcustomerid = a.accountid AND c.statecode = 0 AND c.jobtitle IS NOT NULL',
    fetchXml: A(
      attr('name'),
      link(
        'contact',
        'parentcustomerid',
        'accountid',
        'outer',
        'c',
        where(cond('statecode', 'eq', '0'), cond('jobtitle', 'not-null')),
      ),
    ),
  },
  {
    sql: 'SELECT a.name FROM account a LEFT JOIN contact c ON c.parentcustomerid = a.accountid WHERE c.contactid IS NULL',
    fetchXml: A(
      attr('name'),
      where(cond('contactid', 'null', undefined, 'c')),
      link('contact', 'parentcustomerid', 'accountid', 'outer', 'c'),
    ),
  },
  {
    sql: "SELECT a.name FROM account a JOIN contact c ON c.parentcustomerid = a.accountid WHERE c.lastname = 'Smith' AND a.statecode = 0",
    fetchXml: A(
      attr('name'),
      where(cond('lastname', 'eq', 'Smith', 'c'), cond('statecode', 'eq', '0')),
      link('contact', 'parentcustomerid', 'accountid', 'inner', 'c'),
    ),
  },
  {
    sql: "SELECT a.name FROM account a JOIN contact c ON c.parentcustomerid = a.accountid WHERE c.lastname = 'Smith' OR a.name LIKE 'S%'",
    fetchXml: A(
      attr('name'),
      filter('or', cond('lastname', 'eq', 'Smith', 'c'), cond('name', 'like', 'S%')),
      link('contact', 'parentcustomerid', 'accountid', 'inner', 'c'),
    ),
  },
  {
    sql: "SELECT a.name FROM account a JOIN contact c ON c.parentcustomerid = a.accountid WHERE jobtitle = 'CEO'",
    fetchXml: A(
      attr('name'),
      where(cond('jobtitle', 'eq', 'CEO', 'c')),
      link('contact', 'parentcustomerid', 'accountid', 'inner', 'c'),
    ),
  },
  {
    sql: 'SELECT o.name, a.name AS account FROM opportunity o JOIN account a ON a.accountid = o.parentaccountid WHERE o.estimatedvalue > 10000',
    fetchXml: fetch(
      {},
      entity(
        'opportunity',
        attr('name'),
        where(cond('estimatedvalue', 'gt', '10000')),
        link('account', 'accountid', 'parentaccountid', 'inner', 'a', attr('name', 'account')),
      ),
    ),
  },
  {
    sql: 'SELECT o.name FROM opportunity o JOIN opportunityproduct op ON op.opportunityid = o.opportunityid JOIN product p ON p.productid = op.productid',
    fetchXml: fetch(
      {},
      entity(
        'opportunity',
        attr('name'),
        link(
          'opportunityproduct',
          'opportunityid',
          'opportunityid',
          'inner',
          'op',
          link('product', 'productid', 'productid', 'inner', 'p'),
        ),
      ),
    ),
  },
  {
    sql: 'SELECT i.title, c.fullname FROM incident i JOIN contact c ON c.contactid = i.primarycontactid',
    fetchXml: fetch(
      {},
      entity(
        'incident',
        attr('title'),
        link('contact', 'contactid', 'primarycontactid', 'inner', 'c', attr('fullname')),
      ),
    ),
  },
  {
    sql: 'SELECT t.subject FROM task t JOIN account a ON a.accountid = t.regardingobjectid',
    fetchXml: fetch(
      {},
      entity('task', attr('subject'), link('account', 'accountid', 'regardingobjectid', 'inner', 'a')),
    ),
  },
  {
    sql: 'SELECT a.name, l.fullname FROM account a JOIN accountleads al ON al.accountid = a.accountid JOIN lead l ON l.leadid = al.leadid',
    fetchXml: A(
      attr('name'),
      link(
        'accountleads',
        'accountid',
        'accountid',
        'inner',
        'al',
        link('lead', 'leadid', 'leadid', 'inner', 'l', attr('fullname')),
      ),
    ),
  },
  {
    sql: 'SELECT u.fullname, r.name FROM systemuser u JOIN systemuserroles ur ON ur.systemuserid = u.systemuserid JOIN role r ON r.roleid = ur.roleid',
    fetchXml: fetch(
      {},
      entity(
        'systemuser',
        attr('fullname'),
        link(
          'systemuserroles',
          'systemuserid',
          'systemuserid',
          'inner',
          'ur',
          link('role', 'roleid', 'roleid', 'inner', 'r', attr('name')),
        ),
      ),
    ),
  },
  {
    sql: 'SELECT t.name FROM team t JOIN teammembership tm ON tm.teamid = t.teamid JOIN systemuser u ON u.systemuserid = tm.systemuserid WHERE u.fullname = @who',
    params: { who: 'Ann' },
    fetchXml: fetch(
      {},
      entity(
        'team',
        attr('name'),
        where(cond('fullname', 'eq', 'Ann', 'u')),
        link(
          'teammembership',
          'teamid',
          'teamid',
          'inner',
          'tm',
          link('systemuser', 'systemuserid', 'systemuserid', 'inner', 'u'),
        ),
      ),
    ),
  },
  {
    sql: 'SELECT c.fullname FROM contact c LEFT JOIN account a ON a.accountid = c.parentcustomerid LEFT JOIN contact pc ON pc.contactid = a.primarycontactid',
    fetchXml: C(
      attr('fullname'),
      link(
        'account',
        'accountid',
        'parentcustomerid',
        'outer',
        'a',
        link('contact', 'contactid', 'primarycontactid', 'outer', 'pc'),
      ),
    ),
  },
  // --- ORDER BY
  { sql: 'SELECT name FROM account ORDER BY name', fetchXml: A(attr('name'), order('name')) },
  { sql: 'SELECT name FROM account ORDER BY name ASC', fetchXml: A(attr('name'), order('name')) },
  { sql: 'SELECT name FROM account ORDER BY name DESC', fetchXml: A(attr('name'), order('name', true)) },
  {
    sql: 'SELECT name, createdon FROM account ORDER BY createdon DESC, name',
    fetchXml: A(attr('name'), attr('createdon'), order('createdon', true), order('name')),
  },
  { sql: 'SELECT name AS n FROM account ORDER BY n', fetchXml: A(attr('name', 'n'), order('name')) },
  {
    sql: 'SELECT name, revenue FROM account ORDER BY 2 DESC',
    fetchXml: A(attr('name'), attr('revenue'), order('revenue', true)),
  },
  { sql: 'SELECT name FROM account ORDER BY revenue', fetchXml: A(attr('name'), order('revenue')) },
  {
    sql: 'SELECT a.name, c.fullname FROM account a JOIN contact c ON c.parentcustomerid = a.accountid ORDER BY c.fullname, a.name DESC',
    fetchXml: A(
      attr('name'),
      link('contact', 'parentcustomerid', 'accountid', 'inner', 'c', attr('fullname')),
      order('fullname', false, 'c'),
      order('name', true),
    ),
  },
  {
    sql: 'SELECT a.name, c.fullname AS contactname FROM account a JOIN contact c ON c.parentcustomerid = a.accountid ORDER BY contactname DESC',
    fetchXml: A(
      attr('name'),
      link('contact', 'parentcustomerid', 'accountid', 'inner', 'c', attr('fullname', 'contactname')),
      order('fullname', true, 'c'),
    ),
  },
  {
    sql: 'SELECT TOP 3 name FROM account WHERE statecode = 0 ORDER BY revenue DESC',
    fetchXml: fetch(
      { top: '3' },
      entity('account', attr('name'), where(cond('statecode', 'eq', '0')), order('revenue', true)),
    ),
  },
  // --- OFFSET / FETCH
  {
    sql: 'SELECT name FROM account ORDER BY name OFFSET 0 ROWS FETCH NEXT 50 ROWS ONLY',
    fetchXml: fetch({ count: '50', page: '1' }, entity('account', attr('name'), order('name'))),
  },
  {
    sql: 'SELECT name FROM account ORDER BY name OFFSET 100 ROWS FETCH NEXT 50 ROWS ONLY',
    fetchXml: fetch({ count: '50', page: '3' }, entity('account', attr('name'), order('name'))),
  },
  {
    sql: 'SELECT name FROM account ORDER BY name OFFSET 10 ROW FETCH FIRST 10 ROW ONLY',
    fetchXml: fetch({ count: '10', page: '2' }, entity('account', attr('name'), order('name'))),
  },
  { sql: 'SELECT name FROM account ORDER BY name OFFSET 0 ROWS', fetchXml: A(attr('name'), order('name')) },
  {
    sql: 'SELECT name FROM account ORDER BY name OFFSET @o ROWS FETCH NEXT @n ROWS ONLY',
    params: { o: 40, n: 20 },
    fetchXml: fetch({ count: '20', page: '3' }, entity('account', attr('name'), order('name'))),
  },
  {
    sql: 'SELECT name FROM account ORDER BY name OFFSET 5000 ROWS FETCH NEXT 5000 ROWS ONLY',
    fetchXml: fetch({ count: '5000', page: '2' }, entity('account', attr('name'), order('name'))),
  },
  {
    sql: 'SELECT DISTINCT name FROM account ORDER BY name OFFSET 20 ROWS FETCH NEXT 20 ROWS ONLY',
    fetchXml: fetch({ count: '20', page: '2', distinct: 'true' }, entity('account', attr('name'), order('name'))),
  },
  // --- aggregates
  {
    sql: 'SELECT COUNT(*) FROM account',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', agg('accountid', 'count', 'count'))),
  },
  {
    sql: 'SELECT COUNT(*) AS total FROM account',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', agg('accountid', 'total', 'count'))),
  },
  {
    sql: 'SELECT COUNT(*) total FROM contact WHERE statecode = 0',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('contact', agg('contactid', 'total', 'count'), where(cond('statecode', 'eq', '0'))),
    ),
  },
  {
    sql: 'SELECT COUNT(revenue) FROM account',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', agg('revenue', 'count_revenue', 'countcolumn'))),
  },
  {
    sql: 'SELECT COUNT(DISTINCT address1_city) AS cities FROM account',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', agg('address1_city', 'cities', 'countcolumn', true))),
  },
  {
    sql: 'SELECT SUM(revenue) AS s FROM account',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', agg('revenue', 's', 'sum'))),
  },
  {
    sql: 'SELECT AVG(revenue) AS a FROM account',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', agg('revenue', 'a', 'avg'))),
  },
  {
    sql: 'SELECT MIN(revenue) AS lo, MAX(revenue) AS hi FROM account',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', agg('revenue', 'lo', 'min'), agg('revenue', 'hi', 'max'))),
  },
  {
    sql: 'SELECT MAX(createdon) AS latest FROM account',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', agg('createdon', 'latest', 'max'))),
  },
  {
    sql: 'SELECT SUM(revenue), AVG(revenue) FROM account',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('revenue', 'sum_revenue', 'sum'), agg('revenue', 'avg_revenue', 'avg')),
    ),
  },
  {
    sql: 'SELECT COUNT(*), COUNT(*) FROM account',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'count', 'count'), agg('accountid', 'count_2', 'count')),
    ),
  },
  {
    sql: 'SELECT address1_city, COUNT(*) AS n FROM account GROUP BY address1_city',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('address1_city', 'address1_city')),
    ),
  },
  {
    sql: 'SELECT address1_city AS city, COUNT(*) AS n FROM account GROUP BY address1_city ORDER BY n DESC',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('address1_city', 'city'), orderAlias('n', true)),
    ),
  },
  {
    sql: 'SELECT address1_city, COUNT(*) AS n FROM account GROUP BY address1_city ORDER BY address1_city',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'account',
        agg('accountid', 'n', 'count'),
        group('address1_city', 'address1_city'),
        orderAlias('address1_city'),
      ),
    ),
  },
  {
    sql: 'SELECT statecode, industrycode, SUM(revenue) AS total FROM account GROUP BY statecode, industrycode',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'account',
        agg('revenue', 'total', 'sum'),
        group('statecode', 'statecode'),
        group('industrycode', 'industrycode'),
      ),
    ),
  },
  {
    sql: 'SELECT COUNT(*) AS n FROM account GROUP BY statecode',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('statecode', 'statecode')),
    ),
  },
  {
    sql: 'SELECT YEAR(createdon) AS y, COUNT(*) AS n FROM account GROUP BY YEAR(createdon)',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('createdon', 'y', 'year')),
    ),
  },
  {
    sql: 'SELECT YEAR(createdon) AS y, MONTH(createdon) AS m, COUNT(*) AS n FROM account GROUP BY YEAR(createdon), MONTH(createdon) ORDER BY y, m',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'account',
        agg('accountid', 'n', 'count'),
        group('createdon', 'y', 'year'),
        group('createdon', 'm', 'month'),
        orderAlias('y'),
        orderAlias('m'),
      ),
    ),
  },
  {
    sql: 'SELECT QUARTER(createdon) q, COUNT(*) n FROM account GROUP BY QUARTER(createdon)',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('createdon', 'q', 'quarter')),
    ),
  },
  {
    sql: 'SELECT WEEK(createdon) w, COUNT(*) n FROM account GROUP BY WEEK(createdon)',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('createdon', 'w', 'week')),
    ),
  },
  {
    sql: 'SELECT DAY(createdon) d, COUNT(*) n FROM account GROUP BY DAY(createdon)',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('createdon', 'd', 'day')),
    ),
  },
  {
    sql: 'SELECT DATEPART(month, createdon) m, COUNT(*) n FROM account GROUP BY DATEPART(month, createdon)',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('createdon', 'm', 'month')),
    ),
  },
  {
    sql: 'SELECT COUNT(*) n FROM account GROUP BY YEAR(createdon)',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('createdon', 'year_createdon', 'year')),
    ),
  },
  {
    sql: 'SELECT YEAR(createdon), COUNT(*) FROM account GROUP BY YEAR(createdon)',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'count', 'count'), group('createdon', 'year_createdon', 'year')),
    ),
  },
  {
    sql: "SELECT address1_city, COUNT(*) n FROM account WHERE statecode = 0 AND address1_city LIKE 'R%' GROUP BY address1_city",
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'account',
        agg('accountid', 'n', 'count'),
        group('address1_city', 'address1_city'),
        where(cond('statecode', 'eq', '0'), cond('address1_city', 'like', 'R%')),
      ),
    ),
  },
  {
    sql: 'SELECT a.name, COUNT(c.contactid) AS contacts FROM account a LEFT JOIN contact c ON c.parentcustomerid = a.accountid GROUP BY a.name',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'account',
        group('name', 'name'),
        link('contact', 'parentcustomerid', 'accountid', 'outer', 'c', agg('contactid', 'contacts', 'countcolumn')),
      ),
    ),
  },
  {
    sql: 'SELECT c.lastname, SUM(a.revenue) AS revenue FROM account a JOIN contact c ON c.contactid = a.primarycontactid GROUP BY c.lastname ORDER BY revenue DESC',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'account',
        agg('revenue', 'revenue', 'sum'),
        link('contact', 'contactid', 'primarycontactid', 'inner', 'c', group('lastname', 'lastname')),
        orderAlias('revenue', true),
      ),
    ),
  },
  {
    sql: 'SELECT TOP 5 address1_city, COUNT(*) n FROM account GROUP BY address1_city ORDER BY n DESC',
    fetchXml: fetch(
      { top: '5', aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), group('address1_city', 'address1_city'), orderAlias('n', true)),
    ),
  },
  {
    sql: 'SELECT address1_city FROM account GROUP BY address1_city',
    fetchXml: fetch({ aggregate: 'true' }, entity('account', group('address1_city', 'address1_city'))),
  },
  {
    sql: 'SELECT ownerid, COUNT(*) n FROM opportunity WHERE statecode = 0 GROUP BY ownerid',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'opportunity',
        agg('opportunityid', 'n', 'count'),
        group('ownerid', 'ownerid'),
        where(cond('statecode', 'eq', '0')),
      ),
    ),
  },
  {
    sql: 'SELECT SUM(estimatedvalue) pipeline, AVG(closeprobability) p FROM opportunity WHERE statecode = 0',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'opportunity',
        agg('estimatedvalue', 'pipeline', 'sum'),
        agg('closeprobability', 'p', 'avg'),
        where(cond('statecode', 'eq', '0')),
      ),
    ),
  },
  {
    sql: 'SELECT YEAR(actualclosedate) y, SUM(actualvalue) won FROM opportunity WHERE statecode = 1 GROUP BY YEAR(actualclosedate) ORDER BY 1',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity(
        'opportunity',
        agg('actualvalue', 'won', 'sum'),
        group('actualclosedate', 'y', 'year'),
        where(cond('statecode', 'eq', '1')),
        orderAlias('y'),
      ),
    ),
  },
  {
    sql: 'SELECT COUNT(*) AS n FROM account WHERE createdon = thisyear()',
    fetchXml: fetch(
      { aggregate: 'true' },
      entity('account', agg('accountid', 'n', 'count'), where(cond('createdon', 'this-year'))),
    ),
  },
  // --- a larger mix
  {
    sql: "SELECT TOP 20 a.name, a.revenue, c.fullname, c.emailaddress1 FROM account a LEFT OUTER JOIN contact c ON c.contactid = a.primarycontactid WHERE a.statecode = 0 AND (a.revenue >= 1000000 OR a.numberofemployees > 500) AND a.address1_city IN ('Paris', 'Lyon') AND c.emailaddress1 LIKE '%@contoso.com' ORDER BY a.revenue DESC",
    fetchXml: fetch(
      { top: '20' },
      entity(
        'account',
        attr('name'),
        attr('revenue'),
        where(
          cond('statecode', 'eq', '0'),
          filter('or', cond('revenue', 'ge', '1000000'), cond('numberofemployees', 'gt', '500')),
          condValues('address1_city', 'in', ['Paris', 'Lyon']),
          cond('emailaddress1', 'like', '%@contoso.com', 'c'),
        ),
        link('contact', 'contactid', 'primarycontactid', 'outer', 'c', attr('fullname'), attr('emailaddress1')),
        order('revenue', true),
      ),
    ),
  },
  {
    sql: 'SELECT i.ticketnumber, i.title, cu.fullname FROM incident i JOIN contact cu ON cu.contactid = i.primarycontactid WHERE i.prioritycode = 1 AND i.statecode = 0 AND i.createdon = lastxdays(7) ORDER BY i.createdon DESC',
    fetchXml: fetch(
      {},
      entity(
        'incident',
        attr('ticketnumber'),
        attr('title'),
        where(cond('prioritycode', 'eq', '1'), cond('statecode', 'eq', '0'), cond('createdon', 'last-x-days', '7')),
        link('contact', 'contactid', 'primarycontactid', 'inner', 'cu', attr('fullname')),
        order('createdon', true),
      ),
    ),
  },
  {
    sql: 'SELECT l.fullname, l.companyname FROM lead l WHERE l.statecode = 0 AND l.leadsourcecode IN (1, 2) AND NOT (l.emailaddress1 IS NULL AND l.telephone1 IS NULL)',
    fetchXml: fetch(
      {},
      entity(
        'lead',
        attr('fullname'),
        attr('companyname'),
        where(
          cond('statecode', 'eq', '0'),
          condValues('leadsourcecode', 'in', ['1', '2']),
          filter('or', cond('emailaddress1', 'not-null'), cond('telephone1', 'not-null')),
        ),
      ),
    ),
  },
  {
    sql: 'SELECT p.name, p.price FROM product p WHERE p.price BETWEEN @lo AND @hi ORDER BY p.price',
    params: { lo: 10, hi: 99.5 },
    fetchXml: fetch(
      {},
      entity(
        'product',
        attr('name'),
        attr('price'),
        where(condValues('price', 'between', ['10', '99.5'])),
        order('price'),
      ),
    ),
  },
  {
    sql: 'SELECT b.name, pb.name parentname FROM businessunit b LEFT JOIN businessunit pb ON pb.businessunitid = b.parentbusinessunitid',
    fetchXml: fetch(
      {},
      entity(
        'businessunit',
        attr('name'),
        link('businessunit', 'businessunitid', 'parentbusinessunitid', 'outer', 'pb', attr('name', 'parentname')),
      ),
    ),
  },
  {
    sql: "SELECT fullname FROM systemuser WHERE isdisabled = 0 AND businessunitid = '11111111-2222-3333-4444-555555555555'",
    fetchXml: fetch(
      {},
      entity(
        'systemuser',
        attr('fullname'),
        where(cond('isdisabled', 'eq', '0'), cond('businessunitid', 'eq', '11111111-2222-3333-4444-555555555555')),
      ),
    ),
  },
  {
    sql: 'SELECT listname, membercount FROM list WHERE membercount >= 100 ORDER BY membercount DESC',
    fetchXml: fetch(
      {},
      entity(
        'list',
        attr('listname'),
        attr('membercount'),
        where(cond('membercount', 'ge', '100')),
        order('membercount', true),
      ),
    ),
  },
  {
    sql: "SELECT fullname FROM contact WHERE parentcustomerid IN ('5f2e3a1b-0000-4000-8000-000000000001', '5f2e3a1b-0000-4000-8000-000000000002')",
    fetchXml: C(
      attr('fullname'),
      where(
        condValues('parentcustomerid', 'in', [
          '5f2e3a1b-0000-4000-8000-000000000001',
          '5f2e3a1b-0000-4000-8000-000000000002',
        ]),
      ),
    ),
  },
  {
    sql: 'SELECT c.fullname FROM contact c JOIN account a ON a.accountid = c.parentcustomerid JOIN contact pc ON pc.contactid = a.primarycontactid WHERE pc.lastname = c.lastname',
    fetchXml: C(
      attr('fullname'),
      link(
        'account',
        'accountid',
        'parentcustomerid',
        'inner',
        'a',
        link('contact', 'contactid', 'primarycontactid', 'inner', 'pc'),
      ),
    ).replace('<link-entity', `${where(valueof('lastname', 'eq', 'pc.lastname'))}<link-entity`),
  },
  {
    sql: "SELECT name FROM account WHERE name LIKE 'a%' AND name NOT LIKE 'ab%' AND revenue IS NOT NULL AND createdon >= '2020-01-01' AND statecode IN (0, 1)",
    fetchXml: A(
      attr('name'),
      where(
        cond('name', 'like', 'a%'),
        cond('name', 'not-like', 'ab%'),
        cond('name', 'not-null'),
        cond('revenue', 'not-null'),
        cond('createdon', 'ge', '2020-01-01T00:00:00Z'),
        condValues('statecode', 'in', ['0', '1']),
      ),
    ),
  },
  {
    sql: 'SELECT name FROM account WHERE (statecode = 0 OR statecode = 1) AND (industrycode = 1 OR industrycode = 2)',
    fetchXml: A(
      attr('name'),
      where(
        filter('or', cond('statecode', 'eq', '0'), cond('statecode', 'eq', '1')),
        filter('or', cond('industrycode', 'eq', '1'), cond('industrycode', 'eq', '2')),
      ),
    ),
  },
  {
    sql: "SELECT name FROM account WHERE name = 'a' OR name = 'b' OR name = 'c' AND revenue > 1",
    fetchXml: A(
      attr('name'),
      filter(
        'or',
        cond('name', 'eq', 'a'),
        cond('name', 'eq', 'b'),
        where(cond('name', 'eq', 'c'), cond('revenue', 'gt', '1')),
      ),
    ),
  },
  {
    sql: 'SELECT TOP 1 name FROM account ORDER BY createdon',
    fetchXml: fetch({ top: '1' }, entity('account', attr('name'), order('createdon'))),
  },
];
