import assert from 'node:assert/strict';
import { emulatorAvailable, startEmulator, type RunningEmulator } from '../harness/emulator';
import { Workbench, waitForAccountsEntry } from './workbench';

// With a connection configured, the extension makes a silent session request when it activates,
// which puts "Sign in with Dynamics 365 to use …" into the Accounts menu.
describe('Accounts menu with a configured connection', function () {
  this.timeout(120_000);
  let emulator: RunningEmulator | undefined;
  let wb: Workbench | undefined;
  let failed = false;

  before(async () => {
    // Without the emulator (not built yet) a made-up org will do: a silent request makes no call.
    emulator = emulatorAvailable() ? await startEmulator() : undefined;
    const userSettings = emulator?.userSettings
      ?? { 'dynamics365.connections': [{ name: 'Sandbox', orgUrl: 'https://sandbox.crm.dynamics.com' }] };
    wb = await Workbench.open('accounts', { userSettings, env: emulator?.env });
  });
  afterEach(async function () {
    const test = this.currentTest;
    failed ||= test?.state === 'failed';
    await wb?.screenshot(test?.title ?? 'step', test?.state === 'failed');
  });
  after(async () => {
    await wb?.close(failed);
    await emulator?.stop();
  });

  it('lists the configured connection in the Environments view', async () => {
    await wb!.openViewContainer('Dynamics 365');
    const pane = await wb!.view('Environments');
    await pane.locator('.monaco-list-row', { hasText: 'Sandbox' }).first().waitFor({ timeout: 30_000 });
  });

  it('offers "Sign in with Dynamics 365" in the Accounts menu', async () => {
    const entry = await waitForAccountsEntry(wb!, /Sign in with Dynamics 365/);
    assert.match(entry, /Dynamics 365 Connections/);
    await wb!.screenshot('accounts-menu');
    await wb!.closeMenus();
  });
});
