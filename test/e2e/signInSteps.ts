// The steps of a browser sign-in as a person takes them in the workbench: start it (Accounts menu or
// command palette), let VS Code open the browser, and read what VS Code shows afterwards.
import type { Page } from 'playwright-core';
import { runCommand, treeRow, waitForAccountsEntry, waitForNoAccountsEntry, type Workbench } from './workbench';

/**
 * "Dynamics 365: Sign In" from the command palette for the connection named `connection`; resolves
 * with the browser tab on the sign-in page.
 */
export async function openSignInPageFromPalette(
  wb: Workbench,
  connection: string,
  /** The command's title as the palette shows it (in German: "Dynamics 365: Anmelden"). */
  command = 'Dynamics 365: Sign In',
): Promise<Page> {
  const popup = wb.page.context().waitForEvent('page', { timeout: 60_000 });
  await runCommand(wb.page, command);
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: connection }).first().click();
  await allowOpeningTheBrowser(wb.page);
  const signInPage = await popup;
  await signInPage.waitForURL(/\/oauth2\/v2\.0\/authorize/, { timeout: 30_000 });
  return signInPage;
}

/**
 * Clicks "Sign in with Dynamics 365" in the Accounts menu, retried (the last time with Enter on the
 * highlighted entry) until VS Code asks to open the browser.
 */
export async function startSignInFromAccountsMenu(wb: Workbench): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const entry = await waitForAccountsEntry(wb, /Sign in with Dynamics 365/);
    const item = wb.page
      .locator('.context-view .monaco-menu .action-item .action-label', { hasText: entry.split('(')[0]!.trim() })
      .first();
    // A menu ignores a click that comes right after it opened; a person's click never does.
    await item.hover();
    await wb.page.waitForTimeout(500 * attempt);
    if (attempt < 3) await item.click();
    else await wb.page.keyboard.press('Enter');
    const asked = await wb.page
      .locator('.monaco-dialog-box')
      .first()
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (asked) return;
    await wb.closeMenus();
  }
  throw new Error('Clicking "Sign in with Dynamics 365" in the Accounts menu did not start a sign-in');
}

/** code-server asks before it opens an outside link; a person clicks "Open". */
export async function allowOpeningTheBrowser(page: Page): Promise<void> {
  const open = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ }).first();
  if (
    await open.waitFor({ timeout: 15_000 }).then(
      () => true,
      () => false,
    )
  ) {
    await open.click();
  }
}

/** A notification's text, from a toast or (where toasts do not show) the notification center. */
export async function notificationText(page: Page, pattern: RegExp): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: pattern }).first();
  if (
    await toast.waitFor({ timeout: 15_000 }).then(
      () => true,
      () => false,
    )
  ) {
    return toast.innerText();
  }
  await page.locator('[id="status.notifications"] a').first().click();
  const item = page.locator('.notifications-center .notification-list-item', { hasText: pattern }).first();
  await item.waitFor({ timeout: 15_000 });
  return item.innerText();
}

/** The emulator's sign-in page as a person fills it: name, password, then consent. */
export async function completeSignInPage(
  signInPage: Page,
  user: { username: string; password: string },
): Promise<void> {
  await signInPage.locator('#username').fill(user.username);
  await signInPage.locator('#password').fill(user.password);
  await signInPage.locator('#idSIButton9').click();
  await signInPage.locator('#idBtn_Accept').click({ timeout: 30_000 });
}

/**
 * Signs `user` in to the Sandbox connection from the command palette, as a person does, and waits until
 * the Dynamics 365 view names the account. The browser tab is closed only then, so closing it cannot
 * cut the redirect back to VS Code short. `view` and `command` are the titles the workbench shows (they
 * differ in German).
 */
export async function signInFromPalette(
  wb: Workbench,
  user: { username: string; password: string },
  titles: { view?: string; command?: string } = {},
): Promise<void> {
  await wb.openViewContainer('Dynamics 365');
  const pane = await wb.view(titles.view ?? 'Environments');
  const signInPage = await openSignInPageFromPalette(wb, 'Sandbox', titles.command);
  await completeSignInPage(signInPage, user);
  await treeRow(pane, 'Sandbox').locator('.label-description', { hasText: user.username }).waitFor({ timeout: 60_000 });
  await signInPage.close().catch(() => undefined);
}

/** Accounts menu → the account's submenu → Sign Out → confirm; waits until the account has left the menu. */
export async function signOutFromAccountsMenu(wb: Workbench, account: RegExp): Promise<void> {
  const label = await waitForAccountsEntry(wb, account);
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
  await waitForNoAccountsEntry(wb, account);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
