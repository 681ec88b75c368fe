// The Get Started walkthrough as a newcomer meets it: it opens by itself on the first start, each
// step is checked off by doing the real thing (sign in, expand a table, run a query, click into its
// results, save the scratchpad), and it does not open again after a reload. With E2E_SCREENSHOTS=1
// the steps' pictures are taken for media/walkthrough/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../scripts/harness/builds';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../../scripts/harness/emulator';
import { completeSignInPage, openSignInPageFromPalette } from './signInSteps';
import { newestWebview } from './resultsPage';
import { workbenchSuite } from './suite';
import { expandTreeRow, runCommand, treeRow } from './workbench';

const TITLE = 'Get Started with Dynamics 365';
const mediaShots = path.join(repoRoot, 'test-results', 'e2e', 'walkthrough-media');

/** The walkthrough's editor tab ("Walkthrough: Dynamics 365 Connections"). */
function walkthroughTab(page: Page) {
  return page.locator('.tabs-container .tab', { hasText: 'Walkthrough: Dynamics 365' });
}

/** Brings the walkthrough to the front and waits until the step's check mark is set. */
async function stepDone(page: Page, step: string): Promise<void> {
  await walkthroughTab(page).first().click();
  await page.locator('.gettingStartedContainer', { hasText: TITLE }).first().waitFor({ timeout: 30_000 });
  await page
    .locator(`.gettingStartedContainer [data-done-step-id$="#${step}"][aria-checked="true"]`)
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(async () => {
      const states = await page
        .locator('.gettingStartedContainer [data-done-step-id]')
        .evaluateAll((els) =>
          els.map((e) => `${e.getAttribute('data-done-step-id')}=${e.getAttribute('aria-checked')}`),
        );
      assert.fail(`step "${step}" is not checked off; steps: ${states.join(', ')}`);
    });
}

/** A picture of the workbench for the walkthrough's media (only with E2E_SCREENSHOTS=1). */
async function mediaShot(page: Page, name: string, clip: { x: number; y: number; width: number; height: number }) {
  if (process.env.E2E_SCREENSHOTS !== '1') return;
  fs.mkdirSync(mediaShots, { recursive: true });
  await page.mouse.move(1, 1);
  await page.screenshot({ path: path.join(mediaShots, `${name}.png`), clip });
}

/** The parts of the 1400×900 workbench each picture shows. */
const SIDEBAR = { x: 0, y: 0, width: 346, height: 330 };
const EDITOR = { x: 48, y: 30, width: 820, height: 520 };
const RESULTS = { x: 852, y: 30, width: 548, height: 400 };

describe('Get Started walkthrough', function () {
  this.timeout(180_000);
  const suite = workbenchSuite('walkthrough', {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({
      'dynamics365.clientId': URI_HANDLER_APP,
      // VS Code's own default; the harness turns it off for every other suite.
      'workbench.welcomePage.walkthroughs.openOnInstall': true,
    }),
  });

  it('opens by itself on the first start, with no step done', async () => {
    const page = suite.wb.page;
    const container = page.locator('.gettingStartedContainer', { hasText: TITLE }).first();
    await container.waitFor({ timeout: 60_000 });
    const checked = await container.locator('[data-done-step-id][aria-checked="true"]').count();
    assert.equal(checked, 0, 'a step is already checked off');
    const steps = await container.locator('[data-done-step-id]').count();
    assert.equal(steps, 5);
  });

  it('checks off "Connect an organization" when a sign-in completes', async () => {
    const { wb, emulator } = suite;
    const user = emulator.info.users![0]!;
    await wb.openViewContainer('Dynamics 365');
    const signInPage = await openSignInPageFromPalette(wb, 'Sandbox');
    await completeSignInPage(signInPage, user);
    const pane = await wb.view('Environments');
    await treeRow(pane, 'Sandbox')
      .locator('.label-description', { hasText: user.username })
      .waitFor({ timeout: 60_000 });
    await signInPage.waitForURL(/\/callback/, { timeout: 30_000 }).catch(() => undefined);
    await signInPage.close().catch(() => undefined);
    await mediaShot(wb.page, 'connect', SIDEBAR);
    await stepDone(wb.page, 'connect');
  });

  it('checks off "Browse a table" when a table is expanded', async () => {
    const { wb } = suite;
    const pane = await wb.view('Environments');
    await expandTreeRow(pane, 'Sandbox');
    await expandTreeRow(pane, 'Tables');
    await expandTreeRow(pane, 'Standard');
    await expandTreeRow(pane, /^Account$/);
    await treeRow(pane, 'Columns').waitFor({ timeout: 60_000 });
    await mediaShot(wb.page, 'browse-table', SIDEBAR);
    await stepDone(wb.page, 'browseTable');
  });

  it('checks off "Run a first query" and "Open the results" when a query runs and its results get the focus', async () => {
    const page = suite.wb.page;
    await runCommand(page, 'Dynamics 365: New Web API Scratchpad');
    await page.locator('.editor-instance .view-lines', { hasText: 'GET WhoAmI' }).first().waitFor({ timeout: 60_000 });
    // The cursor goes to the sample's first accounts query, whose results have several rows to show.
    await page.locator('.editor-instance .view-line', { hasText: 'GET accounts?$select=name,revenue' }).first().click();
    await mediaShot(page, 'run-query', EDITOR);
    await runCommand(page, 'Dynamics 365: Run Query');
    const view = newestWebview(page);
    await view.locator('body[data-rows]:not([data-rows="0"])').waitFor({ timeout: 60_000 });
    await view.locator('#tab-json').click();
    await view.locator('#tab-grid').click();
    await mediaShot(page, 'results', RESULTS);
    await stepDone(page, 'runQuery');
    await stepDone(page, 'openResults');
  });

  it('checks off "Save the scratchpad" when the scratchpad is saved to a file', async () => {
    const page = suite.wb.page;
    await page
      .locator('.tabs-container .tab', { hasText: /Untitled|scratchpad/i })
      .first()
      .click();
    await page.locator('.editor-instance .view-lines', { hasText: 'GET WhoAmI' }).first().click();
    await page.keyboard.press('Control+S');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 30_000 });
    // The dialog fills in the proposed file in the workspace folder: the new name goes beside it.
    const until = Date.now() + 10_000;
    while (!/\/workspace\/[^/]+\.dvq$/.test(await input.inputValue()) && Date.now() < until) {
      await page.waitForTimeout(200);
    }
    const proposed = await input.inputValue();
    assert.match(proposed, /\/workspace\/[^/]+\.dvq$/, 'the save dialog proposed no .dvq file in the workspace');
    await input.fill(path.posix.join(path.posix.dirname(proposed), 'first.dvq'));
    await page.waitForTimeout(1000);
    await page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'first.dvq' }).first().waitFor({ timeout: 30_000 });
    await mediaShot(page, 'save', EDITOR);
    await stepDone(page, 'saveScratchpad');
  });

  it('does not open again after a reload', async () => {
    const { wb } = suite;
    await runCommand(wb.page, 'View: Close All Editors');
    await wb.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 30_000 });
    await wb.reload();
    // Activation (onStartupFinished) has run once the Dynamics 365 view container is there.
    await wb.openViewContainer('Dynamics 365');
    await wb.page.waitForTimeout(5_000);
    assert.equal(await walkthroughTab(wb.page).count(), 0, 'the walkthrough opened again');
  });
});
