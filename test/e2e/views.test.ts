import assert from 'node:assert/strict';
import { Workbench } from './workbench';

describe('Dynamics 365 view, no connection configured', function () {
  this.timeout(120_000);
  let wb: Workbench | undefined;
  let failed = false;

  before(async () => {
    wb = await Workbench.open('welcome');
  });
  afterEach(async function () {
    const test = this.currentTest;
    failed ||= test?.state === 'failed';
    await wb?.screenshot(test?.title ?? 'step', test?.state === 'failed');
  });
  after(async () => {
    await wb?.close(failed);
  });

  it('has a Dynamics 365 entry in the activity bar', async () => {
    await wb!.activityBarItem('Dynamics 365').waitFor({ timeout: 30_000 });
  });

  it('opens the Environments view from the activity bar', async () => {
    await wb!.openViewContainer('Dynamics 365');
    const pane = await wb!.view('Environments');
    assert.equal(await pane.count(), 1);
  });

  it('shows the welcome content with a "Sign in to Dynamics 365" button', async () => {
    const pane = await wb!.view('Environments');
    const button = pane.locator('.welcome-view-content .monaco-button', { hasText: 'Sign in to Dynamics 365' });
    await button.waitFor({ timeout: 30_000 });
    assert.equal(await button.isVisible(), true);
  });
});
