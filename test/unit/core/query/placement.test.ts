// Values from earlier responses are outside data: each is encoded for where it lands in the request
// (JSON string, OData literal, XML attribute, header) and one that would change the request's shape
// is an error at its `{{…}}`, while the user's own variables still go in as written.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { resolveRequest, type ResolveResult, type RunnableRequest } from '../../../../src/core/query/run/resolve';
import type { RecordedResponse } from '../../../../src/core/query/run/responses';

const CONTACT = '22222222-3333-4444-5555-666666666666';
const ROW_ID = '99999999-2222-3333-4444-555555555555';

function listed(name: string, extra: Record<string, unknown> = {}): RecordedResponse {
  return {
    status: 200,
    headers: { 'X-Note': name },
    body: JSON.stringify({ value: [{ name, accountid: ROW_ID, revenue: 12.5, ...extra }] }),
  };
}

/** Resolves the last request of `# @name list\nGET accounts\n###\n<text>` against `list`'s response. */
function resolveAfterList(text: string, list: RecordedResponse): ResolveResult {
  const doc = parseDocument(`# @name list\nGET accounts\n###\n${text}`);
  return resolveRequest(doc, doc.requests[doc.requests.length - 1]!, {
    entitySetOf: (n) => (n === 'account' ? 'accounts' : undefined),
    orgUrl: 'https://contoso.crm.dynamics.com',
    responses: (n) => (n === 'list' ? list : undefined),
  });
}

function ok(result: ResolveResult): RunnableRequest {
  assert.ok(result.ok, !result.ok ? result.errors.map((e) => `${e.code}: ${e.message}`).join('; ') : '');
  return result.request;
}

function refused(result: ResolveResult): { code: string; at: string; message: string } {
  assert.ok(
    !result.ok,
    `expected an error, got ${result.ok ? `${result.request.method} ${result.request.path} ${result.request.body ?? ''}` : ''}`,
  );
  const e = result.errors[0]!;
  return {
    code: e.code,
    at: `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}`,
    message: e.message,
  };
}

const NAME = '{{list.response.body.value[0].name}}';

