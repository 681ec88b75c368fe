import * as assert from 'node:assert/strict';
import { SecretRegistry, redact } from '../../../../src/core/log/redact';

const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL29yZy5jcm0uZHluYW1pY3MuY29tIn0.c2lnbmF0dXJlLXZhbHVl';

describe('redact', () => {
  const cases: Array<[string, string, string]> = [
    ['bearer header', `Authorization: Bearer ${jwt}`, 'Authorization: Bearer [REDACTED]'],
    ['bare JWT', `token was ${jwt} ok`, 'token was [REDACTED] ok'],
    ['form body', 'grant_type=authorization_code&code=0.AXYZabc&code_verifier=abcdefg&client_id=1', 'grant_type=authorization_code&code=[REDACTED]&code_verifier=[REDACTED]&client_id=1'],
    ['query string', 'https://x/cb?code=M.C507_BAY&state=s1', 'https://x/cb?code=[REDACTED]&state=s1'],
    ['json', '{"access_token":"abc\\"def","expires_in":3599,"refresh_token":"r"}', '{"access_token":"[REDACTED]","expires_in":3599,"refresh_token":"[REDACTED]"}'],
    ['client secret', 'client_secret=Qx8Q~abc.def&scope=x', 'client_secret=[REDACTED]&scope=x'],
    ['private key', '-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----', '-----PRIVATE KEY [REDACTED]-----'],
    ['entra refresh token shape', `rt 0.AXoA${'a'.repeat(60)} end`, 'rt [REDACTED] end'],
    ['leaves ordinary text alone', 'GET https://org.crm.dynamics.com/api/data/v9.2/accounts?$top=5', 'GET https://org.crm.dynamics.com/api/data/v9.2/accounts?$top=5'],
    ['leaves error codes alone', 'AADSTS50011: The redirect URI does not match', 'AADSTS50011: The redirect URI does not match'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(redact(input), expected));
  }

  it('is idempotent', () => {
    const once = redact(`Bearer ${jwt} code=abc`);
    assert.equal(redact(once), once);
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
