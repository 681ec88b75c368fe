// Headers written under `POST $batch` reach Dataverse on the $batch request: impersonation, plug-in
// bypass, duplicate detection and Prefer were dropped before, so the writes ran as the signed-in user.
import * as assert from 'node:assert/strict';
import { execute } from '../../../../src/core/results/execute';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { resolveRequest, type RunnableRequest } from '../../../../src/core/query/run/resolve';
import type { HttpResponse, WebApiRequest, WebApiSender } from '../../../../src/core/ports';

const ORG = 'https://contoso.crm.dynamics.com';

function batchReply(): HttpResponse {
  const text = [
    '--batchresponse_1',
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    '',
    'HTTP/1.1 204 No Content',
    'OData-Version: 4.0',
    '',
    '',
    '--batchresponse_1--',
    '',
  ].join('\r\n');
  return {
    status: 200,
    headers: { 'content-type': 'multipart/mixed; boundary=batchresponse_1' },
    url: '',
    body: Buffer.from(text),
    text: () => text,
    json: <T>() => JSON.parse(text) as T,
  };
}

function sender(): WebApiSender & { sent: WebApiRequest[] } {
  const sent: WebApiRequest[] = [];
  return {
    apiUrl: `${ORG}/api/data/v9.2/`,
    sent,
    send: async (req) => {
      sent.push(req);
      return batchReply();
    },
  };
}

function resolved(text: string): RunnableRequest {
  const doc = parseDocument(text);
  const r = resolveRequest(doc, doc.requests[0]!, { entitySetOf: () => undefined, orgUrl: ORG });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
  return r.request;
}

function header(req: WebApiRequest | undefined, name: string): string | undefined {
  return Object.entries(req?.headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

describe('results: the headers of a $batch', () => {
  // execute() loads the batch encoder with import(), which mocha's CommonJS tsx hook does not cover:
  // tsx's ESM loader takes it for these tests.
  let unregister: (() => Promise<void>) | undefined;
  before(async () => {
    unregister = (await import('tsx/esm/api')).register();
  });
  after(async () => {
    await unregister?.();
  });

  it('sends every header written under POST $batch on the $batch request', async () => {
    const s = sender();
    await execute(
      s,
      resolved(
        [
          'POST $batch',
          'MSCRMCallerID: 5e1d0f2a-1111-4222-8333-444455556666',
          'CallerObjectId: 0b0b0b0b-1111-4222-8333-444455556666',
          'MSCRM.BypassCustomPluginExecution: true',
          'MSCRM.SuppressDuplicateDetection: false',
          'Prefer: odata.continue-on-error',
          '',
          'POST accounts',
          '',
          '{"name": "A"}',
        ].join('\n'),
      ),
    );
    const sent = s.sent[0];
    assert.equal(sent?.path, '$batch');
    assert.equal(header(sent, 'MSCRMCallerID'), '5e1d0f2a-1111-4222-8333-444455556666');
    assert.equal(header(sent, 'CallerObjectId'), '0b0b0b0b-1111-4222-8333-444455556666');
    assert.equal(header(sent, 'MSCRM.BypassCustomPluginExecution'), 'true');
    assert.equal(header(sent, 'MSCRM.SuppressDuplicateDetection'), 'false');
    assert.equal(header(sent, 'Prefer'), 'odata.continue-on-error', 'once, not twice');
    assert.match(header(sent, 'Content-Type') ?? '', /^multipart\/mixed; boundary="batch_/);
    assert.doesNotMatch(String(sent?.body), /MSCRMCallerID/, 'the outer headers are not copied into the parts');
  });

  it('keeps the multipart Content-Type when a Content-Type is written under POST $batch', async () => {
    const s = sender();
    await execute(s, resolved('POST $batch\ncontent-type: text/plain\n\nGET accounts?$top=1'));
    const types = Object.entries(s.sent[0]?.headers ?? {}).filter(([k]) => k.toLowerCase() === 'content-type');
    assert.equal(types.length, 1);
    assert.match(types[0]![1], /^multipart\/mixed/);
  });
});
