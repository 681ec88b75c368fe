// The whole emulator (HTTPS, its own CA, the Entra side minting real tokens) with the Dataverse side:
// a client discovers the tenant from the 401 challenge, gets a token with msal-node and queries.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { caNetworkClient, httpsRequest } from './support/entra-support';
import { startEmulator, type Emulator } from '../src/server';

describe('dataverse emulator: full stack over HTTPS with real tokens', function () {
  let emu: Emulator;
  let ca: string;

  before(async function () {
    this.timeout(30000);
    emu = await startEmulator({ accounts: 300 });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
  });
  after(() => emu?.close());

  it('challenges with the authority of the emulated tenant, then answers with a client-credentials token', async () => {
    const anonymous = await httpsRequest(`${emu.info.orgUrl}/api/data/v9.2/`, ca);
    assert.equal(anonymous.status, 401);
    const challenge = /authorization_uri=(\S+), resource_id=(\S+)/.exec(anonymous.headers['www-authenticate'] ?? '');
    assert.ok(challenge, anonymous.headers['www-authenticate']);
    assert.equal(challenge[1], `${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/authorize`);
    assert.equal(challenge[2], `${emu.info.orgUrl}/`);

    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: emu.info.confidentialClientId,
        clientSecret: emu.info.confidentialClientSecret,
        authority: `${emu.info.authorityHost}/${emu.info.tenantId}`,
        knownAuthorities: [new URL(emu.info.authorityHost).host],
      },
      system: { networkClient: caNetworkClient(emu.info.caCertPath) },
    });
    const token = await cca.acquireTokenByClientCredential({ scopes: [`${emu.info.orgUrl}/.default`] });
    assert.ok(token?.accessToken);
    const headers = {
      Authorization: `Bearer ${token.accessToken}`,
      Accept: 'application/json',
      Prefer: 'odata.maxpagesize=100',
    };
    const who = await httpsRequest(`${emu.info.orgUrl}/api/data/v9.2/WhoAmI`, ca, { headers });
    assert.equal(who.status, 200, who.body);
    const userId = String((JSON.parse(who.body) as Record<string, unknown>)['UserId']);
    const me = await httpsRequest(`${emu.info.orgUrl}/api/data/v9.2/systemusers(${userId})?$select=fullname`, ca, {
      headers,
    });
    assert.equal(me.status, 200, 'the caller exists as a systemuser after WhoAmI');
    const page = await httpsRequest(`${emu.info.orgUrl}/api/data/v9.2/accounts?$select=name`, ca, { headers });
    const body = JSON.parse(page.body) as Record<string, unknown>;
    assert.equal((body['value'] as unknown[]).length, 100);
    assert.ok(String(body['@odata.nextLink']).startsWith(`${emu.info.orgUrl}/api/data/v9.2/accounts?`));
  });
});
