import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension, manifest } from './extension';

describe('authentication provider', () => {
  before(() => activatedExtension());

  it('is declared in the manifest as "dynamics365"', () => {
    assert.deepEqual(
      manifest.contributes.authentication.map((a) => a.id),
      ['dynamics365'],
    );
  });

  it('answers a silent session request without prompting', async () => {
    // With no provider this rejects ("No authentication provider 'dynamics365' is currently registered").
    const session = await vscode.authentication.getSession(
      'dynamics365',
      ['https://sandbox.crm.dynamics.com/user_impersonation'],
      { createIfNone: false, silent: true },
    );
    assert.equal(session, undefined);
  });
});
