// The workbench in German (code-server --locale de, with a German language pack installed): the
// extension's manifest (package.nls.de.json), its messages and the results view
// (l10n/bundle.l10n.de.json) speak German. The language pack is a test fixture standing in for the
// Marketplace's, which cannot be downloaded here (see languagePack.ts): VS Code's own UI is German
// only in the few strings it carries; with the real pack all of it would be.
import assert from 'node:assert/strict';
import { URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../../scripts/harness/emulator';
import { logLines } from './extensionLog';
import { germanLanguagePack } from './languagePack';
import { resultsFrame, seriousViolations } from './resultsPage';
import { signInFromPalette } from './signInSteps';
import { runCommand } from './workbench';
import { workbenchSuite } from './suite';

describe('the workbench in German', function () {
  this.timeout(240_000);
  const suite = workbenchSuite('german', {
    emulatorArgs: URI_HANDLER_REDIRECT,
    settings: () => ({ 'dynamics365.clientId': URI_HANDLER_APP }),
    server: async () => ({ args: ['--locale', 'de'], extensions: [await germanLanguagePack()] }),
  });

  it('runs in German: VS Code resolves the locale, and its own strings from the language pack are German', async () => {
    const { wb } = suite;
    // The extension host's vscode.env.language, as the extension logs it when it activates.
    await logLines(wb, /activated \(display language de\)/, 1, 60_000);
    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    // "Type the name of a command to run." from the language pack's translation of VS Code's strings.
    assert.equal(await input.getAttribute('placeholder'), 'Geben Sie den Namen eines auszuführenden Befehls ein.');
    await wb.page.keyboard.press('Escape');
  });

  it('shows the Dynamics 365 view in German, and finds a command in the palette by its German title', async () => {
    const { wb, emulator } = suite;
    const user = emulator.info.users![0]!;
    // The view "Environments" is "Umgebungen" (package.nls.de.json: view.explorer.name), and
    // "Dynamics 365: Sign In" is "Dynamics 365: Anmelden".
    await signInFromPalette(wb, user, { view: 'Umgebungen', command: 'Dynamics 365: Anmelden' });
    // "New Web API Scratchpad", found and run by its German title.
    await runCommand(wb.page, 'Dynamics 365: Neues Web-API-Scratchpad');
    await wb.page
      .locator('.editor-instance .view-line', { hasText: 'GET accounts?$select=name,revenue' })
      .first()
      .waitFor({ timeout: 30_000 });
  });

  it('shows the results view in German: tabs, buttons, status and the labels a screen reader reads', async () => {
    const page = suite.wb.page;
    await page.locator('.editor-instance .view-line', { hasText: 'GET accounts?$select=name,revenue' }).first().click();
    await runCommand(page, 'Dynamics 365: Abfrage ausführen');
    const frame = await resultsFrame(page);
    await frame.waitForSelector('body[data-rows]:not([data-rows="0"])', { timeout: 60_000 });
    const text = (selector: string) => frame.$eval(selector, (e) => e.textContent?.trim() ?? '');
    const attr = (selector: string, name: string) => frame.$eval(selector, (e, n) => e.getAttribute(n), name);
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'de');
    assert.deepEqual(await frame.$$eval('[role="tab"]', (tabs) => tabs.map((t) => t.textContent?.trim())), [
      'Ergebnisse',
      'JSON',
      'Header',
      'FetchXML',
    ]);
    assert.equal(await text('#export-csv'), 'CSV exportieren');
    assert.deepEqual(await frame.$$eval('#panel-headers th[scope="col"]', (ths) => ths.map((t) => t.textContent)), [
      'Headerfeld',
      'Wert',
    ]);
    assert.equal(await attr('#filter', 'placeholder'), 'Zeilen filtern');
    assert.match(await text('#status'), /^200 OK · [\d.]+ ms · [\d,]+ (B|KB) · 10 Zeilen$/);
    assert.equal(await attr('[role="grid"], [role="treegrid"]', 'aria-label'), 'Zeilen des Ergebnisses');
    assert.equal(await attr('header[role="toolbar"]', 'aria-label'), 'Ergebnisse');
    // The German page (lang="de", its labels) passes axe-core as the English one does.
    assert.deepEqual(await seriousViolations(frame), []);
    // A filter that hides every row: the count of rows shown.
    await frame.fill('#filter', 'zzz-nothing-matches');
    await frame.waitForFunction(() => document.getElementById('shown')?.textContent?.includes('von'));
    assert.equal(await text('#shown'), '0 von 10 angezeigt');
    // AG Grid's own overlay for it is German too.
    await frame.waitForSelector('text=Keine Zeilen entsprechen dem Filter');
  });
});
