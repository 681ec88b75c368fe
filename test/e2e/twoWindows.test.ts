// Two windows (browser tabs) on one code-server, as a person uses them: a sign-in in one reaches the
// other's Accounts menu when they switch to it; after a reload the account is there without opening
// the Dynamics 365 view (the extension activates at start-up); a sign-out in the other window
// removes the account from the first. Browser VS Code keeps secrets per tab, so none of this can
// travel through SecretStorage (see src/auth/sharedSessionList.ts).
import assert from 'node:assert/strict';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../../scripts/harness/emulator';
import { workbenchSuite } from './suite';
import {
  completeSignInPage,
  escapeRegExp,
  notificationText,
  openSignInPageFromPalette,
  signOutFromAccountsMenu,
} from './signInSteps';
import { waitForAccountsEntry, waitForNoAccountsEntry, type Workbench } from './workbench';

/** Two windows on one server, each with the extension activated at start-up and nobody signed in. */
function twoWindows(name: string): { first: Workbench; second: Workbench; account: RegExp; signIn(): Promise<void> } {
  const suite = workbenchSuite(name, {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({ 'dynamics365.clientId': URI_HANDLER_APP }),
  });
  const windows = {} as { first: Workbench; second: Workbench; account: RegExp; signIn(): Promise<void> };
  before(async function () {
    this.timeout(300_000);
    windows.first = suite.wb;
    windows.second = await suite.wb.openAnotherWindow(`${name}-second`);
    await windows.first.useRealFocus();
    await windows.second.useRealFocus();
    windows.account = new RegExp(escapeRegExp(suite.emulator.info.users![0]!.username));
    // Both windows running the extension, activated at start-up: nobody opened its view or ran a command.
    for (const wb of [windows.second, windows.first]) {
      await wb.page.bringToFront();
      await waitForAccountsEntry(wb, /Sign in with Dynamics 365/, 90_000);
      await wb.closeMenus();
    }
  });
  afterEach(async function () {
    await windows.second?.screenshot(this.currentTest?.title ?? 'step', this.currentTest?.state === 'failed');
  });
  after(async () => {
    await windows.second?.close(false);
  });
  /** Signs in from the first window's palette; the page goes on to code-server's callback page, left open. */
  windows.signIn = async () => {
    await windows.first.page.bringToFront();
    const signInPage = await openSignInPageFromPalette(windows.first, 'Sandbox');
    await completeSignInPage(signInPage, suite.emulator.info.users![0]!);
    await windows.first.page.bringToFront();
    await waitForAccountsEntry(windows.first, windows.account, 60_000);
    await windows.first.closeMenus();
  };
  return windows;
}

describe('two windows on one server', function () {
  this.timeout(240_000);
  const windows = twoWindows('two-windows');

  it("a sign-in in one window reaches the other window's Accounts menu", async () => {
    const { second, account } = windows;
    await windows.signIn();
    await second.page.bringToFront();
    await waitForAccountsEntry(second, account, 60_000);
    await second.screenshot('account-in-second-window');
    await second.closeMenus();
  });

  it('after a reload the account is in the Accounts menu without opening the Dynamics 365 view', async () => {
    const { first, account } = windows;
    await first.page.bringToFront();
    await first.reload();
    await waitForAccountsEntry(first, account, 90_000);
    await first.closeMenus();
    const container = first.activityBarItem('Dynamics 365');
    const opened =
      (await container.getAttribute('aria-selected')) === 'true' ||
      (await container.evaluate((e) => e.classList.contains('checked')));
    assert.equal(opened, false, 'the Dynamics 365 view was never opened in this window');
  });

  it('a sign-out in the other window removes the account from the first', async () => {
    const { first, second, account } = windows;
    await second.page.bringToFront();
    await signOutFromAccountsMenu(second, account);
    await first.page.bringToFront();
    await waitForNoAccountsEntry(first, account, 60_000);
  });
});

// The same two windows as people keep them: the Dynamics 365 view open in each.
describe('two windows on one server, the Dynamics 365 view open in the second', function () {
  this.timeout(240_000);
  const windows = twoWindows('two-windows-view');

  it("a sign-in in the first window reaches the second window's Accounts menu", async () => {
    const { second, account } = windows;
    await second.page.bringToFront();
    await second.openViewContainer('Dynamics 365');
    const pane = await second.view('Environments');
    await pane.locator('.monaco-list-row', { hasText: 'Sandbox' }).first().waitFor({ timeout: 30_000 });
    await windows.signIn();

    await second.page.bringToFront();
    await waitForAccountsEntry(second, account, 60_000);
    await second.closeMenus();
  });

  it('the second window says plainly that it must reload to use that sign-in, and after "Reload Window" it can', async () => {
    const { second, account } = windows;
    const { page } = second;
    const status = page.locator('.statusbar-item', { hasText: 'Reload for Dynamics 365 sign-in' }).first();
    await status.waitFor({ timeout: 30_000 });
    const text = await notificationText(page, /Reload this window to use that sign-in here/);
    assert.match(text, /you signed in to https:\/\/[\w.:-]+ in another window/);
    // Escape (closing the Accounts menu) may have sent the toast to the notification center.
    const button = page
      .locator('.notification-toast, .notification-list-item', { hasText: /Reload this window/ })
      .locator('.monaco-button', { hasText: /^Reload Window$/ })
      .first();
    const reloaded = page.waitForEvent('framenavigated', { timeout: 60_000 });
    await button.click();
    await reloaded;
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
    await waitForAccountsEntry(second, account, 90_000);
    await second.closeMenus();
    assert.equal(await status.count(), 0, 'no reload asked for after the reload');
  });
});
