// SQL → FetchXML and FetchXML → SQL on a scratchpad block: the converted query goes in a new block
// after its source, parses as the other kind, and a query with no form in the other language says
// why without changing anything.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { conversionsOf, convertRequest } from '../../../../src/core/query/language/sqlConversions';
import { formatFetchXml, scratchpadWith } from '../../../../src/core/query/syntax/fetchFormat';
import { csdlSnapshot } from './csdlSnapshot';

const metadata = csdlSnapshot();

function apply(text: string, at: { line: number; character: number }, insert: string): string {
  const lines = text.split('\n');
  const offset = lines.slice(0, at.line).reduce((n, l) => n + l.length + 1, 0) + at.character;
  return text.slice(0, offset) + insert + text.slice(offset);
}

describe('SQL conversions', () => {
  it('offers SQL → FetchXML on a SELECT and FetchXML → SQL on a <fetch> block, nothing on others', () => {
    const doc = parseDocument(
      "SELECT name FROM account\n###\nUPDATE account SET name = 'x' WHERE name = 'y'\n###\n<fetch><entity name=\"account\"/></fetch>\n###\nGET accounts",
    );
    assert.deepEqual(
      doc.requests.map((r) => conversionsOf(r)),
      [['fetchxml'], [], ['sql'], []],
    );
  });

  it('inserts the FetchXML of a SELECT as a new block after it, with the variables as values', () => {
    const text =
      '@n = 3\n\n### top accounts\nSELECT TOP (@n) name FROM account WHERE statecode = 0\n\n###\nGET WhoAmI\n';
    const doc = parseDocument(text);
    const result = convertRequest(doc, doc.requests[0]!, 'fetchxml', metadata);
    assert.ok(result.ok, !result.ok ? result.message : '');
    const after = parseDocument(apply(text, result.at, result.text));
    assert.deepEqual(
      after.requests.map((r) => [r.kind, r.title]),
      [
        ['sql', 'top accounts'],
        ['fetchxml', 'top accounts as FetchXML'],
        ['http', undefined],
      ],
    );
    const fetch = after.requests[1]!.fetch!.text;
    assert.match(fetch, /^<fetch top="3">\n {2}<entity name="account">\n {4}<attribute name="name" \/>/);
    assert.deepEqual(after.diagnostics, []);
  });

  it('converts a <fetch> block to a SQL block that parses again', () => {
    const text =
      '<fetch top="5">\n  <entity name="account">\n    <attribute name="name" />\n    <order attribute="name" />\n  </entity>\n</fetch>';
    const doc = parseDocument(text);
    const result = convertRequest(doc, doc.requests[0]!, 'sql', metadata);
    assert.ok(result.ok, !result.ok ? result.message : '');
    const after = parseDocument(apply(text, result.at, result.text));
    assert.equal(after.requests[1]!.kind, 'sql');
    assert.equal(after.requests[1]!.sqlVerb, 'select');
    assert.match(after.requests[1]!.sql!.text, /SELECT TOP 5 name\s+FROM account\s+ORDER BY name/i);
    assert.ok(apply(text, result.at, result.text).endsWith('\n'), 'a block at the end of the file ends with a newline');
  });

  it('says why when a query cannot be converted, with its line', () => {
    const doc = parseDocument('###\nSELECT name FROM account GROUP BY name HAVING COUNT(*) > 1');
    const result = convertRequest(doc, doc.requests[0]!, 'fetchxml', metadata);
    assert.ok(!result.ok);
    assert.match(result.message, /^Line 2: .*HAVING/);
    const noMetadata = convertRequest(doc, doc.requests[0]!, 'fetchxml', undefined);
    assert.ok(!noMetadata.ok && /not loaded/.test(noMetadata.message));
  });

  it('lays FetchXML out one element a line, keeping text-only elements and quoted ">" whole', () => {
    assert.equal(
      formatFetchXml(
        '<fetch><entity name="a"><filter><condition attribute="x" operator="in"><value>1</value><value>a &gt; b</value></condition><condition attribute="y" operator="eq" value="a>b" /></filter></entity></fetch>',
      ),
      [
        '<fetch>',
        '  <entity name="a">',
        '    <filter>',
        '      <condition attribute="x" operator="in">',
        '        <value>1</value>',
        '        <value>a &gt; b</value>',
        '      </condition>',
        '      <condition attribute="y" operator="eq" value="a>b" />',
        '    </filter>',
        '  </entity>',
        '</fetch>',
      ].join('\n'),
    );
    assert.equal(
      scratchpadWith('https://contoso.crm.dynamics.com', 'a\nb', '<fetch/>'),
      '@connection = https://contoso.crm.dynamics.com\n\n### a b\n<fetch/>\n',
    );
  });
});
