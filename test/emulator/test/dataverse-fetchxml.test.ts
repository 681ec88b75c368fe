// FetchXML over HTTP: joins by link-type, distinct, aggregates and grouping, and the error codes a
// scratchpad shows for malformed queries.
import { strict as assert } from 'node:assert';
import { startTestOrg, type TestOrg } from './support/dataverse-server';

type J = Record<string, unknown>;

describe('dataverse emulator: FetchXML', function () {
  let org: TestOrg;
  let accounts: J[];
  const call = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: J }> => {
    const res = await fetch(`${org.url}/api/data/v9.2/${path}`, {
      ...init,
      headers: {
        Authorization: 'Bearer good:fetch',
        Accept: 'application/json',
        'Content-Type': 'application/json',
        ...((init.headers as Record<string, string>) ?? {}),
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as J) : {} };
  };
  const fetchXml = async (
    set: string,
    xml: string,
    annotations = false,
  ): Promise<{ status: number; body: J; rows: J[] }> => {
    const r = await call(
      `${set}?fetchXml=${encodeURIComponent(xml)}`,
      annotations ? { headers: { Prefer: 'odata.include-annotations="*"' } } : {},
    );
    return { ...r, rows: (r.body['value'] as J[] | undefined) ?? [] };
  };
  const code = (b: J): unknown => (b['error'] as J | undefined)?.['code'];

  before(async () => {
    org = await startTestOrg({ accountRecords: 120 });
    // One account that certainly has no primary contact, and two with the same name (for distinct).
    for (const name of ['Lonely Account', 'Twin Account', 'Twin Account']) {
      await call('accounts', { method: 'POST', body: JSON.stringify({ name }) });
    }
    accounts = (await call('accounts?$select=name,revenue,_primarycontactid_value,statecode,createdon')).body[
      'value'
    ] as J[];
  });
  after(async () => {
    await org.close();
  });

  it('drops rows without a match for link-type inner, keeps them for outer', async () => {
    const link = (type: string): string => `<fetch><entity name="account"><attribute name="name"/>
      <link-entity name="contact" from="contactid" to="primarycontactid" alias="pc" link-type="${type}"><attribute name="fullname"/></link-entity>
      </entity></fetch>`;
    const withContact = accounts.filter((a) => a['_primarycontactid_value'] !== null);
    assert.ok(withContact.length > 0 && withContact.length < accounts.length);
    const inner = await fetchXml('accounts', link('inner'));
    assert.equal(inner.rows.length, withContact.length);
    assert.ok(inner.rows.every((r) => typeof r['pc.fullname'] === 'string'));
    assert.ok(!inner.rows.some((r) => r['name'] === 'Lonely Account'));
    const outer = await fetchXml('accounts', link('outer'));
    assert.equal(outer.rows.length, accounts.length);
    const lonely = outer.rows.find((r) => r['name'] === 'Lonely Account')!;
    assert.ok(!('pc.fullname' in lonely), 'no linked value, no key');
    const defaulted = await fetchXml('accounts', link('inner').replace(' link-type="inner"', ''));
    assert.equal(defaulted.rows.length, withContact.length, 'link-type defaults to inner');
  });

  it('filters inside a link-entity and across entities with entityname; semi and anti joins', async () => {
    const first = (
      await fetchXml(
        'accounts',
        `<fetch><entity name="account"><attribute name="name"/>
      <link-entity name="contact" from="contactid" to="primarycontactid" alias="pc"><attribute name="lastname"/></link-entity></entity></fetch>`,
      )
    ).rows;
    const lastname = String(first[0]!['pc.lastname']);
    const expected = first.filter((r) => r['pc.lastname'] === lastname).length;
    const inside = await fetchXml(
      'accounts',
      `<fetch><entity name="account"><attribute name="name"/>
      <link-entity name="contact" from="contactid" to="primarycontactid" alias="pc"><attribute name="lastname"/>
        <filter><condition attribute="lastname" operator="eq" value="${lastname}"/></filter></link-entity></entity></fetch>`,
    );
    assert.equal(inside.rows.length, expected);
    const across = await fetchXml(
      'accounts',
      `<fetch><entity name="account"><attribute name="name"/>
      <filter><condition entityname="pc" attribute="lastname" operator="eq" value="${lastname}"/></filter>
      <link-entity name="contact" from="contactid" to="primarycontactid" alias="pc" link-type="outer"/></entity></fetch>`,
    );
    assert.equal(across.rows.length, expected);
    const exists = await fetchXml(
      'accounts',
      `<fetch><entity name="account"><attribute name="name"/>
      <link-entity name="contact" from="contactid" to="primarycontactid" link-type="exists"><attribute name="fullname"/></link-entity></entity></fetch>`,
    );
    assert.equal(exists.rows.length, first.length);
    assert.ok(exists.rows.every((r) => !Object.keys(r).some((k) => k.startsWith('contact.'))));
    const none = await fetchXml(
      'accounts',
      `<fetch><entity name="account"><attribute name="name"/>
      <link-entity name="contact" from="contactid" to="primarycontactid" link-type="not-any"/></entity></fetch>`,
    );
    assert.equal(none.rows.length, accounts.length - first.length);
  });

  it('repeats the parent for each child of a 1:N link, and distinct collapses equal rows', async () => {
    const xml = (
      distinct: boolean,
    ): string => `<fetch distinct="${distinct}"><entity name="contact"><attribute name="fullname"/>
      <link-entity name="account" from="primarycontactid" to="contactid" alias="acc"/></entity></fetch>`;
    const all = await fetchXml('contacts', xml(false));
    const pointing = accounts.filter((a) => a['_primarycontactid_value'] !== null).length;
    assert.equal(all.rows.length, pointing, 'one row per account pointing at a contact');
    const unique = await fetchXml('contacts', xml(true));
    assert.equal(unique.rows.length, new Set(all.rows.map((r) => r['fullname'])).size);
    assert.ok(unique.rows.every((r) => Object.keys(r).join() === 'fullname'));
    const twins = await fetchXml(
      'accounts',
      `<fetch distinct="true"><entity name="account"><attribute name="name"/>
      <filter><condition attribute="name" operator="begins-with" value="Twin"/></filter></entity></fetch>`,
    );
    assert.deepEqual(twins.rows, [{ name: 'Twin Account' }]);
  });

  it('renames aliased columns and annotates linked ones', async () => {
    const res = await fetchXml(
      'accounts',
      `<fetch top="3"><entity name="account"><attribute name="name" alias="AccountName"/>
      <link-entity name="contact" from="contactid" to="primarycontactid" alias="pc"><attribute name="fullname"/><attribute name="parentcustomerid"/></link-entity>
      </entity></fetch>`,
      true,
    );
    const r = res.rows[0]!;
    assert.ok(typeof r['AccountName'] === 'string' && !('name' in r));
    assert.equal(r['pc.fullname@OData.Community.Display.V1.AttributeName'], 'fullname');
    assert.equal(res.rows.length, 3);
  });

  it('computes count, countcolumn, sum, avg, min and max like SQL over the same rows', async () => {
    const revenue = accounts.map((a) => a['revenue']).filter((v): v is number => typeof v === 'number');
    const res = await fetchXml(
      'accounts',
      `<fetch aggregate="true"><entity name="account">
      <attribute name="accountid" alias="Count" aggregate="count"/><attribute name="revenue" alias="WithRevenue" aggregate="countcolumn"/>
      <attribute name="revenue" alias="Total" aggregate="sum"/><attribute name="revenue" alias="Average" aggregate="avg"/>
      <attribute name="revenue" alias="Lowest" aggregate="min"/><attribute name="revenue" alias="Highest" aggregate="max"/>
      </entity></fetch>`,
      true,
    );
    assert.equal(res.status, 200);
    assert.equal(res.rows.length, 1);
    const r = res.rows[0]!;
    assert.equal(r['Count'], accounts.length);
    assert.equal(r['WithRevenue'], revenue.length);
    assert.ok(Math.abs(Number(r['Total']) - revenue.reduce((s, v) => s + v, 0)) < 0.01);
    assert.ok(Math.abs(Number(r['Average']) - revenue.reduce((s, v) => s + v, 0) / revenue.length) < 0.01);
    assert.equal(r['Lowest'], Math.min(...revenue));
    assert.equal(r['Highest'], Math.max(...revenue));
    assert.match(String(r['Total@OData.Community.Display.V1.FormattedValue']), /^\$[\d,]+\.\d\d$/);
    assert.ok(!('@odata.etag' in r));
  });

  it('groups by a column and by parts of a date, ordered by alias', async () => {
    const byState = await fetchXml(
      'accounts',
      `<fetch aggregate="true"><entity name="account">
      <attribute name="accountid" alias="n" aggregate="count"/><attribute name="statecode" alias="state" groupby="true"/>
      <order alias="n" descending="true"/></entity></fetch>`,
      true,
    );
    const states = new Map<unknown, number>();
    for (const a of accounts) states.set(a['statecode'], (states.get(a['statecode']) ?? 0) + 1);
    assert.deepEqual(
      byState.rows.map((r) => [r['state'], r['n']]),
      [...states].sort((a, b) => b[1] - a[1]),
    );
    assert.equal(
      byState.rows.find((r) => r['state'] === 0)!['state@OData.Community.Display.V1.FormattedValue'],
      'Active',
    );
    const byMonth = await fetchXml(
      'accounts',
      `<fetch aggregate="true"><entity name="account">
      <attribute name="accountid" alias="n" aggregate="count"/><attribute name="createdon" alias="year" groupby="true" dategrouping="year"/>
      <attribute name="createdon" alias="month" groupby="true" dategrouping="month"/><order alias="year"/><order alias="month"/></entity></fetch>`,
      true,
    );
    const total = byMonth.rows.reduce((s, r) => s + Number(r['n']), 0);
    assert.equal(total, accounts.length);
    assert.ok(
      byMonth.rows.every((r) => Number(r['month']) >= 1 && Number(r['month']) <= 12 && Number(r['year']) >= 2021),
    );
    const fiscal = await fetchXml(
      'accounts',
      `<fetch aggregate="true"><entity name="account"><attribute name="accountid" alias="n" aggregate="count"/>
      <attribute name="createdon" alias="fp" groupby="true" dategrouping="fiscal-period"/></entity></fetch>`,
      true,
    );
    assert.match(String(fiscal.rows[0]!['fp@OData.Community.Display.V1.FormattedValue']), /^Quarter [1-4] FY\d{4}$/);
  });

  it('refuses malformed aggregates and answers the aggregate limit error', async () => {
    const cases: [string, string][] = [
      ['<fetch aggregate="true"><entity name="account"><attribute name="name"/></entity></fetch>', '0x80041107'],
      [
        '<fetch aggregate="true"><entity name="account"><attribute name="revenue" aggregate="sum"/></entity></fetch>',
        '0x80041109',
      ],
      [
        '<fetch aggregate="true"><entity name="account"><attribute name="name" alias="s" aggregate="sum"/></entity></fetch>',
        '0x8004112F',
      ],
      [
        '<fetch aggregate="true"><entity name="account"><attribute name="name" alias="s" aggregate="count" groupby="true"/></entity></fetch>',
        '0x80041137',
      ],
      [
        '<fetch aggregate="true"><entity name="account"><attribute name="accountid" alias="n" aggregate="count"/><order attribute="name"/></entity></fetch>',
        '0x80041131',
      ],
      ['<fetch><entity name="account"><attribute name="name"/><order alias="x"/></entity></fetch>', '0x80041132'],
      [
        '<fetch aggregate="true" aggregatelimit="10"><entity name="account"><attribute name="accountid" alias="n" aggregate="count"/></entity></fetch>',
        '0x8004E023',
      ],
    ];
    for (const [xml, expected] of cases) {
      const res = await fetchXml('accounts', xml);
      assert.equal(res.status, 400, xml);
      assert.equal(code(res.body), expected, xml);
    }
  });

  it('answers malformed XML, unknown columns and a mismatched entity set with their codes', async () => {
    const malformed = await fetchXml('accounts', '<fetch><entity name="account">');
    assert.deepEqual(malformed.body['error'], { code: '0x80040201', message: 'Invalid XML.' });
    const column = await fetchXml(
      'accounts',
      '<fetch><entity name="account"><attribute name="nosuchcolumn"/></entity></fetch>',
    );
    assert.equal(code(column.body), '0x80041103');
    const mismatch = await fetchXml('contacts', '<fetch><entity name="account"/></fetch>');
    assert.equal(code(mismatch.body), '0x80041128');
    const noAttributes = await fetchXml('accounts', '<fetch top="1"><entity name="account"/></fetch>');
    assert.ok(Object.keys(noAttributes.rows[0]!).length > 20, 'no attribute elements returns every column');
  });
});
