// The notebook renderer bundle (dist/renderer/rows.js, as VS Code loads it into the notebook's
// output webview) in headless Chromium, with a renderer context standing in for VS Code's: it asks
// the extension for the string bundle, renders in English until the bundle comes, then renders
// what it shows again in the display language, numbers included. A SQL write's summary and its failed rows are text,
// never HTML. (The workbench runs in English in the other e2e suites, which see the English side.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../scripts/harness/browser';
import type { StoredOutput } from '../../src/core/notebook/notebookFile';

const root = path.join(__dirname, '..', '..');
const bundle = path.join(root, 'dist', 'renderer', 'rows.js');

/** The page: the renderer activated with a context that records its messages and can answer them. */
const PAGE = `<!DOCTYPE html><html><head></head><body><div id="a"></div><div id="b"></div><div id="c"></div><script type="module">
import { activate } from './rows.js';
window.sent = [];
let listener;
const renderer = activate({
  postMessage: (m) => window.sent.push(m),
  onDidReceiveMessage: (f) => { listener = f; return { dispose() {} }; },
});
window.show = (id, value) => renderer.renderOutputItem({ id, json: () => value }, document.getElementById(id));
window.answer = (m) => listener(m);
window.ready = true;
</script></body></html>`;

const write: StoredOutput = {
  org: 'https://contoso.crm.dynamics.com',
  status: 200,
  durationMs: 12,
  ranAt: '2026-12-07T18:00:00.000Z',
  write: {
    statement: 'UPDATE',
    table: 'account',
    total: 3,
    affected: 2,
    failed: 1,
    notSent: 0,
    failures: [{ row: 'Fabrikam', code: '0x80040265', message: '<img src=x onerror="window.hit=1">Blocked' }],
  },
};

const rows: StoredOutput = {
  org: 'https://contoso.crm.dynamics.com',
  status: 200,
  durationMs: 5,
  ranAt: '2026-12-07T18:00:01.000Z',
  rowCount: 2,
  columns: [{ id: 'name', header: 'name' }],
  rows: [['Contoso'], ['Fabrikam']],
};

/** A big answer cut to the stored rows: its counts and time are numbers the display language writes. */
const many: StoredOutput = {
  org: 'https://contoso.crm.dynamics.com',
  status: 200,
  durationMs: 1234,
  ranAt: '2026-12-07T18:00:02.000Z',
  rowCount: 5000,
  columns: [{ id: 'name', header: 'name' }],
  rows: [['Contoso']],
};

describe('notebook renderer: its text in the display language', function () {
  this.timeout(120_000);
  let dir: string;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    assert.ok(fs.existsSync(bundle), 'dist/renderer/rows.js: run `npm run build` first');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-renderer-'));
    context = await launchBrowser(dir);
    page = context.pages()[0] ?? (await context.newPage());
    await page.route('http://renderer.local/**', (route) =>
      route.fulfill(
        route.request().url().endsWith('rows.js')
          ? { contentType: 'text/javascript', body: fs.readFileSync(bundle, 'utf8') }
          : { contentType: 'text/html', body: PAGE },
      ),
    );
    await page.goto('http://renderer.local/index.html');
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  });

  after(async () => {
    await context?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the bundle, shows English until it comes, then German; failed rows stay text', async () => {
    assert.deepEqual(await page.evaluate(() => (window as unknown as { sent: unknown[] }).sent), [{ type: 'l10n' }]);
    await page.evaluate(
      ([a, b, c]) => {
        const w = window as unknown as { show(id: string, value: unknown): void };
        w.show('a', a);
        w.show('b', b);
        w.show('c', c);
      },
      [write, rows, many] as const,
    );
    const summary = (id: string): Promise<string> => page.locator(`#${id} .dv-summary`).innerText();
    assert.match(
      await summary('a'),
      /^UPDATE account: 2 of 3 rows affected, 1 failed · 12 ms · contoso\.crm\.dynamics\.com/,
    );
    assert.match(await summary('b'), /^2 rows · 200 · 5 ms/);
    assert.match(await summary('b'), /Open in Results View/);
    assert.match(await summary('c'), /^1 of 5,000 rows stored · 200 · 1,234 ms/);

    const german = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.de.json'), 'utf8')) as Record<
      string,
      string
    >;
    await page.evaluate(
      (contents) =>
        (window as unknown as { answer(m: unknown): void }).answer({ type: 'l10n', contents, language: 'de' }),
      german,
    );
    assert.match(
      await summary('a'),
      /^UPDATE account: 2 von 3 Zeilen betroffen, 1 fehlgeschlagen · 12 ms · contoso\.crm\.dynamics\.com/,
    );
    assert.match(await summary('b'), /^2 Zeilen · 200 · 5 ms/);
    assert.match(await summary('b'), /In Ergebnisansicht öffnen/);
    assert.match(await summary('c'), /^1 von 5\.000 Zeilen gespeichert · 200 · 1\.234 ms/);
    assert.ok(await page.locator('#b .ag-cell', { hasText: 'Fabrikam' }).count(), 'the grid is shown again');
    // The org's message is text: no element made of it, nothing run.
    assert.equal(await page.locator('#a img').count(), 0);
    assert.match(
      await page.locator('#a .dv-error').innerText(),
      /^Fabrikam: 0x80040265 <img src=x onerror="window.hit=1">Blocked$/,
    );
    assert.equal(await page.evaluate(() => (window as unknown as { hit?: number }).hit), undefined);
  });
});
