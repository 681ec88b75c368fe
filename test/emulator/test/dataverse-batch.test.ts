// $batch answered with the framing Dataverse uses: the documented change-set example is sent as
// recorded and the answer must match the recorded answer line for line (ids and boundaries aside).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestOrg, type TestOrg } from './support/dataverse-server';
import { DEFAULT_FIXTURES } from '../src/dataverse/captures';

type J = Record<string, unknown>;

function recorded(name: string): string {
  return readFileSync(join(DEFAULT_FIXTURES, 'recorded', name), 'utf8');
}

/** Head (status line + headers) and body of a recorded HTTP exchange. */
function split(http: string): { head: string[]; body: string } {
  const i = http.indexOf('\n\n');
  return { head: http.slice(0, i).split('\n'), body: http.slice(i + 2) };
}

/** Same text for the same framing: ids, boundaries, etags, org URL and JSON layout made neutral. */
function normalize(text: string, orgUrl: string): string[] {
  // Trailing blank lines differ between the documentation's examples; they carry no framing.
  const lines = text
    .replace(/\r\n/g, '\n')
    .replace(/\n+$/, '\n')
    .split(orgUrl)
    .join('[Organization Uri]')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'GUID')
    .replace(/W\/(\\?)"\d+\\?"/g, 'W/$1"N$1"')
    .split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('{')) {
      out.push(lines[i]!);
      continue;
    }
    let json = lines[i]!;
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith('--')) json += `\n${lines[++i]}`;
    out.push(...JSON.stringify(JSON.parse(json), null, 2).split('\n'));
  }
  return out;
}

describe('dataverse emulator: $batch framing', function () {
  let org: TestOrg;
  const post = async (
    body: string,
    contentType: string,
    prefer?: string,
  ): Promise<{ status: number; headers: Headers; text: string }> => {
    const res = await fetch(`${org.url}/api/data/v9.2/$batch`, {
      method: 'POST',
      body,
      headers: {
        Authorization: 'Bearer good:batch',
        'Content-Type': contentType,
        Accept: 'application/json',
        'OData-Version': '4.0',
        ...(prefer ? { Prefer: prefer } : {}),
      },
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  beforeEach(async () => {
    org = await startTestOrg({ accountRecords: 10 });
  });
  afterEach(async () => {
    await org.close();
  });

  it('answers the documented change-set batch exactly as recorded', async () => {
    const created = await fetch(`${org.url}/api/data/v9.2/accounts`, {
      method: 'POST',
      body: '{"name":"Batch target"}',
      headers: { Authorization: 'Bearer good:batch', 'Content-Type': 'application/json' },
    });
    const accountId = /\(([0-9a-f-]{36})\)$/.exec(created.headers.get('odata-entityid') ?? '')![1]!;
    const request = split(recorded('batch_changeset_request.http'));
    const contentType = request.head.find((h) => h.startsWith('Content-Type:'))!.slice('Content-Type: '.length);
    const body = request.body.split('00000000-0000-0000-0000-000000000001').join(accountId).replace(/\n/g, '\r\n');
    const res = await post(body, contentType);
    const expected = split(recorded('batch_changeset_response.http'));
    assert.equal(`HTTP/1.1 ${res.status} OK`, expected.head[0]);
    assert.equal(res.headers.get('odata-version'), '4.0');
    assert.match(res.headers.get('content-type') ?? '', /^multipart\/mixed; boundary=batchresponse_[0-9a-f-]{36}$/);
    assert.ok(res.text.includes('\r\n') && !/[^\r]\n/.test(res.text), 'CRLF line endings throughout');
    assert.deepEqual(normalize(res.text, org.url), normalize(expected.body, org.url));
  });

  it('frames a failed request as recorded and takes its status without continue-on-error', async () => {
    const body = [
      '--batch_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'POST /api/data/v9.2/tasks HTTP/1.1',
      'Content-Type: application/json; type=entry',
      '',
      '{"nosuchcolumn":"x"}',
      '--batch_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'POST /api/data/v9.2/tasks HTTP/1.1',
      'Content-Type: application/json; type=entry',
      '',
      '{"subject":"never sent"}',
      '--batch_1--',
      '',
    ].join('\r\n');
    const res = await post(body, 'multipart/mixed; boundary="batch_1"');
    assert.equal(res.status, 400);
    const expected = split(recorded('batch_error_response.http'));
    const mask = (lines: string[]): string[] =>
      lines.map((l) => (l.startsWith('{') || l.startsWith(' ') || l === '}' ? '' : l)).filter(Boolean);
    assert.deepEqual(mask(normalize(res.text, org.url)), mask(normalize(expected.body, org.url)));
    const error = JSON.parse(/^\{.*\}$/m.exec(res.text)![0]) as J;
    assert.equal((error['error'] as J)['code'], '0x80048d19');
  });

  it('answers a failed change set inside its change set response, with the Content-ID, and rolls it back', async () => {
    const body = [
      '--batch_2',
      'Content-Type: multipart/mixed; boundary=changeset_2',
      '',
      '--changeset_2',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST /api/data/v9.2/contacts HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"lastname":"Rolled back"}',
      '--changeset_2',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'POST /api/data/v9.2/accounts HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"bogus":1}',
      '--changeset_2--',
      '--batch_2--',
      '',
    ].join('\r\n');
    const res = await post(body, 'multipart/mixed; boundary=batch_2', 'odata.continue-on-error');
    assert.equal(res.status, 200);
    assert.match(
      res.text,
      /^--batchresponse_[0-9a-f-]{36}\r\nContent-Type: multipart\/mixed; boundary=changesetresponse_[0-9a-f-]{36}\r\n\r\n--changesetresponse_/,
    );
    assert.match(res.text, /Content-ID: 2\r\n\r\nHTTP\/1\.1 400 Bad Request\r\nREQ_ID: [0-9a-f-]{36}\r\n/);
    assert.ok(!res.text.includes('Content-ID: 1'), 'only the failing request is answered');
    const check = await fetch(`${org.url}/api/data/v9.2/contacts?$select=lastname&$filter=lastname eq 'Rolled back'`, {
      headers: { Authorization: 'Bearer good:batch' },
    });
    assert.deepEqual(((await check.json()) as J)['value'], []);
  });

  it('refuses a Content-ID reference made before its request', async () => {
    const body = [
      '--batch_3',
      'Content-Type: multipart/mixed; boundary=cs_3',
      '',
      '--cs_3',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'POST /api/data/v9.2/phonecalls HTTP/1.1',
      'Content-Type: application/json;type=entry',
      '',
      '{"phonenumber":"911","regardingobjectid_account_phonecall@odata.bind":"$1"}',
      '--cs_3',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST /api/data/v9.2/accounts HTTP/1.1',
      'Content-Type: application/json;type=entry',
      '',
      '{"name":"QQQQ"}',
      '--cs_3--',
      '--batch_3--',
      '',
    ].join('\r\n');
    const res = await post(body, 'multipart/mixed; boundary=batch_3');
    assert.equal(res.status, 400);
    assert.match(res.text, /Content-ID Reference: '\$1' does not exist in the batch context\./);
  });
});
