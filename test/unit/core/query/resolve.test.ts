import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import {
  resolveErrorToUserError,
  resolveQuickQuery,
  resolveRequest,
  type ResolveResult,
  type RunnableRequest,
} from '../../../../src/core/query/run/resolve';
import type { ResolveContext } from '../../../../src/core/query/run/resolveContext';
import type { RecordedResponse } from '../../../../src/core/query/run/responses';

const ORG = 'https://contoso.crm.dynamics.com';
const SETS: Record<string, string> = { account: 'accounts', contact: 'contacts' };

function context(responses: Record<string, RecordedResponse> = {}): ResolveContext {
  return {
    entitySetOf: (n) => SETS[n],
    orgUrl: ORG,
    responses: (n) => responses[n],
    primaryIdOf: (set) => (set === 'accounts' ? 'accountid' : undefined),
    system: { now: () => new Date('2024-05-06T07:08:09.000Z'), newGuid: () => '00000000-0000-4000-8000-000000000001' },
  };
}

function resolveAll(text: string, responses?: Record<string, RecordedResponse>): ResolveResult[] {
  const doc = parseDocument(text);
  return doc.requests.map((q) => resolveRequest(doc, q, context(responses)));
}

function ok(result: ResolveResult | undefined): RunnableRequest {
  assert.ok(
    result?.ok,
    result && !result.ok ? result.errors.map((e) => `${e.code}: ${e.message}`).join('; ') : 'no request',
  );
  return result.request;
}

function errors(result: ResolveResult | undefined): string[] {
  assert.ok(result && !result.ok, 'expected errors');
  return result.errors.map(
    (e) => `${e.code}@${e.range.start.line}:${e.range.start.character}-${e.range.end.character}`,
  );
}

