// Fuzz: 100k+ random and mutated scratchpads (seeded, so a failure replays) through the parser,
// resolution, diagnostics, completion and hover. Whatever the text, each returns typed results —
// diagnostics with known codes and valid ranges — and nothing ever throws.
import { strict as assert } from 'node:assert';
import { completeAt } from '../../../../src/core/query/language/completion';
import { isDiagnosticCode, type Diagnostic } from '../../../../src/core/query/syntax/diagnostic';
import { diagnoseDocument } from '../../../../src/core/query/language/diagnostics';
import { hoverAt } from '../../../../src/core/query/language/hover';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { resolveRequest } from '../../../../src/core/query/run/resolve';
import type { ResolveContext } from '../../../../src/core/query/run/resolveContext';
import type { QueryDocument } from '../../../../src/core/query/syntax/syntax';
import type { Range } from '../../../../src/core/query/syntax/text';
import { csdlSnapshot } from './csdlSnapshot';

const INPUTS = Number(process.env.QUERY_FUZZ_INPUTS ?? 100_000);
const SEED = Number(process.env.QUERY_FUZZ_SEED ?? 20240506);

/** mulberry32: small, fast, good enough to spread inputs; the seed makes runs repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CORPUS = [
  '@connection = https://contoso.crm.dynamics.com\n@top = 5\n### list\nGET accounts?$select=name,_primarycontactid_value&$top={{top}}\n  &$filter=statecode eq 0 and contains(name,\'a\')\nPrefer: odata.include-annotations="*"\n',
  '# @name create\nPOST accounts\nContent-Type: application/json\n\n{\n  // comment\n  "name": "{{$guid}}"\n}\n###\nGET accounts({{create.id}})?$expand=primarycontactid($select=fullname;$filter=fullname ne null)',
  '<fetch top="5" distinct="true">\n  <entity name="account">\n    <attribute name="name"/>\n    <link-entity name="contact" from="contactid" to="primarycontactid" alias="c">\n      <filter type="and"><condition attribute="fullname" operator="like" value="%a%"/></filter>\n    </link-entity>\n  </entity>\n</fetch>',
  'POST $batch\nPrefer: odata.continue-on-error\n\nGET accounts?$top=1\n\n--- changeset\nPOST accounts\n\n{"name":"a"}\n\nPOST $1/contact_customer_accounts\n\n{"lastname":"b"}\n--- end\n<fetch><entity name="contact"/></fetch>',
  'GET RetrieveMetadataChanges(Query=@q)?@q={"Criteria":{"FilterOperator":"And"}}\n###\nGET WhoAmI\n###\nDELETE accounts(00000000-0000-0000-0000-000000000001)/contact_customer_accounts(1)/$ref',
  'GET accounts?$filter=contact_customer_accounts/any(c:c/fullname eq \'x\') and Microsoft.Dynamics.CRM.LastXDays(PropertyName=\'createdon\',PropertyValue=7)&$orderby=name desc\n###\nPATCH accounts(1)\nIf-Match: *\n\n{"name": "{{list.response.body.value[0].name}}"}',
];

const TOKENS = [
  '###',
  '\n',
  '\n',
  '\n\n',
  ' ',
  'GET ',
  'POST ',
  'PATCH ',
  'DELETE ',
  'PUT ',
  'get ',
  '$batch',
  '--- changeset',
  '--- end',
  '---',
  '<fetch>',
  '</fetch>',
  '<entity name="account">',
  '</entity>',
  '<attribute name="',
  '"/>',
  '<',
  '>',
  '/',
  '{{',
  '}}',
  '{{top}}',
  '{{create.id}}',
  '{{x.response.body.a[0]}}',
  '@',
  '@top = ',
  '@connection = ',
  '# @name ',
  '// ',
  '#',
  '?',
  '&',
  '$select=',
  '$filter=',
  '$expand=',
  '$orderby=',
  "'",
  '"',
  '(',
  ')',
  ',',
  ';',
  ':',
  '=',
  'accounts',
  'Name',
  'primarycontactid',
  'contact_customer_accounts',
  'eq ',
  ' and ',
  'any(c:c/',
  'Microsoft.Dynamics.CRM.',
  "PropertyName='",
  'https://',
  'http://x/',
  '/api/data/v9.1/',
  'Prefer: ',
  'Content-Type: text/plain',
  '{',
  '}',
  '[',
  ']',
  '\r\n',
  '\r',
  '\t',
  '%',
  '%2',
  '\u00e9',
  '\ud83d\ude00',
  '\ud800',
  '\u0000',
  'HTTP/1.1',
  '*',
  '1',
  '-',
  '00000000-0000-0000-0000-000000000000',
];

function randomText(rnd: () => number): string {
  let out = '';
  const n = 1 + Math.floor(rnd() * 40);
  for (let i = 0; i < n; i++) {
    out += rnd() < 0.8 ? TOKENS[Math.floor(rnd() * TOKENS.length)] : String.fromCharCode(Math.floor(rnd() * 0x3000));
  }
  return out;
}

function mutate(text: string, rnd: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const len = Math.floor(rnd() * 12);
    switch (Math.floor(rnd() * 5)) {
      case 0:
        out = out.slice(0, at) + TOKENS[Math.floor(rnd() * TOKENS.length)] + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + len);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at, at + len) + out.slice(at);
        break;
      case 3:
        out = out.slice(0, at);
        break;
      default:
        out = out.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 0x10000)) + out.slice(at + 1);
    }
  }
  return out;
}

function checkRange(r: Range, lineCount: number, what: string): void {
  for (const p of [r.start, r.end]) {
    assert.ok(
      Number.isInteger(p.line) &&
        Number.isInteger(p.character) &&
        p.line >= 0 &&
        p.character >= 0 &&
        p.line < lineCount,
      `${what}: bad position ${JSON.stringify(p)}`,
    );
  }
  assert.ok(
    r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character),
    `${what}: range ends before it starts ${JSON.stringify(r)}`,
  );
}

function checkDiagnostics(list: readonly Diagnostic[], lineCount: number): void {
  for (const d of list) {
    assert.ok(isDiagnosticCode(d.code), `untyped code ${String(d.code)}`);
    assert.ok(['error', 'warning', 'info'].includes(d.severity));
    assert.ok(
      typeof d.message === 'string' && d.message.length > 0 && !d.message.includes('undefined'),
      `bad message: ${d.message}`,
    );
    checkRange(d.range, lineCount, d.code);
    for (const f of d.fixes ?? []) for (const e of f.edits) checkRange(e.range, lineCount + 1, `${d.code} fix`);
  }
}

const CONTEXT: ResolveContext = {
  entitySetOf: (n) => (n === 'account' ? 'accounts' : n === 'contact' ? 'contacts' : undefined),
  orgUrl: 'https://contoso.crm.dynamics.com',
  responses: (n) =>
    n === 'create'
      ? { status: 204, headers: { 'OData-EntityId': 'x(00000000-0000-0000-0000-000000000001)' }, body: '{"a":[1]}' }
      : undefined,
  system: { now: () => new Date(0), newGuid: () => '00000000-0000-0000-0000-000000000002' },
};

function exercise(text: string, rnd: () => number, deep: boolean): void {
  const doc: QueryDocument = parseDocument(text);
  const lineCount = doc.lines.lineCount;
  checkDiagnostics(doc.diagnostics, lineCount);
  for (const request of doc.requests) {
    checkRange(request.range, lineCount, 'request');
    checkRange(request.lensRange, lineCount, 'lens');
    const result = resolveRequest(doc, request, CONTEXT);
    if (result.ok) {
      assert.equal(typeof result.request.path, 'string');
      assert.ok(result.request.safety.access === 'read' || result.request.safety.access === 'write');
      checkDiagnostics(result.warnings, lineCount);
    } else {
      assert.ok(result.errors.length > 0);
      checkDiagnostics(result.errors, lineCount);
    }
  }
  if (!deep) return;
  const metadata = csdlSnapshot();
  checkDiagnostics(diagnoseDocument(doc, { metadata }), lineCount);
  for (let k = 0; k < 3; k++) {
    const line = Math.floor(rnd() * lineCount);
    const position = { line, character: Math.floor(rnd() * (doc.lines.lineText(line).length + 2)) };
    const completion = completeAt(text, position, { metadata });
    if (completion) {
      checkRange(completion.range, lineCount, 'completion');
      for (const item of completion.items) assert.equal(typeof item.label, 'string');
    }
    const hover = hoverAt(text, position, { metadata });
    if (hover) checkRange(hover.range, lineCount, 'hover');
  }
}

describe('query fuzz', function () {
  this.timeout(600_000);

  it(`parses, resolves and diagnoses ${INPUTS} random and mutated scratchpads without throwing (seed ${SEED})`, () => {
    const rnd = prng(SEED);
    let deep = 0;
    for (let i = 0; i < INPUTS; i++) {
      const text = i % 3 === 0 ? randomText(rnd) : mutate(CORPUS[i % CORPUS.length]!, rnd);
      const isDeep = i % 4 === 0;
      try {
        exercise(text, rnd, isDeep);
      } catch (err) {
        assert.fail(
          `input #${i} (seed ${SEED}) failed: ${err instanceof Error ? err.stack : String(err)}\n--- input ---\n${JSON.stringify(text)}`,
        );
      }
      if (isDeep) deep++;
    }
    assert.ok(deep >= INPUTS / 4 - 1);
  });
});
