// "Compare Environments…" as a person runs it: two orgs of the emulator that differ by known edits,
// chosen in the quick picks; the Metadata Differences view lists the changed table, and clicking
// its changed column opens VS Code's diff editor on the line with the new max length.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type { Page } from 'playwright-core';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT, type EmulatorInfo } from '../../scripts/harness/emulator';
import { allowOpeningTheBrowser } from './signInSteps';
import { workbenchSuite } from './suite';
import { runCommand, treeRow, type Workbench } from './workbench';

function post(info: EmulatorInfo, url: string, body: unknown): Promise<number> {
  const ca = fs.readFileSync(info.caCertPath, 'utf8');
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Walks whatever the sign-in tab shows (sign-in form, consent, account picker) until it goes back to VS Code. */
async function finishSignIn(page: Page, user: { username: string; password: string }): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until && !/\/callback/.test(page.url())) {
    if (
      await page
        .locator('#username')
        .isVisible()
        .catch(() => false)
    ) {
      await page.locator('#username').fill(user.username);
      await page.locator('#password').fill(user.password);
      await page.locator('#idSIButton9').click();
    } else if (
      await page
        .locator('#idBtn_Accept')
        .isVisible()
        .catch(() => false)
    ) {
      await page.locator('#idBtn_Accept').click();
    } else if (
      await page
        .locator('button', { hasText: user.username })
        .first()
        .isVisible()
        .catch(() => false)
    ) {
      await page.locator('button', { hasText: user.username }).first().click();
    }
    await page.waitForTimeout(300);
  }
}

async function signIn(wb: Workbench, connection: string, user: { username: string; password: string }): Promise<void> {
  const popup = wb.page.context().waitForEvent('page', { timeout: 60_000 });
  await runCommand(wb.page, 'Dynamics 365: Sign In');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: connection }).first().click();
  await allowOpeningTheBrowser(wb.page);
  await finishSignIn(await popup, user);
}

async function pick(wb: Workbench, label: string | RegExp): Promise<void> {
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: 30_000 });
}

async function answer(wb: Workbench, text: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(text);
  await wb.page.keyboard.press('Enter');
}

describe('metadata differences', function () {
  this.timeout(240_000);
  const suite = workbenchSuite('metadataDiff', {
    emulatorArgs: [...URI_HANDLER_REDIRECT, '--second-org'],
    settings: (emulator) => ({
      'dynamics365.clientId': URI_HANDLER_APP,
      'dynamics365.connections': [
        { name: 'Sandbox', orgUrl: emulator!.info.orgUrl },
        { name: 'Second', orgUrl: emulator!.info.secondOrgUrl },
      ],
    }),
  });

  it('opens a diff editor on the changed max length from the differences view', async () => {
    const { wb, emulator } = suite;
    const control = String(emulator.info.secondOrgControlUrl);
    assert.equal(
      await post(emulator.info, `${control}/metadata/set-max-length`, {
        table: 'contact',
        column: 'jobtitle',
        maxLength: 250,
      }),
      200,
    );
    await wb.openViewContainer('Dynamics 365');
    const user = emulator.info.users![0]!;
    await signIn(wb, 'Sandbox', user);
    await signIn(wb, 'Second', user);
    const environments = await wb.view('Environments');
    for (const name of ['Sandbox', 'Second']) {
      await treeRow(environments, name)
        .locator('.label-description', { hasText: user.username })
        .waitFor({ timeout: 60_000 });
    }

    await runCommand(wb.page, 'Dynamics 365: Compare Environments…');
    await pick(wb, 'Sandbox');
    await pick(wb, 'Another organization');
    await pick(wb, 'Second');
    await answer(wb, 'contact');
    await answer(wb, '');

    // The view starts collapsed; the comparison reveals its first difference, which expands it, and a
    // person opens it by its header only when VS Code leaves it collapsed. A header click toggles, so
    // clicking while the reveal is on its way (as wb.view would) collapsed the view again: wait for
    // the reveal first.
    const section = '.pane-header[aria-label="Metadata Differences Section"]';
    const header = wb.page.locator(`.part.sidebar ${section}`).first();
    await header.waitFor({ state: 'attached', timeout: 30_000 });
    const revealed = await wb.page
      .locator(`.part.sidebar ${section}[aria-expanded="true"]`)
      .first()
      .waitFor({ state: 'attached', timeout: 20_000 })
      .then(
        () => true,
        () => false,
      );
    if (!revealed) await header.click();
    const pane = wb.page.locator('.part.sidebar .pane').filter({ has: wb.page.locator(section) });
    // A click on the table opens its diff (the item's command); the twistie expands it.
    const table = treeRow(pane, /^contact$/);
    await table.waitFor({ timeout: 60_000 });
    assert.match(await table.locator('.label-description').innerText(), /changed, 1 difference$/);
    await table.locator('.monaco-tl-twistie').click();
    const row = treeRow(pane, 'column jobtitle');
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.locator('.label-description').innerText(), /maxLength: 100 → 250/);
    await row.click();

    const diff = wb.page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 30_000 });
    const modified = diff.locator('.editor.modified .view-lines');
    const original = diff.locator('.editor.original .view-lines');
    await modified.filter({ hasText: 'maxLength: 250' }).waitFor({ timeout: 30_000 });
    assert.match(await original.innerText(), /maxLength:\s100/);
    await wb.screenshot('metadata-diff-editor');
  });
});
