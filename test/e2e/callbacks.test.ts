// Forged sign-in callbacks, sent the way a web page could send them: through VS Code's URI handler
// (an error with a markdown command link in its description) and to the loopback port (a first
// request with the wrong state). Nothing of theirs may reach the user, and the real sign-in goes on.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { Page } from 'playwright-core';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../../scripts/harness/emulator';
import { logLines } from './extensionLog';
import { notificationText, openSignInPageFromPalette } from './signInSteps';
import { workbenchSuite } from './suite';
import { runCommand, waitForAccountsEntry, type Workbench } from './workbench';

const LINK_TEXT = 'Click here to repair your sign-in';
const DESCRIPTION = `AADSTS50000: There was an error. [${LINK_TEXT}](command:workbench.action.quit)`;
/** How the extension logs a callback it turns away (today's wording and the one before it). */
const HANDLED = /(Ignored|Refused) a sign-in callback/;
const NOTIFICATIONS = ':is(.notifications-toasts, .notifications-center)';

/** Nothing a callback said is on screen, as text or as a clickable command (VS Code's own notifications may hold other command links). */
async function assertNothingClickable(page: Page): Promise<void> {
  const links = await page
    .locator(':is([href*="workbench.action.quit"], [data-href*="workbench.action.quit"])')
    .evaluateAll((els) => els.map((e) => e.outerHTML));
  assert.deepEqual(links, [], "the callback's command link is on screen");
  const texts = await page
    .locator(`${NOTIFICATIONS} :is(.notification-list-item, .notification-toast)`)
    .allInnerTexts();
  assert.ok(
    !texts.some((t) => t.includes(LINK_TEXT) || t.includes('AADSTS50000')),
    `a notification repeats the callback: ${JSON.stringify(texts)}`,
  );
}

/** A redirect URI of this window's URI handler, each with its own request id (the web workbench delivers each id once). */
async function freshCallbackUri(wb: Workbench): Promise<URL> {
  await runCommand(wb.page, 'Dynamics 365: Show Redirect URI for App Registration');
  const text = await notificationText(wb.page, /Register this redirect URI/);
  const uri = /(https?:\/\/\S+)/.exec(text)?.[1];
  assert.ok(uri, `no URI in: ${text}`);
  await wb.page.keyboard.press('Escape');
  return new URL(uri);
}

/** Opens the callback the way a web page would: the browser navigates to it. */
async function sendCallback(wb: Workbench, base: URL, params: Record<string, string>): Promise<void> {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const attacker = await wb.page.context().newPage();
  await attacker.goto(url.toString()).catch(() => undefined);
  await attacker.close();
}

