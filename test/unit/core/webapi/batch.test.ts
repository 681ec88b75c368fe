import * as assert from 'node:assert/strict';
import {
  BatchError,
  buildBatch,
  executeBatch,
  isReadOnlyBatch,
  type BatchItem,
} from '../../../../src/core/webapi/batch';
import {
  BatchResponseError,
  parseBatchResponse,
  splitMultipart,
  type BatchResponsePart,
} from '../../../../src/core/webapi/batchResponse';
import { DataverseError } from '../../../../src/core/webapi/errors';
import { API, clientWith, FakeHttp, ORG, response } from './fakes';

const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
const task = (n: number): string =>
  `{\n  "subject": "Task ${n} in batch",\n  "regardingobjectid_account_task@odata.bind": "accounts(00000000-0000-0000-0000-000000000001)"\n}`;

// "Execute batch operations using the Web API" (Microsoft Learn), Change sets: the request body.
const DOCS_CHANGESET_REQUEST = `--batch_22975cad-7f57-410d-be15-6363209367ea
Content-Type: multipart/mixed; boundary="changeset_246e6bfe-89a4-4c77-b293-7a433f082e8a"

--changeset_246e6bfe-89a4-4c77-b293-7a433f082e8a
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 1

POST /api/data/v9.2/tasks HTTP/1.1
Content-Type: application/json; type=entry

${task(1)}
--changeset_246e6bfe-89a4-4c77-b293-7a433f082e8a
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 2

POST /api/data/v9.2/tasks HTTP/1.1
Content-Type: application/json; type=entry

${task(2)}
--changeset_246e6bfe-89a4-4c77-b293-7a433f082e8a
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 3

POST /api/data/v9.2/tasks HTTP/1.1
Content-Type: application/json; type=entry

${task(3)}
--changeset_246e6bfe-89a4-4c77-b293-7a433f082e8a--

--batch_22975cad-7f57-410d-be15-6363209367ea
Content-Type: application/http
Content-Transfer-Encoding: binary

GET /api/data/v9.2/accounts(00000000-0000-0000-0000-000000000001)/Account_Tasks?$select=subject HTTP/1.1


--batch_22975cad-7f57-410d-be15-6363209367ea--
`;

// The documented answer to it.
const DOCS_CHANGESET_RESPONSE = `--batchresponse_f27ef42d-51b0-4685-bac9-f468f844de2f
Content-Type: multipart/mixed; boundary=changesetresponse_64cc3fff-023a-45b0-b29d-df21583ffa15

--changesetresponse_64cc3fff-023a-45b0-b29d-df21583ffa15
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 1

HTTP/1.1 204 No Content
OData-Version: 4.0
Location: [Organization Uri]/api/data/v9.2/tasks(e73ffc82-e292-ed11-aad1-000d3a9933c9)
OData-EntityId: [Organization Uri]/api/data/v9.2/tasks(e73ffc82-e292-ed11-aad1-000d3a9933c9)


--changesetresponse_64cc3fff-023a-45b0-b29d-df21583ffa15
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 2

HTTP/1.1 204 No Content
OData-Version: 4.0
Location: [Organization Uri]/api/data/v9.2/tasks(e83ffc82-e292-ed11-aad1-000d3a9933c9)
OData-EntityId: [Organization Uri]/api/data/v9.2/tasks(e83ffc82-e292-ed11-aad1-000d3a9933c9)


--changesetresponse_64cc3fff-023a-45b0-b29d-df21583ffa15
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 3

HTTP/1.1 204 No Content
OData-Version: 4.0
Location: [Organization Uri]/api/data/v9.2/tasks(e93ffc82-e292-ed11-aad1-000d3a9933c9)
OData-EntityId: [Organization Uri]/api/data/v9.2/tasks(e93ffc82-e292-ed11-aad1-000d3a9933c9)


--changesetresponse_64cc3fff-023a-45b0-b29d-df21583ffa15--
--batchresponse_f27ef42d-51b0-4685-bac9-f468f844de2f
Content-Type: application/http
Content-Transfer-Encoding: binary

HTTP/1.1 200 OK
Content-Type: application/json; odata.metadata=minimal; odata.streaming=true
OData-Version: 4.0

{
  "@odata.context": "[Organization Uri]/api/data/v9.2/$metadata#tasks(subject)",
  "value": [
    {
      "@odata.etag": "W/\\"77181173\\"",
      "subject": "Task 1 in batch",
      "activityid": "e73ffc82-e292-ed11-aad1-000d3a9933c9"
    }
  ]
}
--batchresponse_f27ef42d-51b0-4685-bac9-f468f844de2f--
`;

