import { strict as assert } from 'node:assert';
import { chooseSignInFlows, flowsForConnection, type FlowQuery } from '../../../../src/core/auth/flows';
import type { ConnectionAuthentication } from '../../../../src/core/config/connection';

describe('chooseSignInFlows', () => {
  const base: FlowQuery = {
    extensionHost: 'local',
    client: 'public',
    redirectRegistered: false,
    builtInClient: true,
    setting: 'auto',
  };
  const table: [string, Partial<FlowQuery>, string[]][] = [
    ['built-in client, desktop → loopback first', {}, ['loopback', 'deviceCode', 'pasteUrl']],
    ['built-in client, remote → device code (no loopback)', { extensionHost: 'remote' }, ['deviceCode', 'pasteUrl']],
    ['built-in client, web → device code', { extensionHost: 'web' }, ['deviceCode', 'pasteUrl']],
    [
      'built-in client cannot use the URI handler even if asked',
      { redirectRegistered: true, setting: 'uriHandler' },
      ['loopback', 'deviceCode', 'pasteUrl'],
    ],
    [
      'own app with redirect, desktop → URI handler first',
      { builtInClient: false, redirectRegistered: true },
      ['uriHandler', 'loopback', 'deviceCode', 'pasteUrl'],
    ],
    [
      'own app with redirect, remote → URI handler',
      { builtInClient: false, redirectRegistered: true, extensionHost: 'remote' },
      ['uriHandler', 'deviceCode', 'pasteUrl'],
    ],
    [
      'own app with redirect, web → URI handler',
      { builtInClient: false, redirectRegistered: true, extensionHost: 'web' },
      ['uriHandler', 'deviceCode', 'pasteUrl'],
    ],
    ['own app without redirect, desktop → loopback', { builtInClient: false }, ['loopback', 'deviceCode', 'pasteUrl']],
    [
      'own app without redirect, remote → device code',
      { builtInClient: false, extensionHost: 'remote' },
      ['deviceCode', 'pasteUrl'],
    ],
    ['setting deviceCode goes first', { setting: 'deviceCode' }, ['deviceCode', 'loopback', 'pasteUrl']],
    ['setting pasteUrl goes first', { setting: 'pasteUrl', extensionHost: 'remote' }, ['pasteUrl', 'deviceCode']],
    [
      'setting loopback on a remote host is honoured (browser on the same machine)',
      { setting: 'loopback', extensionHost: 'remote' },
      ['loopback', 'deviceCode', 'pasteUrl'],
    ],
    ['loopback is not offered on a web host unless asked for', { extensionHost: 'web' }, ['deviceCode', 'pasteUrl']],
    [
      'setting loopback with own app on desktop',
      { setting: 'loopback', builtInClient: false, redirectRegistered: true },
      ['loopback', 'uriHandler', 'deviceCode', 'pasteUrl'],
    ],
    [
      'setting uriHandler without registration is not possible',
      { setting: 'uriHandler', builtInClient: false },
      ['loopback', 'deviceCode', 'pasteUrl'],
    ],
    ['confidential with secret', { client: 'confidential', builtInClient: false }, ['clientSecret']],
    [
      'confidential with certificate',
      { client: 'confidential', builtInClient: false, credential: 'certificate' },
      ['clientCertificate'],
    ],
    [
      'confidential ignores the interactive setting',
      { client: 'confidential', builtInClient: false, setting: 'deviceCode', credential: 'secret' },
      ['clientSecret'],
    ],
    ['imported token', { importedToken: true }, ['importedToken']],
  ];
  for (const [name, q, expected] of table) {
    it(name, () => assert.deepEqual(chooseSignInFlows({ ...base, ...q }), expected));
  }
});

describe('flowsForConnection', () => {
  const where = { extensionHost: 'local', redirectRegistered: false, builtInClient: true, setting: 'auto' } as const;
  const table: [ConnectionAuthentication, string[]][] = [
    ['interactive', ['loopback', 'deviceCode', 'pasteUrl']],
    ['clientSecret', ['clientSecret']],
    ['clientCertificate', ['clientCertificate']],
    // A connection set up for imported tokens goes to the import path, never to a browser or device code.
    ['importedToken', ['importedToken']],
  ];
  for (const [authentication, expected] of table) {
    it(`authentication "${authentication}" → ${expected.join(', ')}`, () =>
      assert.deepEqual(flowsForConnection(authentication, where), expected));
  }
});
