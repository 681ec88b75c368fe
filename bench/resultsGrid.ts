// The results grid in the real workbench (issue 10): how long "Run Query" takes to paint the first
// grid rows of 5,000 accounts × 20 columns against the same request with $top=1, and what
// scrolling those rows costs per animation frame against idle frames of the same webview. VS Code
// is code-server from test/harness in Debian's Chromium, driven with the e2e suites' helpers; the
// emulator (its own process group) holds the rows. Everything is stopped on the way out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { completeSignInPage, openSignInPageFromPalette } from '../test/e2e/signInSteps';
import { Workbench } from '../test/e2e/workbench';
import { startEmulator, URI_HANDLER_APP, URI_HANDLER_REDIRECT } from '../scripts/harness/emulator';
import { ensureDebianPackages } from '../scripts/harness/install';
import { gridLines, type Render, type ScrollPass } from './resultsGridReport';
import { paired, type BenchResult } from './util';

/** Columns of the real `account` table (the emulator's CSDL), mixed as people select them: text, choices, money, lookups, dates. */
export const ACCOUNT_COLUMNS = [
  'name',
  'accountnumber',
  'telephone1',
  'emailaddress1',
  'websiteurl',
  'address1_line1',
  'address1_city',
  'address1_stateorprovince',
  'address1_postalcode',
  'address1_country',
  'revenue',
  'numberofemployees',
  'creditlimit',
  'industrycode',
  'customertypecode',
  'statecode',
  'statuscode',
  '_primarycontactid_value',
  '_ownerid_value',
  'createdon',
  'modifiedon',
  'donotemail',
  'accountcategorycode',
  'description',
  'fax',
  'tickersymbol',
  'sic',
  'marketcap',
  'ownershipcode',
  '_parentaccountid_value',
  'address2_city',
  'address2_country',
  'telephone2',
  'emailaddress2',
  'preferredcontactmethodcode',
  'creditonhold',
  '_transactioncurrencyid_value',
  'accountratingcode',
  'businesstypecode',
  'address1_telephone1',
] as const;

/** Dataverse's largest page: more rows would come as a second page, which is not a first render. */
const MAX_ROWS = 5000;
const PAINT_TIMEOUT_MS = 120_000;
const probeSource = fs.readFileSync(path.join(__dirname, 'gridProbe.js'), 'utf8');

export interface GridOptions {
  rows: number;
  columns: number;
  rounds: number;
}

interface Probe {
  handled: number;
  /** The frame after the grid held every row of the result. */
  complete: number;
  jsonChars: number;
  painted: number;
  inDom: number;
  rowsInDom: number;
  status: string;
  columns: number;
}

/** Milliseconds since the epoch, as precise as the Chromium side's `performance.timeOrigin + now()`. */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export function gridQuery(top: number, columns: number): string {
  // $top first: it tells the candidate's and the baseline's lines apart in the editor's DOM.
  return `GET accounts?$top=${top}&$select=${ACCOUNT_COLUMNS.slice(0, columns).join(',')}`;
}

export async function benchResultsGrid(o: GridOptions): Promise<BenchResult> {
  if (!Number.isInteger(o.rows) || o.rows < 2 || o.rows > MAX_ROWS) {
    throw new Error(`--grid-rows must be a whole number from 2 to ${MAX_ROWS} (one page)`);
  }
  if (!Number.isInteger(o.columns) || o.columns > ACCOUNT_COLUMNS.length) {
    throw new Error(`--grid-columns must be a whole number up to ${ACCOUNT_COLUMNS.length}`);
  }
  const load = os.loadavg()[0]!;
  await ensureDebianPackages();
  const emulator = await startEmulator([...URI_HANDLER_REDIRECT, '--accounts', String(o.rows)]);
  let wb: Workbench | undefined;
  let failed = false;
  try {
    wb = await Workbench.open('bench-results-grid', {
      userSettings: { ...emulator.userSettings, 'dynamics365.clientId': URI_HANDLER_APP },
      env: emulator.env,
    });
    await signIn(wb, emulator.info.users![0]!);
    await openScratchpad(wb.page, o.rows, o.columns);
    return await measure(wb.page, o, load);
  } catch (err) {
    failed = true;
    await wb?.screenshot('results-grid-failure', true);
    throw err;
  } finally {
    await wb?.close(failed);
    await emulator.stop();
  }
}

/** Signs in through the browser as a person does (URI handler app), as the scratchpad e2e suite does. */
async function signIn(wb: Workbench, user: { username: string; password: string }): Promise<void> {
  await wb.openViewContainer('Dynamics 365');
  const signInPage = await openSignInPageFromPalette(wb, 'Sandbox');
  await completeSignInPage(signInPage, user);
  const pane = await wb.view('Environments');
  await pane
    .locator('.monaco-list-row .label-description', { hasText: user.username })
    .first()
    .waitFor({ timeout: 60_000 });
  await signInPage.close().catch(() => undefined);
}