// The documented answer when the first request fails and odata.continue-on-error is not set (HTTP 400).
const DOCS_ERROR_RESPONSE = `--batchresponse_156da4b8-cd2c-4862-a911-4aaab97c001a
Content-Type: application/http
Content-Transfer-Encoding: binary

HTTP/1.1 400 Bad Request
REQ_ID: 5ecd1cb3-1730-4ffc-909c-d44c22270026
Content-Type: application/json; odata.metadata=minimal
OData-Version: 4.0

{"error":{"code":"0x80044331","message":"A validation error occurred.  The length of the 'subject' attribute of the 'task' entity exceeded the maximum allowed length of '200'."}}
--batchresponse_156da4b8-cd2c-4862-a911-4aaab97c001a--
`;

// The "reference URI in request URL" answer: the last part ends right after its headers.
const DOCS_REFERENCE_RESPONSE = `--batchresponse_0740a25c-d8e1-41a5-9202-1b50a297864c
Content-Type: multipart/mixed; boundary=changesetresponse_19ca0da8-d8bb-4273-a3f7-fe0d0fadfe5f

--changesetresponse_19ca0da8-d8bb-4273-a3f7-fe0d0fadfe5f
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 1

HTTP/1.1 204 No Content
OData-Version: 4.0
Location:[Organization URI]/api/data/v9.2/accounts(3dcf8c02-8c75-e911-a97a-000d3a34a1bd)
OData-EntityId:[Organization URI]/api/data/v9.2/accounts(3dcf8c02-8c75-e911-a97a-000d3a34a1bd)

--changesetresponse_19ca0da8-d8bb-4273-a3f7-fe0d0fadfe5f
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 3

HTTP/1.1 204 No Content
OData-Version: 4.0

--changesetresponse_19ca0da8-d8bb-4273-a3f7-fe0d0fadfe5f--
--batchresponse_0740a25c-d8e1-41a5-9202-1b50a297864c--
`;

const docsItems = (): BatchItem[] => [
  { changeSet: [1, 2, 3].map((n) => ({ method: 'POST', url: 'tasks', body: crlf(task(n)), contentId: String(n) })) },
  { method: 'GET', url: 'accounts(00000000-0000-0000-0000-000000000001)/Account_Tasks?$select=subject' },
];

