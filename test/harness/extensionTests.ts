// Runs the integration runner inside code-server's extension host, the way @vscode/test-electron
// does on desktop: the workbench URL's `payload` names extensionDevelopmentPath and
// extensionTestsPath; the workbench reports the host's console through window.codeAutomationLog
// and the settled run() through window.codeAutomationExit(0 | 1).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot, type CodeServerBuild } from './builds';
import { devPayload, firstPage, launchBrowser, workbenchUrl } from './browser';
import { trustExtensionForAuthentication } from './product';
import { startCodeServer, type RunningServer } from './server';

export interface ExtensionTestOptions {
  build: CodeServerBuild;
  testsEntry: string;
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface ExtensionTestResult {
  /** 0 run() resolved, 1 rejected, 2 page closed, 3 timed out. */
  code: number;
  passed: number;
  failed: number;
}

const resultsDir = path.join(repoRoot, 'test-results');

export async function runExtensionTests(options: ExtensionTestOptions): Promise<ExtensionTestResult> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { publisher: string; name: string };
  trustExtensionForAuthentication(options.build, `${manifest.publisher}.${manifest.name}`);
  const server = await startCodeServer({ build: options.build, userSettings: options.userSettings, env: options.env });
  const result: ExtensionTestResult = { code: 3, passed: 0, failed: 0 };
  let context: BrowserContext | undefined;
  try {
    context = await launchBrowser(server.runDir);
    const page = await firstPage(context);
    result.code = await runInHost(page, server, options, result);
    if (result.code !== 0) await keepEvidence(page, options.build.name, server.logFile);
    return result;
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop({ failed: result.code !== 0 });
  }
}

/** Loads the workbench with the test payload; resolves with the host's exit code (3: timed out). */
async function runInHost(page: Page, server: RunningServer, options: ExtensionTestOptions, counts: ExtensionTestResult): Promise<number> {
  let settle: (code: number) => void = () => undefined;
  const settled = new Promise<number>((resolve) => (settle = resolve));
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
    const line = Array.isArray(args) ? util.format(...args) : String(args);
    for (const row of line.split('\n')) console.log(`  ${row}`);
    const found = /^(\d+) passed, (\d+) failed$/m.exec(line);
    if (found) [counts.passed, counts.failed] = [Number(found[1]), Number(found[2])];
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
  page.on('close', () => settle(2));
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(workbenchUrl(server.url, {
    folder: server.workspaceDir,
    payload: devPayload(server.authority, repoRoot, options.testsEntry),
  }), { timeout: 120_000 }); // a loaded machine can take longer than Playwright's default 30 s
  const timeoutMs = options.timeoutMs ?? Number(process.env.HARNESS_TIMEOUT_MS ?? 180_000);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(3), timeoutMs)));
  const code = await Promise.race([settled, timedOut]);
  clearTimeout(timer);
  if (code === 3) console.log(`[harness] no result from the extension host after ${timeoutMs} ms`);
  return code;
}

async function keepEvidence(page: Page, buildName: string, logFile: string): Promise<void> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const shot = path.join(resultsDir, `integration-${buildName}.png`);
  await page.screenshot({ path: shot }).catch(() => undefined);
  console.log(`[harness] screenshot ${shot}; server log ${logFile}`);
}
