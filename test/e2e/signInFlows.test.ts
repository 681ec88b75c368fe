// The other browser flows with the built-in development client, clicked through as a person would:
// loopback (the browser comes back to a local port) and paste-the-URL (the browser ends on an address
// that does not load; the user pastes it into VS Code).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openSignInPageFromPalette } from './signInSteps';
import { workbenchSuite } from './suite';
import { waitForAccountsEntry, type Workbench } from './workbench';

function flowSuite(
  flow: 'loopback' | 'pasteUrl',
  finish: (wb: Workbench, signInPage: Page, redirected: Promise<string>) => Promise<void>,
): void {
  describe(`browser sign-in with signInFlow "${flow}"`, function () {
    this.timeout(180_000);
    const suite = workbenchSuite(`signin-${flow}`, {
      emulatorArgs: [],
      settings: () => ({ 'dynamics365.signInFlow': flow }),
    });

    it('signs in and the account shows in the Accounts menu', async () => {
      const { wb, emulator } = suite;
      const user = emulator.info.users![1]!;
      await wb.openViewContainer('Dynamics 365');
      const signInPage = await openSignInPageFromPalette(wb, 'Sandbox');
      const redirected = signInPage
        .waitForRequest((r) => /^http:\/\/localhost(:\d+)?\/\?/.test(r.url()), { timeout: 30_000 })
        .then((r) => r.url());
      await signInPage.locator('#username').fill(user.username);
      await signInPage.locator('#password').fill(user.password);
      await signInPage.locator('#idSIButton9').click();
      await finish(wb, signInPage, redirected);
      await waitForAccountsEntry(wb, new RegExp(user.username.replace(/[.@]/g, '\\$&')), 60_000);
      await wb.screenshot('signed-in');
      await wb.closeMenus();
    });
  });
}

flowSuite('loopback', async (_wb, signInPage, redirected) => {
  assert.match(await redirected, /^http:\/\/localhost:\d+\/\?code=/);
  await signInPage
    .getByText(/signed in|close this/i)
    .first()
    .waitFor({ timeout: 30_000 });
});

flowSuite('pasteUrl', async (wb, _signInPage, redirected) => {
  const address = await redirected;
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 30_000 });
  await input.fill('http://localhost/?state=not-this-one&code=abc');
  await wb.page.locator('.quick-input-message', { hasText: /different sign-in attempt/ }).waitFor({ timeout: 10_000 });
  await input.fill(address);
  await wb.page.keyboard.press('Enter');
});