describe('buildBatch', () => {
  it('frames a change set exactly like the documented example', () => {
    const ids = ['22975cad-7f57-410d-be15-6363209367ea', '246e6bfe-89a4-4c77-b293-7a433f082e8a'];
    const built = buildBatch(docsItems(), { apiUrl: API, newId: () => ids.shift()! });
    assert.equal(built.body, crlf(DOCS_CHANGESET_REQUEST));
    assert.equal(built.contentType, 'multipart/mixed; boundary="batch_22975cad-7f57-410d-be15-6363209367ea"');
  });

  it('writes absolute request lines, JSON bodies, headers and $n references', () => {
    let n = 0;
    const built = buildBatch(
      [
        {
          changeSet: [
            { method: 'post', url: `${API}contacts`, body: { firstname: 'Ada' }, contentId: '1' },
            {
              method: 'PATCH',
              url: '$1',
              headers: { 'If-Match': '*' },
              body: { 'parentcustomerid_account@odata.bind': 'accounts(00000000-0000-0000-0000-000000000001)' },
              contentId: '2',
            },
            { method: 'PUT', url: '$1/lastname', body: { value: 'Lovelace' } },
          ],
        },
      ],
      { apiUrl: API, urls: 'absolute', newId: () => `id${++n}` },
    );
    assert.equal(
      built.body,
      crlf(`--batch_id1
Content-Type: multipart/mixed; boundary="changeset_id2"

--changeset_id2
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 1

POST ${API}contacts HTTP/1.1
Content-Type: application/json; type=entry

{"firstname":"Ada"}
--changeset_id2
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 2

PATCH $1 HTTP/1.1
If-Match: *
Content-Type: application/json; type=entry

{"parentcustomerid_account@odata.bind":"accounts(00000000-0000-0000-0000-000000000001)"}
--changeset_id2
Content-Type: application/http
Content-Transfer-Encoding: binary

PUT $1/lastname HTTP/1.1
Content-Type: application/json; type=entry

{"value":"Lovelace"}
--changeset_id2--

--batch_id1--
`),
    );
  });

  it('encodes spaces in request lines and accepts org-absolute paths', () => {
    const built = buildBatch([{ method: 'GET', url: "/api/data/v9.2/accounts?$filter=name eq 'A B'" }], {
      apiUrl: API,
      newId: () => 'x',
    });
    assert.match(built.body, /\r\nGET \/api\/data\/v9\.2\/accounts\?\$filter=name%20eq%20'A%20B' HTTP\/1\.1\r\n/);
  });

  it('picks another boundary when a body contains it', () => {
    const ids = ['clash', 'clash', 'fresh'];
    const built = buildBatch([{ method: 'POST', url: 'notes', body: { text: 'see --batch_clash here' } }], {
      apiUrl: API,
      newId: () => ids.shift()!,
    });
    assert.equal(built.boundary, 'batch_fresh');
  });

  const bad: [string, BatchItem[], RegExp][] = [
    ['an empty batch', [], /at least one request/],
    [
      'a GET in a change set',
      [{ changeSet: [{ method: 'GET', url: 'accounts' }] }],
      /is a GET; change sets may hold only writes/,
    ],
    ['an empty change set', [{ changeSet: [] }], /empty/],
    ['an unknown method', [{ method: 'MERGE', url: 'accounts' }], /not one of GET, POST/],
    ['a URL with a line break', [{ method: 'GET', url: 'accounts\r\nX-Evil: 1' }], /one line/],
    [
      'a header with a line break',
      [{ method: 'GET', url: 'accounts', headers: { Prefer: 'a\r\nX: y' } }],
      /header "Prefer" is not valid/,
    ],
    [
      'a duplicate Content-ID',
      [
        {
          changeSet: [
            { method: 'POST', url: 'a', contentId: '1' },
            { method: 'POST', url: 'b', contentId: '1' },
          ],
        },
      ],
      /Content-ID 1 is used twice/,
    ],
    [
      'a reference before its Content-ID',
      [
        {
          changeSet: [
            {
              method: 'POST',
              url: 'phonecalls',
              body: { 'regardingobjectid_account_phonecall@odata.bind': '$1' },
              contentId: '2',
            },
            { method: 'POST', url: 'accounts', contentId: '1' },
          ],
        },
      ],
      /refers to \$1, but no earlier request/,
    ],
    ['a reference outside a change set', [{ method: 'PATCH', url: '$1', body: {} }], /refers to \$1/],
    [
      'another host',
      [{ method: 'GET', url: 'https://evil.example.com/api/data/v9.2/accounts' }],
      /only address the organization itself, not evil\.example\.com/,
    ],
    [
      'too many requests',
      Array.from({ length: 1001 }, () => ({ method: 'GET', url: 'accounts' })),
      /at most 1,000 requests; this one has 1,001/,
    ],
  ];
  for (const [name, items, message] of bad) {
    it(`refuses ${name} before sending`, () =>
      assert.throws(
        () => buildBatch(items, { apiUrl: API }),
        (e: unknown) => e instanceof BatchError && message.test(e.message) && e.code === 'BATCH_INVALID',
      ));
  }

  it('treats "$5" in ordinary text as text', () => {
    assert.doesNotThrow(() =>
      buildBatch([{ method: 'POST', url: 'accounts', body: { name: '$5 deal' } }], { apiUrl: API }),
    );
  });

  it('knows a batch of GETs from one that writes', () => {
    assert.equal(
      isReadOnlyBatch([
        { method: 'get', url: 'a' },
        { method: 'GET', url: 'b' },
      ]),
      true,
    );
    assert.equal(isReadOnlyBatch(docsItems()), false);
    assert.equal(
      isReadOnlyBatch([
        { method: 'GET', url: 'a' },
        { method: 'DELETE', url: 'a(1)' },
      ]),
      false,
    );
  });
});

