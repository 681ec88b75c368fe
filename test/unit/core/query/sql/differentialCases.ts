// The SELECTs of the differential test, each with the hand-written OData request asking the same
// question, and the rows both run against: accounts and contacts whose values tell the answers apart.

/** A SQL question, its OData twin, and the columns that must match: [SQL result key, OData path]. */
export interface Pair {
  readonly name: string;
  readonly sql: string;
  readonly odata: string;
  readonly cols: readonly (readonly [string, string])[];
  readonly ordered?: boolean;
  /** OData pages to read with `Prefer: odata.maxpagesize`, keeping only the last (OFFSET … FETCH). */
  readonly page?: { size: number; index: number };
  /** A collection-valued navigation property of the OData rows: one row per child, as a join has. */
  readonly unnest?: string;
}

// Seeded accounts: name, city, employees, revenue, on hold, last used in campaign.
export const ACCOUNTS: [string, string | null, number | null, number | null, boolean, string | null][] = [
  ['Alpha Ltd', 'Seattle', 10, 1000, false, '2023-01-15T10:00:00Z'],
  ['Beta 50% Co', 'Redmond', 20, 2000, true, '2023-02-10T10:00:00Z'],
  ['Gamma_One', 'Seattle', 30, null, false, '2023-02-20T10:00:00Z'],
  ['Delta', null, 40, 4000, false, '2024-03-05T10:00:00Z'],
  ['Epsilon [x]', 'Boston', 50, 5000, true, '2024-03-25T10:00:00Z'],
  ['Zeta', 'Redmond', 60, 6000, false, '2024-07-01T10:00:00Z'],
  ['Eta', 'Seattle', 70, 7000, false, null],
  ['Theta', 'Boston', null, 8000, false, '2025-01-01T10:00:00Z'],
];
// Seeded contacts: last name, job title, index of the parent account (or null).
export const CONTACTS: [string, string | null, number | null][] = [
  ['Smith', 'Dev', 0],
  ['Jones', 'Manager', 0],
  ['Brown', 'Dev', 1],
  ['White', 'Tester', null],
  ['Green', 'Dev', 3],
  ['Black', null, null],
  ['Adams', 'Manager', 5],
];

