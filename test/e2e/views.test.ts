import assert from 'node:assert/strict';
import { workbenchSuite } from './suite';

describe('Dynamics 365 view, no connection configured', function () {
  this.timeout(120_000);
  const suite = workbenchSuite('welcome');

  it('has a Dynamics 365 entry in the activity bar', async () => {
    await suite.wb.activityBarItem('Dynamics 365').waitFor({ timeout: 30_000 });
  });

  it('opens the Environments view from the activity bar', async () => {
    await suite.wb.openViewContainer('Dynamics 365');
    const pane = await suite.wb.view('Environments');
    assert.equal(await pane.count(), 1);
  });

  it('shows the welcome content with a "Sign in to Dynamics 365" button', async () => {
    const pane = await suite.wb.view('Environments');
    const button = pane.locator('.welcome-view-content .monaco-button', { hasText: 'Sign in to Dynamics 365' });
    await button.waitFor({ timeout: 30_000 });
    assert.equal(await button.isVisible(), true);
  });
});