describe('parseBatchResponse', () => {
  const contentTypeOf = (body: string): string => `multipart/mixed; boundary=${/^--(\S+)/.exec(body)![1]}`;
  for (const [name, ends] of [
    ['CRLF', crlf],
    ['LF', (s: string) => s],
  ] as const) {
    it(`reads the documented change-set answer (${name} line ends)`, () => {
      const items = parseBatchResponse(contentTypeOf(DOCS_CHANGESET_RESPONSE), ends(DOCS_CHANGESET_RESPONSE));
      assert.equal(items.length, 2);
      const cs = items[0]!;
      assert.ok('changeSet' in cs);
      assert.deepEqual(
        cs.changeSet.map((p) => [p.status, p.statusText, p.contentId, p.position, p.body]),
        [
          [204, 'No Content', '1', 1, ''],
          [204, 'No Content', '2', 2, ''],
          [204, 'No Content', '3', 3, ''],
        ],
      );
      assert.equal(
        cs.changeSet[0]!.entityId,
        '[Organization Uri]/api/data/v9.2/tasks(e73ffc82-e292-ed11-aad1-000d3a9933c9)',
      );
      assert.equal(cs.changeSet[1]!.headers['odata-version'], '4.0');
      const get = items[1] as BatchResponsePart;
      assert.equal(get.status, 200);
      assert.equal(get.position, 4);
      assert.equal(get.json<{ value: { subject: string }[] }>().value[0]!.subject, 'Task 1 in batch');
      assert.equal(get.error, undefined);
    });
  }

  it('reads a failed part as a typed error', () => {
    const [part] = parseBatchResponse(
      contentTypeOf(DOCS_ERROR_RESPONSE),
      crlf(DOCS_ERROR_RESPONSE),
    ) as BatchResponsePart[];
    assert.equal(part!.status, 400);
    assert.ok(part!.error instanceof DataverseError);
    assert.equal(part!.error.code, '0x80044331');
    assert.match(
      part!.error.message,
      /^Part 1 of the batch answer: Dataverse answered 400 \(0x80044331\): A validation error occurred\. The length of the 'subject'/,
    );
  });

  it('reads parts that end right after their headers, and headers without a space after the colon', () => {
    const [cs] = parseBatchResponse(undefined, DOCS_REFERENCE_RESPONSE);
    assert.ok(cs && 'changeSet' in cs);
    assert.deepEqual(
      cs.changeSet.map((p) => [p.status, p.contentId, p.body]),
      [
        [204, '1', ''],
        [204, '3', ''],
      ],
    );
    assert.equal(
      cs.changeSet[0]!.entityId,
      '[Organization URI]/api/data/v9.2/accounts(3dcf8c02-8c75-e911-a97a-000d3a34a1bd)',
    );
  });

  it("carries a throttled part's Retry-After", () => {
    const body = crlf(
      `--b\nContent-Type: application/http\n\nHTTP/1.1 429 Too Many Requests\nRetry-After: 12\n\n{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}\n--b--\n`,
    );
    const [part] = parseBatchResponse('multipart/mixed; boundary=b', body) as BatchResponsePart[];
    assert.equal(part!.error?.details.retryAfterSeconds, 12);
    assert.equal(part!.error?.isThrottling, true);
  });

  const broken: [string, string | undefined, string, RegExp][] = [
    ['no boundary at all', 'application/json', '{"value":[]}', /no multipart boundary|no part starts/],
    [
      'a cut-short answer',
      'multipart/mixed; boundary=b',
      '--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{"value":[',
      /ends before the closing boundary/,
    ],
    [
      'a part without a status line',
      'multipart/mixed; boundary=b',
      '--b\r\nContent-Type: application/http\r\n\r\n<html>oops</html>\r\n--b--',
      /part 1 has no HTTP status line/,
    ],
  ];
  for (const [name, type, body, message] of broken) {
    it(`explains ${name} without showing it`, () =>
      assert.throws(
        () => parseBatchResponse(type, body),
        (e: unknown) => e instanceof BatchResponseError && message.test(e.message) && !/html|value/.test(e.message),
      ));
  }

  it('splits on whole delimiter lines only', () => {
    assert.deepEqual(splitMultipart('--b\r\nA --b inside\r\n--bb not one\r\n--b\r\nB\r\n--b--\r\n', 'b'), [
      'A --b inside\r\n--bb not one',
      'B',
    ]);
  });
});

