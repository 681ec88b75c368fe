// Runs the integration runner inside code-server's extension host, the way @vscode/test-electron
// does on desktop: the workbench URL's `payload` names extensionDevelopmentPath and
// extensionTestsPath; the workbench reports the host's console through window.codeAutomationLog
// and the settled run() through window.codeAutomationExit(0 | 1).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot, type CodeServerBuild } from '../../scripts/harness/builds';
import { devPayload, firstPage, launchBrowser, workbenchUrl } from '../../scripts/harness/browser';
import { trustExtensionForAuthentication } from './product';
import { startCodeServer, type RunningServer } from '../../scripts/harness/server';

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
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    publisher: string;
    name: string;
  };
  trustExtensionForAuthentication(options.build, `${manifest.publisher}.${manifest.name}`);
  const server = await startCodeServer({ build: options.build, userSettings: options.userSettings, env: options.env });
  const result: ExtensionTestResult = { code: 3, passed: 0, failed: 0 };
  let context: BrowserContext | undefined;
  try {
    context = await launchBrowser(server.runDir);
    const page = await firstPage(context);
    result.code = await runInHost(page, server, options, result);
    if (failedRun(result)) await keepEvidence(page, options.build.name, server.logFile);
    return result;
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop({ failed: failedRun(result) });
    if (failedRun(result)) {
      console.log(`[harness] run folder kept (user data, extension logs, workspace): ${server.runDir}`);
    }
  }
}

function failedRun(result: ExtensionTestResult): boolean {
  return result.code !== 0 || result.failed > 0;
}

/**
 * Loads the workbench with the test payload; resolves with the host's exit code (3: timed out). The
 * timeout counts from the host's last output, not from the start: on a loaded machine a run that
 * keeps passing tests can take several times longer than usual, and only a silent one is stuck.
 */
async function runInHost(
  page: Page,
  server: RunningServer,
  options: ExtensionTestOptions,
  counts: ExtensionTestResult,
): Promise<number> {
  const timeoutMs = options.timeoutMs ?? Number(process.env.HARNESS_TIMEOUT_MS ?? 180_000);
  let settle: (code: number) => void = () => undefined;
  const settled = new Promise<number>((resolve) => (settle = resolve));
  let timer: NodeJS.Timeout | undefined;
  const waitForOutput = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => settle(3), timeoutMs);
  };
  await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
    waitForOutput();
    const line = Array.isArray(args) ? util.format(...args) : String(args);
    for (const row of line.split('\n')) console.log(`  ${row}`);
    const found = /^(\d+) passed, (\d+) failed$/m.exec(line);
    if (found) [counts.passed, counts.failed] = [Number(found[1]), Number(found[2])];
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
  page.on('close', () => settle(2));
  page.on('pageerror', (err) => console.log(`[page error] ${err.message}`));
  await page.goto(
    workbenchUrl(server.url, {
      folder: server.workspaceDir,
      payload: devPayload(server.authority, repoRoot, options.testsEntry),
    }),
    { timeout: 120_000 },
  ); // a loaded machine can take longer than Playwright's default 30 s
  waitForOutput();
  const code = await settled;
  clearTimeout(timer);
  if (code === 3) console.log(`[harness] no output from the extension host for ${timeoutMs} ms: stuck`);
  return code;
}

async function keepEvidence(page: Page, buildName: string, logFile: string): Promise<void> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const shot = path.join(resultsDir, `integration-${buildName}.png`);
  await page.screenshot({ path: shot }).catch(() => undefined);
  // The run folder is in the temp directory, which CI does not keep: the server's log goes with the screenshot.
  const log = path.join(resultsDir, 'logs', `integration-${buildName}-server.log`);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const copied = fs.existsSync(logFile) && (fs.copyFileSync(logFile, log), true);
  console.log(`[harness] screenshot ${shot}; server log ${copied ? log : logFile}`);
}
