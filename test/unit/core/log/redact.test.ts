import * as assert from 'node:assert/strict';
import { SecretRegistry, redact } from '../../../../src/core/log/redact';

const jwt =
  'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL29yZy5jcm0uZHluYW1pY3MuY29tIn0.c2lnbmF0dXJlLXZhbHVl';

describe('redact', () => {
  const cases: Array<[string, string, string]> = [
    ['bearer header', `Authorization: Bearer ${jwt}`, 'Authorization: Bearer [REDACTED]'],
    ['bare JWT', `token was ${jwt} ok`, 'token was [REDACTED] ok'],
    [
      'form body',
      'grant_type=authorization_code&code=0.AXYZabc&code_verifier=abcdefg&client_id=1',
      'grant_type=authorization_code&code=[REDACTED]&code_verifier=[REDACTED]&client_id=1',
    ],
    ['query string', 'https://x/cb?code=M.C507_BAY&state=s1', 'https://x/cb?code=[REDACTED]&state=s1'],
    [
      'json',
      '{"access_token":"abc\\"def","expires_in":3599,"refresh_token":"r"}',
      '{"access_token":"[REDACTED]","expires_in":3599,"refresh_token":"[REDACTED]"}',
    ],
    ['client secret', 'client_secret=Qx8Q~abc.def&scope=x', 'client_secret=[REDACTED]&scope=x'],
    [
      'private key',
      '-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----',
      '-----PRIVATE KEY [REDACTED]-----',
    ],
    ['entra refresh token shape', `rt 0.AXoA${'a'.repeat(60)} end`, 'rt [REDACTED] end'],
    [
      'leaves ordinary text alone',
      'GET https://org.crm.dynamics.com/api/data/v9.2/accounts?$top=5',
      'GET https://org.crm.dynamics.com/api/data/v9.2/accounts?$top=5',
    ],
    [
      'leaves error codes alone',
      'AADSTS50011: The redirect URI does not match',
      'AADSTS50011: The redirect URI does not match',
    ],
    // Gaps closed in issue 8: key names in any case and after any punctuation.
    ['key in upper case', 'REFRESH_TOKEN=abcdefgh12345', 'REFRESH_TOKEN=[REDACTED]'],
    ['camelCase key in any case', 'RefreshToken=abcdefgh12345', 'RefreshToken=[REDACTED]'],
    ['kebab-case key', 'x-client-secret=abcdefgh12345', 'x-client-secret=[REDACTED]'],
    ['key after a parenthesis', '(password=hunter2hunter2)', '(password=[REDACTED])'],
    ['key after a semicolon', 'a=1;Password=hunter2hunter2;b=2', 'a=1;Password=[REDACTED];b=2'],
    ['token=', 'GET /cb?token=abcdefgh12345&x=1', 'GET /cb?token=[REDACTED]&x=1'],
    ['JSON key in another case', '{"Client_Secret":"abcdefgh12345"}', '{"Client_Secret":"[REDACTED]"}'],
    [
      'JSON escaped inside JSON',
      '{"body":"{\\"refresh_token\\":\\"abcdefgh12345\\"}"}',
      '{"body":"{\\"refresh_token\\":\\"[REDACTED]\\"}"}',
    ],
    [
      'JS object (util.inspect)',
      "{ refreshToken: 'abcdefgh12345', expiresIn: 3599 }",
      "{ refreshToken: '[REDACTED]', expiresIn: 3599 }",
    ],
    ['YAML-style compound key', 'client_secret: abcdefgh12345', 'client_secret: [REDACTED]'],
    [
      'prose after a plain word keeps the error code',
      'Invalid client secret: AADSTS7000215',
      'Invalid client secret: AADSTS7000215',
    ],
    [
      'URL-encoded pair',
      'redirect=https%3A%2F%2Fx%2Fcb%3Fcode%3Dabcdefgh12345%26state%3D1',
      'redirect=https%3A%2F%2Fx%2Fcb%3Fcode%3D[REDACTED]%26state%3D1',
    ],
    ['double URL-encoded pair', 'u=%253Fcode%253Dabcdefgh12345%2526s%253D1', 'u=%253Fcode%253D[REDACTED]%2526s%253D1'],
    [
      'URL-encoded JSON',
      '%7B%22refresh_token%22%3A%22abcdefgh12345%22%7D',
      '%7B%22refresh_token%22%3A%22[REDACTED]%22%7D',
    ],
    [
      'Negotiate',
      'Proxy-Authorization: Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag',
      'Proxy-Authorization: Negotiate [REDACTED]',
    ],
    [
      'NTLM scheme in text',
      'sent NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAA and got 401',
      'sent NTLM [REDACTED] and got 401',
    ],
    ['Basic padded in JSON', '{"Authorization":"Basic dXNlcjpwYXNzd29yZA=="}', '{"Authorization":"[REDACTED]"}'],
    ['a header line whatever the scheme', 'Authorization: SharedKey acct:c2lnbmF0dXJl', 'Authorization: [REDACTED]'],
    ['cookies', 'Set-Cookie: ESTSAUTH=abc.def.ghi; path=/; secure', 'Set-Cookie: [REDACTED]'],
    [
      'challenge parameters are not credentials',
      'WWW-Authenticate: Bearer authorization_uri="https://login.microsoftonline.com/t/oauth2/authorize"',
      'WWW-Authenticate: Bearer authorization_uri="https://login.microsoftonline.com/t/oauth2/authorize"',
    ],
    [
      'user:pass@ in a URL',
      'proxy http://me:S3cret!pass@proxy.local:3128/ failed',
      'proxy http://me:[REDACTED]@proxy.local:3128/ failed',
    ],
    [
      'user:pass@ without a scheme',
      'http.proxy is me:S3cret!pass@proxy.local:3128',
      'http.proxy is me:[REDACTED]@proxy.local:3128',
    ],
    [
      'user:pass@ URL-encoded',
      'p=http%3A%2F%2Fme%3AS3cretpass%40proxy%3A3128',
      'p=http%3A%2F%2Fme%3A[REDACTED]%40proxy%3A3128',
    ],
    ['Entra refresh token glued to a word', `rt:0.AXoA${'b'.repeat(60)}.AgABAAEAAAD-x*y`, 'rt:[REDACTED]'],
    ['ADAL v1 refresh token', `was AQABAAAAAAD${'c'.repeat(60)} end`, 'was [REDACTED] end'],
    ['Microsoft account refresh token', 'got M.R3_BAY.-CUqWQ6lbnt9!8NbEXAMPLEcfxWq$ end', 'got [REDACTED] end'],
    ['Microsoft account code', 'code M.C507_BL2.2.U.0f8e3c2a-1234-5678-9abc-def012345678 end', 'code [REDACTED] end'],
    [
      'bare Entra client secret',
      'secret was Abc8Q~dEf.GhI_jKlMnOpQrStUvWxYz0123456789 here',
      'secret was [REDACTED] here',
    ],
    ['bare PKCE verifier', 'verifier Zr8Qx2LkP0aB-c_9dEfGhIjKlMnOpQrStUvWxYz01234567 used', 'verifier [REDACTED] used'],
    ['JWE with five segments', 'tok eyJhbGciOiJSU0EtT0FFUCJ9.aGVsbG8td29ybGQ.aXZpdg.Y2lwaGVy.dGFn!', 'tok [REDACTED]!'],
    [
      'keeps a Dataverse error code',
      '{"error":{"code":"0x80040217","message":"Not found"}}',
      '{"error":{"code":"0x80040217","message":"Not found"}}',
    ],
    [
      'keeps GUIDs, thumbprints and URLs',
      "trace 0f8e3c2a-1234-5678-9abc-def012345678 thumb 3A5F0C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5F6A7B GET https://org.crm.dynamics.com/api/data/v9.2/EntityDefinitions(LogicalName='account')/Attributes",
      "trace 0f8e3c2a-1234-5678-9abc-def012345678 thumb 3A5F0C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5F6A7B GET https://org.crm.dynamics.com/api/data/v9.2/EntityDefinitions(LogicalName='account')/Attributes",
    ],
    [
      'keeps prose about tokens',
      'Could not refresh the token: AADSTS700082 expired. Basic authentication is off.',
      'Could not refresh the token: AADSTS700082 expired. Basic authentication is off.',
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(redact(input), expected));
  }

  it('is idempotent', () => {
    const once = redact(`Bearer ${jwt} code=abc`);
    assert.equal(redact(once), once);
  });

  it('is idempotent on every case above', () => {
    for (const [, input] of cases) assert.equal(redact(redact(input)), redact(input), input);
  });

  it('scrubs a registered value also URL-encoded, form-encoded and inside a JSON string', () => {
    const registry = new SecretRegistry();
    registry.add('p@ss w"rd/+x');
    const text = `a p@ss w"rd/+x b ${encodeURIComponent('p@ss w"rd/+x')} c ${new URLSearchParams({ v: 'p@ss w"rd/+x' }).toString()} d ${JSON.stringify({ v: 'p@ss w"rd/+x' })}`;
    const out = registry.scrub(text);
    for (const part of ['p@ss', 'w"rd', 'w\\"rd', 'w%22rd', 'p%40ss']) {
      assert.ok(!out.includes(part), `${part} survived: ${out}`);
    }
  });

  it('masks a registered value whole even when another registered value is part of it', () => {
    const registry = new SecretRegistry();
    registry.add('abcdefgh');
    registry.add('abcdefgh-and-more');
    assert.equal(registry.scrub('x abcdefgh-and-more y'), 'x [REDACTED] y');
  });

  it('scrubs registered values that have no recognizable shape', () => {
    const registry = new SecretRegistry();
    registry.add('Sup3r-s3cret-value');
    registry.add('short');
    assert.equal(registry.scrub('secret Sup3r-s3cret-value and short'), 'secret [REDACTED] and short');
    registry.delete('Sup3r-s3cret-value');
    assert.equal(registry.scrub('Sup3r-s3cret-value'), 'Sup3r-s3cret-value');
  });
});
