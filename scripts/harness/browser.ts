// Debian's Chromium driven by playwright-core (which downloads no browser), with a fresh profile
// whose HOME and TMPDIR stay inside the run folder.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(runDir: string): Promise<BrowserContext> {
  const profile = path.join(runDir, 'chromium');
  const home = path.join(profile, 'home');
  // Chromium's singleton socket goes into TMPDIR; keep that path short.
  const tmp = path.join(runDir, 'ctmp');
  for (const dir of [home, tmp]) fs.mkdirSync(dir, { recursive: true });
  return chromium.launchPersistentContext(path.join(profile, 'data'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    // The sandbox's sign-in pages use the emulator's own CA, which this throwaway profile does not know.
    ignoreHTTPSErrors: true,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      TMPDIR: tmp,
    },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      // openExternal is a window.open() long after the user's click; without this it is silently blocked.
      '--disable-popup-blocking',
    ],
  });
}

export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** vscode-remote:// URI of a path on the server, as the web workbench expects in its payload. */
export function remoteUri(authority: string, fsPath: string): string {
  return `vscode-remote://${authority}${path.resolve(fsPath)}`;
}

export interface WorkbenchLocation {
  folder?: string;
  /** [key, value] pairs: extensionDevelopmentPath, extensionTestsPath, skipWelcome… */
  payload?: [string, string][];
}

export function workbenchUrl(base: string, where: WorkbenchLocation): string {
  const url = new URL(base);
  if (where.folder) url.searchParams.set('folder', where.folder);
  if (where.payload) url.searchParams.set('payload', JSON.stringify(where.payload));
  return url.toString();
}

/** Payload that loads the extension under development from this work tree. */
export function devPayload(authority: string, extensionPath: string, testsPath?: string): [string, string][] {
  const payload: [string, string][] = [['extensionDevelopmentPath', remoteUri(authority, extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(authority, testsPath)]);
  payload.push(['skipWelcome', 'true']);
  return payload;
}