describe('forged callbacks through the URI handler', function () {
  this.timeout(180_000);
  const suite = workbenchSuite('callbacks-uri', {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({ 'dynamics365.clientId': URI_HANDLER_APP }),
  });

  it('an error callback with a command link while nobody waits shows nothing, and is logged', async () => {
    const { wb } = suite;
    await wb.openViewContainer('Dynamics 365');
    const base = await freshCallbackUri(wb);
    await sendCallback(wb, base, {
      error: 'server_error',
      error_description: DESCRIPTION,
      state: 'nobody-issued-this',
    });
    // Once the extension has logged the callback, whatever it was going to show is on screen.
    await logLines(wb, HANDLED);
    await assertNothingClickable(wb.page);
    // The log keeps what the callback said (plain text there), after the fixed reason.
    const [line] = await logLines(
      wb,
      /Ignored a sign-in callback from the URI handler that no sign-in is waiting for \(unknownState\)/,
    );
    assert.match(line!, /The callback carried error=server_error, error_description: AADSTS50000/);
    await wb.screenshot('error-callback-nobody-waits');
  });

  it('while a sign-in waits: a forged error callback is ignored, its own error callback shows a fixed text without links', async () => {
    const { wb } = suite;
    const signInPage = await openSignInPageFromPalette(wb, 'Sandbox');
    const authorize = new URL(signInPage.url());
    const state = authorize.searchParams.get('state') ?? '';
    const redirect = new URL(authorize.searchParams.get('redirect_uri') ?? '');

    await sendCallback(wb, await freshCallbackUri(wb), {
      error: 'server_error',
      error_description: DESCRIPTION,
      state: 'forged-state',
    });
    await logLines(wb, HANDLED, 2);
    await assertNothingClickable(wb.page);
    await logLines(wb, /Ignored a sign-in callback from the URI handler that no sign-in is waiting for/, 2);
    // The sign-in still waits for its answer.
    await wb.page
      .locator(':is(.notifications-toasts .notification-toast, .statusbar-item)', {
        hasText: /Signing in to Dynamics 365/,
      })
      .first()
      .waitFor({ timeout: 10_000 });

    await sendCallback(wb, redirect, { error: 'server_error', error_description: DESCRIPTION, state });
    const message = await notificationText(wb.page, /Sign-in service unavailable/);
    assert.match(message, /could not finish\. Try again in a minute, or try a different way to sign in\./);
    assert.match(message, /Try a Different Way/);
    await assertNothingClickable(wb.page);
    const [ended] = await logLines(wb, /Sign-in ended by a callback from the URI handler \(server\)/);
    assert.match(ended!, /error=server_error, error_description: AADSTS50000/);
    await wb.screenshot('error-callback-fixed-text');
    await signInPage.close();
  });
});

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('a forged first request on the loopback port', function () {
  this.timeout(180_000);
  const suite = workbenchSuite('callbacks-loopback', {
    emulatorArgs: [],
    settings: () => ({ 'dynamics365.signInFlow': 'loopback' }),
  });

  it('does not end the sign-in; the real callback afterwards completes it', async () => {
    const { wb, emulator } = suite;
    const user = emulator.info.users![1]!;
    await wb.openViewContainer('Dynamics 365');
    const signInPage = await openSignInPageFromPalette(wb, 'Sandbox');
    const redirect = new URL(new URL(signInPage.url()).searchParams.get('redirect_uri') ?? '');
    assert.match(redirect.href, /^http:\/\/localhost:\d+\/$/);

    // A web page in the same browser gets there first, with a code and state of its own ...
    const attacker = await wb.page.context().newPage();
    const forged = new URL(redirect);
    forged.search = new URLSearchParams({ code: 'forged-code', state: 'forged-state' }).toString();
    const answer = await attacker.goto(forged.toString());
    assert.equal(answer?.status(), 400);
    assert.match(
      await attacker.locator('body').innerText(),
      /Not the sign-in VS Code is waiting for|does not belong to the sign-in/,
    );
    await attacker.close();
    // ... and a local process tries the other half of localhost, with an error and a link.
    const v6 = await get(
      `http://[::1]:${redirect.port}/?${new URLSearchParams({ error: 'server_error', error_description: DESCRIPTION })}`,
    );
    assert.equal(v6.status, 400);
    assert.doesNotMatch(v6.body, /command:|Click here/);
    await logLines(wb, /Ignored a request to the loopback server/, 2);

    const redirected = signInPage
      .waitForRequest((r) => r.url().startsWith(redirect.href), { timeout: 30_000 })
      .then((r) => r.url());
    await signInPage.locator('#username').fill(user.username);
    await signInPage.locator('#password').fill(user.password);
    await signInPage.locator('#idSIButton9').click();
    assert.match(await redirected, /^http:\/\/localhost:\d+\/\?code=/);
    await signInPage
      .getByText(/signed in|close this/i)
      .first()
      .waitFor({ timeout: 30_000 });
    await waitForAccountsEntry(wb, new RegExp(user.username.replace(/[.@]/g, '\\$&')), 60_000);
    await wb.closeMenus();
    await assertNothingClickable(wb.page);
  });
});
