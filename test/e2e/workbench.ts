// A real workbench in Chromium with this work tree's extension under development: one code-server,
// one browser, and the few UI moves the e2e suites make. Selectors are ones that hold on VS Code
// 1.100 and 1.139.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { findBuild, repoRoot } from '../../scripts/harness/builds';
import { devPayload, firstPage, launchBrowser, workbenchUrl } from '../../scripts/harness/browser';
import { ensureCodeServer } from '../../scripts/harness/install';
import { startCodeServer, type RunningServer } from '../../scripts/harness/server';

const shotsDir = path.join(repoRoot, 'test-results', 'e2e');
const menuEntries = '.context-view .monaco-menu .action-item .action-label';

export interface WorkbenchOptions {
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Extra code-server arguments (`--locale de`). */
  args?: string[];
  /** VSIX files installed before the server starts (a language pack). */
  extensions?: string[];
}

export class Workbench {
  private shotCount = 0;
  private realFocus = false;

  private constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly server: RunningServer,
    private readonly name: string,
    /** A second window shares the first one's server and browser, and leaves them running. */
    private readonly ownsServer = true,
  ) {}

  /** VS Code build from E2E_VSCODE (default 1.100). */
  static async open(name: string, options: WorkbenchOptions = {}): Promise<Workbench> {
    const build = findBuild(process.env.E2E_VSCODE ?? '1.100');
    await ensureCodeServer(build);
    const server = await startCodeServer({
      build,
      userSettings: options.userSettings,
      env: options.env,
      args: options.args,
      extensions: options.extensions,
    });
    try {
      const context = await launchBrowser(server.runDir);
      const page = await firstPage(context);
      await page.goto(
        workbenchUrl(server.url, { folder: server.workspaceDir, payload: devPayload(server.authority, repoRoot) }),
        { timeout: 120_000 },
      );
      await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60_000 });
      return new Workbench(page, context, server, name);
    } catch (err) {
      await server.stop({ failed: true });
      throw err;
    }
  }

  /** The server's --user-data-dir: the extension's log file lives under its logs/ folder. */
  get userDataDir(): string {
    return this.server.userDataDir;
  }

  /** Another window (browser tab) on the same server and folder, as a person opens a second tab. */
  async openAnotherWindow(name: string): Promise<Workbench> {
    const page = await this.context.newPage();
    // The workbench's own load event can take long on a busy machine; its activity bar is what counts.
    await page.goto(this.page.url(), { waitUntil: 'domcontentloaded', timeout: 90_000 });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
    return new Workbench(page, this.context, this.server, name, false);
  }

  /**
   * Reloads the window with "Developer: Reload Window", as a person does. Not the browser's reload: the
   * workbench keeps its open editors, layout and the walkthrough's state in the browser's storage and
   * writes them only when it shuts down. The command waits for that write before it reloads; a browser
   * reload starts it from the page-hide event, where nothing waits, and on a busy machine the reloaded
   * window came back with an older layout (side bar hidden, closed editors open again).
   */
  async reload(): Promise<void> {
    const main = this.page.mainFrame();
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (f) => f === main, timeout: 90_000 });
    await runCommand(this.page, 'Developer: Reload Window');
    await navigated;
    await this.page.waitForLoadState('domcontentloaded', { timeout: 90_000 });
    if (this.realFocus) await this.useRealFocus();
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
  }

  /**
   * Playwright tells every page it has focus; with this, only the tab brought to the front has it,
   * and switching tabs fires the focus and blur events a person's switching does.
   */
  async useRealFocus(): Promise<void> {
    const session = await this.context.newCDPSession(this.page);
    await session.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    this.realFocus = true;
  }

  async close(failed: boolean): Promise<void> {
    if (!this.ownsServer) {
      await this.page.close().catch(() => undefined);
      return;
    }
    await this.context.close().catch(() => undefined);
    await this.server.stop({ failed });
    if (failed) console.log(`    server log kept: ${this.server.logFile}`);
  }

  /** Screenshots go to test-results/e2e/ for failures, and for every step with E2E_SCREENSHOTS=1. */
  async screenshot(step: string, failed = false): Promise<void> {
    if (!failed && process.env.E2E_SCREENSHOTS !== '1') return;
    fs.mkdirSync(shotsDir, { recursive: true });
    const file = `${this.name}-${String(++this.shotCount).padStart(2, '0')}-${step.replace(/[^\w.-]+/g, '-')}.png`;
    await this.page.screenshot({ path: path.join(shotsDir, file) }).catch(() => undefined);
  }

  activityBarItem(title: string): Locator {
    // The <li> takes the click: a badge can sit over its link.
    return this.page.locator(`.activitybar li.action-item:has(a.action-label[aria-label^="${title}"])`).first();
  }

  /**
   * Shows a view container, as a click on its activity bar icon does. That click toggles: on the active
   * container with the side bar shown it hides the side bar. Right after a reload the workbench brings
   * back its last container a moment after the activity bar is drawn, so a click decided on an earlier
   * look could land on the restored container and hide it. Each click is decided on a fresh look, and
   * the look is repeated until the container's title shows.
   */
  async openViewContainer(title: string): Promise<void> {
    const item = this.activityBarItem(title);
    await item.waitFor({ timeout: 30_000 });
    const heading = this.page
      .locator(
        `.part.sidebar .composite.title h2[title^="${title}"], .part.sidebar .title-label h2:has-text("${title}")`,
      )
      .first();
    const sideBarHidden = this.page.locator('.monaco-workbench.nosidebar');
    const until = Date.now() + 30_000;
    for (;;) {
      if (await heading.isVisible()) return;
      if (Date.now() > until) throw new Error(`the "${title}" view container did not show in the side bar in 30 s`);
      const active =
        ((await item.getAttribute('aria-selected')) === 'true' ||
          (await item.evaluate((e) => e.classList.contains('checked')))) &&
        (await sideBarHidden.count()) === 0;
      if (!active) await item.click();
      await heading.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
  }

  /** A view pane, expanded. */
  async view(title: string): Promise<Locator> {
    // The only view of a container has its header hidden: its title moves up into the container's.
    const header = this.page.locator(`.part.sidebar .pane-header[aria-label="${title} Section"]`).first();
    await header.waitFor({ state: 'attached', timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    return this.page
      .locator('.part.sidebar .pane')
      .filter({ has: this.page.locator(`.pane-header[aria-label="${title} Section"]`) });
  }

  async openAccountsMenu(): Promise<string[]> {
    await this.page.locator('.activitybar li.action-item:has(a.codicon-accounts-view-bar-icon)').first().click();
    // A click that lands while the workbench is still settling only shows the tooltip.
    const opened = await this.page
      .locator(menuEntries)
      .first()
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    if (!opened) return [];
    return this.page
      .locator(menuEntries)
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || '').filter(Boolean));
  }

  async closeMenus(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}

/** Re-opens the Accounts menu until no entry matches (and the menu has opened at least once). */
export async function waitForNoAccountsEntry(wb: Workbench, pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await wb.openAccountsMenu();
    await wb.closeMenus();
    if (seen.length && !seen.some((entry) => pattern.test(entry))) return;
    await wb.page.waitForTimeout(500);
  }
  throw new Error(`Still in the Accounts menu after ${timeoutMs} ms: ${JSON.stringify(seen)}`);
}

/** Re-opens the Accounts menu until an entry matches: the entry appears once the request was made. */
export async function waitForAccountsEntry(wb: Workbench, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await wb.openAccountsMenu();
    const match = seen.find((entry) => pattern.test(entry));
    if (match) return match;
    await wb.closeMenus();
    await wb.page.waitForTimeout(500);
  }
  throw new Error(`No Accounts menu entry matches ${pattern}; entries: ${JSON.stringify(seen)}`);
}

/** A tree row of a view by its label (the label part only, not the description). */
export function treeRow(pane: Locator, label: string | RegExp): Locator {
  return pane.locator('.monaco-list-row', { has: pane.page().locator('.label-name', { hasText: label }) }).first();
}

/** Expands a tree row (clicking only when it is collapsed) and waits until it says it is expanded. */
export async function expandTreeRow(pane: Locator, label: string | RegExp): Promise<void> {
  const r = treeRow(pane, label);
  await r.waitFor({ timeout: 60_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await pane.page().waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await r.elementHandle(), {
    timeout: 30_000,
  });
}

/** Runs a command from the command palette, as a person does: F1, its title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}