describe('executeBatch', () => {
  it('sends one POST to $batch and returns every part, errors typed, items not run counted', async () => {
    const http = new FakeHttp([
      response(400, crlf(DOCS_ERROR_RESPONSE), {
        'content-type': 'multipart/mixed; boundary=batchresponse_156da4b8-cd2c-4862-a911-4aaab97c001a',
      }),
    ]);
    const items: BatchItem[] = [1, 2, 3].map((n) => ({ method: 'POST', url: 'tasks', body: task(n) }));
    const result = await executeBatch(clientWith(http), items);
    assert.equal(result.status, 400);
    assert.equal(result.parts.length, 1);
    assert.equal(result.notRun, 2);
    assert.equal(result.errors[0]!.code, '0x80044331');
    assert.equal(http.requests.length, 1);
    const req = http.requests[0]!;
    assert.equal(req.url, `${API}$batch`);
    assert.equal(req.method, 'POST');
    assert.match(req.headers?.['Content-Type'] ?? '', /^multipart\/mixed; boundary="batch_[0-9a-f-]{36}"$/);
    assert.equal(req.headers?.Prefer, undefined);
    assert.equal(req.idempotent, undefined, 'a batch that writes is never resent');
    assert.equal(req.headers?.Authorization, 'Bearer cached-token');
  });

  it('asks to continue on error when told to', async () => {
    const http = new FakeHttp([
      response(200, crlf(DOCS_CHANGESET_RESPONSE), {
        'content-type': 'multipart/mixed; boundary=batchresponse_f27ef42d-51b0-4685-bac9-f468f844de2f',
      }),
    ]);
    const result = await executeBatch(clientWith(http), docsItems(), {
      continueOnError: true,
      headers: { prefer: 'odata.include-annotations="*"' },
    });
    assert.equal(http.requests[0]!.headers?.Prefer, 'odata.include-annotations="*",odata.continue-on-error');
    assert.equal(result.items.length, 2);
    assert.equal(result.parts.length, 4);
    assert.equal(result.notRun, 0);
    assert.deepEqual(result.errors, []);
  });

  it("asks to continue on error once when the caller's Prefer already does", async () => {
    const http = new FakeHttp([
      response(200, crlf(DOCS_CHANGESET_RESPONSE), {
        'content-type': 'multipart/mixed; boundary=batchresponse_f27ef42d-51b0-4685-bac9-f468f844de2f',
      }),
    ]);
    await executeBatch(clientWith(http), docsItems(), {
      continueOnError: true,
      headers: { Prefer: 'odata.continue-on-error', 'Content-Type': 'text/plain' },
    });
    assert.equal(http.requests[0]!.headers?.Prefer, 'odata.continue-on-error');
    assert.match(http.requests[0]!.headers?.['Content-Type'] ?? '', /^multipart\/mixed/);
  });

  it('throws a typed error when the batch as a whole is refused', async () => {
    const http = new FakeHttp([
      response(
        400,
        { error: { code: '0x80060888', message: 'The batch request must have a Content-Type of multipart/mixed.' } },
        { 'content-type': 'application/json' },
      ),
    ]);
    await assert.rejects(
      executeBatch(clientWith(http), docsItems()),
      (e: unknown) => e instanceof DataverseError && e.code === '0x80060888',
    );
  });

  it('checks the batch before asking for a token', async () => {
    const http = new FakeHttp([]);
    await assert.rejects(
      executeBatch(clientWith(http), [{ changeSet: [{ method: 'GET', url: 'accounts' }] }]),
      BatchError,
    );
    assert.equal(http.requests.length, 0);
    assert.ok(ORG);
  });
});
