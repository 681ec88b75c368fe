// Saving a connection that is already in the settings ("Add Connection" again, "Update Connection"
// after a failed secret, a picked environment) merges into its entry: the person's name for it and
// its safety (readOnly, production) must survive, or writes go out without the question.
import * as assert from 'node:assert/strict';
import { withConnectionSaved } from '../../../../src/core/config/connectionEntries';

const url = 'https://contoso.crm.dynamics.com';
const other = { name: 'Other', orgUrl: 'https://fabrikam.crm.dynamics.com', readOnly: true };

describe('withConnectionSaved', () => {
  it('keeps name, readOnly and production of the existing entry when the same org is saved again', () => {
    const current = [{ name: 'Contoso PROD', orgUrl: url, readOnly: true, production: true }];
    assert.deepEqual(withConnectionSaved(current, { orgUrl: url, authentication: 'interactive' }), [
      { name: 'Contoso PROD', orgUrl: url, readOnly: true, production: true, authentication: 'interactive' },
    ]);
  });

  it('finds the entry however its org URL was written, and writes the new URL and fields over it in place', () => {
    const current = [
      other,
      { name: 'Sandbox', orgUrl: ' HTTPS://contoso.crm.dynamics.com/api/data/v9.2/ ', production: true, tenant: 'old' },
    ];
    assert.deepEqual(
      withConnectionSaved(current, {
        orgUrl: url,
        authentication: 'interactive',
        tenant: 'contoso.onmicrosoft.com',
        clientId: undefined,
        certificatePath: '',
      }),
      [
        other,
        {
          name: 'Sandbox',
          orgUrl: url,
          production: true,
          tenant: 'contoso.onmicrosoft.com',
          authentication: 'interactive',
        },
      ],
    );
  });

  it('a new client secret for the same app keeps everything else (the "Update Connection" button)', () => {
    const current = [
      { orgUrl: url, authentication: 'clientSecret', clientId: 'app', tenant: 't', cloud: 'gcc', readOnly: true },
    ];
    assert.deepEqual(
      withConnectionSaved(current, { orgUrl: url, authentication: 'clientSecret', clientId: 'app2', tenant: 't' }),
      [{ orgUrl: url, authentication: 'clientSecret', clientId: 'app2', tenant: 't', cloud: 'gcc', readOnly: true }],
    );
  });

  it("another sign-in method drops the old method's client id and certificate, not the safety", () => {
    const current = [
      {
        name: 'N',
        orgUrl: url,
        authentication: 'clientCertificate',
        clientId: 'app',
        certificatePath: '/k.pem',
        production: true,
      },
    ];
    assert.deepEqual(withConnectionSaved(current, { orgUrl: url, authentication: 'interactive' }), [
      { name: 'N', orgUrl: url, authentication: 'interactive', production: true },
    ]);
  });

  it("another sign-in method does not keep the old one's v1 endpoint", () => {
    const current = [
      { orgUrl: url, authentication: 'clientSecret', clientId: 'a', endpointVersion: 'v1', production: true },
    ];
    assert.deepEqual(
      withConnectionSaved(current, {
        orgUrl: url,
        authentication: 'clientCertificate',
        clientId: 'c',
        certificatePath: '/c.pem',
      }),
      [
        {
          orgUrl: url,
          authentication: 'clientCertificate',
          clientId: 'c',
          certificatePath: '/c.pem',
          production: true,
        },
      ],
    );
  });

  it('an entry without "authentication" is interactive: saving interactive again keeps its client id', () => {
    const current = [{ orgUrl: url, clientId: 'my-public-app', readOnly: true }];
    assert.deepEqual(withConnectionSaved(current, { orgUrl: url, authentication: 'interactive' }), [
      { orgUrl: url, clientId: 'my-public-app', readOnly: true, authentication: 'interactive' },
    ]);
  });

  it('with two entries for the org, merges into the one with the same sign-in method and leaves the other', () => {
    const person = { name: 'Me', orgUrl: url, readOnly: true };
    const app = { name: 'App', orgUrl: url, authentication: 'clientSecret', clientId: 'a', production: true };
    assert.deepEqual(
      withConnectionSaved([person, app], { orgUrl: url, authentication: 'clientSecret', clientId: 'b' }),
      [person, { ...app, clientId: 'b' }],
    );
  });

  it('without a sign-in method (a picked environment) merges into the first entry and keeps its method', () => {
    const current = [{ orgUrl: url, authentication: 'clientSecret', clientId: 'a', readOnly: true }, other];
    assert.deepEqual(withConnectionSaved(current, { name: 'Contoso', orgUrl: url, tenant: 'tid' }), [
      { orgUrl: url, authentication: 'clientSecret', clientId: 'a', readOnly: true, name: 'Contoso', tenant: 'tid' },
      other,
    ]);
  });

  it('adds a new org at the end, and leaves entries that are not objects or have no org alone', () => {
    const current = ['junk', { name: 'no url' }, other];
    assert.deepEqual(
      withConnectionSaved(current, { orgUrl: url, authentication: 'interactive', clientId: undefined }),
      [...current, { orgUrl: url, authentication: 'interactive' }],
    );
  });

  it('does not change the list it was given', () => {
    const entry = { name: 'Keep', orgUrl: url, readOnly: true };
    const current = [entry];
    withConnectionSaved(current, { orgUrl: url, authentication: 'clientSecret', clientId: 'x' });
    assert.deepEqual(current, [{ name: 'Keep', orgUrl: url, readOnly: true }]);
  });
});
