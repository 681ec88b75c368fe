import { strict as assert } from 'node:assert';
import { parseDocument, readConnection } from '../../../../src/core/query/syntax/parser';
import { requestAt, targetPosition, type QueryDocument } from '../../../../src/core/query/syntax/syntax';
import type { Range } from '../../../../src/core/query/syntax/text';

function codes(doc: QueryDocument): string[] {
  return doc.diagnostics.map((d) => d.code);
}

function r(range: Range | undefined): string {
  return range ? `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}` : 'none';
}

const SAMPLE = [
  '# Contoso scratchpad', // 0
  '@connection = https://Contoso.crm.dynamics.com/', // 1
  '@top = 10', // 2
  '', // 3
  '### List accounts', // 4
  'GET accounts?$select=name&$top={{top}}', // 5
  '    &$filter=name ne null', // 6
  'Prefer: odata.include-annotations="*"', // 7
  '', // 8
  '###', // 9
  '// @name create', // 10
  '@local = x', // 11
  'POST accounts HTTP/1.1', // 12
  'Content-Type: application/json', // 13
  '', // 14
  '{', // 15
  '  "name": "Contoso"', // 16
  '}', // 17
  '# a trailing comment', // 18
  '###', // 19
  '<fetch top="5">', // 20
  '  <entity name="account"/>', // 21
  '</fetch>', // 22
].join('\n');

