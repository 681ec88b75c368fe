// FetchXML as the SQL translator emits it (issue 16): valueof, LIKE with [] classes, orders on link-entity
// columns (also entityname on the root), paging with joins, and the relative date operators, each
// checked against the rows read without FetchXML.
import { strict as assert } from 'node:assert';
import { startTestOrg, type TestOrg } from './support/dataverse-server';

type J = Record<string, unknown>;
const DAY = 86_400_000;

describe('dataverse emulator: FetchXML fidelity', function () {
  this.timeout(30_000);
  let org: TestOrg;
  let accounts: J[];
  const call = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: J }> => {
    const res = await fetch(`${org.url}/api/data/v9.2/${path}`, {
      ...init,
      headers: {
        Authorization: 'Bearer good:fidelity',
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Prefer: 'odata.include-annotations="*"',
        ...((init.headers as Record<string, string>) ?? {}),
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as J) : {} };
  };
  const fetchXml = async (set: string, xml: string): Promise<{ status: number; body: J; rows: J[] }> => {
    const r = await call(`${set}?fetchXml=${encodeURIComponent(xml)}`);
    return { ...r, rows: (r.body['value'] as J[] | undefined) ?? [] };
  };
  const names = (rows: J[]): string[] => rows.map((r) => String(r['name'])).sort();
  const code = (b: J): unknown => (b['error'] as J | undefined)?.['code'];

  before(async () => {
    org = await startTestOrg({ accountRecords: 60 });
    const now = Date.now();
    const dated: [string, number][] = [
      ['Dated -2d', -2],
      ['Dated -10d', -10],
      ['Dated -40d', -40],
      ['Dated -400d', -400],
      ['Dated +3d', 3],
    ];
    for (const [name, days] of dated) {
      const lastusedincampaign = new Date(now + days * DAY).toISOString();
      await call('accounts', { method: 'POST', body: JSON.stringify({ name, lastusedincampaign }) });
    }
    for (const name of ['Pct 50% off', 'Pct 50x off', 'Bracket [a] one', 'Bracket b one']) {
      await call('accounts', { method: 'POST', body: JSON.stringify({ name }) });
    }
    await call('accounts', {
      method: 'POST',
      body: JSON.stringify({ name: 'Same numbers', revenue: 100, creditlimit: 100 }),
    });
    accounts = (await call('accounts?$select=name,revenue,creditlimit,_primarycontactid_value')).body['value'] as J[];
  });
  after(async () => {
    await org.close();
  });

  it('compares two columns of a row with valueof (eq, ne, gt), nulls matching nothing', async () => {
    const both = accounts.filter((a) => typeof a['revenue'] === 'number' && typeof a['creditlimit'] === 'number');
    assert.ok(both.length > 2);
    const q = (op: string): string => `<fetch><entity name="account"><attribute name="name"/>
      <filter><condition attribute="revenue" operator="${op}" valueof="creditlimit"/></filter></entity></fetch>`;
    const gt = await fetchXml('accounts', q('gt'));
    assert.equal(gt.status, 200, JSON.stringify(gt.body));
    assert.deepEqual(
      names(gt.rows),
      names(both.filter((a) => (a['revenue'] as number) > (a['creditlimit'] as number))),
    );
    const eq = await fetchXml('accounts', q('eq'));
    assert.deepEqual(names(eq.rows), names(both.filter((a) => a['revenue'] === a['creditlimit'])));
    assert.ok(names(eq.rows).includes('Same numbers'));
    const ne = await fetchXml('accounts', q('ne'));
    assert.equal(ne.rows.length + eq.rows.length, both.length, 'a null on either side is neither eq nor ne');
  });

  it('compares a column with a link-entity column (valueof alias.column) and refuses valueof with in', async () => {
    const xml = `<fetch><entity name="account"><attribute name="name"/>
      <filter><condition attribute="primarycontactid" operator="eq" valueof="pc.contactid"/></filter>
      <link-entity name="contact" from="contactid" to="primarycontactid" alias="pc" link-type="outer"/></entity></fetch>`;
    const res = await fetchXml('accounts', xml);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.rows.length, accounts.filter((a) => a['_primarycontactid_value'] !== null).length);
    const bad = await fetchXml(
      'accounts',
      `<fetch><entity name="account"><filter><condition attribute="revenue" operator="in" valueof="creditlimit"/></filter></entity></fetch>`,
    );
    assert.equal(bad.status, 400);
    assert.equal(code(bad.body), '0x80041120');
    const unknown = await fetchXml(
      'accounts',
      `<fetch><entity name="account"><filter><condition attribute="name" operator="eq" valueof="nope.name"/></filter></entity></fetch>`,
    );
    assert.equal(unknown.status, 400);
  });

  it('reads like as SQL LIKE: % and _ wildcards, [] classes and escapes, case-insensitive', async () => {
    const like = async (pattern: string, op = 'like'): Promise<string[]> =>
      names(
        (
          await fetchXml(
            'accounts',
            `<fetch><entity name="account"><attribute name="name"/><filter>
            <condition attribute="name" operator="${op}" value="${pattern}"/>
            <condition attribute="name" operator="like" value="%_ one%"/></filter></entity></fetch>`.replace(
              '%_ one%',
              pattern.startsWith('Pct') || pattern.startsWith('pct') ? 'Pct%' : 'Bracket%',
            ),
          )
        ).rows,
      );
    assert.deepEqual(await like('Pct 50[%] off'), ['Pct 50% off']);
    assert.deepEqual(await like('pct 50_ OFF'), ['Pct 50% off', 'Pct 50x off']);
    assert.deepEqual(await like('Pct 50[^%] off'), ['Pct 50x off']);
    assert.deepEqual(await like('Bracket [[]a] one'), ['Bracket [a] one']);
    assert.deepEqual(await like('Bracket [a-c] one'), ['Bracket b one']);
    assert.deepEqual(await like('Bracket [[]%', 'not-like'), ['Bracket b one']);
  });

  it('orders by a link-entity column, also from the root with entityname, before later root orders', async () => {
    const xml = (order: string, link = ''): string => `<fetch><entity name="account"><attribute name="name"/>
      ${order}<link-entity name="contact" from="contactid" to="primarycontactid" alias="pc"><attribute name="fullname"/>${link}</link-entity></entity></fetch>`;
    const byLink = await fetchXml('accounts', xml('', '<order attribute="fullname" descending="true"/>'));
    const full = byLink.rows.map((r) => String(r['pc.fullname']).toLowerCase());
    assert.deepEqual(full, [...full].sort().reverse());
    const first = await fetchXml(
      'accounts',
      xml('<order entityname="pc" attribute="fullname"/><order attribute="name" descending="true"/>'),
    );
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const pairs = first.rows.map((r) => [String(r['pc.fullname']).toLowerCase(), String(r['name']).toLowerCase()]);
    const sorted = [...pairs].sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0,
    );
    assert.deepEqual(pairs, sorted);
    const bad = await fetchXml('accounts', xml('<order entityname="zz" attribute="fullname"/>'));
    assert.equal(bad.status, 400);
  });

  it('pages a 1:N join with count and page: every joined row once; no paging cookie when ordered on a link', async () => {
    const xml = (page: number, order: string): string => `<fetch count="7" page="${page}"><entity name="contact">
      <attribute name="fullname"/><attribute name="contactid"/>${order}
      <link-entity name="account" from="primarycontactid" to="contactid" alias="acc"><attribute name="name"/>
      <order attribute="name"/></link-entity></entity></fetch>`;
    const total = accounts.filter((a) => a['_primarycontactid_value'] !== null).length;
    assert.ok(total > 7);
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await fetchXml('contacts', xml(page, ''));
      seen.push(...res.rows.map((r) => `${String(r['contactid'])}/${String(r['acc.name'])}`));
      const more = res.body['@Microsoft.Dynamics.CRM.morerecords'];
      if (more) {
        assert.equal(res.rows.length, 7);
        assert.equal(res.body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'], undefined, 'ordered on a link');
      }
      if (!more) break;
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, seen.length, 'no joined row twice');
    const rootOnly = await fetchXml(
      'contacts',
      xml(1, '<order attribute="fullname"/>').replace(/<order attribute="name"\/>/, ''),
    );
    assert.equal(typeof rootOnly.body['@Microsoft.Dynamics.CRM.fetchxmlpagingcookie'], 'string');
  });

  it('answers the relative date operators over whole days, weeks, months and years', async () => {
    const dated = async (op: string, value?: string): Promise<string[]> => {
      const res = await fetchXml(
        'accounts',
        `<fetch><entity name="account"><attribute name="name"/><filter>
        <condition attribute="lastusedincampaign" operator="${op}"${value ? ` value="${value}"` : ''}/>
        <condition attribute="name" operator="begins-with" value="Dated"/></filter></entity></fetch>`,
      );
      assert.equal(res.status, 200, `${op}: ${JSON.stringify(res.body)}`);
      return names(res.rows);
    };
    assert.deepEqual(await dated('last-x-days', '7'), ['Dated -2d']);
    assert.deepEqual(await dated('last-x-weeks', '2'), ['Dated -10d', 'Dated -2d']);
    assert.deepEqual(await dated('last-x-months', '2'), ['Dated -10d', 'Dated -2d', 'Dated -40d']);
    assert.deepEqual(await dated('last-x-years', '2'), ['Dated -10d', 'Dated -2d', 'Dated -400d', 'Dated -40d']);
    assert.deepEqual(await dated('next-x-weeks', '1'), ['Dated +3d']);
    assert.deepEqual(await dated('next-x-months', '1'), ['Dated +3d']);
    assert.deepEqual(await dated('next-x-years', '1'), ['Dated +3d']);
    assert.deepEqual(await dated('olderthan-x-weeks', '4'), ['Dated -400d', 'Dated -40d']);
    assert.deepEqual(await dated('olderthan-x-months', '1'), ['Dated -400d', 'Dated -40d']);
    assert.deepEqual(await dated('olderthan-x-years', '1'), ['Dated -400d']);
    const thisYear = new Date().getUTCFullYear();
    const inYear = (offset: number): string[] =>
      ['Dated -2d', 'Dated -10d', 'Dated -40d', 'Dated -400d', 'Dated +3d']
        .filter(
          (n) => new Date(Date.now() + Number(/[-+]\d+/.exec(n)![0]) * DAY).getUTCFullYear() === thisYear + offset,
        )
        .sort();
    assert.deepEqual(await dated('this-fiscal-year'), inYear(0), 'the fiscal year is the calendar year here');
    assert.deepEqual(await dated('last-fiscal-year'), inYear(-1));
    assert.deepEqual(await dated('in-fiscal-year', String(thisYear - 1)), inYear(-1));
    const quarter = Math.floor(new Date().getUTCMonth() / 3) + 1;
    const inPeriod = (await dated('this-fiscal-period')).sort();
    const both = await fetchXml(
      'accounts',
      `<fetch><entity name="account"><attribute name="name"/><filter>
      <condition attribute="lastusedincampaign" operator="in-fiscal-period-and-year"><value>${quarter}</value><value>${thisYear}</value></condition>
      <condition attribute="name" operator="begins-with" value="Dated"/></filter></entity></fetch>`,
    );
    assert.deepEqual(names(both.rows), inPeriod);
    assert.ok(inPeriod.includes('Dated -2d') || new Date(Date.now() - 2 * DAY).getUTCMonth() % 3 === 2);
    const week = await dated('this-week');
    const lastWeek = await dated('last-week');
    assert.ok(week.includes('Dated -2d') || lastWeek.includes('Dated -2d'), 'two days ago is this week or last');
    assert.ok(!week.includes('Dated -40d') && !lastWeek.includes('Dated -40d'));
  });

  it('answers the Web API query functions in $filter with the FetchXML operators', async () => {
    const odata = async (filter: string): Promise<{ status: number; names: string[] }> => {
      const r = await call(
        `accounts?$select=name&$filter=${encodeURIComponent(`startswith(name,'Dated') and ${filter}`)}`,
      );
      return { status: r.status, names: names((r.body['value'] as J[] | undefined) ?? []) };
    };
    const fn = 'Microsoft.Dynamics.CRM.';
    assert.deepEqual((await odata(`${fn}LastXDays(PropertyName='lastusedincampaign',PropertyValue=7)`)).names, [
      'Dated -2d',
    ]);
    assert.deepEqual((await odata(`${fn}OlderThanXYears(PropertyName='lastusedincampaign',PropertyValue=1)`)).names, [
      'Dated -400d',
    ]);
    assert.deepEqual((await odata(`${fn}In(PropertyName='name',PropertyValues=['Dated +3d','dated -2D'])`)).names, [
      'Dated +3d',
      'Dated -2d',
    ]);
    assert.deepEqual((await odata(`not ${fn}NotIn(PropertyName='name',PropertyValues=['Dated +3d'])`)).names, [
      'Dated +3d',
    ]);
    const bad = await odata(`${fn}NoSuchThing(PropertyName='name')`);
    assert.equal(bad.status, 400);
  });

  it('refuses top together with page, as real orgs answer', async () => {
    const res = await fetchXml(
      'accounts',
      '<fetch top="5" page="1"><entity name="account"><attribute name="name"/></entity></fetch>',
    );
    assert.equal(res.status, 400);
    assert.equal(code(res.body), '0x80040203');
    assert.match(
      String((res.body['error'] as J)['message']),
      /top attribute can't be specified with paging attribute page/,
    );
  });

  it('joins through an N:N intersect table the rows associated with $ref, and disassociates them', async () => {
    const leads = ((await call('leads?$select=fullname&$top=2')).body['value'] as J[]).map((l) => String(l['leadid']));
    assert.equal(leads.length, 2);
    const account = String((accounts.find((a) => a['name'] === 'Same numbers') ?? accounts[0])!['accountid']);
    const ref = (lead: string, method = 'POST'): Promise<{ status: number; body: J }> =>
      call(`accounts(${account})/accountleads_association/$ref`, {
        method,
        body: JSON.stringify({ '@odata.id': `${org.url}/api/data/v9.2/leads(${lead})` }),
      });
    for (const lead of leads) assert.equal((await ref(lead)).status, 204);
    assert.equal((await ref(leads[0]!)).status, 400, 'a pair is associated once');
    const xml = `<fetch><entity name="account"><attribute name="name"/>
      <filter><condition attribute="accountid" operator="eq" value="${account}"/></filter>
      <link-entity name="accountleads" from="accountid" to="accountid" intersect="true">
        <link-entity name="lead" from="leadid" to="leadid" alias="l"><attribute name="leadid"/></link-entity>
      </link-entity></entity></fetch>`;
    const joined = await fetchXml('accounts', xml);
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.deepEqual(joined.rows.map((r) => String(r['l.leadid'])).sort(), [...leads].sort());
    const refs = (await call(`accounts(${account})/accountleads_association/$ref`)).body['value'] as J[];
    assert.equal(refs.length, 2);
    const removed = await call(`accounts(${account})/accountleads_association(${leads[0]})/$ref`, { method: 'DELETE' });
    assert.equal(removed.status, 204);
    assert.deepEqual(
      (await fetchXml('accounts', xml)).rows.map((r) => String(r['l.leadid'])),
      [leads[1]],
    );
  });
});