describe('values from responses are encoded for where they land', () => {
  describe('JSON bodies', () => {
    it('a row name with quotes stays one string: it cannot add an @odata.bind property', () => {
      const evil = `x", "ownerid@odata.bind": "/systemusers(${CONTACT})`;
      const r = ok(resolveAfterList(`POST contacts\n\n{"lastname": "${NAME}"}`, listed(evil)));
      assert.deepEqual(JSON.parse(r.body!), { lastname: evil });
    });
    it('escapes backslashes, control characters and line breaks inside a JSON string', () => {
      const value = 'a\\"b\n\tc\u0001';
      const r = ok(resolveAfterList(`POST contacts\n\n{\n  "description": "before ${NAME} after"\n}`, listed(value)));
      assert.deepEqual(JSON.parse(r.body!), { description: `before ${value} after` });
    });
    it("follows the user's own escaped quotes and backslashes to know it is inside a string", () => {
      const value = '", "statecode": 1, "x": "';
      const r = ok(
        resolveAfterList(
          `POST contacts\n\n{"description": "say \\"${NAME}\\" \\\\", "lastname": "${NAME}"}`,
          listed(value),
        ),
      );
      assert.deepEqual(JSON.parse(r.body!), { description: `say "${value}" \\`, lastname: value });
    });
    it('a bare value may be a number, true, false or null', () => {
      const r = ok(
        resolveAfterList(
          'POST opportunities\n\n{"estimatedvalue": {{list.response.body.value[0].revenue}}, "isprivate": {{list.response.body.value[0].flag}}}',
          listed('A', { flag: false }),
        ),
      );
      assert.deepEqual(JSON.parse(r.body!), { estimatedvalue: 12.5, isprivate: false });
    });
    it('a bare value that is not a JSON literal is an error at the reference', () => {
      const e = refused(
        resolveAfterList(
          `POST contacts\n\n{"lastname": "x",\n "n": ${NAME}}`,
          listed('1, "ownerid@odata.bind": "/systemusers(1)"'),
        ),
      );
      assert.equal(e.code, 'unsafe-value');
      assert.equal(e.at, `6:6-6:${6 + NAME.length}`);
      assert.match(e.message, /bare JSON value .* inside quotes/);
    });
    it('refuses a value right after a backslash in a JSON string (it could end the string)', () => {
      assert.equal(
        refused(resolveAfterList(`POST contacts\n\n{"lastname": "\\${NAME}"}`, listed('", "a": "b'))).code,
        'unsafe-value',
      );
    });
    it("keeps the user's own variables as written", () => {
      const r = ok(
        resolveAfterList('@extra = "jobtitle": "CEO"\nPOST contacts\n\n{"lastname": "A", {{extra}}}', listed('A')),
      );
      assert.deepEqual(JSON.parse(r.body!), { lastname: 'A', jobtitle: 'CEO' });
    });
  });

  describe('URLs', () => {
    it('inside an OData string literal: quotes doubled and percent-encoded, so a DELETE keeps its target', () => {
      const evil = `x')/../contacts(${CONTACT})?a=('`;
      const r = ok(resolveAfterList(`DELETE accounts(accountnumber='${NAME}')`, listed(evil)));
      assert.equal(r.path, `accounts(accountnumber='x'')%2F..%2Fcontacts(${CONTACT})%3Fa%3D(''')`);
      const key = /^accounts\(accountnumber='(.*)'\)$/.exec(decodeURIComponent(r.path))![1]!;
      assert.equal(key.replace(/''/g, "'"), evil, 'the server reads back exactly the value');
    });
    it('inside a $filter string: & # + % and quotes cannot end the option or the literal', () => {
      const r = ok(
        resolveAfterList(
          `GET accounts?$filter=name eq '${NAME}'&$top=1`,
          listed("O'Brien & Sons #1+2 100% ' or 1 eq 1"),
        ),
      );
      assert.equal(
        r.path,
        "accounts?$filter=name%20eq%20'O''Brien%20%26%20Sons%20%231%2B2%20100%25%20''%20or%201%20eq%201'&$top=1",
      );
    });
    it('outside quotes a GUID or a number is sent as is', () => {
      const r = ok(
        resolveAfterList(
          'GET accounts({{list.response.body.value[0].accountid}})?$filter=revenue gt {{list.response.body.value[0].revenue}}',
          listed('A'),
        ),
      );
      assert.equal(r.path, `accounts(${ROW_ID})?$filter=revenue%20gt%2012.5`);
    });
    it('outside quotes any other value is an error at the reference, in the path and in a query option', () => {
      const path = refused(resolveAfterList(`DELETE accounts(${NAME})`, listed(`${ROW_ID})/../contacts(${CONTACT}`)));
      assert.equal(path.code, 'unsafe-value');
      assert.equal(path.at, `3:16-3:${16 + NAME.length}`);
      assert.match(path.message, /outside quotes in the URL .* inside '…'/);
      assert.ok(!path.message.includes('contacts'), "the response's text is not repeated in the message");
      const filter = refused(resolveAfterList(`GET accounts?$filter=name eq ${NAME}`, listed("'A' or statecode eq 0")));
      assert.equal(filter.code, 'unsafe-value');
      assert.equal(refused(resolveAfterList(`GET ${NAME}`, listed('contacts'))).code, 'unsafe-value');
    });
    it("a value that came through a variable is placed where the variable lands, with the variable's range", () => {
      const quoted = ok(resolveAfterList(`@f = name eq '${NAME}'\nGET accounts?$filter={{f}}`, listed("a'b")));
      assert.equal(quoted.path, "accounts?$filter=name%20eq%20'a''b'");
      const bare = refused(resolveAfterList(`@k = ${NAME}\nDELETE accounts({{k}})`, listed('x)/../contacts(1')));
      assert.equal(bare.at, '4:16-4:21');
      assert.match(bare.message, /through \{\{k\}\}/);
    });
    it("keeps the user's own variables in the URL as written", () => {
      assert.equal(
        ok(resolveAfterList("@f = name eq 'A' or name eq 'B'\nGET accounts?$filter={{f}}", listed('A'))).path,
        "accounts?$filter=name%20eq%20'A'%20or%20name%20eq%20'B'",
      );
    });
  });

  describe('headers and FetchXML', () => {
    it('a header value from a response with a line break is an error; one line goes in as is', () => {
      const e = refused(
        resolveAfterList(
          'GET accounts\nX-Note: {{list.response.body.value[0].name}}',
          listed('a\r\nAuthorization: Bearer x'),
        ),
      );
      assert.equal(e.code, 'unsafe-value');
      assert.equal(e.at, `4:8-4:${8 + NAME.length}`);
      assert.equal(
        ok(resolveAfterList('GET accounts\nX-Note: {{list.response.headers.X-Note}}', listed('a, b'))).headers[
          'X-Note'
        ],
        'a, b',
      );
    });
    it('in FetchXML a value is escaped in an attribute value and between tags, refused elsewhere in a tag', () => {
      const xml = `<fetch>\n<entity name="account">\n<filter><condition attribute="name" operator="eq" value="${NAME}" /></filter>\n</entity>\n</fetch>`;
      const r = ok(resolveAfterList(xml, listed('a" operator="ne')));
      assert.equal(r.fetch!.xml.includes('value="a&quot; operator=&quot;ne"'), true, r.fetch!.xml);
      const e = refused(
        resolveAfterList(`<fetch>\n<entity name="account" ${NAME}>\n</entity>\n</fetch>`, listed('top="1"')),
      );
      assert.equal(e.code, 'unsafe-value');
    });
  });
});
