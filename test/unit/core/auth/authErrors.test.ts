import { strict as assert } from 'node:assert';
import {
  DEAD_REFRESH_TOKEN_CODES,
  extractAuthError,
  mapAuthError,
  type AuthAction,
} from '../../../../src/core/auth/authErrors';
import { HttpTimeoutError } from '../../../../src/core/http/errors';

const ctx = {
  clientId: '11111111-2222-3333-4444-555555555555',
  redirectUri: 'http://localhost:51234/',
  orgUrl: 'https://contoso.crm.dynamics.com',
  tenant: 'contoso.onmicrosoft.com',
};

function entraBody(code: number, error = 'invalid_grant'): Record<string, unknown> {
  return {
    error,
    error_description: `AADSTS${code}: Something happened.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2026-01-01`,
    error_codes: [code],
    trace_id: 'trace-1',
    correlation_id: 'corr-1',
  };
}

describe('Entra error mapping', () => {
  const table: [number | string, RegExp, AuthAction, boolean][] = [
    [700016, /does not exist in tenant contoso\.onmicrosoft\.com/, 'checkClientId', false],
    [7000215, /client secret .* not valid/, 'checkSecret', false],
    [7000222, /expired/, 'checkSecret', false],
    [
      50011,
      /redirect URI http:\/\/localhost:51234\/ is not registered on app 11111111-2222-3333-4444-555555555555: add it under Authentication/,
      'openAppRegistrationDocs',
      false,
    ],
    [65001, /consent/, 'openAppRegistrationDocs', false],
    [50076, /multi-factor/, 'signInAgain', true],
    [50079, /register for multi-factor/, 'signInAgain', true],
    [53003, /Conditional Access/, 'signInAgain', true],
    [50173, /revoked/, 'signInAgain', true],
    [700082, /without use/, 'signInAgain', true],
    [70043, /sign-in frequency/, 'signInAgain', true],
    [90002, /tenant "contoso\.onmicrosoft\.com" does not exist/, 'checkTenant', false],
    [500011, /https:\/\/contoso\.crm\.dynamics\.com is not a Dynamics 365 organization/, 'checkOrgUrl', false],
    [54005, /already redeemed/, 'signInAgain', false],
    [501481, /PKCE/, 'tryDifferentWay', false],
    [50126, /user name or password is incorrect/, 'signInAgain', false],
    [70016, /not been entered yet/, 'tryDifferentWay', false],
    [70019, /expired before it was entered/, 'tryDifferentWay', false],
    [50058, /no signed-in session/, 'signInAgain', true],
    [7000218, /Allow public client flows/, 'tryDifferentWay', false],
    ['authorization_declined', /declined on the other device/, 'signInAgain', false],
    ['login_required', /no signed-in session/, 'signInAgain', true],
    ['interaction_required', /sign in interactively/, 'signInAgain', true],
    ['access_denied', /cancelled/, 'tryDifferentWay', false],
  ];
  for (const [code, message, action, dead] of table) {
    it(`${code}`, () => {
      const body = typeof code === 'number' ? entraBody(code) : { error: code, error_description: 'Something.' };
      const f = mapAuthError(body, ctx);
      assert.equal(f.code, typeof code === 'number' ? `AADSTS${code}` : code);
      assert.match(f.whatToDo, message);
      assert.ok(f.actions.includes(action), f.actions.join());
      if (typeof code === 'number') assert.equal(f.deadRefreshToken, dead);
      assert.doesNotMatch(f.message, /undefined/);
    });
  }

  it('lists the dead refresh token codes from the design', () => {
    for (const c of [700082, 70043, 50173, 50076, 53003]) assert.ok(DEAD_REFRESH_TOKEN_CODES.has(c), String(c));
  });

  it('reads msal-node ServerError-shaped objects', () => {
    const err = Object.assign(
      new Error(
        'invalid_grant: Error(s): 700082 - Description: AADSTS700082: The refresh token has expired due to inactivity.',
      ),
      {
        errorCode: 'invalid_grant',
        errorMessage:
          'Error(s): 700082 - Timestamp: x - Description: AADSTS700082: The refresh token has expired due to inactivity.',
        subError: 'bad_token',
        errorNo: '700082',
        correlationId: 'c1',
      },
    );
    const x = extractAuthError(err);
    assert.equal(x.aadsts, 700082);
    assert.equal(x.error, 'invalid_grant');
    assert.equal(x.subError, 'bad_token');
    assert.equal(x.correlationId, 'c1');
    const f = mapAuthError(err);
    assert.equal(f.code, 'AADSTS700082');
    assert.ok(f.deadRefreshToken);
  });

  it('finds the AADSTS number in text when there is no error_codes', () => {
    assert.equal(
      extractAuthError({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' })
        .aadsts,
      7000215,
    );
    assert.equal(extractAuthError('AADSTS50011: mismatch').aadsts, 50011);
  });

  it('falls back to the OAuth error for unknown AADSTS numbers', () => {
    const f = mapAuthError(
      { error: 'invalid_client', error_description: 'AADSTS9999999: New thing.', error_codes: [9999999] },
      ctx,
    );
    assert.equal(f.code, 'AADSTS9999999');
    assert.match(f.title, /Client credentials not accepted/);
  });

  it('keeps an unknown error readable and redacted', () => {
    const f = mapAuthError({
      error: 'weird',
      error_description: 'It broke; access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig and Bearer abc.def',
    });
    assert.equal(f.code, 'weird');
    assert.match(f.message, /Sign-in did not complete/);
    assert.doesNotMatch(f.message, /eyJhbGci|abc\.def/);
  });

  it('never leaks secrets a server echoes', () => {
    const f = mapAuthError({
      error: 'invalid_grant',
      error_description:
        'AADSTS9002313: Invalid request. refresh_token=0.AXYZ' + 'a'.repeat(60) + ' client_secret=hunter2hunter2',
    });
    assert.doesNotMatch(f.message + JSON.stringify(f.details), /hunter2|0\.AXYZ/);
  });

  it('explains network failures, also when MSAL wrapped them', () => {
    const wrapped = Object.assign(new Error('network_error'), {
      errorCode: 'network_error',
      cause: new HttpTimeoutError('login.microsoftonline.com/t/oauth2/v2.0/token', 30_000),
    });
    const f = mapAuthError(wrapped);
    assert.equal(f.code, 'ETIMEDOUT');
    assert.match(f.whatToDo, /No answer from login\.microsoftonline\.com/);
    assert.equal(f.deadRefreshToken, false);
  });

  it('treats invalid_grant with an unlisted AADSTS number as a dead grant, but not a listed non-dead one', () => {
    assert.equal(
      mapAuthError({
        error: 'invalid_grant',
        error_description: 'AADSTS9002313: Invalid request.',
        error_codes: [9002313],
      }).deadRefreshToken,
      true,
    );
    assert.equal(mapAuthError(entraBody(54005)).deadRefreshToken, false);
    assert.equal(mapAuthError({ error: 'invalid_client', error_codes: [9999999] }).deadRefreshToken, false);
  });

  it('handles nothing useful', () => {
    assert.equal(mapAuthError(undefined).code, 'unknown');
    assert.doesNotMatch(mapAuthError(null).message, /undefined|null/);
  });
});
