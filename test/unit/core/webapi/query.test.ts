import * as assert from 'node:assert/strict';
import { encodeQueryValue, guid, literal, odata, QueryBuildError, raw, recordPath, text, type ODataValue } from '../../../../src/core/webapi/odata';
import { buildQuery } from '../../../../src/core/webapi/query';

/** What the server sees for each query option after it decodes the URL. */
function decoded(path: string): Record<string, string> {
  const q = path.indexOf('?');
  return Object.fromEntries(new URLSearchParams(q < 0 ? '' : path.slice(q + 1)));
}

describe('OData literals', () => {
  const table: [string, ODataValue, string][] = [
    ['a plain string', 'Contoso', "'Contoso'"],
    ['a quote doubled', "O'Brien", "'O''Brien'"],
    ['two quotes', "''", "''''''"],
    ['an empty string', '', "''"],
    ['a GUID unquoted, lower-cased', '6F1A7F1E-1B2C-4D5E-8F90-0123456789AB', '6f1a7f1e-1b2c-4d5e-8f90-0123456789ab'],
    ['a GUID in braces', '{6f1a7f1e-1b2c-4d5e-8f90-0123456789ab}', '6f1a7f1e-1b2c-4d5e-8f90-0123456789ab'],
    ['a GUID-shaped text kept a string by text()', text('6f1a7f1e-1b2c-4d5e-8f90-0123456789ab'), "'6f1a7f1e-1b2c-4d5e-8f90-0123456789ab'"],
    ['an explicit guid()', guid('6f1a7f1e-1b2c-4d5e-8f90-0123456789ab'), '6f1a7f1e-1b2c-4d5e-8f90-0123456789ab'],
    ['almost a GUID', '6f1a7f1e-1b2c-4d5e-8f90-0123456789a', "'6f1a7f1e-1b2c-4d5e-8f90-0123456789a'"],
    ['an integer', 42, '42'],
    ['a negative decimal', -1.5, '-1.5'],
    ['a large number', 1e21, '1E+21'],
    ['a bigint', 12345678901234567890n, '12345678901234567890'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['null', null, 'null'],
    ['a date', new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), '2024-01-02T03:04:05.000Z'],
    ['raw text', raw("Microsoft.Dynamics.CRM.Today(PropertyName='createdon')"), "Microsoft.Dynamics.CRM.Today(PropertyName='createdon')"],
    ['unicode', 'Zürich 東京', "'Zürich 東京'"],
  ];
  for (const [name, value, want] of table) it(`writes ${name}`, () => assert.equal(literal(value), want));

  for (const bad of [NaN, Infinity, -Infinity, new Date('nope')] as ODataValue[]) {
    it(`refuses ${String(bad)}`, () => assert.throws(() => literal(bad), QueryBuildError));
  }

  it('builds filters from a template with every value a literal', () => {
    const id = '6f1a7f1e-1b2c-4d5e-8f90-0123456789ab';
    assert.equal(odata`name eq ${"O'Brien & Sons"} and _parentaccountid_value eq ${id} and revenue gt ${1000}`,
      "name eq 'O''Brien & Sons' and _parentaccountid_value eq 6f1a7f1e-1b2c-4d5e-8f90-0123456789ab and revenue gt 1000");
    assert.equal(odata`contains(name,${"it's"})`, "contains(name,'it''s')");
  });

  it('refuses a GUID that is not one', () => assert.throws(() => guid('nope'), /not a GUID/));
});

describe('encodeQueryValue', () => {
  const table: [string, string][] = [
    ["name eq 'a+b'", "name%20eq%20'a%2Bb'"],
    ["name eq 'C#'", "name%20eq%20'C%23'"],
    ["name eq 'A&B'", "name%20eq%20'A%26B'"],
    ["name eq '100%'", "name%20eq%20'100%25'"],
    ["name eq 'why?'", "name%20eq%20'why%3F'"],
    ['name,accountid', 'name,accountid'],
    ['primarycontactid($select=fullname;$top=1)', 'primarycontactid($select=fullname;$top=1)'],
    ["name eq 'Zürich'", "name%20eq%20'Z%C3%BCrich'"],
    ['a\nb', 'a%0Ab'],
  ];
  for (const [input, want] of table) it(`encodes ${JSON.stringify(input)}`, () => assert.equal(encodeQueryValue(input), want));

  it('round-trips every character through URL decoding (as the server decodes it)', () => {
    let seed = 7;
    const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const alphabet = "abcXYZ019 '\"+#&%?=;,/:@$()[]{}!*~-._\\^`|<>\t\néüß東😀";
    const chars = [...alphabet];
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: 1 + rand(24) }, () => chars[rand(chars.length)]).join('');
      const filter = odata`name eq ${s}`;
      const path = buildQuery('accounts', { filter, select: ['name'] });
      assert.equal(decoded(path).$filter, filter, `for ${JSON.stringify(s)}`);
      assert.equal(decoded(path).$select, 'name');
    }
  });
});

