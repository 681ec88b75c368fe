// Tenants as people paste them: each must just work, normalized once to what Entra expects.
import { strict as assert } from 'node:assert';
import { parseTenant } from '../../../../src/core/org/tenant';

describe('parseTenant: pasted tenants', () => {
  const pasted: [string, string, string][] = [
    ['Contoso.OnMicrosoft.com', 'contoso.onmicrosoft.com', 'domain'],
    ['  contoso.onmicrosoft.com\n', 'contoso.onmicrosoft.com', 'domain'],
    ['\tContoso.com ', 'contoso.com', 'domain'],
    ['contoso.onmicrosoft.com.', 'contoso.onmicrosoft.com', 'domain'],
    ['\u200Bcontoso.onmicrosoft.com\u200B', 'contoso.onmicrosoft.com', 'domain'],
    ['\u00A0contoso.onmicrosoft.com\uFEFF', 'contoso.onmicrosoft.com', 'domain'],
    ['{72F988BF-86F1-41AF-91AB-2D7CD011DB47}', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'id'],
    [' 72f988bf-86f1-41af-91ab-2d7cd011db47\r\n', '72f988bf-86f1-41af-91ab-2d7cd011db47', 'id'],
    [' ORGANIZATIONS ', 'organizations', 'organizations'],
    ['contoso.onmicrosoft.com/', 'contoso.onmicrosoft.com', 'domain'],
    // Authority and endpoint URLs copied from the Entra admin center.
    ['https://login.microsoftonline.com/contoso.onmicrosoft.com', 'contoso.onmicrosoft.com', 'domain'],
    [
      'https://login.microsoftonline.com/72F988BF-86F1-41AF-91AB-2D7CD011DB47/oauth2/v2.0/token',
      '72f988bf-86f1-41af-91ab-2d7cd011db47',
      'id',
    ],
    ['https://login.microsoftonline.com/organizations/', 'organizations', 'organizations'],
  ];
  for (const [input, tenant, kind] of pasted) {
    it(`${JSON.stringify(input)} → ${tenant}`, () => assert.deepEqual(parseTenant(input), { ok: true, tenant, kind }));
  }

  it('still refuses what is not a tenant, quoting it without the stray spaces', () => {
    const r = parseTenant('  contoso onmicrosoft  ');
    assert.ok(!r.ok);
    assert.match(r.message, /^"contoso onmicrosoft" is not a tenant/);
    const url = parseTenant('https://login.microsoftonline.com/');
    assert.ok(!url.ok, 'an authority URL without a tenant');
    assert.match(url.message, /^"https:\/\/login\.microsoftonline\.com\/" is not a tenant/);
  });
});