describe('resolving a scratchpad request', () => {
  describe('variables', () => {
    it('substitutes file and request variables, request ones first, values that refer to others', () => {
      const [a, b] = resolveAll(
        '@set = accounts\n@top = 10\n@q = {{set}}?$top={{top}}\n###\nGET {{q}}\n###\n@top = 2\nGET {{q}}',
      );
      assert.equal(ok(a).path, 'accounts?$top=10');
      assert.equal(ok(b).path, 'accounts?$top=2');
    });
    it('substitutes in headers and bodies', () => {
      const r = ok(
        resolveAll(
          '@name = Contoso\n@size = 5\nPOST accounts\nPrefer: odata.maxpagesize={{size}}\n\n{"name": "{{name}}"}',
        )[0],
      );
      assert.deepEqual(r.headers, { Prefer: 'odata.maxpagesize=5' });
      assert.equal(r.body, '{"name": "Contoso"}');
    });
    it('fills in system values from the injected clock and GUID source', () => {
      const r = ok(resolveAll('POST accounts\n\n{"id":"{{$guid}}","t":{{$timestamp}},"iso":"{{$isoTimestamp}}"}')[0]);
      assert.equal(
        r.body,
        '{"id":"00000000-0000-4000-8000-000000000001","t":1714979289,"iso":"2024-05-06T07:08:09.000Z"}',
      );
    });
    it('reports an undefined variable at the reference, with a suggestion', () => {
      const [r] = resolveAll('@top = 1\nGET accounts?$top={{tpo}}');
      assert.deepEqual(errors(r), ['undefined-variable@1:18-25']);
      assert.match(r && !r.ok ? r.errors[0]!.message : '', /\{\{tpo\}\} is not defined\. Did you mean \{\{top\}\}\?/);
    });
    it("explains that another request's variable applies only there", () => {
      const third = resolveAll('GET x\n###\n@mine = 1\nGET y\n###\nGET accounts?$top={{mine}}')[2];
      assert.match(
        third && !third.ok ? third.errors[0]!.message : '',
        /set in another request \(line 3\).*Move it above the first "###"/,
      );
    });
    it('reports a cycle instead of looping', () => {
      const [r] = resolveAll('@a = {{b}}\n@b = x{{a}}\nGET accounts?$filter={{a}}');
      assert.ok(r && !r.ok);
      assert.equal(r.errors[0]!.code, 'variable-cycle');
      assert.match(r.errors[0]!.message, /@a → @b → @a/);
    });
  });

  describe('responses of named requests', () => {
    const created: RecordedResponse = {
      status: 204,
      headers: { 'odata-entityid': `${ORG}/api/data/v9.2/accounts(11111111-2222-3333-4444-555555555555)` },
      body: '',
    };
    const listed: RecordedResponse = {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        '@odata.context': `${ORG}/api/data/v9.2/$metadata#accounts(name)`,
        value: [{ name: 'A', accountid: '99999999-2222-3333-4444-555555555555' }],
      }),
    };
    const represented: RecordedResponse = {
      status: 201,
      headers: {},
      body: JSON.stringify({
        '@odata.context': `${ORG}/api/data/v9.2/$metadata#accounts/$entity`,
        accountid: '77777777-2222-3333-4444-555555555555',
      }),
    };
    const text =
      "# @name create\nPOST accounts\n\n{}\n###\n# @name list\nGET accounts\n###\nGET accounts({{create.id}})?$filter=name eq '{{list.response.body.value[0].name}}' and x eq {{list.response.body.$.value.0.accountid}}\nX-Status: {{list.response.status}}\nX-Header: {{create.response.headers.OData-EntityId}}";
    it('reads the created id, body paths, status and headers', () => {
      const r = ok(resolveAll(text, { create: created, list: listed })[2]);
      assert.equal(
        r.path,
        "accounts(11111111-2222-3333-4444-555555555555)?$filter=name%20eq%20'A'%20and%20x%20eq%2099999999-2222-3333-4444-555555555555",
      );
      assert.equal(r.headers['X-Status'], '200');
      assert.match(r.headers['X-Header']!, /accounts\(1111/);
    });
    it('reads the id of a create returned with return=representation through the primary key', () => {
      const r = ok(
        resolveAll('# @name create\nPOST accounts\n\n{}\n###\nGET accounts({{create.id}})', { create: represented })[1],
      );
      assert.equal(r.path, 'accounts(77777777-2222-3333-4444-555555555555)');
    });
    it('says where else to find the id when a response carries none (an action, a 204 without the header)', () => {
      const noId: RecordedResponse = { status: 200, headers: {}, body: JSON.stringify({ total: 3 }) };
      const [, r] = resolveAll('# @name create\nPOST accounts\n\n{}\n###\nGET accounts({{create.id}})', {
        create: noId,
      });
      assert.ok(r && !r.ok);
      assert.equal(
        r.errors[0]!.message,
        'The response of "create" has no OData-EntityId header and no row id in its body; use {{create.response.body.<id column>}}.',
      );
    });
    it('says to run the named request first, and names a missing body path', () => {
      assert.deepEqual(
        errors(resolveAll(text, {})[2]).map((e) => e.split('@')[0]),
        ['response-not-run', 'response-not-run', 'response-not-run', 'response-not-run', 'response-not-run'],
      );
      const r = resolveAll('# @name list\nGET accounts\n###\nGET accounts?$top={{list.response.body.nope}}', {
        list: listed,
      })[1];
      assert.ok(r && !r.ok);
      assert.equal(r.errors[0]!.code, 'response-path');
      assert.match(r.errors[0]!.message, /no "nope"/);
    });
    it('explains {{create}} without a property and {{nope.id}} without such a request', () => {
      const [, a] = resolveAll('# @name create\nPOST accounts\n\n{}\n###\nGET accounts({{create}})');
      assert.match(a && !a.ok ? a.errors[0]!.message : '', /use \{\{create\.id\}\}/);
      const [b] = resolveAll('GET accounts({{nope.id}})');
      assert.match(b && !b.ok ? b.errors[0]!.message : '', /no request named "nope"/);
    });
  });

  describe('URLs', () => {
    const cases: [string, string][] = [
      ['GET accounts?$select=name', 'accounts?$select=name'],
      ['GET /accounts', 'accounts'],
      [`GET ${ORG}/api/data/v9.2/accounts?$top=1`, 'accounts?$top=1'],
      ['GET /api/data/v9.2/WhoAmI', 'WhoAmI'],
      [`GET ${ORG}/api/data/v9.1/accounts`, `${ORG}/api/data/v9.1/accounts`],
      ['GET /api/data/v9.1/accounts', `${ORG}/api/data/v9.1/accounts`],
      ["GET accounts?$filter=name eq 'A&B #1+2'", "accounts?$filter=name%20eq%20'A%26B%20%231%2B2'"],
      ["GET accounts?$filter=contains(name,'100%')", "accounts?$filter=contains(name,'100%25')"],
      ["GET accounts?$filter=name eq 'Zoë'", "accounts?$filter=name%20eq%20'Zo%C3%AB'"],
      ['GET accounts?$filter=name%20eq%20null', 'accounts?$filter=name%20eq%20null'],
      [
        'GET RetrieveMetadataChanges(Query=@q)?@q={"Criteria":{"FilterOperator":"And"}}',
        'RetrieveMetadataChanges(Query=@q)?@q=%7B%22Criteria%22:%7B%22FilterOperator%22:%22And%22%7D%7D',
      ],
    ];
    for (const [line, path] of cases) {
      it(`${line} → ${path}`, () => assert.equal(ok(resolveAll(line)[0]).path, path));
    }
    it('refuses a URL on another organization and plain http', () => {
      assert.deepEqual(errors(resolveAll('GET https://other.crm.dynamics.com/api/data/v9.2/accounts')[0]), [
        'other-organization@0:4-57',
      ]);
      assert.deepEqual(
        errors(resolveAll('GET http://contoso.crm.dynamics.com/api/data/v9.2/accounts')[0]).map((e) => e.split('@')[0]),
        ['bad-url'],
      );
    });
  });

  describe('bodies', () => {
    it('drops comment lines from JSON bodies and reports invalid JSON', () => {
      assert.equal(
        ok(resolveAll('POST accounts\n\n{\n  // the name\n  # also a comment\n  "name": "x"\n}')[0]).body,
        '{\n\n\n  "name": "x"\n}',
      );
      assert.deepEqual(
        errors(resolveAll('POST accounts\n\n{"name": }')[0]).map((e) => e.split('@')[0]),
        ['invalid-json'],
      );
    });
    it('sends a non-JSON body as written', () => {
      assert.equal(
        ok(resolveAll('PUT accounts(1)/description\nContent-Type: text/plain\n\n# not a comment here')[0]).body,
        undefined,
      );
      assert.equal(
        ok(resolveAll('PUT accounts(1)/description\nContent-Type: text/plain\n\nplain text {{$guid}}')[0]).body,
        'plain text 00000000-0000-4000-8000-000000000001',
      );
    });
  });

  describe('FetchXML', () => {
    it("builds GET <entityset>?fetchXml=<encoded> from the entity's logical name, without whitespace between tags", () => {
      const r = ok(
        resolveAll(
          '@n = 3\n<fetch top="{{n}}">\n  <entity name="account">\n    <attribute name="name" />\n  </entity>\n</fetch>',
        )[0],
      );
      assert.equal(r.method, 'GET');
      assert.equal(r.fetch!.xml, '<fetch top="3"><entity name="account"><attribute name="name" /></entity></fetch>');
      assert.equal(r.path, `accounts?fetchXml=${encodeURIComponent(r.fetch!.xml)}`);
      assert.equal(r.safety.access, 'read');
    });
    it('uses the entity set named on a GET line', () => {
      assert.equal(
        ok(resolveAll('GET contacts\n\n<fetch><entity name="whatever"/></fetch>')[0]).fetch!.entitySetName,
        'contacts',
      );
    });
    it('reports malformed XML where it is, an unknown table at its name, and a missing entity', () => {
      assert.deepEqual(
        errors(resolveAll('<fetch>\n  <entity name="account">\n  </entty>\n</fetch>')[0]).map((e) => e.split('@')[0]),
        ['fetch-invalid-xml'],
      );
      const bad = resolveAll('<fetch>\n  <entity name="account">\n  </entty>\n</fetch>')[0];
      assert.equal(bad && !bad.ok ? bad.errors[0]!.range.start.line : -1, 2);
      assert.deepEqual(errors(resolveAll('<fetch>\n  <entity name="acount"/>\n</fetch>')[0]), [
        'fetch-unknown-table@1:16-22',
      ]);
      assert.deepEqual(
        errors(resolveAll('<fetch top="1"></fetch>')[0]).map((e) => e.split('@')[0]),
        ['fetch-no-entity'],
      );
    });
    it('keeps FetchXML that makes too long a URL a paged GET (the client puts each page in a $batch), with a note', () => {
      const attrs = Array.from({ length: 900 }, (_, i) => `<attribute name="new_column${i}" />`).join('\n');
      const result = resolveAll(`<fetch><entity name="account">\n${attrs}\n</entity></fetch>`)[0];
      const r = ok(result);
      assert.equal(r.method, 'GET');
      assert.equal(r.batch, undefined, 'not a $batch request of its own: its answer would show as one "part 1" row');
      assert.equal(r.fetch!.entitySetName, 'accounts');
      assert.equal(r.path, `accounts?fetchXml=${encodeURIComponent(r.fetch!.xml)}`);
      assert.equal(r.safety.access, 'read');
      assert.deepEqual(result!.ok ? result!.warnings.map((w) => w.code) : [], ['fetch-too-long']);
    });
  });

  describe('$batch', () => {
    const text = [
      '@name = A',
      'POST $batch',
      'Prefer: odata.continue-on-error',
      '',
      'GET accounts?$top=1',
      '',
      '--- changeset',
      'POST accounts',
      '',
      '{"name":"{{name}}"}',
      '',
      'POST $1/contact_customer_accounts',
      '',
      '{"lastname":"B"}',
      '--- end',
      '--- changeset',
      'PATCH contacts(1)',
      'Content-ID: upd',
      '',
      '{"a":1}',
      '--- end',
    ].join('\n');
    it('builds the structured model: operations, change sets, Content-IDs, headers', () => {
      const r = ok(resolveAll(text)[0]);
      assert.equal(r.method, 'POST');
      assert.equal(r.path, '$batch');
      assert.deepEqual(r.headers, { Prefer: 'odata.continue-on-error' });
      const parts = r.batch!.parts.map((p) =>
        p.kind === 'operation'
          ? `${p.operation.method} ${p.operation.path}`
          : p.operations.map((o) => `${o.contentId}:${o.method} ${o.path} ${o.body}`).join(' | '),
      );
      assert.deepEqual(parts, [
        'GET accounts?$top=1',
        '1:POST accounts {"name":"A"} | 2:POST $1/contact_customer_accounts {"lastname":"B"}',
        'upd:PATCH contacts(1) {"a":1}',
      ]);
      assert.deepEqual(r.safety, {
        access: 'write',
        operation: 'batch',
        summary: 'sends a $batch with 3 writes (of 4 requests)',
        writes: 3,
      });
    });
    it('is a read when it holds only GETs', () => {
      assert.equal(ok(resolveAll('POST $batch\n\nGET accounts\nGET WhoAmI')[0]).safety.access, 'read');
    });
    it('reports a $n reference that names no earlier change-set operation', () => {
      assert.deepEqual(errors(resolveAll('POST $batch\n\n--- changeset\nPOST $2/x\n\n{}\n--- end')[0]), [
        'batch-bad-reference@3:5-9',
      ]);
    });
  });

  describe('read or write', () => {
    const cases: [string, string, string][] = [
      ['GET accounts', 'read', 'query'],
      ['GET WhoAmI', 'read', 'function'],
      ["GET RetrieveTotalRecordCount(EntityNames=['account'])", 'read', 'function'],
      ['GET accounts(1)/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)', 'read', 'function'],
      ['POST accounts\n\n{}', 'write', 'create'],
      ['POST WinOpportunity\n\n{}', 'write', 'action'],
      ['POST accounts(1)/Microsoft.Dynamics.CRM.AddToQueue\n\n{}', 'write', 'action'],
      ['POST accounts(1)/contact_customer_accounts/$ref\n\n{}', 'write', 'associate'],
      ['PATCH accounts(1)\n\n{}', 'write', 'update'],
      ['PUT accounts(1)/name\n\n{"value":"x"}', 'write', 'updateColumn'],
      ['DELETE accounts(1)', 'write', 'delete'],
      ['DELETE accounts(1)/contact_customer_accounts(2)/$ref', 'write', 'disassociate'],
      // Functions documented to change data are writes although they are called with GET.
      ["GET CalculateRollupField(Target=@t,FieldName='new_total')?@t={'@odata.id':'accounts(1)'}", 'write', 'function'],
      ['GET Microsoft.Dynamics.CRM.calculaterollupfield(Target=@t,FieldName=@f)', 'write', 'function'],
      ['GET IncrementKnowledgeArticleViewCount(Source=@s,ViewDate=@d,Location=1,Count=1)', 'write', 'function'],
      ['GET CalculateTotalTimeIncident(IncidentId=1)', 'read', 'function'],
      // The server reads the name percent-decoded, skips empty segments and resolves any namespace
      // or its alias (mscrm), in any case: every spelling of a data-changing function is a write.
      ["GET CalculateRollupFiel%64(Target=@t,FieldName=@f)?@t={'@odata.id':'accounts(1)'}", 'write', 'function'],
      ['GET CalculateRollupField(Target=@t,FieldName=@f)/', 'write', 'function'],
      ['GET CalculateRollupField(Target=@t,FieldName=@f)//', 'write', 'function'],
      ['GET CalculateRollupField%28Target=@t,FieldName=@f%29', 'write', 'function'],
      [
        'GET accounts(1)/mscrm.IncrementKnowledgeArticleViewCount(Source=@s,ViewDate=@d,Location=1,Count=1)',
        'write',
        'function',
      ],
      [
        'GET accounts(1)//MSCRM.IncrementKnowledgeArticleViewCount(Source=@s,ViewDate=@d,Location=1,Count=1)',
        'write',
        'function',
      ],
      ['GET accounts(1)/microsoft.dynamics.crm.IncrementKnowledgeArticleViewCount(Source=@s)', 'write', 'function'],
      ['GET accounts(1)/MICROSOFT.DYNAMICS.CRM.IncrementKnowledgeArticleViewCount(Source=@s)', 'write', 'function'],
      ['GET accounts(1)/mscrm%2EIncrementKnowledgeArticleViewCount(Source=@s)', 'write', 'function'],
      ['GET accounts(1)%2Fmscrm.IncrementKnowledgeArticleViewCount(Source=@s)', 'write', 'function'],
      ['GET accounts(1)\\mscrm.IncrementKnowledgeArticleViewCount(Source=@s)', 'write', 'function'],
      ['GET CalculateRollupField (Target=@t,FieldName=@f)', 'write', 'function'],
      ['GET /api/data/v9.2/CalculateRollupFiel%64(Target=@t,FieldName=@f)/', 'write', 'function'],
      ['GET CalculateRollupField(Target=@t,FieldName=@f)/Entity', 'write', 'function'],
      // A malformed escape decodes nothing of its own and stops no other escape from decoding.
      ["GET accounts(name='%E0%A4')/mscrm.IncrementKnowledgeArticleViewCoun%74(Source=@s)", 'write', 'function'],
      // Reads stay reads, whatever their spelling.
      ['GET accounts(1)/mscrm.RetrievePrincipalAccess(Target=@t)', 'read', 'function'],
      ['GET accounts/', 'read', 'query'],
      ["GET accounts?$filter=name eq 'CalculateRollupField(x)'", 'read', 'query'],
      ["GET accounts(name='%E0')", 'read', 'query'],
      ['GET $metadata/', 'read', 'query'],
      // POST and DELETE name actions and $ref the same way.
      ['POST accounts(1)/mscrm.AddToQueue\n\n{}', 'write', 'action'],
      ['POST WinOpportunit%79/\n\n{}', 'write', 'action'],
      ['POST accounts(1)/contact_customer_accounts/%24ref\n\n{}', 'write', 'associate'],
      ['POST accounts(1)/contact_customer_accounts/$ref/\n\n{}', 'write', 'associate'],
      ['DELETE accounts(1)/contact_customer_accounts(2)/$ref/', 'write', 'disassociate'],
      ['DELETE accounts(1)/contact_customer_accounts(2)/%24ref', 'write', 'disassociate'],
    ];
    for (const [text, access, operation] of cases) {
      it(`${text.split('\n')[0]} is a ${access} (${operation})`, () => {
        const s = ok(resolveAll(text)[0]).safety;
        assert.deepEqual([s.access, s.operation], [access, operation]);
        assert.ok(s.summary.length > 5);
      });
    }
  });

  it('counts a data-changing function inside a $batch as a write', () => {
    const s = ok(
      resolveAll("POST $batch\n\nGET accounts?$top=1\nGET CalculateRollupField(Target=@t,FieldName='x')")[0],
    ).safety;
    assert.deepEqual([s.access, s.writes], ['write', 1]);
    assert.match(
      ok(resolveAll('GET CalculateRollupField(Target=@t,FieldName=@f)')[0]).safety.summary,
      /CalculateRollupField, which recalculates and saves/,
    );
  });

  it('names an action or a function as the server reads it, without its namespace or escapes', () => {
    const summary = (text: string): string => ok(resolveAll(text)[0]).safety.summary;
    assert.equal(summary('POST accounts(1)/mscrm.AddToQueue\n\n{}'), 'runs the action AddToQueue');
    assert.equal(summary('POST WinOpportunit%79/\n\n{}'), 'runs the action WinOpportunity');
    assert.match(
      summary('GET accounts(1)/mscrm.IncrementKnowledgeArticleViewCoun%74(Source=@s)/'),
      /^calls the function IncrementKnowledgeArticleViewCount, which increments/,
    );
    assert.equal(
      summary('GET accounts(1)/mscrm.RetrievePrincipalAccess(Target=@t)'),
      'calls the function RetrievePrincipalAccess',
    );
  });

  it('refuses to run a request with parse errors, and resolves quick queries', () => {
    assert.deepEqual(
      errors(resolveAll('GET accounts\nnot a header')[0]).map((e) => e.split('@')[0]),
      ['bad-header'],
    );
    assert.equal(ok(resolveQuickQuery('  accounts?$top=5 ', context())).path, 'accounts?$top=5');
    assert.equal(
      ok(resolveQuickQuery('<fetch><entity name="contact"/></fetch>', context())).fetch!.entitySetName,
      'contacts',
    );
    const empty = resolveQuickQuery('   ', context());
    assert.ok(!empty.ok && empty.errors[0]!.code === 'not-a-request');
    const bad = resolveQuickQuery('GET accounts?$top={{x}}&y={{z}}', context());
    assert.ok(!bad.ok);
    const err = resolveErrorToUserError(bad.errors);
    assert.equal(
      err.message,
      'Line 1: {{x}} is not defined. Set it with a line such as "@x = value" at the top of the file. (and 1 more problem)',
    );
    assert.equal(err.code, 'query.undefined-variable');
  });
});