/** A new scratchpad with the candidate's and the baseline's requests added at its end. */
async function openScratchpad(page: Page, rows: number, columns: number): Promise<void> {
  await pressInPalette(page, 'Dynamics 365: New Web API Scratchpad');
  const editor = page.locator('.editor-instance .view-lines', { hasText: '@connection' }).first();
  await editor.waitFor({ timeout: 60_000 });
  await editor.click();
  await page.keyboard.press('Control+End');
  // insertText, not typing: no completion or auto-closing on the way in.
  await page.keyboard.insertText(
    `\n### grid: every row\n${gridQuery(rows, columns)}\n\n### grid: one row\n${gridQuery(1, columns)}\n`,
  );
  for (const top of [rows, 1]) await requestLine(page, top).waitFor({ timeout: 15_000 });
}

function requestLine(page: Page, top: number) {
  return page.locator('.editor-instance .view-line', { hasText: `GET accounts?$top=${top}&` }).first();
}

/**
 * The palette with `title` highlighted; `pressEnter` false leaves the Enter to the caller, so a timer
 * can start on the keypress itself (signInSteps' runCommand presses it at once).
 */
async function pressInPalette(page: Page, title: string, pressEnter = true): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  if (pressEnter) await page.keyboard.press('Enter');
}

/** The results page inside the webview's two frames (workbench `iframe.webview` → `#active-frame`), with the probe in it. */
async function resultsFrame(page: Page): Promise<Frame> {
  const outer = await page.locator('iframe.webview.ready').last().elementHandle({ timeout: 60_000 });
  const host = await outer.contentFrame();
  const inner = await host?.locator('#active-frame').elementHandle({ timeout: 60_000 });
  const frame = await inner?.contentFrame();
  if (!frame) throw new Error('the results view has no page frame');
  await frame.waitForSelector('#grid', { state: 'attached', timeout: 60_000 });
  await frame.evaluate(probeSource);
  return frame;
}

/**
 * One run through the palette's "Dynamics 365: Run Query" with the cursor on the request whose
 * $top is `top`, from the Enter key to the first animation frame holding the new rows.
 */
async function run(page: Page, top: number): Promise<Render> {
  await requestLine(page, top).click();
  const frame = await resultsFrame(page);
  await frame.evaluate(`window.__d365GridBench.arm(${top}, ${PAINT_TIMEOUT_MS})`);
  await pressInPalette(page, 'Dynamics 365: Run Query', false);
  const started = epochNow();
  await page.keyboard.press('Enter');
  const p = (await frame.evaluate('window.__d365GridBench.painted()')) as Probe;
  const h = (await frame.evaluate('window.__d365GridBench.handler()')) as { handlerStart?: number; handlerMs: number };
  const requestMs = Number(/(\d+) ms/.exec(p.status)?.[1]);
  if (!/^200\b/.test(p.status)) throw new Error(`the request did not succeed: ${p.status}`);
  return {
    ms: p.painted - started,
    allMs: p.complete - started,
    handledMs: p.handled - started,
    domMs: p.inDom - started,
    handlerMs: h.handlerStart === undefined ? undefined : h.handlerMs,
    requestMs,
    rowsInDom: p.rowsInDom,
    gridColumns: p.columns,
    status: p.status,
    jsonChars: p.jsonChars,
  };
}

async function measure(page: Page, o: GridOptions, load: number): Promise<BenchResult> {
  // The first run opens the results view (no frame to arm yet); then one warm-up of each side.
  await requestLine(page, 1).click();
  await pressInPalette(page, 'Dynamics 365: Run Query');
  await (await resultsFrame(page)).waitForSelector('body[data-rows="1"]', { timeout: PAINT_TIMEOUT_MS });
  await run(page, o.rows);
  await run(page, 1);
  const p = await paired(
    o.rounds,
    () => run(page, o.rows),
    () => run(page, 1),
    (r) => r.ms,
  );
  // Scrolling needs the big result on screen: the paired loop may have ended with the baseline.
  if (o.rounds % 2 === 1) await run(page, o.rows);
  const frame = await resultsFrame(page);
  const warm = (await frame.evaluate(`window.__d365GridBench.scroll(${o.rows - 1})`)) as ScrollPass;
  const frames = warm.intervals.length;
  const passes: { scroll: ScrollPass; idle: number[] }[] = [];
  for (let i = 0; i < o.rounds; i++) {
    const scroll = async (): Promise<ScrollPass> =>
      (await frame.evaluate(`window.__d365GridBench.scroll(${o.rows - 1})`)) as ScrollPass;
    const idle = async (): Promise<number[]> =>
      (await frame.evaluate(`window.__d365GridBench.idle(${frames})`)) as number[];
    if (i % 2 === 0) passes.push({ scroll: await scroll(), idle: await idle() });
    else {
      const idleFirst = await idle();
      passes.push({ scroll: await scroll(), idle: idleFirst });
    }
    await frame.evaluate('window.__d365GridBench.toTop()');
  }
  return gridLines({ ...o, load, build: process.env.E2E_VSCODE ?? '1.100' }, p, passes);
}