describe('buildQuery', () => {
  it('builds each option, encoded once', () => {
    const path = buildQuery('accounts', {
      select: ['name', 'accountnumber', 'name'],
      filter: odata`name eq ${'Fabrikam & Co #1 + more'}`,
      orderBy: ['name desc', { column: 'createdon' }, { column: 'revenue', descending: true }],
      top: 10,
      count: true,
    });
    assert.equal(path, "accounts?$select=name,accountnumber&$filter=name%20eq%20'Fabrikam%20%26%20Co%20%231%20%2B%20more'&$orderby=name%20desc,createdon,revenue%20desc&$top=10&$count=true");
    assert.deepEqual(decoded(path), {
      $select: 'name,accountnumber', $filter: "name eq 'Fabrikam & Co #1 + more'", $orderby: 'name desc,createdon,revenue desc', $top: '10', $count: 'true',
    });
  });

  it('nests $expand options with semicolons, to any depth', () => {
    const path = buildQuery('accounts', {
      select: ['name'],
      expand: [
        { property: 'primarycontactid', select: ['fullname', 'emailaddress1'] },
        { property: 'contact_customer_accounts', select: ['fullname'], filter: odata`lastname eq ${"O'Neil"}`, orderBy: ['fullname'], top: 5,
          expand: [{ property: 'owninguser', select: ['fullname'] }] },
        { property: 'createdby' },
      ],
    });
    assert.equal(decoded(path).$expand,
      "primarycontactid($select=fullname,emailaddress1),contact_customer_accounts($select=fullname;$filter=lastname eq 'O''Neil';$orderby=fullname;$top=5;$expand=owninguser($select=fullname)),createdby");
  });

  it('passes $apply through', () => {
    const path = buildQuery('accounts', { apply: 'groupby((statecode),aggregate($count as count))' });
    assert.equal(decoded(path).$apply, 'groupby((statecode),aggregate($count as count))');
  });

  it('leaves a bare entity set or path alone', () => {
    assert.equal(buildQuery('accounts'), 'accounts');
    assert.equal(buildQuery('accounts(6f1a7f1e-1b2c-4d5e-8f90-0123456789ab)/contact_customer_accounts', { top: 1 }),
      'accounts(6f1a7f1e-1b2c-4d5e-8f90-0123456789ab)/contact_customer_accounts?$top=1');
  });

  it('encodes FetchXML whole, and alone', () => {
    const xml = "<fetch top='5'><entity name='account'><filter><condition attribute='name' operator='like' value='A&amp;B %'/></filter></entity></fetch>";
    const path = buildQuery('accounts', { fetchXml: xml });
    assert.equal(decoded(path).fetchXml, xml);
    assert.doesNotMatch(path.split('?')[1]!, /[<> &#+]/);
    assert.throws(() => buildQuery('accounts', { fetchXml: xml, top: 1 }), /cannot be combined with top/);
    assert.throws(() => buildQuery('accounts', { fetchXml: ' ' }), /empty/);
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['a column with a space', () => buildQuery('accounts', { select: ['na me'] }), /"na me" is not a column name/],
    ['a column with a quote', () => buildQuery('accounts', { select: ["name'"] }), /not a column name/],
    ['an injected option', () => buildQuery('accounts', { select: ['name&$top=1'] }), /not a column name/],
    ['$top 0', () => buildQuery('accounts', { top: 0 }), /at least 1/],
    ['$top 1.5', () => buildQuery('accounts', { top: 1.5 }), /whole number/],
    ['an empty filter', () => buildQuery('accounts', { filter: '  ' }), /\$filter is empty/],
    ['a bad order', () => buildQuery('accounts', { orderBy: ['name sideways'] }), /not an order/],
    ['a resource with a query', () => buildQuery('accounts?$top=1'), /not an entity set/],
    ['an absolute resource', () => buildQuery('https://evil.example.com/x'), /not an entity set/],
    ['a bad navigation property', () => buildQuery('accounts', { expand: [{ property: 'a b' }] }), /not a navigation property name/],
  ];
  for (const [name, f, message] of bad) {
    it(`refuses ${name}`, () => assert.throws(f, (e: unknown) => e instanceof QueryBuildError && message.test(e.message) && e.code === 'QUERY_INVALID'));
  }

  it('accepts lookup values, casts and paths as names', () => {
    assert.equal(decoded(buildQuery('accounts', { select: ['_primarycontactid_value'], orderBy: ['Microsoft.Dynamics.CRM.x desc'] })).$select, '_primarycontactid_value');
  });
});

describe('recordPath', () => {
  it('addresses a record by id', () => {
    assert.equal(recordPath('accounts', '{6F1A7F1E-1B2C-4D5E-8F90-0123456789AB}'), 'accounts(6f1a7f1e-1b2c-4d5e-8f90-0123456789ab)');
    assert.equal(recordPath('accounts', guid('6f1a7f1e-1b2c-4d5e-8f90-0123456789ab')), 'accounts(6f1a7f1e-1b2c-4d5e-8f90-0123456789ab)');
  });
  it('addresses a record by alternate key, values encoded for the path', () => {
    assert.equal(recordPath('accounts', { accountnumber: 'A&B #1/2' }), "accounts(accountnumber='A%26B%20%231%2F2')");
    assert.equal(recordPath('contacts', { firstname: "D'Arcy", lastname: 'Ng' }), "contacts(firstname='D''Arcy',lastname='Ng')");
    assert.equal(recordPath('things', { code: 7 }), 'things(code=7)');
  });
  it('refuses what is not a key', () => {
    assert.throws(() => recordPath('accounts', 'ACC-1'), /must be a GUID/);
    assert.throws(() => recordPath('accounts', {}), /at least one column/);
    assert.throws(() => recordPath('accounts', { 'a b': 1 }), /not a column name/);
    assert.throws(() => recordPath('accounts(1)', 'x'), /not an entity set/);
  });
});
