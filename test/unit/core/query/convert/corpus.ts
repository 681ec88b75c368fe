// The queries the conversion tests run on both sides: FetchXML as the SQL translator and people write
// it, and OData as people write it, over the crm8 tables the emulator serves.

export interface FetchCase {
  name: string;
  fetch: string;
  /** The exact OData expected, where the test pins it. */
  odata?: string;
  ordered?: boolean;
  aggregate?: boolean;
}

export interface ODataCase {
  name: string;
  odata: string;
  ordered?: boolean;
  aggregate?: boolean;
}

const acc = (inner: string, fetch = ''): string =>
  `<fetch${fetch}><entity name="account"><attribute name="name"/><attribute name="revenue"/>${inner}</entity></fetch>`;
const where = (conditions: string, type = 'and'): string => acc(`<filter type="${type}">${conditions}</filter>`);
const cond = (attribute: string, operator: string, value?: string): string =>
  `<condition attribute="${attribute}" operator="${operator}"${value === undefined ? '' : ` value="${value}"`}/>`;

export const FETCH_CORPUS: FetchCase[] = [
  { name: 'columns only', fetch: acc(''), odata: 'GET accounts?$select=name,revenue' },
  { name: 'all columns, top', fetch: '<fetch top="7"><entity name="account"/></fetch>', odata: 'GET accounts?$top=7' },
  { name: 'eq on text', fetch: where(cond('address1_city', 'eq', 'Redmond')) },
  { name: 'ne keeps nulls', fetch: where(cond('address1_city', 'ne', 'Redmond')) },
  {
    name: 'gt and le on money',
    fetch: where(cond('revenue', 'gt', '100') + cond('revenue', 'le', '400')),
    odata: 'GET accounts?$select=name,revenue&$filter=revenue gt 100 and revenue le 400',
  },
  { name: 'or group', fetch: where(cond('address1_city', 'eq', 'Redmond') + cond('revenue', 'lt', '150'), 'or') },
  {
    name: 'nested and inside or',
    fetch: acc(
      `<filter type="or">${cond('name', 'eq', 'Same Numbers')}<filter>${cond('address1_city', 'eq', 'Seattle')}${cond('revenue', 'ge', '300')}</filter></filter>`,
    ),
  },
  { name: 'null', fetch: where(cond('address1_city', 'null')) },
  { name: 'not-null', fetch: where(cond('address1_city', 'not-null')) },
  { name: 'like %text%', fetch: where(cond('name', 'like', '%Numbers%')) },
  { name: 'like text%', fetch: where(cond('name', 'like', 'Pct%')) },
  { name: 'like %text', fetch: where(cond('name', 'like', '%Inc')) },
  { name: 'not-like', fetch: where(cond('name', 'not-like', '%a%')) },
  {
    name: 'begins-with and ends-with',
    fetch: where(cond('name', 'begins-with', 'O') + cond('name', 'ends-with', 'Sons')),
  },
  {
    name: 'in',
    fetch: where(
      `<condition attribute="address1_city" operator="in"><value>Redmond</value><value>Nowhere</value></condition>`,
    ),
  },
  {
    name: 'not-in',
    fetch: where(`<condition attribute="address1_city" operator="not-in"><value>Redmond</value></condition>`),
  },
  {
    name: 'between',
    fetch: where(`<condition attribute="revenue" operator="between"><value>150</value><value>450</value></condition>`),
  },
  {
    name: 'not-between',
    fetch: where(
      `<condition attribute="revenue" operator="not-between"><value>150</value><value>450</value></condition>`,
    ),
  },
  { name: 'last-x-days', fetch: where(cond('lastusedincampaign', 'last-x-days', '30')) },
  { name: 'olderthan-x-days', fetch: where(cond('lastusedincampaign', 'olderthan-x-days', '30')) },
  {
    name: 'this-year or last-year',
    fetch: where(cond('lastusedincampaign', 'this-year') + cond('lastusedincampaign', 'last-year'), 'or'),
  },
  {
    name: 'fiscal year and period',
    fetch: where(
      cond('lastusedincampaign', 'this-fiscal-year') + cond('lastusedincampaign', 'last-fiscal-period'),
      'or',
    ),
  },
  {
    name: 'in-fiscal-year',
    fetch: where(cond('lastusedincampaign', 'in-fiscal-year', String(new Date().getUTCFullYear()))),
  },
  { name: 'on-or-after a date', fetch: where(cond('createdon', 'on-or-after', '2024-01-01')) },
  {
    name: 'valueof on the same table',
    fetch: where('<condition attribute="revenue" operator="gt" valueof="creditlimit"/>'),
  },
  { name: 'lookup eq null (_x_value)', fetch: where(cond('primarycontactid', 'null')) },
  { name: 'text with quote and ampersand', fetch: where(cond('name', 'eq', 'O&apos;Brien &amp; Sons')) },
  {
    name: 'order by two columns',
    fetch: acc('<order attribute="revenue" descending="true"/><order attribute="accountid"/>'),
    ordered: true,
  },
  {
    name: 'outer link-entity as $expand',
    fetch: acc(
      '<link-entity name="contact" from="contactid" to="primarycontactid" alias="pc" link-type="outer"><attribute name="fullname"/></link-entity>',
    ),
    odata: 'GET accounts?$select=name,revenue&$expand=primarycontactid($select=fullname)',
  },
  {
    name: 'inner link-entity with a filter inside',
    fetch: acc(
      `<link-entity name="contact" from="contactid" to="primarycontactid" alias="pc"><attribute name="lastname"/><filter>${cond('lastname', 'not-null')}</filter></link-entity>`,
    ),
  },
  {
    name: 'condition on an outer link with entityname',
    fetch: acc(
      `<filter type="or">${cond('address1_city', 'eq', 'Redmond')}<condition entityname="pc" attribute="firstname" operator="not-null"/></filter><link-entity name="contact" from="contactid" to="primarycontactid" alias="pc" link-type="outer"/>`,
    ),
  },
  {
    name: 'exists link-entity',
    fetch: acc(
      `<link-entity name="contact" from="contactid" to="primarycontactid" link-type="exists"><filter>${cond('lastname', 'not-null')}</filter></link-entity>`,
    ),
  },
  {
    name: 'count and sum grouped by city',
    fetch:
      '<fetch aggregate="true"><entity name="account"><attribute name="address1_city" groupby="true" alias="city"/><attribute name="accountid" aggregate="count" alias="n"/><attribute name="revenue" aggregate="sum" alias="total"/></entity></fetch>',
    odata: 'GET accounts?$apply=groupby((address1_city),aggregate($count as n,revenue with sum as total))',
    aggregate: true,
  },
  {
    name: 'filtered aggregate with avg, min, max and countcolumn distinct',
    fetch: `<fetch aggregate="true"><entity name="account"><attribute name="revenue" aggregate="avg" alias="a"/><attribute name="revenue" aggregate="min" alias="lo"/><attribute name="revenue" aggregate="max" alias="hi"/><attribute name="address1_city" aggregate="countcolumn" distinct="true" alias="cities"/><filter>${cond('revenue', 'not-null')}</filter></entity></fetch>`,
    aggregate: true,
  },
];

