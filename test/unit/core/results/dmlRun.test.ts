// The SQL write executor's rules that the emulator cannot stage: a request answered 429 inside a
// $batch (it did not run) goes again alone, and a batch whose answer is cut short leaves the rows
// it did not answer unsent, never resent.
import * as assert from 'node:assert/strict';
import type { WriteOp } from '../../../../src/core/query/sql/dml/plan';
import { runWrites } from '../../../../src/core/results/dmlRun';
import { clientWith, FakeHttp, response } from '../webapi/fakes';

const ops: WriteOp[] = ['a', 'b', 'c'].map((name, i) => ({
  method: 'PATCH',
  url: `accounts(0000000${i}-0000-0000-0000-000000000000)`,
  body: { name },
  headers: { 'If-Match': '*' },
  label: name,
}));

function part(status: number, text: string, body = ''): string {
  return `--batchresponse_x\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\n\r\n${body}\r\n`;
}

function batchAnswer(parts: string[]): ReturnType<typeof response> {
  return response(200, `${parts.join('')}--batchresponse_x--\r\n`, {
    'content-type': 'multipart/mixed; boundary=batchresponse_x',
  });
}

const TOO_MANY = JSON.stringify({ error: { code: '0x80072322', message: 'Number of requests exceeded the limit.' } });

describe('SQL writes: the executor', () => {
  it('sends a request answered 429 inside a batch again, alone, after a wait', async () => {
    const http = new FakeHttp([
      batchAnswer([part(204, 'No Content'), part(429, 'Too Many Requests', TOO_MANY), part(204, 'No Content')]),
      batchAnswer([part(204, 'No Content')]),
    ]);
    const waits: number[] = [];
    const result = await runWrites(clientWith(http), ops, {
      batchSize: 3,
      parallelism: 1,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    assert.equal(result.succeeded, 3);
    assert.equal(result.throttled, 1);
    assert.equal(waits.length, 1);
    assert.equal(http.requests.length, 2);
    const second = String(http.requests[1]!.body);
    assert.equal((second.match(/PATCH /g) ?? []).length, 1, 'only the throttled row goes again');
    assert.match(second, /"name":"b"/);
  });

  it("keeps the org's code and status with each failed row: of a part, and of a batch refused as a whole", async () => {
    const refused = JSON.stringify({ error: { code: '0x80040265', message: 'Blocked by a plug-in' } });
    const parts = new FakeHttp([batchAnswer([part(204, 'No Content'), part(400, 'Bad Request', refused)])]);
    const one = await runWrites(clientWith(parts), ops.slice(0, 2), { batchSize: 2, parallelism: 1 });
    assert.deepEqual(
      one.failures.map((f) => ({ label: f.label, code: f.code, status: f.status })),
      [{ label: 'b', code: '0x80040265', status: 400 }],
    );
    const whole = new FakeHttp([response(400, refused, { 'content-type': 'application/json' })]);
    const all = await runWrites(clientWith(whole), ops, { batchSize: 3, parallelism: 1 });
    assert.deepEqual(
      all.failures.map((f) => ({ label: f.label, code: f.code, status: f.status })),
      ['a', 'b', 'c'].map((label) => ({ label, code: '0x80040265', status: 400 })),
    );
    assert.match(all.failures[0]!.message, /Blocked by a plug-in/);
    assert.equal(whole.requests.length, 1, 'the refused batch is not sent again');
  });

  it('does not resend rows a cut-short answer left out', async () => {
    const http = new FakeHttp([batchAnswer([part(204, 'No Content')])]);
    const result = await runWrites(clientWith(http), ops, { batchSize: 3, parallelism: 1 });
    assert.deepEqual(
      { succeeded: result.succeeded, failed: result.failed, notSent: result.notSent },
      { succeeded: 1, failed: 0, notSent: 2 },
    );
    assert.equal(http.requests.length, 1);
  });

  it('sends each write with the continue-on-error preference, so one failure does not stop the batch', async () => {
    const http = new FakeHttp([
      batchAnswer([
        part(204, 'No Content'),
        part(400, 'Bad Request', JSON.stringify({ error: { code: '0x80040265', message: 'A plug-in said no.' } })),
        part(204, 'No Content'),
      ]),
    ]);
    const result = await runWrites(clientWith(http), ops, { batchSize: 3, parallelism: 1 });
    assert.match(String(http.requests[0]!.headers?.['Prefer']), /odata\.continue-on-error/);
    assert.equal(result.succeeded, 2);
    assert.deepEqual(
      result.failures.map((f) => [f.label, f.status]),
      [['b', 400]],
    );
    assert.match(result.failures[0]!.message, /A plug-in said no/);
  });
});
