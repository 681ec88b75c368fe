import * as assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import {
  FetchXmlError,
  fetchXmlPath,
  inspectFetchXml,
  pagingCookieFrom,
  setFetchAttributes,
} from '../../../../src/core/webapi/fetchXml';
import { fetchXmlPages, MAX_GET_URL_LENGTH } from '../../../../src/core/webapi/fetchXmlPaging';
import { API, clientWith, FakeHttp, response } from './fakes';
import type { HttpRequest } from '../../../../src/core/ports';

// From "Page results using FetchXml" (Microsoft Learn), Web API tab: the first two answers' cookies.
const DOCS_COOKIE_1 =
  '<cookie pagenumber="2" pagingcookie="%253ccookie%2520page%253d%25221%2522%253e%253cfullname%2520last%253d%2522Susanna%2520Stubberod%2520%2528sample%2529%2522%2520first%253d%2522Yvonne%2520McKay%2520%2528sample%2529%2522%2520%252f%253e%253ccontactid%2520last%253d%2522%257b70BF4D48-34CB-ED11-B596-0022481D68CD%257d%2522%2520first%253d%2522%257b49B0BE2E-D01C-ED11-B83E-000D3A572421%257d%2522%2520%252f%253e%253c%252fcookie%253e" istracking="False" />';
const DOCS_INNER_1 =
  '<cookie page="1"><fullname last="Susanna Stubberod (sample)" first="Yvonne McKay (sample)" /><contactid last="{70BF4D48-34CB-ED11-B596-0022481D68CD}" first="{49B0BE2E-D01C-ED11-B83E-000D3A572421}" /></cookie>';
const DOCS_COOKIE_2 =
  '<cookie pagenumber="2" pagingcookie="%253ccookie%2520page%253d%25222%2522%253e%253cfullname%2520last%253d%2522Scott%2520Konersmann%2520%2528sample%2529%2522%2520first%253d%2522Susan%2520Burk%2520%2528sample%2529%2522%2520%252f%253e%253ccontactid%2520last%253d%2522%257b78BF4D48-34CB-ED11-B596-0022481D68CD%257d%2522%2520first%253d%2522%257b84BF4D48-34CB-ED11-B596-0022481D68CD%257d%2522%2520%252f%253e%253c%252fcookie%253e" istracking="False" />';
const DOCS_INNER_2 =
  '<cookie page="2"><fullname last="Scott Konersmann (sample)" first="Susan Burk (sample)" /><contactid last="{78BF4D48-34CB-ED11-B596-0022481D68CD}" first="{84BF4D48-34CB-ED11-B596-0022481D68CD}" /></cookie>';
