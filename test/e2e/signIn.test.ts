// The whole browser sign-in as a person does it: Accounts menu → "Sign in with Dynamics 365" → the
// sign-in page in the browser → consent → back into VS Code through its URI handler → the account is
// in the Accounts menu. Then a forged callback (unknown state) is ignored: logged, never shown.
import assert from 'node:assert/strict';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../../scripts/harness/emulator';
import { workbenchSuite } from './suite';
import { logLines } from './extensionLog';
import { allowOpeningTheBrowser, openSignInPageFromPalette, startSignInFromAccountsMenu } from './signInSteps';
import { waitForAccountsEntry } from './workbench';

describe('browser sign-in through the URI handler', function () {
  this.timeout(180_000);
  const suite = workbenchSuite('signin', {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({ 'dynamics365.clientId': URI_HANDLER_APP }),
  });
  let redirectUri = '';

  it('signs in from the Accounts menu and comes back to VS Code', async () => {
    const { wb, emulator } = suite;
    const user = emulator.info.users![0]!;
    // Opening the view activates the extension, whose silent request adds the Accounts menu entry.
    await wb.openViewContainer('Dynamics 365');
    const popup = wb.page.context().waitForEvent('page', { timeout: 90_000 });
    await startSignInFromAccountsMenu(wb);
    await allowOpeningTheBrowser(wb.page);
    const signInPage = await popup;
    await signInPage.waitForURL(/\/oauth2\/v2\.0\/authorize/, { timeout: 30_000 });
    redirectUri = new URL(signInPage.url()).searchParams.get('redirect_uri') ?? '';
    assert.match(redirectUri, /\/callback\?/, "the redirect URI is code-server's callback for the URI handler");
    await wb.screenshot('signing-in');
    if (process.env.E2E_SCREENSHOTS === '1') {
      await signInPage.screenshot({ path: 'test-results/e2e/signin-emulator-page.png' });
    }
    await signInPage.locator('#username').fill(user.username);
    await signInPage.locator('#password').fill(user.password);
    await signInPage.locator('#idSIButton9').click();
    await signInPage.locator('#idBtn_Accept').click({ timeout: 30_000 });
    const account = await waitForAccountsEntry(wb, new RegExp(user.username.replace(/[.@]/g, '\\$&')), 60_000);
    assert.ok(account);
    await wb.closeMenus();
    await wb.openAccountsMenu();
    await wb.screenshot('accounts-menu-signed-in');
    await wb.closeMenus();
  });

  it('ignores a callback whose state no sign-in issued: logged, not shown, and the sign-in goes on waiting', async () => {
    const { wb } = suite;
    // Start a second sign-in so that VS Code waits for a callback, then answer it with a forged state.
    const signInPage = await openSignInPageFromPalette(wb, 'Sandbox');
    const callback = new URL(new URL(signInPage.url()).searchParams.get('redirect_uri') ?? '');
    callback.searchParams.set('code', 'forged-code');
    callback.searchParams.set('state', 'forged-state');
    await signInPage.goto(callback.toString()).catch(() => undefined);
    const [line] = await logLines(
      wb,
      /Ignored a sign-in callback from the URI handler that no sign-in is waiting for \(unknownState\)/,
    );
    assert.match(line!, /does not match a sign-in started here/);
    await wb.page
      .locator('.notifications-toasts .notification-toast', { hasText: /Signing in to Dynamics 365/ })
      .first()
      .waitFor({ timeout: 10_000 });
    assert.equal(
      await wb.page
        .locator('.notifications-toasts .notification-toast', { hasText: /sign-in answer|does not match/ })
        .count(),
      0,
    );
    await wb.screenshot('forged-callback-ignored');
  });

  it('signs out from the Accounts menu', async () => {
    const { wb, emulator } = suite;
    const user = new RegExp(emulator.info.users![0]!.username.replace(/[.@]/g, '\\$&'));
    const label = await waitForAccountsEntry(wb, user);
    const entries = '.context-view .monaco-menu .action-item .action-label';
    await wb.page.locator(entries, { hasText: label }).first().hover();
    const signOut = wb.page.locator(entries, { hasText: /^Sign Out$/ }).first();
    await signOut.waitFor({ timeout: 15_000 });
    await wb.page.waitForTimeout(500);
    await signOut.click();
    const confirm = wb.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Sign Out$/ }).first();
    if (
      await confirm.waitFor({ timeout: 15_000 }).then(
        () => true,
        () => false,
      )
    ) {
      await confirm.click();
    }
    const deadline = Date.now() + 30_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = await wb.openAccountsMenu();
      await wb.closeMenus();
      if (seen.length && !seen.some((e) => user.test(e))) break;
      await wb.page.waitForTimeout(500);
    }
    assert.ok(!seen.some((e) => user.test(e)), `still in the Accounts menu: ${JSON.stringify(seen)}`);
  });
});
