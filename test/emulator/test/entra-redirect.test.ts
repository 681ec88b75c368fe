// Redirect URI matching, the rule behind AADSTS50011.
import assert from 'node:assert/strict';
import { buildDirectory, CONSENT_CLIENT_ID, DEV_PUBLIC_CLIENT_ID, findApp } from '../src/entra/directory';
import { redirectUriMatches } from '../src/entra/respond';

describe('emulator Entra side: redirect URI matching', () => {
  const table: [string[], string, boolean][] = [
    [['http://localhost'], 'http://localhost:1234/', true],
    [['http://localhost'], 'http://localhost/', true],
    [['http://localhost'], 'http://localhost:1234/cb', false],
    [['http://localhost'], 'http://127.0.0.1:1234/', false],
    [['http://localhost/cb'], 'http://localhost:9/cb?x=1', true],
    [['https://localhost:8443/cb'], 'https://localhost:8444/cb', false],
    [['https://app.example.com/cb'], 'https://APP.example.com/cb', true],
    [['https://app.example.com/cb'], 'https://app.example.com/CB', false],
    [['app://58145B91-0C36-4500-8554-080854F2AC97'], 'app://58145B91-0C36-4500-8554-080854F2AC97', true],
    [['http://127.0.0.1/stable-*/callback'], 'http://127.0.0.1:8080/stable-abc123/callback?vscode-reqid=1', true],
    [['http://127.0.0.1/stable-*/callback'], 'http://127.0.0.1:8080/other/callback', false],
    [['http://localhost'], 'not a url', false],
  ];
  for (const [registered, requested, expected] of table) {
    it(`${requested} ${expected ? 'matches' : 'does not match'} ${registered.join(', ')}`, () => {
      assert.equal(redirectUriMatches(registered, requested), expected);
    });
  }
});

describe('emulator Entra side: seeded redirect URIs', () => {
  it("registers the extension's URI-handler callbacks on the consent app only", () => {
    const dir = buildDirectory({ redirectUris: [], certificatePem: '' });
    const callback = 'vscode://dataverse-devtools.dynamics365-connections/auth-callback?state=x';
    assert.equal(redirectUriMatches(findApp(dir, CONSENT_CLIENT_ID)!.redirectUris!, callback), true);
    assert.equal(redirectUriMatches(findApp(dir, DEV_PUBLIC_CLIENT_ID)!.redirectUris!, callback), false);
  });
});
