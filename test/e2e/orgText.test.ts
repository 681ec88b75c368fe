// An organization's error message in the real workbench: a plug-in on the sandbox org refuses to
// open a record with a message that holds a `[label](command:…)` link. The notification shows the
// message as written, with no link in it to click.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT, type RunningEmulator } from '../../scripts/harness/emulator';
import { completeSignInPage, notificationText, openSignInPageFromPalette } from './signInSteps';
import { workbenchSuite } from './suite';
import { expandTreeRow, treeRow } from './workbench';

const LINK_TEXT = 'Unlock it now';
const PLUGIN_MESSAGE = `This account is locked by a plug-in. [${LINK_TEXT}](command:workbench.action.quit)`;
const NOTIFICATIONS = ':is(.notifications-toasts .notification-toast, .notifications-center .notification-list-item)';

/** POSTs to the emulator's control endpoint (its faults), trusting its CA. */
function setFaults(emulator: RunningEmulator, faults: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(faults);
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${emulator.info.controlUrl}/faults`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        ca: fs.readFileSync(emulator.info.caCertPath, 'utf8'),
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`faults: ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe("an organization's error message in the workbench", function () {
  this.timeout(180_000);
  const suite = workbenchSuite('org-text', {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({ 'dynamics365.clientId': URI_HANDLER_APP }),
  });

  it("a plug-in's message with a command link shows as text, with no link in the notification", async () => {
    const { wb, emulator } = suite;
    const user = emulator.info.users![0]!;
    await wb.openViewContainer('Dynamics 365');
    const signInPage = await openSignInPageFromPalette(wb, 'Sandbox');
    await completeSignInPage(signInPage, user);
    await signInPage.waitForURL(/\/callback/, { timeout: 30_000 }).catch(() => undefined);

    const pane = await wb.view('Environments');
    await treeRow(pane, 'Sandbox')
      .locator('.label-description', { hasText: user.username })
      .waitFor({ timeout: 60_000 });
    for (const label of ['Sandbox', 'Tables', 'Standard', /^Account$/, 'Records']) await expandTreeRow(pane, label);
    const record = pane.locator('.monaco-list-row:has(.codicon-file-code)').first();
    await record.waitFor({ timeout: 60_000 });

    // From now on the org's plug-in refuses to read a single account (the list is already loaded).
    await setFaults(emulator, { pluginErrorMessage: PLUGIN_MESSAGE, pluginErrorPath: 'accounts(' });
    await record.click();
    const text = await notificationText(wb.page, /locked by a plug-in/);
    const item = wb.page.locator(NOTIFICATIONS, { hasText: /locked by a plug-in/ }).first();
    const anchors = await item.locator('a').evaluateAll((els) => els.map((e) => e.outerHTML));
    assert.deepEqual(
      anchors.filter((a) => a.includes(LINK_TEXT) || a.includes('command:')),
      [],
      'the notification holds a link',
    );
    const commandLinks = await wb.page
      .locator(':is([href*="workbench.action.quit"], [data-href*="workbench.action.quit"])')
      .count();
    assert.equal(commandLinks, 0, "a command link of the org's message is on screen");
    assert.ok(
      text.includes(`[${LINK_TEXT}] (command:workbench.action.quit)`),
      `the message is not shown as written: ${text}`,
    );
    await wb.screenshot('org-error-inert');
    await setFaults(emulator, { pluginErrorMessage: '', pluginErrorPath: '' });
  });
});
