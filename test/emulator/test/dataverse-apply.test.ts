// OData $apply over HTTP, checked against the same org's rows read with $select and grouped here:
// groupby, aggregate, filter, a navigation path's column, FormattedValue, $orderby/$top, the 50,000-row
// limit and the errors Dataverse documents (or, where it documents none, the emulator's clear refusals).
import { strict as assert } from 'node:assert';
import { startTestOrg, type TestOrg } from './support/dataverse-server';

type J = Record<string, unknown>;
const FV = '@OData.Community.Display.V1.FormattedValue';

async function get(org: TestOrg, path: string, annotations = true): Promise<{ status: number; body: J; rows: J[] }> {
  const res = await fetch(`${org.url}/api/data/v9.2/${path}`, {
    headers: {
      Authorization: 'Bearer good:apply',
      Accept: 'application/json',
      ...(annotations ? { Prefer: 'odata.include-annotations="*"' } : {}),
    },
  });
  const body = JSON.parse(await res.text()) as J;
  return { status: res.status, body, rows: (body['value'] as J[] | undefined) ?? [] };
}

function countBy<T>(items: T[], key: (t: T) => unknown): Map<unknown, T[]> {
  const out = new Map<unknown, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

const sum = (xs: number[]): number => xs.reduce((s, v) => s + v, 0);
const numbers = (rows: J[], col: string): number[] =>
  rows.map((r) => r[col]).filter((v): v is number => typeof v === 'number');

describe('dataverse emulator: OData $apply', function () {
  let org: TestOrg;
  let accounts: J[];
  let contactNames: Map<unknown, unknown>;
  const code = (b: J): unknown => (b['error'] as J | undefined)?.['code'];
  const message = (b: J): string => String((b['error'] as J | undefined)?.['message']);

  before(async () => {
    org = await startTestOrg({ accountRecords: 120 });
    accounts = (
      await get(
        org,
        'accounts?$select=name,revenue,statecode,statuscode,accountcategorycode,_primarycontactid_value,createdon',
        false,
      )
    ).rows;
    contactNames = new Map(
      (await get(org, 'contacts?$select=fullname', false)).rows.map((c) => [c['contactid'], c['fullname']]),
    );
    assert.ok(accounts.length > 100);
  });
  after(async () => {
    await org.close();
  });

  it('counts by status with FormattedValue annotations, as the documentation shows', async () => {
    const res = await get(org, 'accounts?$apply=groupby((statecode),aggregate($count as n))');
    assert.equal(res.status, 200);
    assert.equal(res.body['@odata.context'], `${org.url}/api/data/v9.2/$metadata#accounts`);
    const expected = [...countBy(accounts, (a) => a['statecode'])].sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(
      res.rows.map((r) => [r['statecode'], r['n']]),
      expected.map(([s, rows]) => [s, rows.length]),
    );
    const active = res.rows.find((r) => r['statecode'] === 0)!;
    assert.deepEqual(
      Object.keys(active),
      [`statecode${FV}`, 'statecode', `n${FV}`, 'n'],
      'annotation before value, groups before aliases',
    );
    assert.equal(active[`statecode${FV}`], 'Active');
    assert.equal(active[`n${FV}`], Number(active['n']).toLocaleString('en-US'));
    assert.ok(!('@odata.etag' in active));
    const plain = await get(org, 'accounts?$apply=groupby((statecode),aggregate($count as n))', false);
    assert.ok(
      Object.keys(plain.rows[0]!).every((k) => !k.includes('@')),
      'no annotations unless asked for',
    );
  });

  it('computes sum, average, min, max and countdistinct over all rows', async () => {
    const res = await get(
      org,
      'accounts?$apply=aggregate(revenue with sum as total,revenue with average as mean,' +
        'revenue with min as low,revenue with max as high,createdon with max as lastCreate,name with countdistinct as names,$count as n)',
    );
    assert.equal(res.status, 200);
    assert.equal(res.rows.length, 1);
    const r = res.rows[0]!;
    const revenue = numbers(accounts, 'revenue');
    assert.ok(Math.abs(Number(r['total']) - sum(revenue)) < 0.01);
    assert.ok(Math.abs(Number(r['mean']) - sum(revenue) / revenue.length) < 0.01);
    assert.equal(r['low'], Math.min(...revenue));
    assert.equal(r['high'], Math.max(...revenue));
    assert.equal(
      r['lastCreate'],
      accounts
        .map((a) => String(a['createdon']))
        .sort()
        .pop(),
    );
    assert.equal(r['names'], new Set(accounts.map((a) => String(a['name']).toLowerCase())).size);
    assert.equal(r['n'], accounts.length);
    assert.match(String(r[`total${FV}`]), /^\$[\d,]+\.\d\d$/, 'money is formatted as currency');
    assert.match(String(r[`lastCreate${FV}`]), /^\d+\/\d+\/\d{4} \d+:\d\d [AP]M$/);
    assert.equal(r[`names${FV}`], Number(r['names']).toLocaleString('en-US'), 'a count is a plain number');
  });

  it('lists distinct combinations with groupby alone, leaving null columns out of a row', async () => {
    const res = await get(org, 'accounts?$apply=groupby((statecode,statuscode,accountcategorycode))', false);
    assert.equal(res.status, 200);
    const key = (r: J): string => JSON.stringify([r['statecode'], r['statuscode'], r['accountcategorycode'] ?? null]);
    assert.deepEqual(res.rows.map(key).sort(), [...new Set(accounts.map(key))].sort());
    const withoutCategory = res.rows.filter((r) => !('accountcategorycode' in r));
    assert.equal(
      withoutCategory.length > 0,
      accounts.some((a) => a['accountcategorycode'] === null),
    );
    const states = res.rows.map((r) => Number(r['statecode']));
    assert.deepEqual(
      states,
      [...states].sort((a, b) => a - b),
      'groups come in the order of their columns',
    );
  });

  it('groups by a navigation path as {table}_{column} after the aggregates, and by a lookup', async () => {
    const res = await get(
      org,
      'accounts?$apply=groupby((primarycontactid/fullname),aggregate(revenue with sum as total))',
    );
    assert.equal(res.status, 200);
    const byName = countBy(accounts, (a) => contactNames.get(a['_primarycontactid_value']) ?? null);
    assert.ok(byName.size > 2 && byName.has(null), 'some accounts share a contact, some have none');
    assert.equal(res.rows.length, byName.size);
    for (const row of res.rows) {
      const members = byName.get(row['contact_fullname'] ?? null);
      assert.ok(members, `no accounts for ${String(row['contact_fullname'])}`);
      assert.ok(Math.abs(Number(row['total']) - sum(numbers(members, 'revenue'))) < 0.01);
      if ('contact_fullname' in row) assert.equal(Object.keys(row).pop(), 'contact_fullname');
    }
    const lookups = await get(org, 'accounts?$apply=groupby((_primarycontactid_value),aggregate($count as n))');
    const named = lookups.rows.find((r) => typeof r['_primarycontactid_value'] === 'string')!;
    assert.equal(named['_primarycontactid_value@Microsoft.Dynamics.CRM.lookuplogicalname'], 'contact');
    assert.equal(named[`_primarycontactid_value${FV}`], contactNames.get(named['_primarycontactid_value']));
    assert.equal(
      named['n'],
      accounts.filter((a) => a['_primarycontactid_value'] === named['_primarycontactid_value']).length,
    );
  });

  it('filters before grouping with filter(…), also through a navigation path', async () => {
    const res = await get(
      org,
      'accounts?$apply=filter(statecode eq 1 and revenue gt 0)/groupby((statuscode),aggregate($count as n))',
      false,
    );
    assert.equal(res.status, 200);
    const kept = accounts.filter((a) => a['statecode'] === 1 && Number(a['revenue'] ?? 0) > 0);
    assert.ok(kept.length > 0 && kept.length < accounts.length);
    assert.deepEqual(
      res.rows.map((r) => [r['statuscode'], r['n']]),
      [...countBy(kept, (a) => a['statuscode'])]
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map(([s, rows]) => [s, rows.length]),
    );
    const name: unknown = [...contactNames.values()].find((n) =>
      accounts.some((a) => contactNames.get(a['_primarycontactid_value']) === n),
    );
    const viaNav = await get(
      org,
      `accounts?$apply=filter(primarycontactid/fullname eq '${String(name).replace(/'/g, "''")}')/aggregate($count as n)`,
      false,
    );
    assert.ok(typeof name === 'string');
    assert.equal(
      viaNav.rows[0]!['n'],
      accounts.filter((a) => contactNames.get(a['_primarycontactid_value']) === name).length,
    );
  });

  it('orders by a group column and takes $top, but not by an aggregate alias', async () => {
    const res = await get(
      org,
      'accounts?$apply=groupby((statuscode),aggregate($count as n))&$orderby=statuscode desc&$top=2',
      false,
    );
    assert.equal(res.status, 200);
    const codes = [...new Set(accounts.map((a) => Number(a['statuscode'])))].sort((a, b) => b - a).slice(0, 2);
    assert.deepEqual(
      res.rows.map((r) => r['statuscode']),
      codes,
    );
    const alias = await get(org, 'accounts?$apply=groupby((statuscode),aggregate($count as n))&$orderby=n desc');
    assert.equal(alias.status, 400);
    assert.equal(message(alias.body), 'The query node SingleValueOpenPropertyAccess is not supported');
    const mixed = await get(org, 'accounts?$apply=groupby((statuscode))&$select=name', false);
    assert.equal(mixed.status, 400);
    assert.match(message(mixed.body), /\$select together with \$apply is not supported by this emulator/);
  });

  it('answers unknown columns, date groups, wrong types and malformed text with clear errors', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'groupby((nosuchcolumn),aggregate($count as n))',
        '0x0',
        /property named 'nosuchcolumn' on type 'Microsoft\.Dynamics\.CRM\.account'/,
      ],
      ['aggregate(nosuchcolumn with sum as t)', '0x0', /nosuchcolumn/],
      ['groupby((primarycontactid/nosuch))', '0x0', /primarycontactid\/nosuch/],
      ['groupby((createdon))', '0x80060888', /date and time column 'createdon'/],
      ['aggregate(name with sum as t)', '0x8004112F', /sum is not supported for attribute of type string/],
      ['aggregate(revenue with median as t)', '0x80060888', /'median' is not an aggregation method/],
      ['aggregate(revenue as t)', '0x80060888', /needs a method/],
      ['aggregate($count as n,revenue with sum as n)', '0x80060888', /alias 'n' is used twice/],
      ['groupby((statecode)', '0x80060888', /not a transformation/],
      ['groupby(statecode)', '0x80060888', /columns in parentheses/],
      ['groupby((statecode))/filter(statecode eq 0)', '0x80060888', /after groupby or aggregate/],
      ['topcount(5,revenue)', '0x80060888', /'topcount' is not a supported transformation/],
      ['filter(nosuchcolumn eq 1)/aggregate($count as n)', '0x0', /nosuchcolumn/],
    ];
    for (const [apply, expected, text] of cases) {
      const res = await get(org, `accounts?$apply=${encodeURIComponent(apply)}`, false);
      assert.equal(res.status, 400, apply);
      assert.equal(code(res.body), expected, apply);
      assert.match(message(res.body), text, apply);
    }
  });

  it('counts a created account under the active state it is created in', async () => {
    const before = await get(org, 'accounts?$apply=groupby((statecode,statuscode),aggregate($count as n))', false);
    const created = await fetch(`${org.url}/api/data/v9.2/accounts`, {
      method: 'POST',
      body: JSON.stringify({ name: 'Applied Account' }),
      headers: { Authorization: 'Bearer good:apply', 'Content-Type': 'application/json' },
    });
    assert.equal(created.status, 204);
    const after = await get(org, 'accounts?$apply=groupby((statecode,statuscode),aggregate($count as n))', false);
    const n = (rows: J[]): unknown => rows.find((r) => r['statecode'] === 0 && r['statuscode'] === 1)?.['n'];
    assert.equal(n(after.rows), Number(n(before.rows)) + 1);
    assert.equal(after.rows.length, before.rows.length, 'no group without a state');
  });

  it('refuses more than 50,000 rows with AggregateQueryRecordLimitExceeded, and counts exactly 50,000', async () => {
    // The captures seed one account ahead of the generated ones.
    const seeded = accounts.length - 120;
    for (const [rows, ok] of [
      [50_000, true],
      [50_001, false],
    ] as const) {
      const big = await startTestOrg({ accountRecords: rows - seeded });
      try {
        const res = await get(big, 'accounts?$apply=aggregate($count as n)', false);
        if (ok) assert.deepEqual(res.rows, [{ n: rows }]);
        else assert.deepEqual([res.status, code(res.body)], [400, '0x8004E023']);
      } finally {
        await big.close();
      }
    }
  });
});
