import assert from 'node:assert/strict';
import { workbenchSuite } from './suite';
import { waitForAccountsEntry } from './workbench';

// With a connection configured, the extension makes a silent session request when it activates,
// which puts "Sign in with Dynamics 365 to use …" into the Accounts menu.
describe('Accounts menu with a configured connection', function () {
  this.timeout(120_000);
  const suite = workbenchSuite('accounts', { emulatorArgs: [] });

  it('lists the configured connection in the Environments view', async () => {
    await suite.wb.openViewContainer('Dynamics 365');
    const pane = await suite.wb.view('Environments');
    await pane.locator('.monaco-list-row', { hasText: 'Sandbox' }).first().waitFor({ timeout: 30_000 });
  });

  it('offers "Sign in with Dynamics 365" in the Accounts menu', async () => {
    const entry = await waitForAccountsEntry(suite.wb, /Sign in with Dynamics 365/);
    assert.match(entry, /Dynamics 365 Connections/);
    await suite.wb.screenshot('accounts-menu');
    await suite.wb.closeMenus();
  });
});