const DOCS_QUERY = `<fetch count='3' page='1'>
  <entity name='contact'>
    <attribute name='fullname' />
    <attribute name='jobtitle' />
    <attribute name='annualincome' />
    <order descending='true' attribute='fullname' />
  </entity>
</fetch>`;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
/** The attributes of the root <fetch> (child elements left out). */
const fetchAttrs = (xml: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(parser.parse(xml).fetch as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
const sentFetchXml = (req: HttpRequest): string => new URL(req.url).searchParams.get('fetchXml') ?? '';

describe('pagingCookieFrom', () => {
  it('unwraps the documented cookie: pagingcookie attribute, URL-decoded twice', () => {
    assert.equal(pagingCookieFrom(DOCS_COOKIE_1), DOCS_INNER_1);
    assert.equal(pagingCookieFrom(DOCS_COOKIE_2), DOCS_INNER_2);
  });
  it('reads .NET-style encoding, where a space is "+" and a plus is %2b', () => {
    const inner = '<cookie page="1"><name last="A+B Co" first="C &amp; D" /></cookie>';
    const dotnet = (s: string): string =>
      encodeURIComponent(s)
        .replace(/%20/g, '+')
        .replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    const annotation = `<cookie pagenumber="2" pagingcookie="${dotnet(dotnet(inner)).replace(/&/g, '&amp;')}" istracking="False" />`;
    assert.equal(pagingCookieFrom(annotation), inner);
  });
  for (const [name, value] of [
    ['nothing', undefined],
    ['an empty string', ''],
    ['a number', 3],
    ['not XML', 'garbage'],
    ['a cookie without pagingcookie', '<cookie pagenumber="2" />'],
    ['broken escapes', '<cookie pagingcookie="%E0%A4%A" />'],
  ] as const) {
    it(`gives no cookie for ${name}`, () => assert.equal(pagingCookieFrom(value), undefined));
  }
});

describe('setFetchAttributes', () => {
  it('changes only the <fetch> start tag, keeping comments and layout', () => {
    const xml = `<?xml version="1.0"?>\n<!-- my query -->\n<fetch version="1.0" count='3' mapping="logical">\n  <entity name="account"><!-- keep --></entity>\n</fetch>`;
    const out = setFetchAttributes(xml, { count: 50, page: 2, 'paging-cookie': DOCS_INNER_1 });
    assert.equal(out.slice(0, out.indexOf('<fetch')), '<?xml version="1.0"?>\n<!-- my query -->\n');
    assert.ok(out.endsWith('>\n  <entity name="account"><!-- keep --></entity>\n</fetch>'));
    assert.deepEqual(fetchAttrs(out), {
      version: '1.0',
      count: '50',
      mapping: 'logical',
      page: '2',
      'paging-cookie': DOCS_INNER_1,
    });
    assert.match(out, /paging-cookie="&lt;cookie page=&quot;1&quot;&gt;/);
  });
  it('removes attributes set to undefined and handles a self-closing or attribute-less fetch', () => {
    assert.equal(
      setFetchAttributes('<fetch page="4" count="2"><entity name="a"/></fetch>', { page: undefined }),
      '<fetch count="2"><entity name="a"/></fetch>',
    );
    assert.equal(
      setFetchAttributes('<fetch><entity name="a"/></fetch>', { count: 1 }),
      '<fetch count="1"><entity name="a"/></fetch>',
    );
    assert.equal(setFetchAttributes('<fetch distinct="true"/>', { top: 1 }), '<fetch distinct="true" top="1" />');
  });
  it('keeps a ">" inside a quoted attribute', () => {
    const out = setFetchAttributes(`<fetch x='a>b'><entity name="a"/></fetch>`, { page: 1 });
    assert.equal(out, `<fetch x='a>b' page="1"><entity name="a"/></fetch>`);
  });
});

describe('inspectFetchXml', () => {
  it('reads the entity and paging attributes', () => {
    assert.deepEqual(inspectFetchXml(DOCS_QUERY), { entityName: 'contact', count: 3, page: 1, aggregate: false });
    assert.deepEqual(inspectFetchXml('<fetch top="5" aggregate="true"><entity name="account"/></fetch>'), {
      entityName: 'account',
      top: 5,
      aggregate: true,
    });
  });
  const bad: [string, string, RegExp][] = [
    ['malformed XML', '<fetch><entity name="a"></fetch>', /not well-formed XML \(line 1, column \d+\)/],
    [
      'elements left open',
      '<fetch><entity name="a">',
      /not well-formed XML \(line 1, column 1\): The text ends with elements still open: <fetch>, <entity>\./,
    ],
    ['another root', '<query><entity name="a"/></query>', /starts with <fetch>/],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e "x">]><fetch><entity name="a"/></fetch>', /DOCTYPE|not well-formed/],
    ['no entity', '<fetch count="1"></fetch>', /<entity name/],
    ['a non-numeric count', '<fetch count="lots"><entity name="a"/></fetch>', /count="lots" must be a whole number/],
    ['an empty top', '<fetch top=""><entity name="a"/></fetch>', /top="" must be a whole number/],
    ['a top written as a decimal', '<fetch top="5.0"><entity name="a"/></fetch>', /top="5.0" must be a whole number/],
  ];
  for (const [name, xml, message] of bad) {
    it(`refuses ${name} with a typed error`, () =>
      assert.throws(
        () => inspectFetchXml(xml),
        (e: unknown) => e instanceof FetchXmlError && message.test(e.message) && e.code === 'FETCHXML_INVALID',
      ));
  }
});

describe('fetchXmlPages()', () => {
  const contact = (n: number): Record<string, unknown> => ({
    fullname: `Person ${n}`,
    contactid: `00000000-0000-0000-0000-00000000000${n}`,
  });
  /** The documented three answers: two with a cookie and morerecords, the last with neither. */
  function docsOrg(): FakeHttp {
    const answers = [
      {
        '@odata.context': 'ctx',
        '@Microsoft.Dynamics.CRM.fetchxmlpagingcookie': DOCS_COOKIE_1,
        '@Microsoft.Dynamics.CRM.morerecords': true,
        value: [contact(1), contact(2), contact(3)],
      },
      {
        '@odata.context': 'ctx',
        '@Microsoft.Dynamics.CRM.fetchxmlpagingcookie': DOCS_COOKIE_2,
        '@Microsoft.Dynamics.CRM.morerecords': true,
        value: [contact(4), contact(5), contact(6)],
      },
      { '@odata.context': 'ctx', value: [contact(7)] },
    ];
    return new FakeHttp(() => response(200, answers.shift()));
  }

  it('pages with the paging cookie until morerecords is gone, as documented', async () => {
    const http = docsOrg();
    const seen = [];
    for await (const page of fetchXmlPages(clientWith(http), 'contacts', DOCS_QUERY)) seen.push(page);
    assert.deepEqual(
      seen.map((p) => [p.index, p.page, p.value.length, p.moreRecords]),
      [
        [1, 1, 3, true],
        [2, 2, 3, true],
        [3, 3, 1, false],
      ],
    );
    assert.equal(seen[0]!.nextPagingCookie, DOCS_INNER_1);
    assert.equal(seen[2]!.nextPagingCookie, undefined);
    assert.equal(seen[0]!.annotations['@odata.context'], 'ctx');
    assert.equal(http.requests.length, 3);
    const sent = http.requests.map((r) => fetchAttrs(sentFetchXml(r)));
    assert.deepEqual(sent[0], { count: '3', page: '1' });
    assert.deepEqual(sent[1], { count: '3', page: '2', 'paging-cookie': DOCS_INNER_1 });
    assert.deepEqual(sent[2], { count: '3', page: '3', 'paging-cookie': DOCS_INNER_2 });
    for (const r of http.requests) {
      assert.ok(r.url.startsWith(`${API}contacts?fetchXml=`));
      assert.equal(r.headers?.Prefer, 'odata.include-annotations="*"');
    }
  });

  it('asks for the paging annotations whatever annotations the caller wants', async () => {
    const http = docsOrg();
    const it = fetchXmlPages(clientWith(http), 'contacts', DOCS_QUERY, {
      annotations: 'OData.Community.Display.V1.FormattedValue',
      pageSize: 10,
    });
    await it.next();
    assert.equal(
      http.requests[0]!.headers?.Prefer,
      'odata.include-annotations="OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.fetchxmlpagingcookie,Microsoft.Dynamics.CRM.morerecords"',
    );
    assert.equal(fetchAttrs(sentFetchXml(http.requests[0]!)).count, '10');
  });

  it('falls back to page numbers when Dataverse gives no cookie', async () => {
    const answers = [{ value: [contact(1)], '@Microsoft.Dynamics.CRM.morerecords': true }, { value: [contact(2)] }];
    const http = new FakeHttp(() => response(200, answers.shift()));
    const pages = [];
    for await (const p of fetchXmlPages(clientWith(http), 'contacts', '<fetch><entity name="contact"/></fetch>', {
      pageSize: 1,
    })) {
      pages.push(p);
    }
    assert.equal(pages.length, 2);
    assert.deepEqual(fetchAttrs(sentFetchXml(http.requests[1]!)), { count: '1', page: '2' });
  });

  it('sends a top or aggregate query once, unchanged', async () => {
    for (const xml of [
      '<fetch top="5"><entity name="account"/></fetch>',
      '<fetch aggregate="true"><entity name="account"><attribute name="accountid" aggregate="count" alias="n"/></entity></fetch>',
    ]) {
      const http = new FakeHttp(() => response(200, { value: [{}], '@Microsoft.Dynamics.CRM.morerecords': true }));
      const pages = [];
      for await (const p of fetchXmlPages(clientWith(http), 'accounts', xml)) pages.push(p);
      assert.equal(pages.length, 1);
      assert.equal(sentFetchXml(http.requests[0]!), xml);
    }
  });

  it('is lazy and stops when cancelled', async () => {
    const http = docsOrg();
    const controller = new AbortController();
    const it = fetchXmlPages(clientWith(http), 'contacts', DOCS_QUERY, { signal: controller.signal });
    assert.equal(http.requests.length, 0);
    await it.next();
    controller.abort();
    await assert.rejects(it.next(), /cancelled/);
    assert.equal(http.requests.length, 1);
  });

  it('checks the FetchXML before sending anything', async () => {
    const http = new FakeHttp([]);
    await assert.rejects(fetchXmlPages(clientWith(http), 'contacts', '<fetch>').next(), FetchXmlError);
    assert.equal(http.requests.length, 0);
  });

  it('sends a query too long for a URL inside a $batch', async () => {
    const conditions = Array.from(
      { length: 900 },
      (_, i) => `<condition attribute="name" operator="neq" value="Name number ${i}"/>`,
    ).join('');
    const xml = `<fetch><entity name="account"><attribute name="name"/><filter>${conditions}</filter></entity></fetch>`;
    assert.ok(fetchXmlPath('accounts', xml).length > MAX_GET_URL_LENGTH);
    const http = new FakeHttp((req) => {
      const boundary = 'batchresponse_1';
      const part = `--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ value: [{ name: 'x' }] })}\r\n--${boundary}--\r\n`;
      assert.equal(req.method, 'POST');
      return response(200, part, { 'content-type': `multipart/mixed; boundary=${boundary}` });
    });
    const pages = [];
    for await (const p of fetchXmlPages(clientWith(http), 'accounts', xml)) pages.push(p);
    assert.equal(pages.length, 1);
    assert.deepEqual(pages[0]!.value, [{ name: 'x' }]);
    const req = http.requests[0]!;
    assert.equal(req.url, `${API}$batch`);
    assert.equal(req.idempotent, true, 'a batch of one GET may be resent like a GET');
    assert.match(
      String(req.body),
      /\r\nGET \/api\/data\/v9\.2\/accounts\?fetchXml=%3Cfetch%20count%3D%225000%22%20page%3D%221%22%3E/,
    );
  });
});
