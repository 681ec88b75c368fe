// Query notebooks (issue 17). (1) The notebook renderer's first paint (dist/renderer/rows.js, the
// bundle VS Code loads into the notebook's output webview) of a stored output of 5,000 rows × 20
// columns vs 1 row × 20 columns, in headless Chromium: from renderOutputItem to the animation frame
// after the first grid cells are in the DOM. (2) Reading a 50-cell notebook with stored outputs
// (100 rows each) the way the serializer does (parseNotebook: JSON.parse, checks, cells) vs
// JSON.parse of the same text: what opening the file costs beyond reading it as plain JSON. (3) The
// same file opened in the real workbench as a notebook vs as a .json text editor
// (notebookWorkbench.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../scripts/harness/browser';
import {
  parseNotebook,
  serializeNotebook,
  type NotebookFile,
  type StoredOutput,
} from '../src/core/notebook/notebookFile';
import { notebookOpenInWorkbench } from './notebookWorkbench';
import { median, ms, now, paired, pairedLine, ROOT, spread, type BenchResult } from './util';

function output(rows: number, columns: number): StoredOutput {
  return {
    org: 'https://contoso.crm.dynamics.com',
    status: 200,
    durationMs: 120,
    ranAt: new Date(0).toISOString(),
    rowCount: rows,
    columns: Array.from({ length: columns }, (_, c) => ({ id: `col${c}`, header: `Column ${c}` })),
    rows: Array.from({ length: rows }, (_, r) =>
      Array.from({ length: columns }, (_, c) => (c % 3 === 0 ? r * c : c % 3 === 1 ? `Row ${r} value ${c}` : null)),
    ),
  };
}

/** ms from renderOutputItem to the frame after the grid's first cells exist (measured in the page: PAGE). */
async function firstPaint(page: Page, data: StoredOutput, id: string): Promise<number> {
  return page.evaluate(([value, key]) => (window as unknown as Measure).measure(value, key), [data, id] as const);
}

interface Measure {
  measure(value: unknown, key: string): Promise<number>;
}

/** The page: the renderer bundle, activated as VS Code does, and the measuring function (plain JS, no transpiler in between). */
const PAGE = `<!DOCTYPE html><html><head></head><body><script type="module">
import { activate } from './rows.js';
const renderer = activate({});
const frame = () => new Promise((r) => requestAnimationFrame(r));
window.measure = async (value, key) => {
  renderer.disposeOutputItem();
  document.body.replaceChildren();
  const element = document.createElement('div');
  document.body.append(element);
  await frame();
  const start = performance.now();
  renderer.renderOutputItem({ id: key, json: () => value }, element);
  while (!element.querySelector('.ag-cell')) await frame();
  await frame();
  return performance.now() - start;
};
</script></body></html>`;

async function rendererPaint(rounds: number): Promise<string[]> {
  const bundle = path.join(ROOT, 'dist', 'renderer', 'rows.js');
  if (!fs.existsSync(bundle)) execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-bench-notebook-'));
  const context = await launchBrowser(dir);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.route('http://bench.local/**', (route) =>
      route.fulfill(
        route.request().url().endsWith('rows.js')
          ? { contentType: 'text/javascript', body: fs.readFileSync(bundle, 'utf8') }
          : {
              contentType: 'text/html',
              body: PAGE,
            },
      ),
    );
    await page.goto('http://bench.local/index.html');
    await page.waitForFunction(() => 'measure' in window);
    const big = output(5000, 20);
    const one = output(1, 20);
    let n = 0;
    // Warm-up: the grid library's first use compiles it.
    for (let i = 0; i < 2; i++) {
      await firstPaint(page, big, `w${n++}`);
      await firstPaint(page, one, `w${n++}`);
    }
    const p = await paired(
      rounds,
      () => firstPaint(page, big, `c${n++}`),
      () => firstPaint(page, one, `b${n++}`),
      (t) => t,
    );
    const { line } = pairedLine('notebook renderer first paint, 5,000 rows vs 1 row (20 columns)', p, (t) => t);
    return [line, `  ${spread(p.ratios)}`];
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** 50 query cells, each with a stored output of 100 rows × 10 columns. */
function fiftyCells(): string {
  const file: NotebookFile = {
    org: 'https://contoso.crm.dynamics.com',
    cells: Array.from({ length: 50 }, (_, i) => ({
      kind: 'query' as const,
      source: `### cell ${i}\nGET accounts?$select=name,revenue&$top=100`,
      output: output(100, 10),
    })),
  };
  return serializeNotebook(file);
}

function openNotebook(text: string, rounds: number): { line: string; ratio: number; extra: string } {
  const time = (f: () => unknown): number => {
    const t = now();
    for (let i = 0; i < 20; i++) f();
    return (now() - t) / 20;
  };
  for (let i = 0; i < 5; i++) time(() => parseNotebook(text));
  const candidate: number[] = [];
  const baseline: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const c = time(() => parseNotebook(text));
    const b = time(() => JSON.parse(text));
    candidate.push(c);
    baseline.push(b);
    ratios.push(c / b);
  }
  return {
    ratio: median(ratios),
    line: `notebook open (parseNotebook of a 50-cell notebook with 100-row outputs, ${(text.length / 1024).toFixed(0)} KB): ratio ${median(ratios).toFixed(2)} (candidate ${ms(median(candidate))} ms / baseline JSON.parse ${ms(median(baseline))} ms)`,
    extra: `  ${spread(ratios)}`,
  };
}

export async function benchNotebook(options: { rounds: number }): Promise<BenchResult> {
  const text = fiftyCells();
  const open = openNotebook(text, options.rounds * 3);
  const lines = [
    open.line,
    open.extra,
    ...(await rendererPaint(options.rounds)),
    ...(await notebookOpenInWorkbench(text, options.rounds)),
  ];
  return { name: 'notebook', ratio: open.ratio, lines };
}
