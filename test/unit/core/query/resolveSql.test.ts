// Running a SQL block: a SELECT becomes the FetchXML request the existing FetchXML path sends, with
// @parameters from the scratchpad's variables; syntax and translation errors stop it with their
// range before anything is sent; INSERT, UPDATE and DELETE are resolved as writes without a request.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { resolveRequest, type ResolveResult, type RunnableRequest } from '../../../../src/core/query/run/resolve';
import type { ResolveContext } from '../../../../src/core/query/run/resolveContext';
import { sqlTablesToLoad } from '../../../../src/core/query/run/resolveSql';
import { csdlSnapshot } from './csdlSnapshot';

const metadata = csdlSnapshot();

function context(withMetadata = true): ResolveContext {
  return {
    entitySetOf: (n) => metadata.tableByLogicalName(n)?.entitySetName,
    orgUrl: 'https://contoso.crm.dynamics.com',
    ...(withMetadata ? { metadata } : {}),
  };
}

function resolveLast(text: string, withMetadata = true): ResolveResult {
  const doc = parseDocument(text);
  return resolveRequest(doc, doc.requests[doc.requests.length - 1]!, context(withMetadata));
}

function ok(result: ResolveResult): RunnableRequest {
  assert.ok(result.ok, !result.ok ? result.errors.map((e) => `${e.code}: ${e.message}`).join('; ') : '');
  return result.request;
}

function errors(result: ResolveResult): string[] {
  assert.ok(!result.ok, 'expected errors');
  return result.errors.map(
    (e) => `${e.code}@${e.range.start.line}:${e.range.start.character}-${e.range.end.character}`,
  );
}

describe('resolving a SQL block', () => {
  it("a SELECT becomes a FetchXML GET on the table's entity set, read, with its FetchXML kept for the results view", () => {
    const r = ok(resolveLast('SELECT TOP 5 name, revenue FROM account WHERE statecode = 0 ORDER BY name'));
    assert.equal(r.kind, 'sql');
    assert.equal(r.method, 'GET');
    assert.equal(r.fetch?.entitySetName, 'accounts');
    assert.match(r.path, /^accounts\?fetchXml=%3Cfetch/);
    assert.equal(r.safety.access, 'read');
    assert.equal(r.safety.summary, 'reads account with SQL');
    const xml = r.sql!.fetchXml!;
    assert.match(xml, /<entity name="account">/);
    assert.match(xml, /<attribute name="name"/);
    assert.match(xml, /<condition attribute="statecode" operator="eq" value="0"/);
    assert.equal(r.fetch?.xml, xml.trim().replace(/>\s+</g, '><'));
    assert.equal(r.sql!.single, true);
  });

  it('a join and an aggregate translate to link-entity and aggregate FetchXML', () => {
    const r = ok(
      resolveLast(
        'SELECT a.name, COUNT(c.contactid) AS n FROM account a INNER JOIN contact c ON c.parentcustomerid = a.accountid GROUP BY a.name',
      ),
    );
    const xml = r.sql!.fetchXml!;
    assert.match(xml, /aggregate="true"/);
    assert.match(xml, /<link-entity name="contact"/);
    assert.match(xml, /link-type="inner"/);
  });

  it('@name parameters take the values of the variables the block sees (file and its own)', () => {
    const r = ok(
      resolveLast(
        [
          '@city = Red\'mond & "co"',
          '###',
          '@top = 3',
          'SELECT TOP (@top) name FROM account WHERE address1_city = @city',
        ].join('\n'),
      ),
    );
    const xml = r.sql!.fetchXml!;
    assert.match(xml, /top="3"/);
    // A value is data, escaped for the XML it lands in: it can never change the query's shape.
    assert.match(xml, /value="Red(&apos;|')mond &amp; (&quot;|")co(&quot;|")"/);
  });

  it('stops before sending: a syntax error, an unknown column (with its range) and {{…}} in SQL', () => {
    assert.deepEqual(errors(resolveLast('SELECT name FROM')), ['sql-syntax@0:16-16']);
    const unknown = resolveLast('###\nSELECT nmae FROM account');
    assert.deepEqual(errors(unknown), ['sql-unknown-column@1:7-11']);
    assert.ok(!unknown.ok && unknown.errors[0]!.fixes?.some((f) => f.edits[0]!.newText === 'name'));
    assert.deepEqual(errors(resolveLast("SELECT name FROM account WHERE name = '{{x}}'")), ['sql-template@0:39-44']);
  });

  it('an unsupported construct is named before anything is sent', () => {
    const r = resolveLast('SELECT name FROM account GROUP BY name HAVING COUNT(*) > 1');
    assert.ok(!r.ok);
    assert.equal(r.errors[0]!.code, 'sql-unsupported');
    assert.match(r.errors[0]!.message, /HAVING/);
  });

  it("without the organization's metadata a SELECT says so instead of guessing", () => {
    assert.deepEqual(
      errors(resolveLast('SELECT name FROM account', false)).map((e) => e.split('@')[0]),
      ['sql-metadata'],
    );
  });

  it('INSERT, UPDATE and DELETE resolve as writes with their statement and no request to send', () => {
    for (const [text, summary] of [
      ["INSERT INTO account (name) VALUES ('A')", 'inserts rows into account with SQL'],
      ["UPDATE account SET name = 'B' WHERE name = 'A'", 'updates rows of account with SQL'],
      ["DELETE FROM account WHERE name = 'A'", 'deletes rows from account with SQL'],
    ] as const) {
      const r = ok(resolveLast(text));
      assert.equal(r.safety.access, 'write', text);
      assert.equal(r.safety.summary, summary);
      assert.equal(r.fetch, undefined);
      assert.equal(r.sql?.statement.type, text.split(' ')[0]!.toLowerCase());
    }
  });

  it('lists the tables whose details must be loaded before translating', () => {
    const empty = { ...metadata, details: () => undefined };
    assert.deepEqual(
      sqlTablesToLoad('SELECT a.name FROM account a JOIN contact c ON c.parentcustomerid = a.accountid', empty),
      ['account', 'contact'],
    );
    assert.deepEqual(sqlTablesToLoad('SELECT x FROM nosuchtable', empty), []);
  });
});
