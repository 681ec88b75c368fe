// The entity explorer as a person uses it: sign in, open the Dynamics 365 view, expand the org,
// its tables and a table, read names from the tree, narrow the tables with the filter, and open a
// record as a JSON document.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../../scripts/harness/emulator';
import { completeSignInPage, openSignInPageFromPalette } from './signInSteps';
import { workbenchSuite } from './suite';
import { expandTreeRow, runCommand, treeRow, type Workbench } from './workbench';

async function labelsUnder(pane: Locator): Promise<string[]> {
  return pane.locator('.monaco-list-row .label-name').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
}

async function signIn(wb: Workbench, user: { username: string; password: string }): Promise<void> {
  const page = await openSignInPageFromPalette(wb, 'Sandbox');
  await completeSignInPage(page, user);
  // The tab goes on to VS Code's callback after the consent; closing it here could cut that short.
  await page.waitForURL(/\/callback/, { timeout: 30_000 }).catch(() => undefined);
}

describe('entity explorer', function () {
  this.timeout(180_000);
  const suite = workbenchSuite('explorer', {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({ 'dynamics365.clientId': URI_HANDLER_APP }),
  });
  let pane: Locator;

  it('shows the signed-in organization with its tables grouped', async () => {
    const { wb, emulator } = suite;
    await wb.openViewContainer('Dynamics 365');
    await signIn(wb, emulator.info.users![0]!);
    pane = await wb.view('Environments');
    const org = treeRow(pane, 'Sandbox');
    await org
      .locator('.label-description', { hasText: emulator.info.users![0]!.username })
      .waitFor({ timeout: 60_000 });
    await expandTreeRow(pane, 'Sandbox');
    await expandTreeRow(pane, 'Tables');
    await treeRow(pane, 'Standard').waitFor({ timeout: 60_000 });
    const labels = await labelsUnder(pane);
    assert.ok(labels.includes('Activities'), `groups: ${labels.join(', ')}`);
  });

  it('expands a table and reads its columns', async () => {
    await expandTreeRow(pane, 'Standard');
    await expandTreeRow(pane, /^Account$/);
    await expandTreeRow(pane, 'Columns');
    await treeRow(pane, /^accountid$/).waitFor({ timeout: 60_000 });
    // The list is virtualized: only rows near the top are in the DOM.
    const number = treeRow(pane, /^accountnumber$/);
    await number.waitFor({ timeout: 30_000 });
    assert.match(await number.locator('.label-description').innerText(), /Text\(\d+\)/);
    await suite.wb.screenshot('explorer-columns');
  });

  it('narrows the tables with the filter', async () => {
    const { wb } = suite;
    await runCommand(wb.page, 'Dynamics 365: Filter Tables…');
    const input = wb.page.locator('.quick-input-widget input');
    await input.fill('contact');
    await wb.page.keyboard.press('Enter');
    await treeRow(pane, 'Tables')
      .locator('.label-description', { hasText: 'filter: contact' })
      .waitFor({ timeout: 30_000 });
    await expandTreeRow(pane, 'Tables');
    await expandTreeRow(pane, 'Standard');
    const tables = await labelsUnder(pane);
    assert.ok(tables.includes('Contact'), `tables: ${tables.join(', ')}`);
    assert.ok(!tables.includes('Account'), `account is still shown: ${tables.join(', ')}`);
  });

  it('opens a record as a read-only JSON document', async () => {
    const { wb } = suite;
    await expandTreeRow(pane, /^Contact$/);
    await expandTreeRow(pane, 'Records');
    const first = pane.locator('.monaco-list-row:has(.codicon-file-code)').first();
    await first.waitFor({ timeout: 60_000 });
    await first.click();
    const editor = wb.page.locator('.editor-instance .view-lines').first();
    await editor.waitFor({ timeout: 30_000 });
    // Columns are in name order and the editor renders only what is on screen: the annotations come first.
    await wb.page
      .locator('.editor-instance .view-lines', { hasText: '"@odata.etag"' })
      .first()
      .waitFor({ timeout: 30_000 });
    await wb.page
      .locator('.tab.active', { hasText: /[0-9a-f-]{36}\.json/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await wb.screenshot('explorer-record');
    // The README's picture of the explorer.
    if (process.env.E2E_SCREENSHOTS === '1') await wb.page.screenshot({ path: 'test-results/e2e/explorer.png' });
  });
});