describe('scratchpad parser', () => {
  const doc = parseDocument(SAMPLE);

  it('reads the connection line and file variables', () => {
    assert.deepEqual(codes(doc), []);
    assert.equal(doc.connection?.orgUrl?.url, 'https://contoso.crm.dynamics.com');
    assert.equal(r(doc.connection?.valueRange), '1:14-1:47');
    assert.deepEqual(
      doc.variables.map((v) => [v.name, v.value, v.scope]),
      [
        ['connection', 'https://Contoso.crm.dynamics.com/', 'file'],
        ['top', '10', 'file'],
      ],
    );
  });

  it('splits requests at ### lines, with titles, names, ranges and CodeLens ranges', () => {
    assert.deepEqual(
      doc.requests.map((q) => [q.index, q.kind, q.title, q.name?.value]),
      [
        [0, 'http', 'List accounts', undefined],
        [1, 'http', undefined, 'create'],
        [2, 'fetchxml', undefined, undefined],
      ],
    );
    assert.deepEqual(
      doc.requests.map((q) => r(q.lensRange)),
      ['5:0-5:38', '12:0-12:22', '20:0-20:15'],
    );
    assert.deepEqual(
      doc.requests.map((q) => r(q.blockRange)),
      ['4:0-8:0', '9:0-18:20', '19:0-22:8'],
    );
    assert.deepEqual(
      doc.requests.map((q) => r(q.range)),
      ['5:0-7:37', '12:0-17:1', '20:0-22:8'],
    );
  });

  it('joins continuation lines into the target and maps offsets back to the document', () => {
    const target = doc.requests[0]!.line!.target;
    assert.equal(target.text, 'accounts?$select=name&$top={{top}}&$filter=name ne null');
    assert.deepEqual(targetPosition(target, target.text.indexOf('&$filter')), { line: 6, character: 4 });
    assert.deepEqual(targetPosition(target, 0), { line: 5, character: 4 });
  });

  it('reads headers, bodies (without trailing comments) and request variables', () => {
    const create = doc.requests[1]!;
    assert.equal(create.line!.method, 'POST');
    assert.equal(create.line!.target.text, 'accounts');
    assert.deepEqual(
      create.headers.map((h) => [h.name, h.value, r(h.valueRange)]),
      [['Content-Type', 'application/json', '13:14-13:30']],
    );
    assert.equal(create.body!.text, '{\n  "name": "Contoso"\n}');
    assert.deepEqual(
      create.variables.map((v) => [v.name, v.scope]),
      [['local', 'request']],
    );
    assert.equal(doc.requests[2]!.fetch!.text, '<fetch top="5">\n  <entity name="account"/>\n</fetch>');
  });

  it('finds the request under a position', () => {
    assert.equal(requestAt(doc, { line: 0, character: 0 }), undefined);
    assert.equal(requestAt(doc, { line: 4, character: 2 })?.index, 0);
    assert.equal(requestAt(doc, { line: 8, character: 0 })?.index, 0);
    assert.equal(requestAt(doc, { line: 16, character: 5 })?.index, 1);
    assert.equal(requestAt(doc, { line: 22, character: 8 })?.index, 2);
  });

  it('takes a request in the first block, a bare target as GET, and lower-case methods', () => {
    const d = parseDocument('@top = 1\naccounts?$top={{top}}\n###\npatch accounts(1)\n\n{"name":"x"}\n###\nWhoAmI');
    assert.deepEqual(codes(d), []);
    assert.deepEqual(
      d.requests.map((q) => [q.line!.method, q.line!.target.text, q.line!.methodRange === undefined]),
      [
        ['GET', 'accounts?$top={{top}}', true],
        ['PATCH', 'accounts(1)', false],
        ['GET', 'WhoAmI', true],
      ],
    );
    assert.equal(d.variables[0]!.scope, 'file');
  });

  it('takes GET <set> with a <fetch> body as FetchXML on that entity set, and headers before a bare <fetch>', () => {
    const d = parseDocument(
      'GET accounts\n\n<fetch><entity name="account"/></fetch>\n###\nPrefer: odata.include-annotations="*"\n<fetch><entity name="contact"/></fetch>',
    );
    assert.deepEqual(codes(d), []);
    assert.equal(d.requests[0]!.kind, 'fetchxml');
    assert.equal(d.requests[0]!.line!.target.text, 'accounts');
    assert.equal(d.requests[1]!.kind, 'fetchxml');
    assert.deepEqual(
      d.requests[1]!.headers.map((h) => h.name),
      ['Prefer'],
    );
    assert.equal(r(d.requests[1]!.lensRange), '4:0-4:37');
  });

  it('parses a $batch into operations and change sets', () => {
    const d = parseDocument(
      [
        'POST $batch',
        'Prefer: odata.continue-on-error',
        '',
        'GET accounts?$top=1',
        '',
        '--- changeset',
        'POST accounts',
        '',
        '{"name":"a"}',
        '',
        'PATCH accounts(1)',
        'If-Match: *',
        '',
        '{"name":"b"}',
        '--- end',
        '<fetch><entity name="account"/></fetch>',
        '--- changeset',
        'DELETE accounts(2)',
      ].join('\n'),
    );
    assert.deepEqual(codes(d), []);
    const q = d.requests[0]!;
    assert.equal(q.kind, 'batch');
    assert.deepEqual(
      q.headers.map((h) => h.name),
      ['Prefer'],
    );
    const shape = q.batch!.parts.map((p) =>
      p.kind === 'request'
        ? `${p.request.kind}:${p.request.line?.target.text ?? 'fetch'}`
        : `changeset[${p.requests.map((s) => `${s.line!.method} ${s.line!.target.text}${s.body ? ` ${s.body.text}` : ''}`).join(' | ')}]`,
    );
    assert.deepEqual(shape, [
      'http:accounts?$top=1',
      'changeset[POST accounts {"name":"a"} | PATCH accounts(1) {"name":"b"}]',
      'fetchxml:fetch',
      'changeset[DELETE accounts(2)]',
    ]);
  });

  const bad: [string, string, string][] = [
    ['GTE accounts', 'unknown-method', '0:0-0:3'],
    ['hello world', 'expected-request', '0:0-0:11'],
    ['GET', 'empty-target', '0:0-0:3'],
    ['GET accounts\nGET contacts', 'missing-separator', '1:0-1:12'],
    ['GET accounts\n\nGET contacts', 'missing-separator', '2:0-2:12'],
    ['GET accounts\nthis is no header', 'bad-header', '1:0-1:17'],
    ['POST accounts\n{"a":1}', 'missing-blank-line', '1:0-1:7'],
    ['<fetch>\n<entity name="a"/>', 'unterminated-fetch', '0:0-0:7'],
    ['<fetch><entity name="a"/></fetch>\nGET x', 'text-after-fetch', '1:0-1:5'],
    ['@1x = 2\nGET x', 'bad-variable', '0:0-0:7'],
    ['@x\nGET x', 'bad-variable', '0:0-0:2'],
    ['@x = 1\n@x = 2\nGET x', 'duplicate-variable', '1:1-1:2'],
    ['# @name my request\nGET x', 'bad-name', '0:8-0:18'],
    ['# @name a\nGET x\n###\n# @name a\nGET y', 'duplicate-name', '3:8-3:9'],
    ['GET x\n###\n@connection = https://a.crm.dynamics.com\nGET y', 'connection-not-at-top', '2:0-2:40'],
    ['@connection = http://a.crm.dynamics.com', 'bad-connection', '0:14-0:39'],
    ['GET accounts?$top={{top', 'unclosed-variable', '0:18-0:23'],
    ['GET accounts\n\n{"a":1}', 'body-not-allowed', '2:0-2:7'],
    ['PATCH accounts(1)', 'missing-body', '0:0-0:17'],
    ['GET $batch\n\nGET x', 'batch-method', '0:0-0:3'],
    ['POST $batch\n\nPOST $batch', 'batch-nested', '2:0-2:11'],
    ['POST $batch', 'batch-empty', '0:0-0:11'],
    ['POST $batch\n\n--- changeset\nGET accounts\n--- end', 'batch-get-in-changeset', '3:0-3:12'],
    ['POST $batch\n\nGET x\n--- end', 'batch-stray-end', '3:0-3:7'],
    ['POST $batch\n\nGET x\n--- foo', 'batch-bad-marker', '3:0-3:7'],
    ['POST $batch\n\n--- changeset\n--- end\nGET x', 'batch-empty-changeset', '2:0-2:13'],
    ['POST $batch\n\naccounts', 'batch-expected-request', '2:0-2:8'],
    ['GET WhoAmI\nauthorization: Bearer x', 'authorization-header', '1:0-1:13'],
    ['POST $batch\nAuthorization: Bearer x\n\nGET accounts', 'authorization-header', '1:0-1:13'],
    ['POST $batch\n\nPOST accounts\nAUTHORIZATION: Bearer x\n\n{}', 'authorization-header', '3:0-3:13'],
    ['Authorization: Bearer x\n<fetch><entity name="account"/></fetch>', 'authorization-header', '0:0-0:13'],
  ];
  for (const [text, code, range] of bad) {
    it(`reports ${code} for ${JSON.stringify(text)}`, () => {
      const d = parseDocument(text).diagnostics.find((x) => x.code === code);
      assert.ok(d, `no ${code} in ${JSON.stringify(parseDocument(text).diagnostics.map((x) => x.code))}`);
      assert.equal(r(d.range), range);
      assert.ok(d.message.length > 10 && !/undefined/.test(d.message), d.message);
    });
  }

  it('refuses a written Authorization header (any case) and a GET body as errors, so neither is sent', () => {
    for (const text of [
      'GET WhoAmI\nauthorization: Bearer x',
      'GET accounts\n\n{"a":1}',
      'POST $batch\n\nGET accounts\n\n{"a":1}',
    ]) {
      const errors = parseDocument(text).diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length, 1, `${text}: ${JSON.stringify(errors)}`);
    }
    const fix = parseDocument('GET WhoAmI\nAuthorization: Bearer x\nPrefer: a').diagnostics[0]!.fixes![0]!;
    assert.deepEqual(fix.edits, [
      { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: '' },
    ]);
    assert.equal(parseDocument('DELETE accounts(1)\n\n{"a":1}').diagnostics[0]?.severity, 'warning');
    assert.equal(
      parseDocument('GET WhoAmI\nProxy-Authorization: x').diagnostics.length,
      0,
      "only Authorization is the extension's own",
    );
  });

  it('offers quick fixes: the nearest method, a missing ###, a blank line, https', () => {
    const method = parseDocument('GTE accounts').diagnostics[0]!;
    assert.deepEqual(
      method.fixes!.map((f) => f.title),
      ['Change to GET'],
    );
    const sep = parseDocument('GET accounts\nGET contacts').diagnostics[0]!;
    assert.deepEqual(sep.fixes![0]!.edits, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '###\n' },
    ]);
    const conn = parseDocument('@connection = contoso.crm.dynamics.com').diagnostics[0]!;
    assert.equal(conn.fixes![0]!.edits[0]!.newText, 'https://contoso.crm.dynamics.com');
  });

  it('accepts \\r\\n line ends', () => {
    const d = parseDocument('@top = 1\r\n###\r\nGET accounts?$top={{top}}\r\nPrefer: x\r\n\r\n');
    assert.deepEqual(codes(d), []);
    assert.equal(d.requests[0]!.line!.target.text, 'accounts?$top={{top}}');
    assert.equal(d.requests[0]!.headers[0]!.value, 'x');
  });

  it('reads the connection line from the first block alone', () => {
    assert.equal(
      readConnection('# x\n@connection = https://A.crm4.dynamics.com\nGET x')?.orgUrl?.url,
      'https://a.crm4.dynamics.com',
    );
    assert.equal(readConnection('GET x\n###\n@connection = https://a.crm.dynamics.com'), undefined);
    assert.equal(
      readConnection({ lineCount: 2, lineText: (i) => ['@top = 1', '@connection = https://b.crm.dynamics.com'][i]! })
        ?.value,
      'https://b.crm.dynamics.com',
    );
  });

  it('parses an empty document and a document of separators', () => {
    assert.equal(parseDocument('').requests.length, 0);
    assert.equal(parseDocument('###\n###\n\n###').requests.length, 0);
  });
});