export const ODATA_CORPUS: ODataCase[] = [
  { name: 'select', odata: 'GET accounts?$select=name,address1_city' },
  { name: 'no options', odata: 'GET accounts?$top=20' },
  {
    name: 'eq and ne',
    odata: "GET accounts?$select=name&$filter=address1_city eq 'Seattle' and name ne 'Same Numbers'",
  },
  {
    name: 'or with parentheses',
    odata:
      "GET accounts?$select=name,revenue&$filter=(revenue gt 300 or address1_city eq 'Redmond') and revenue ne null",
  },
  { name: 'literal first', odata: 'GET accounts?$select=name,revenue&$filter=200 lt revenue' },
  { name: 'contains with %', odata: "GET accounts?$select=name&$filter=contains(name,'50%')" },
  { name: 'contains with _', odata: "GET accounts?$select=name&$filter=contains(name,'r_s')" },
  { name: 'startswith with [', odata: "GET accounts?$select=name&$filter=startswith(name,'Bracket [a]')" },
  { name: 'not endswith', odata: "GET accounts?$select=name&$filter=not endswith(name,'Inc')" },
  { name: 'not eq', odata: "GET accounts?$select=name,address1_city&$filter=not (address1_city eq 'Redmond')" },
  {
    name: 'eq null on a lookup',
    odata: 'GET accounts?$select=name,_primarycontactid_value&$filter=_primarycontactid_value eq null',
  },
  { name: 'quote in a literal', odata: "GET accounts?$select=name&$filter=name eq 'O''Brien & Sons'" },
  { name: 'column to column', odata: 'GET accounts?$select=name,revenue,creditlimit&$filter=revenue ge creditlimit' },
  {
    name: 'navigation path',
    odata: "GET accounts?$select=name&$filter=primarycontactid/lastname ne null and address1_city eq 'Seattle'",
  },
  {
    name: 'expand single-valued',
    odata: 'GET accounts?$select=name&$expand=primarycontactid($select=fullname,lastname)',
  },
  {
    name: 'orderby desc',
    odata: 'GET accounts?$select=name,revenue&$orderby=revenue desc,accountid&$top=25',
    ordered: true,
  },
  {
    name: 'query function',
    odata:
      "GET accounts?$select=name&$filter=Microsoft.Dynamics.CRM.LastXDays(PropertyName='lastusedincampaign',PropertyValue=50)",
  },
  {
    name: 'In function',
    odata:
      "GET accounts?$select=name&$filter=Microsoft.Dynamics.CRM.In(PropertyName='address1_city',PropertyValues=['Seattle','Paris'])",
  },
  {
    name: '$apply groupby with aggregate',
    odata: 'GET accounts?$apply=groupby((address1_city),aggregate($count as n,revenue with average as avg))',
    aggregate: true,
  },
  {
    name: '$apply filter then aggregate',
    odata: 'GET accounts?$apply=filter(revenue gt 100)/aggregate(revenue with sum as total,revenue with max as hi)',
    aggregate: true,
  },
];
