// `npm start`: the extension against the local sandbox org, in a browser.
// Builds the extension, starts the emulator (local Entra ID + Dataverse), starts code-server with
// this work tree's extension under development and ordinary user settings pointing at the sandbox,
// and prints the URL to open and the sandbox users. Ctrl+C stops everything.
//
// `npm run start:desktop`: the same sandbox in desktop VS Code (`code` on PATH), in a separate
// user-data folder so your own settings stay untouched.
//
// Environment: START_VSCODE=1.139 picks the code-server build; START_PORT fixes the port.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, findBuild, repoRoot } from './harness/builds';
import { devPayload, workbenchUrl } from './harness/browser';
import {
  emulatorAvailable,
  startEmulator,
  URI_HANDLER_APP,
  URI_HANDLER_REDIRECT,
  type RunningEmulator,
} from './harness/emulator';
import { ensureCodeServer } from './harness/install';
import { startCodeServer, writeUserSettings } from './harness/server';

function build(): void {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('npm run build failed');
}

async function sandbox(): Promise<RunningEmulator | undefined> {
  if (!emulatorAvailable()) {
    console.log('! test/emulator/src/cli.ts is not there yet: starting without a sandbox org.');
    return undefined;
  }
  // Sign-in through VS Code's URI handler, as with your own app registration (see emulator.ts).
  const emulator = await startEmulator(URI_HANDLER_REDIRECT);
  emulator.userSettings['dynamics365.clientId'] = URI_HANDLER_APP;
  return emulator;
}

function printSandbox(emulator: RunningEmulator | undefined): void {
  if (!emulator) return;
  const { info } = emulator;
  console.log(`\nSandbox org:     ${info.orgUrl}`);
  console.log(`Sign-in host:    ${info.authorityHost} (tenant ${info.tenantId})`);
  for (const user of info.users ?? []) {
    // Users other than the plain ones exist to show a failure (MFA, conditional access, expiry).
    const traits = Object.keys(user).filter((k) => !['username', 'password', 'displayName'].includes(k));
    console.log(
      `Sandbox user:    ${user.username}  password: ${user.password}${traits.length ? `  (${traits.join(', ')})` : ''}`,
    );
  }
  console.log(`Its TLS CA:      ${info.caCertPath} (trusted through dynamics365.extraCaCertificates)`);
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

async function startBrowser(emulator: RunningEmulator | undefined): Promise<void> {
  const buildToUse = findBuild(process.env.START_VSCODE ?? '1.100');
  await ensureCodeServer(buildToUse);
  const port = process.env.START_PORT ? Number(process.env.START_PORT) : undefined;
  const server = await startCodeServer({
    build: buildToUse,
    port,
    userSettings: emulator?.userSettings,
    env: emulator?.env,
  });
  try {
    const url = workbenchUrl(server.url, {
      folder: server.workspaceDir,
      payload: devPayload(server.authority, repoRoot),
    });
    printSandbox(emulator);
    console.log(
      `\nVS Code ${buildToUse.vscodeVersion} in the browser (extension under development from ${repoRoot}):\n\n  ${url}\n`,
    );
    console.log(`Server log: ${server.logFile}. After \`npm run build\` (or \`npm run watch\`), reload the page.`);
    console.log('Ctrl+C stops everything.');
    await untilInterrupted();
  } finally {
    await server.stop();
  }
}

async function startDesktop(emulator: RunningEmulator | undefined): Promise<void> {
  const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error("`code` is not on PATH: install VS Code's shell command, or use `npm start`");
  const home = path.join(cacheDir, 'desktop-sandbox');
  const userData = path.join(home, 'user-data');
  const workspace = path.join(home, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  writeUserSettings(userData, emulator?.userSettings ?? {});
  printSandbox(emulator);
  console.log('\nOpening desktop VS Code; close its window (or Ctrl+C here) to stop.');
  const code = spawn(
    'code',
    [
      '--new-window',
      '--wait',
      `--user-data-dir=${userData}`,
      `--extensions-dir=${path.join(home, 'extensions')}`,
      `--extensionDevelopmentPath=${repoRoot}`,
      workspace,
    ],
    { stdio: 'inherit', env: { ...process.env, ...emulator?.env } },
  );
  await Promise.race([new Promise((resolve) => code.once('exit', resolve)), untilInterrupted()]);
  code.kill();
}

async function main(): Promise<void> {
  build();
  const emulator = await sandbox();
  try {
    if (process.argv.includes('--desktop')) await startDesktop(emulator);
    else await startBrowser(emulator);
  } finally {
    await emulator?.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
