// Accessibility as a keyboard and screen-reader user meets it: axe-core finds no serious or critical
// violation in the walkthrough page and in the results view in light, dark and both high-contrast
// themes; the results view's tabs and grid work from the keyboard alone; its status is a live
// region; the status bar names the scratchpad's organization in words.
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../../scripts/harness/emulator';
import { resultsFrame, seriousViolations } from './resultsPage';
import { signInFromPalette } from './signInSteps';
import { runCommand } from './workbench';
import { workbenchSuite } from './suite';

/** Preferences: Color Theme, as a person picks one: the command's own row, then the theme's. */
async function chooseTheme(page: Page, theme: string, bodyClass: string, frame: Frame): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Preferences: Color Theme');
  const row = (label: string) =>
    page.locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }),
    });
  await row('Preferences: Color Theme').first().click({ timeout: 15_000 });
  await page.locator('.quick-input-widget input[placeholder*="Color Theme"]').waitFor({ timeout: 15_000 });
  await input.fill(theme);
  await row(theme).first().click({ timeout: 15_000 });
  await frame.waitForFunction((c) => document.body.classList.contains(c), bodyClass, { timeout: 30_000 });
}

const THEMES: [string, string][] = [
  ['Light Modern', 'vscode-light'],
  ['Dark Modern', 'vscode-dark'],
  ['Dark High Contrast', 'vscode-high-contrast'],
  ['Light High Contrast', 'vscode-high-contrast-light'],
];

describe('accessibility', function () {
  this.timeout(180_000);
  const suite = workbenchSuite('a11y', {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({
      'dynamics365.clientId': URI_HANDLER_APP,
      'workbench.welcomePage.walkthroughs.openOnInstall': true,
    }),
  });

  it('the walkthrough page has no serious or critical violation in its content', async () => {
    const page = suite.wb.page;
    await page.locator('.gettingStartedContainer .step-description-container').first().waitFor({ timeout: 60_000 });
    // What this extension puts on the page: the title, the description, each step's title and text
    // (with its buttons and links) and picture. The step list's own markup (a button with
    // aria-checked holding a checkbox) is VS Code's, the same for every extension's walkthrough.
    const ours = [
      '.gettingStartedContainer h2.category-title',
      '.gettingStartedContainer .category-description-container',
      '.gettingStartedContainer h3.step-title',
      '.gettingStartedContainer .step-description-container',
      '.gettingStartedContainer .getting-started-media',
    ];
    assert.deepEqual(await seriousViolations(page, ours), []);
  });

  it('the results view has no serious or critical violation in light, dark and high-contrast themes', async () => {
    const { wb, emulator } = suite;
    const user = emulator.info.users![0]!;
    await signInFromPalette(wb, user);
    const page = wb.page;
    await runCommand(page, 'Dynamics 365: New Web API Scratchpad');
    await page.locator('.editor-instance .view-line', { hasText: 'GET accounts?$select=name,revenue' }).first().click();
    await runCommand(page, 'Dynamics 365: Run Query');
    const frame = await resultsFrame(page);
    await frame.waitForSelector('body[data-rows]:not([data-rows="0"])', { timeout: 60_000 });
    const found: string[] = [];
    for (const [theme, bodyClass] of THEMES) {
      await chooseTheme(page, theme, bodyClass, frame);
      for (const v of await seriousViolations(frame)) found.push(`${theme}: ${v}`);
    }
    assert.deepEqual(found, []);
  });

  it('the results tabs and grid work from the keyboard alone, with their roles and labels', async () => {
    const page = suite.wb.page;
    const frame = await resultsFrame(page);
    await frame.focus('#tab-grid');
    const selected = () => frame.$eval('[role="tab"][aria-selected="true"]', (e) => e.id);
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'tab-json');
    await frame.waitForSelector('#panel-json:not([hidden])');
    await page.keyboard.press('End');
    assert.equal(await selected(), 'tab-headers');
    await page.keyboard.press('Home');
    assert.equal(await selected(), 'tab-grid');
    // Tab leaves the tab list for the grid; arrow keys then move between its cells.
    await page.keyboard.press('Tab');
    const focused = () =>
      frame.evaluate(() => ({
        role: document.activeElement?.getAttribute('role'),
        text: document.activeElement?.textContent,
      }));
    assert.equal((await focused()).role, 'columnheader', JSON.stringify(await focused()));
    await page.keyboard.press('ArrowDown');
    assert.equal((await focused()).role, 'gridcell', JSON.stringify(await focused()));
    assert.equal(
      await frame.$eval('[role="grid"], [role="treegrid"]', (e) => e.getAttribute('aria-label')),
      'Rows of the result',
    );
    assert.equal(await frame.$eval('#status', (e) => e.getAttribute('role')), 'status');
    assert.match(await frame.$eval('#status', (e) => e.textContent ?? ''), /200 OK .* 10 rows/);
    assert.equal(await frame.$eval('#announce', (e) => e.getAttribute('aria-live')), 'polite');
  });

  it('the status bar names the scratchpad organization in words', async () => {
    const page = suite.wb.page;
    // The item shows while a scratchpad is the active editor (focus in the results view hides it).
    await page.locator('.editor-instance .view-line', { hasText: 'GET WhoAmI' }).first().click();
    const item = page.locator(
      '.statusbar-item [aria-label^="Scratchpad organization: https://127.0.0.1"], .statusbar-item[aria-label^="Scratchpad organization: https://127.0.0.1"]',
    );
    await item
      .first()
      .waitFor({ state: 'attached', timeout: 30_000 })
      .catch(async () => {
        const labels = await page
          .locator('.statusbar-item')
          .evaluateAll((els) => els.map((e) => `${e.id}=${e.getAttribute('aria-label')}`));
        assert.fail(`status bar items: ${labels.join(' | ')}`);
      });
  });
});