export const PAIRS: Pair[] = [
  { name: 'columns', sql: 'SELECT name FROM account', odata: 'accounts?$select=name', cols: [['name', 'name']] },
  {
    name: 'star',
    sql: "SELECT * FROM account WHERE address1_city = 'Boston'",
    odata: "accounts?$filter=address1_city eq 'Boston'",
    cols: [
      ['accountid', 'accountid'],
      ['name', 'name'],
      ['revenue', 'revenue'],
    ],
  },
  {
    name: 'aliases',
    sql: 'SELECT name AS n, address1_city city FROM account',
    odata: 'accounts?$select=name,address1_city',
    cols: [
      ['n', 'name'],
      ['city', 'address1_city'],
    ],
  },
  {
    name: 'DISTINCT',
    sql: 'SELECT DISTINCT address1_city FROM account',
    odata: 'accounts?$apply=groupby((address1_city))',
    cols: [['address1_city', 'address1_city']],
  },
  {
    name: 'TOP with ORDER BY DESC',
    sql: 'SELECT TOP 3 name FROM account ORDER BY revenue DESC',
    odata: 'accounts?$select=name&$orderby=revenue desc&$top=3',
    cols: [['name', 'name']],
    ordered: true,
  },
  {
    name: 'WHERE AND',
    sql: "SELECT name FROM account WHERE address1_city = 'Seattle' AND numberofemployees > 10",
    odata: "accounts?$select=name&$filter=address1_city eq 'Seattle' and numberofemployees gt 10",
    cols: [['name', 'name']],
  },
  {
    name: 'WHERE OR with <= and >=',
    sql: "SELECT name FROM account WHERE address1_city = 'Boston' OR revenue >= 6000 OR numberofemployees <= 20",
    odata: "accounts?$select=name&$filter=address1_city eq 'Boston' or revenue ge 6000 or numberofemployees le 20",
    cols: [['name', 'name']],
  },
  {
    name: 'NOT with parentheses',
    sql: "SELECT name FROM account WHERE NOT (address1_city = 'Seattle' OR numberofemployees < 40)",
    // SQL's NOT over NULL is unknown: a row with no city or no employee count is not returned.
    odata:
      "accounts?$select=name&$filter=address1_city ne 'Seattle' and address1_city ne null and numberofemployees ge 40",
    cols: [['name', 'name']],
  },
  {
    name: '<> on a number',
    sql: 'SELECT name FROM account WHERE numberofemployees <> 30',
    // Dataverse's ne also matches an empty column; SQL's <> never does.
    odata: 'accounts?$select=name&$filter=numberofemployees ne 30 and numberofemployees ne null',
    cols: [['name', 'name']],
  },
  {
    name: 'LIKE prefix',
    sql: "SELECT name FROM account WHERE name LIKE 'E%'",
    odata: "accounts?$select=name&$filter=startswith(name,'E')",
    cols: [['name', 'name']],
  },
  {
    name: 'LIKE with an escaped % (brackets)',
    sql: "SELECT name FROM account WHERE name LIKE '%50[%]%'",
    odata: "accounts?$select=name&$filter=contains(name,'50%')",
    cols: [['name', 'name']],
  },
  {
    name: 'LIKE with ESCAPE',
    sql: "SELECT name FROM account WHERE name LIKE '%!_%' ESCAPE '!'",
    odata: "accounts?$select=name&$filter=contains(name,'_')",
    cols: [['name', 'name']],
  },
  {
    name: 'LIKE with an escaped [',
    sql: "SELECT name FROM account WHERE name LIKE '%[[]x]'",
    odata: "accounts?$select=name&$filter=endswith(name,'[x]')",
    cols: [['name', 'name']],
  },
  {
    name: 'LIKE with _ and NOT LIKE',
    sql: "SELECT name FROM account WHERE name LIKE '_eta%' AND name NOT LIKE 'Z%'",
    odata: "accounts?$select=name&$filter=name eq 'Beta 50% Co'",
    cols: [['name', 'name']],
  },
  {
    name: 'IN',
    sql: "SELECT name FROM account WHERE address1_city IN ('Boston', 'Redmond')",
    odata: "accounts?$select=name&$filter=address1_city eq 'Boston' or address1_city eq 'Redmond'",
    cols: [['name', 'name']],
  },
  {
    name: 'NOT IN',
    sql: 'SELECT name FROM account WHERE numberofemployees NOT IN (10, 20, 30)',
    odata:
      'accounts?$select=name&$filter=numberofemployees ne 10 and numberofemployees ne 20 and numberofemployees ne 30 and numberofemployees ne null',
    cols: [['name', 'name']],
  },
  {
    name: 'BETWEEN',
    sql: 'SELECT name FROM account WHERE revenue BETWEEN 2000 AND 6000',
    odata: 'accounts?$select=name&$filter=revenue ge 2000 and revenue le 6000',
    cols: [['name', 'name']],
  },
  {
    name: 'NOT BETWEEN leaves out an empty column',
    sql: 'SELECT name FROM account WHERE revenue NOT BETWEEN 2000 AND 6000',
    odata: 'accounts?$select=name&$filter=revenue lt 2000 or revenue gt 6000',
    cols: [['name', 'name']],
  },
  {
    name: 'NOT LIKE leaves out an empty column',
    sql: "SELECT name FROM account WHERE address1_city NOT LIKE 'S%'",
    odata: "accounts?$select=name&$filter=not startswith(address1_city,'S') and address1_city ne null",
    cols: [['name', 'name']],
  },
  {
    name: 'IS NULL',
    sql: 'SELECT name FROM account WHERE address1_city IS NULL OR revenue IS NULL',
    odata: 'accounts?$select=name&$filter=address1_city eq null or revenue eq null',
    cols: [['name', 'name']],
  },
  {
    name: 'IS NOT NULL',
    sql: 'SELECT name FROM account WHERE lastusedincampaign IS NOT NULL',
    odata: 'accounts?$select=name&$filter=lastusedincampaign ne null',
    cols: [['name', 'name']],
  },
  {
    name: 'a date literal',
    sql: "SELECT name FROM account WHERE lastusedincampaign >= '2024-01-01' AND creditonhold = 0",
    odata: 'accounts?$select=name&$filter=lastusedincampaign ge 2024-01-01T00:00:00Z and creditonhold eq false',
    cols: [['name', 'name']],
  },
  {
    name: 'a parameter',
    sql: 'SELECT name FROM account WHERE address1_city = @city AND numberofemployees > @min',
    odata: "accounts?$select=name&$filter=address1_city eq 'Seattle' and numberofemployees gt 20",
    cols: [['name', 'name']],
  },
  {
    name: 'a lookup column',
    sql: "SELECT lastname, parentcustomerid FROM contact WHERE jobtitle = 'Dev'",
    odata: "contacts?$select=lastname,_parentcustomerid_value&$filter=jobtitle eq 'Dev'",
    cols: [
      ['lastname', 'lastname'],
      ['_parentcustomerid_value', '_parentcustomerid_value'],
    ],
  },
  {
    name: 'INNER JOIN on a lookup',
    sql: 'SELECT c.lastname, a.name FROM contact c INNER JOIN account a ON a.accountid = c.parentcustomerid',
    odata:
      'contacts?$select=lastname&$expand=parentcustomerid_account($select=name)&$filter=_parentcustomerid_value ne null',
    cols: [
      ['lastname', 'lastname'],
      ['a.name', 'parentcustomerid_account.name'],
    ],
  },
  {
    name: 'LEFT OUTER JOIN on a lookup',
    sql: 'SELECT c.lastname, a.name FROM contact c LEFT OUTER JOIN account a ON a.accountid = c.parentcustomerid',
    odata: 'contacts?$select=lastname&$expand=parentcustomerid_account($select=name)',
    cols: [
      ['lastname', 'lastname'],
      ['a.name', 'parentcustomerid_account.name'],
    ],
  },
  {
    name: 'a condition on a joined table',
    sql: "SELECT c.lastname FROM contact c JOIN account a ON a.accountid = c.parentcustomerid WHERE a.address1_city = 'Seattle'",
    odata: "contacts?$select=lastname&$filter=parentcustomerid_account/address1_city eq 'Seattle'",
    cols: [['lastname', 'lastname']],
  },
  {
    name: 'conditions on both tables',
    sql: "SELECT c.lastname FROM contact c JOIN account a ON a.accountid = c.parentcustomerid WHERE c.jobtitle = 'Dev' AND a.revenue > 1500",
    odata: "contacts?$select=lastname&$filter=jobtitle eq 'Dev' and parentcustomerid_account/revenue gt 1500",
    cols: [['lastname', 'lastname']],
  },
  {
    name: 'a join from the many side (account → primary contact)',
    sql: 'SELECT a.name, p.lastname FROM account a JOIN contact p ON p.contactid = a.primarycontactid',
    odata: 'accounts?$select=name&$expand=primarycontactid($select=lastname)&$filter=_primarycontactid_value ne null',
    cols: [
      ['name', 'name'],
      ['p.lastname', 'primarycontactid.lastname'],
    ],
  },
  {
    name: 'ORDER BY an alias',
    sql: 'SELECT name AS n FROM account ORDER BY n DESC',
    odata: 'accounts?$select=name&$orderby=name desc',
    cols: [['n', 'name']],
    ordered: true,
  },
  {
    name: 'ORDER BY two columns',
    sql: 'SELECT name FROM account ORDER BY address1_city, name DESC',
    odata: 'accounts?$select=name&$orderby=address1_city asc,name desc',
    cols: [['name', 'name']],
    ordered: true,
  },
  {
    name: 'ORDER BY a joined column',
    sql: 'SELECT c.lastname, a.name FROM contact c JOIN account a ON a.accountid = c.parentcustomerid ORDER BY a.name DESC, c.lastname',
    // OData orders by the parent's columns from the parent's side: accounts by name, each one's contacts by last name.
    odata:
      'accounts?$select=name&$orderby=name desc&$expand=contact_customer_accounts($select=lastname;$orderby=lastname)',
    cols: [
      ['lastname', 'contact_customer_accounts.lastname'],
      ['a.name', 'name'],
    ],
    ordered: true,
    unnest: 'contact_customer_accounts',
  },
  {
    name: 'OFFSET … FETCH',
    sql: 'SELECT name FROM account ORDER BY name OFFSET 3 ROWS FETCH NEXT 3 ROWS ONLY',
    odata: 'accounts?$select=name&$orderby=name',
    cols: [['name', 'name']],
    ordered: true,
    page: { size: 3, index: 1 },
  },
  {
    name: 'GROUP BY with COUNT(*)',
    sql: 'SELECT address1_city, COUNT(*) AS n FROM account GROUP BY address1_city',
    odata: 'accounts?$apply=groupby((address1_city),aggregate($count as n))',
    cols: [
      ['address1_city', 'address1_city'],
      ['n', 'n'],
    ],
  },
  {
    name: 'GROUP BY with SUM, AVG, MIN and MAX',
    sql: 'SELECT address1_city, SUM(revenue) s, AVG(numberofemployees) av, MIN(revenue) lo, MAX(numberofemployees) hi FROM account GROUP BY address1_city',
    odata:
      'accounts?$apply=groupby((address1_city),aggregate(revenue with sum as s,numberofemployees with average as av,revenue with min as lo,numberofemployees with max as hi))',
    cols: [
      ['address1_city', 'address1_city'],
      ['s', 's'],
      ['av', 'av'],
      ['lo', 'lo'],
      ['hi', 'hi'],
    ],
  },
  {
    name: 'COUNT(col) counts the values that are there',
    sql: 'SELECT COUNT(revenue) AS n FROM account',
    odata: 'accounts?$apply=filter(revenue ne null)/aggregate($count as n)',
    cols: [['n', 'n']],
  },
  {
    name: 'COUNT(DISTINCT col)',
    sql: 'SELECT COUNT(DISTINCT address1_city) AS n FROM account',
    odata: 'accounts?$apply=aggregate(address1_city with countdistinct as n)',
    cols: [['n', 'n']],
  },
  {
    name: 'an aggregate with WHERE',
    sql: 'SELECT COUNT(*) AS n, MAX(revenue) AS most FROM account WHERE creditonhold = 1',
    odata: 'accounts?$apply=filter(creditonhold eq true)/aggregate($count as n,revenue with max as most)',
    cols: [
      ['n', 'n'],
      ['most', 'most'],
    ],
  },
  {
    name: 'GROUP BY a joined column',
    sql: 'SELECT a.name, COUNT(*) AS n FROM contact c JOIN account a ON a.accountid = c.parentcustomerid GROUP BY a.name',
    odata:
      'contacts?$apply=filter(_parentcustomerid_value ne null)/groupby((parentcustomerid_account/name),aggregate($count as n))',
    // The emulator names a grouped navigation column <table>_<column>.
    cols: [
      ['name', 'account_name'],
      ['n', 'n'],
    ],
  },
];
