// SQL in the scratchpad as a person uses it: type a SELECT with completion of the table, run it with
// its CodeLens, read the grid and the FetchXML tab of the results view, then convert the block to
// FetchXML from the command palette and see the new block in the editor, and open the FetchXML that
// ran as a new scratchpad from the results view.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../../scripts/harness/emulator';
import { signInFromPalette } from './signInSteps';
import { runCommand } from './workbench';
import { editorState, SUGGESTIONS_WHEN_ASKED, typeLine, waitForEditor, waitForRunLenses } from './editorSteps';
import { newestWebview } from './resultsPage';
import { workbenchSuite } from './suite';

/** Clicks the lowest "▶ Run" CodeLens below the line holding `text`, looking again when VS Code redraws them. */
async function clickLensBelow(page: Page, text: string): Promise<void> {
  const line = page.locator('.editor-instance .view-line', { hasText: text }).first();
  const lenses = page.locator('.codelens-decoration a', { hasText: 'Run' });
  const until = Date.now() + 30_000;
  for (;;) {
    const top = (await line.boundingBox())?.y ?? Number.POSITIVE_INFINITY;
    const boxes = await lenses.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().y));
    const lowest = boxes.reduce((best, y, i) => (y > (boxes[best] ?? -1) ? i : best), -1);
    if (
      lowest >= 0 &&
      boxes[lowest]! > top &&
      (await lenses
        .nth(lowest)
        .click({ timeout: 5_000 })
        .then(
          () => true,
          () => false,
        ))
    ) {
      return;
    }
    if (Date.now() > until) throw new Error(`no "Run" CodeLens below "${text}"`);
    await page.waitForTimeout(300);
  }
}

describe('scratchpad SQL', function () {
  this.timeout(180_000);
  const suite = workbenchSuite('scratchpad-sql', {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({ 'dynamics365.clientId': URI_HANDLER_APP, ...SUGGESTIONS_WHEN_ASKED }),
  });
  let ran = false;

  it('types a SELECT with completion, runs it with the CodeLens and reads the grid and its FetchXML', async () => {
    const { wb, emulator } = suite;
    const page = wb.page;
    const user = emulator.info.users![0]!;
    await signInFromPalette(wb, user);
    await runCommand(page, 'Dynamics 365: New Web API Scratchpad');
    const editor = page.locator('.editor-instance .view-lines', { hasText: '@connection' }).first();
    await editor.waitFor({ timeout: 60_000 });

    await editor.click();
    await waitForEditor(page, 'the focus', (s) => s.focused);
    await waitForRunLenses(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await typeLine(page, '### sql', '### sql');
    await page.keyboard.press('Enter');
    await typeLine(page, 'SELECT TOP 5 name FROM acc', 'SELECT TOP 5 name FROM acc');
    // The error on "acc" (no such table) says the organization's tables are loaded: the list asked
    // for next has them.
    await waitForEditor(page, 'the error on "acc"', (s) => s.lastLineMarked, 60_000);
    await page.keyboard.press('Control+Space');
    // A row's text runs its label into its detail ("accountAccount · accounts"): match the label alone.
    const suggestion = page
      .locator('.suggest-widget .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: /^account$/ }) })
      .first();
    await suggestion
      .waitFor({ timeout: 30_000 })
      .catch(async (err: Error) =>
        assert.fail(
          `${err.message}\nsuggestion list: ${JSON.stringify(await page.locator('.suggest-widget').allInnerTexts())}; editor: ${JSON.stringify(await editorState(page))}`,
        ),
      );
    await suggestion.click();
    await page.keyboard.press('Escape');
    await waitForEditor(
      page,
      '"SELECT TOP 5 name FROM account" as its last line',
      (s) => s.lines.filter((l) => l.trim() !== '').at(-1) === 'SELECT TOP 5 name FROM account',
    );
    await typeLine(page, ' ORDER BY name', 'SELECT TOP 5 name FROM account ORDER BY name');
    await page.keyboard.press('Escape');

    await clickLensBelow(page, '### sql');
    const view = newestWebview(page);
    await view.locator('body[data-rows="5"]').waitFor({ timeout: 60_000 });
    const names = await view.locator('.ag-cell[col-id="name"]').allInnerTexts();
    assert.equal(names.length, 5, `names: ${names.join(', ')}`);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b)),
      'ordered by name',
    );
    assert.match(await view.locator('#request').innerText(), /^GET accounts\?fetchXml=/);
    await view.locator('#tab-fetchxml').click();
    const fetchXml = await view.locator('#fetchxml').innerText();
    assert.match(fetchXml, /<fetch top="5">/);
    assert.match(fetchXml, /<order attribute="name"/);
    assert.ok(await view.locator('#open-fetchxml').isVisible(), 'Open as FetchXML is offered');
    ran = true;
  });

  it('converts the SQL block to FetchXML from the command palette', async function () {
    if (!ran) this.skip();
    const page = suite.wb.page;
    await page.locator('.editor-instance .view-line', { hasText: 'ORDER BY name' }).first().click();
    await runCommand(page, 'Dynamics 365: Convert SQL to FetchXML');
    // The example scratchpad has a <fetch> block of its own: wait for the new block's title.
    const state = await waitForEditor(
      page,
      'the FetchXML block',
      (s) => s.lines.includes('### sql as FetchXML'),
      30_000,
    );
    const title = state.lines.indexOf('### sql as FetchXML');
    assert.equal(state.lines[title + 1], '<fetch top="5">', JSON.stringify(state.lines));
    assert.ok(state.lines.includes('SELECT TOP 5 name FROM account ORDER BY name'), 'the SQL block stays');
  });

  it('opens the FetchXML that ran as a new scratchpad from the results view', async function () {
    if (!ran) this.skip();
    const page = suite.wb.page;
    await newestWebview(page).locator('#open-fetchxml').click();
    const state = await waitForEditor(
      page,
      'the new scratchpad with the FetchXML',
      (s) => s.lines.includes('### sql (FetchXML)'),
      30_000,
    );
    assert.match(state.lines[0] ?? '', /^@connection = https:\/\/127\.0\.0\.1/);
    assert.ok(state.lines.includes('<fetch top="5">'), JSON.stringify(state.lines));
  });
});
