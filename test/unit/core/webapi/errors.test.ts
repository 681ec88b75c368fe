import * as assert from 'node:assert/strict';
import {
  dataverseErrorFrom,
  DataverseError,
  hintFor,
  isThrottlingCode,
  throttlingDetail,
} from '../../../../src/core/webapi/errors';

describe('dataverseErrorFrom', () => {
  it('reads the code and message of a Dataverse error body, with a hint', () => {
    const e = dataverseErrorFrom(
      404,
      JSON.stringify({ error: { code: '0x80040217', message: 'account With Id = 1 Does Not Exist' } }),
    );
    assert.ok(e instanceof DataverseError);
    assert.equal(e.status, 404);
    assert.equal(e.code, '0x80040217');
    assert.equal(e.serviceCode, '0x80040217');
    assert.equal(e.serviceMessage, 'account With Id = 1 Does Not Exist');
    assert.equal(e.hint, 'The record or table does not exist (or you cannot see it).');
    assert.equal(
      e.message,
      'Dataverse answered 404 (0x80040217): account With Id = 1 Does Not Exist The record or table does not exist (or you cannot see it).',
    );
  });

  const shapes: [string, number, string, { code: string; message: RegExp; not?: RegExp }][] = [
    ['an empty body', 401, '', { code: 'HTTP401', message: /not signed in/ }],
    [
      'an HTML page from a gateway',
      502,
      '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><script>x()</script></body></html>',
      { code: 'HTTP502', message: /gateway or proxy/, not: /<|DOCTYPE|script/ },
    ],
    [
      'JSON that is not an error',
      500,
      '{"value":[1,2,3]}',
      { code: 'HTTP500', message: /service had a problem/, not: /value/ },
    ],
    ['broken JSON', 400, '{"error": {"code": "0x8', { code: 'HTTP400', message: /not accepted/, not: /\{/ }],
    [
      'an error with an empty code',
      400,
      '{"error":{"code":"","message":"Bad thing."}}',
      { code: 'HTTP400', message: /Bad thing\./ },
    ],
    [
      'an error whose message is HTML',
      500,
      '{"error":{"code":"0x80040216","message":"<html><body>oops</body></html>"}}',
      { code: '0x80040216', message: /service had a problem/, not: /html/ },
    ],
    [
      'a short plain-text answer',
      400,
      "Content-ID Reference: '$1' does not exist in the batch context.",
      { code: 'HTTP400', message: /does not exist in the batch context.*earlier in the same change set/ },
    ],
    [
      'a property not found with code 0x0',
      400,
      `{"error":{"code":"0x0","message":"Could not find a property named 'fullnme' on type 'Microsoft.Dynamics.CRM.contact'."}}`,
      { code: '0x0', message: /fullnme.*logical name/ },
    ],
    [
      'a token echoed in the message',
      400,
      '{"error":{"code":"0x80040203","message":"Bad header Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOi.eyJhdWQiOiJodHRwczovL2.sig123456"}}',
      { code: '0x80040203', message: /REDACTED/, not: /eyJ0eXAi/ },
    ],
    [
      'a multi-line message',
      400,
      '{"error":{"code":"0x80044331","message":"line one\\r\\n\\tline two"}}',
      { code: '0x80044331', message: /line one line two/ },
    ],
  ];
  for (const [name, status, body, want] of shapes) {
    it(`handles ${name}`, () => {
      const e = dataverseErrorFrom(status, body);
      assert.equal(e.code, want.code);
      assert.match(e.message, want.message);
      if (want.not) assert.doesNotMatch(e.message, want.not);
      assert.doesNotMatch(e.message, /undefined/);
    });
  }

  it('caps a very long service message', () => {
    const e = dataverseErrorFrom(400, JSON.stringify({ error: { code: '0x80044331', message: 'x'.repeat(5000) } }));
    assert.ok(e.serviceMessage.length <= 500);
    assert.ok(e.serviceMessage.endsWith('…'));
  });

  it('keeps the error annotations for the log, redacted, out of the message', () => {
    const e = dataverseErrorFrom(
      400,
      JSON.stringify({
        error: {
          code: '0x80040265',
          message: 'Example Error Message.',
          '@Microsoft.PowerApps.CDS.ErrorDetails.OperationStatus': '1',
          '@Microsoft.PowerApps.CDS.ErrorDetails.SubErrorCode': '12345',
          '@Microsoft.PowerApps.CDS.HelpLink':
            'http://go.microsoft.com/fwlink/?LinkID=398563&error=Microsoft.Crm.CrmException%3a80040265&client=platform',
          '@Microsoft.PowerApps.CDS.TraceText': 'Entering MyClass plug-in. client_secret=abc123456789',
        },
      }),
    );
    assert.equal(e.details.subErrorCode, '12345');
    assert.match(e.details.helpLink ?? '', /^http:\/\/go\.microsoft\.com/);
    assert.match(e.details.traceText ?? '', /client_secret=\[REDACTED\]/);
    assert.doesNotMatch(e.message, /go\.microsoft|Entering/);
    assert.match(e.message, /plug-in or workflow/);
  });

  it('names the part of a batch answer', () => {
    const e = dataverseErrorFrom(400, '{"error":{"code":"0x80044331","message":"A validation error occurred."}}', {
      batchPart: { index: 2, contentId: '7' },
    });
    assert.match(e.message, /^Part 3 of the batch answer \(Content-ID 7\): Dataverse answered 400 \(0x80044331\)/);
  });

  it('knows the service protection codes', () => {
    for (const code of ['0x80072322', '0x80072321', '0x80072326', '0X80072322']) {
      assert.equal(isThrottlingCode(code), true, code);
      assert.match(throttlingDetail(code), /service protection/);
    }
    assert.equal(isThrottlingCode('0x80040217'), false);
    assert.equal(
      dataverseErrorFrom(429, '{"error":{"code":"0x80072321","message":"Combined execution time…"}}').isThrottling,
      true,
    );
    assert.equal(dataverseErrorFrom(400, '{"error":{"code":"0x80072322","message":"x"}}').isThrottling, true);
    assert.match(throttlingDetail(undefined), /service protection/);
  });

  it('gives a hint for each documented code it knows and none for others', () => {
    for (const code of [
      '0x80040217',
      '0x8006088a',
      '0x80060888',
      '0x80048d19',
      '0x80044331',
      '0x80040220',
      '0x80040237',
      '0x80060882',
      '0x80040265',
      '0x80041102',
      '0x80041103',
      '0x80040203',
      '0x80072560',
      '0x80040216',
    ]) {
      assert.ok(hintFor(code), code);
      assert.ok(hintFor(code.toUpperCase().replace('0X', '0x')), code);
    }
    assert.equal(hintFor('0x12345678'), undefined);
    assert.equal(hintFor(undefined), undefined);
  });
});
