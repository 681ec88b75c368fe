// Imported access tokens: kept only when they name the organization as audience and carry a numeric
// expiry in the future.
import { strict as assert } from 'node:assert';
import { readImportedAccessToken } from '../../../../src/core/auth/importedAccessToken';

const ORG = 'https://contoso.crm.dynamics.com';
const NOW = Date.UTC(2026, 0, 1);
const LATER = NOW / 1000 + 3600;

function jwt(claims: unknown): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2ln`;
}

describe('readImportedAccessToken', () => {
  const refused: [string, string, RegExp][] = [
    ['no audience', jwt({ exp: LATER, oid: 'o' }), /names no audience \("aud"\).*contoso/],
    ['an empty audience list', jwt({ aud: [], exp: LATER }), /names no audience/],
    ['a non-text audience', jwt({ aud: 42, exp: LATER }), /names no audience/],
    [
      'another organization',
      jwt({ aud: 'https://fabrikam.crm.dynamics.com', exp: LATER }),
      /is for https:\/\/fabrikam\.crm\.dynamics\.com, not for https:\/\/contoso/,
    ],
    ['a look-alike host', jwt({ aud: `${ORG}.evil.example`, exp: LATER }), /not for/],
    ['no expiry', jwt({ aud: ORG }), /no expiry \("exp"\)/],
    ['an expiry as text', jwt({ aud: ORG, exp: String(LATER) }), /no expiry/],
    [
      'an expiry that is not finite',
      `${jwt({ aud: ORG }).split('.')[0]}.${Buffer.from(`{"aud":"${ORG}","exp":1e999}`).toString('base64url')}.x`,
      /no expiry/,
    ],
    ['an expired token', jwt({ aud: ORG, exp: NOW / 1000 - 1 }), /already expired/],
    ['not a JWT', 'eyJhbGciOiJub25lIn0.bm90IGpzb24.x', /could not be read/],
    ['a JSON array payload', jwt([1, 2]), /could not be read/],
  ];
  for (const [name, token, message] of refused) {
    it(`refuses ${name}`, () => {
      const r = readImportedAccessToken(token, ORG, NOW);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, message);
    });
  }

  it('does not echo markdown or links from the audience', () => {
    const r = readImportedAccessToken(jwt({ aud: '[click](command:workbench.action.quit)', exp: LATER }), ORG, NOW);
    assert.ok(!r.ok && !/[[\]()]/.test(r.message.split(', not for')[0] ?? ''), r.ok ? '' : r.message);
  });

  const accepted: [string, unknown][] = [
    ['the org URL', ORG],
    ['the org URL with a slash, in upper case', `${ORG.toUpperCase()}/`],
    ['a list naming the org', ['00000007-0000-0000-c000-000000000000', `${ORG}/`]],
  ];
  for (const [name, aud] of accepted) {
    it(`keeps a token whose audience is ${name}`, () => {
      const r = readImportedAccessToken(jwt({ aud, exp: LATER, oid: 'OID', upn: 'kim@contoso.com' }), ORG, NOW);
      assert.deepEqual(r, {
        ok: true,
        value: { accountId: 'imported:OID', label: 'kim@contoso.com', expiresOn: LATER * 1000 },
      });
    });
  }
});
