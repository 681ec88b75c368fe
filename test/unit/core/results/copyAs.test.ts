// "Copy as…" copies what was sent: a $batch with its multipart body and Content-Type, and never a
// credential header (the same ones the history drops).
import * as assert from 'node:assert/strict';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { resolveRequest, type RunnableRequest } from '../../../../src/core/query/run/resolve';
import { historyText } from '../../../../src/core/query/history/historyEntry';
import { snippet, type SnippetRequest } from '../../../../src/core/results/snippets';
import { wireRequest } from '../../../../src/core/results/wireRequest';

const ORG = 'https://contoso.crm.dynamics.com';
const API = `${ORG}/api/data/v9.2/`;

function resolved(text: string): RunnableRequest {
  const doc = parseDocument(text);
  const r = resolveRequest(doc, doc.requests[0]!, { entitySetOf: () => undefined, orgUrl: ORG });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.request;
}

const wire = (text: string): SnippetRequest => wireRequest(resolved(text), API, (p) => new URL(p, API).toString());

describe('results: copy as, for a $batch and with secrets', () => {
  const batch = [
    'POST $batch',
    'MSCRMCallerID: 5e1d0f2a-1111-4222-8333-444455556666',
    '',
    'GET accounts?$top=1',
    '',
    '--- changeset',
    'POST accounts',
    'X-Api-Key: PART-SECRET',
    '',
    '{"name": "A"}',
    '--- end',
  ].join('\n');

  it('copies a $batch with its multipart body, Content-Type and the headers written under it', () => {
    const req = wire(batch);
    assert.equal(req.method, 'POST');
    assert.equal(req.url, `${API}$batch`);
    const type = req.headers['Content-Type'] ?? '';
    assert.match(type, /^multipart\/mixed; boundary="(batch_[^"]+)"$/);
    const boundary = /boundary="([^"]+)"/.exec(type)![1]!;
    assert.ok(req.body?.startsWith(`--${boundary}\r\n`), req.body);
    assert.ok(req.body?.includes('GET /api/data/v9.2/accounts?$top=1 HTTP/1.1'));
    assert.ok(req.body?.includes('POST /api/data/v9.2/accounts HTTP/1.1'));
    assert.ok(req.body?.includes('{"name": "A"}'));
    assert.equal(req.headers['MSCRMCallerID'], '5e1d0f2a-1111-4222-8333-444455556666');
    for (const kind of ['curl', 'fetch', 'xrm', 'dynamicsWebApi'] as const) {
      const text = snippet(kind, req, () => undefined);
      assert.ok(text.includes('multipart/mixed'), `${kind}: ${text}`);
      assert.ok(text.includes('MSCRMCallerID'), kind);
      assert.ok(text.includes('POST /api/data/v9.2/accounts HTTP/1.1'), kind);
      assert.ok(!text.includes('PART-SECRET'), `${kind} copies a part's API key`);
    }
  });

  it('leaves out Cookie, Proxy-Authorization and API-key headers, as the history does', () => {
    const headers = {
      Cookie: 'ARRAffinity=SECRET1',
      'Proxy-Authorization': 'Basic SECRET2',
      'Ocp-Apim-Subscription-Key': 'SECRET3',
      'X-Api-Key': 'SECRET4',
      'x-ms-token': 'SECRET5',
      authorization: 'Bearer SECRET6',
      Prefer: 'return=representation',
    };
    const req: SnippetRequest = { method: 'POST', url: `${API}accounts`, headers, body: '{"name":"a"}' };
    for (const kind of ['curl', 'fetch', 'xrm', 'dynamicsWebApi'] as const) {
      const text = snippet(kind, req, (s) => (s === 'accounts' ? 'account' : undefined));
      assert.ok(!/SECRET\d/.test(text), `${kind}: ${text}`);
      if (kind !== 'xrm' && kind !== 'dynamicsWebApi') assert.ok(text.includes('return=representation'), kind);
    }
    // One definition: every header Copy as leaves out is one the history drops too.
    const kept = historyText(
      Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
    );
    assert.equal(kept, 'Prefer: return=representation');
  });

  it('copies a single request as it was written', () => {
    const req = wire('PATCH accounts(00000000-0000-0000-0000-000000000001)\n\n{"name": "B"}');
    assert.deepEqual(req, {
      method: 'PATCH',
      url: `${API}accounts(00000000-0000-0000-0000-000000000001)`,
      headers: {},
      body: '{"name": "B"}',
    });
  });
});
