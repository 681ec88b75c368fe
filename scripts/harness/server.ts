// Starts one isolated code-server: its own HOME/XDG/TMPDIR, user data, extensions folder and
// user settings, on a free loopback port, in its own process group so that stopping it also
// stops its extension host, file watcher and pty host. The group is killed on every way out:
// stop(), an exception, process exit, Ctrl+C.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { nodeBinary, serverEntry, type CodeServerBuild } from './builds';

/** VS Code's setting for opening an extension's walkthrough on its first start (machine-scoped). */
const OPEN_ON_INSTALL = 'workbench.welcomePage.walkthroughs.openOnInstall';

/** Settings that keep a test workbench quiet and deterministic. */
const baseSettings: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  // Suites that test the Get Started walkthrough turn it back on; it would cover other suites' editors.
  [OPEN_ON_INSTALL]: false,
  'security.workspace.trust.enabled': false,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
};

export interface ServerOptions {
  build: CodeServerBuild;
  /** User settings merged over the harness defaults, written before the server starts. */
  userSettings?: Record<string, unknown>;
  /** Added to the server's environment, which its extension host inherits. */
  env?: Record<string, string>;
  /** Extra code-server arguments. */
  args?: string[];
  /** VSIX files installed into the run's extensions folder, with the build's own CLI, before it starts. */
  extensions?: string[];
  /** Bind address; 127.0.0.1 unless told otherwise. */
  host?: string;
  port?: number;
  /** Keep the run folder after stop() (it is kept anyway when the caller says the run failed). */
  keep?: boolean;
}

export interface RunningServer {
  url: string;
  /** host:port, the remote authority of vscode-remote:// URIs. */
  authority: string;
  runDir: string;
  workspaceDir: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  stop(options?: { failed?: boolean }): Promise<void>;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Makes a run folder under the system temp dir: unix socket paths must stay under 108 characters,
 * and the extension host creates its sockets in TMPDIR.
 */
export function makeRunDir(prefix: string): string {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `d365-${prefix}-`));
  for (const sub of [
    'home/.config',
    'home/.local/share',
    'home/.cache',
    'tmp',
    'user-data/User',
    'extensions',
    'workspace',
  ]) {
    fs.mkdirSync(path.join(runDir, sub), { recursive: true });
  }
  return runDir;
}

export function isolatedEnv(runDir: string): Record<string, string> {
  const home = path.join(runDir, 'home');
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: path.join(runDir, 'tmp'),
  };
}

/** Process group leaders of running servers, with the run folder to delete when they go. */
const liveGroups = new Map<number, string | undefined>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const pid of liveGroups.keys()) killGroup(pid, 'SIGKILL');
});
// Ctrl+C: nothing a server was doing is worth keeping, and waiting on graceful stops would leave
// the user staring at a terminal that does not react.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const [pid, runDir] of liveGroups) {
      killGroup(pid, 'SIGKILL');
      if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
    }
    process.exit(130);
  });
}

async function waitUntilHealthy(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  throw new Error(`code-server did not answer ${url}/healthz (log ${logFile}):\n${log.slice(-3000)}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  killGroup(pid, 'SIGTERM');
  const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
  await Promise.race([exited, sleep(3000)]);
  // The leader may be gone while its children linger; always finish the whole group.
  killGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
}

interface ServerPaths {
  runDir: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  configFile: string;
}

function spawnServer(options: ServerOptions, paths: ServerPaths, bindAddr: string): ChildProcess {
  const out = fs.openSync(paths.logFile, 'a');
  try {
    return spawn(
      nodeBinary(options.build),
      [
        serverEntry(options.build),
        '--config',
        paths.configFile,
        '--bind-addr',
        bindAddr,
        '--auth',
        'none',
        '--user-data-dir',
        paths.userDataDir,
        '--extensions-dir',
        paths.extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        ...options.build.serverArgs,
        ...(options.args ?? []),
      ],
      {
        detached: true, // own process group (setsid)
        stdio: ['ignore', out, out],
        env: { ...process.env, ...isolatedEnv(paths.runDir), ...options.env },
      },
    );
  } finally {
    fs.closeSync(out);
  }
}

export async function startCodeServer(options: ServerOptions): Promise<RunningServer> {
  const runDir = makeRunDir(`cs${options.build.name}`);
  const paths: ServerPaths = {
    runDir,
    userDataDir: path.join(runDir, 'user-data'),
    extensionsDir: path.join(runDir, 'extensions'),
    logFile: path.join(runDir, 'server.log'),
    configFile: path.join(runDir, 'config.yaml'),
  };
  // An empty config file stops code-server writing one into the real ~/.config.
  fs.writeFileSync(paths.configFile, '');
  writeUserSettings(paths.userDataDir, options.userSettings ?? {});
  for (const vsix of options.extensions ?? []) await installExtension(options.build, paths, vsix);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const child = spawnServer(options, paths, `${host}:${port}`);
  const disposable = !options.keep && !process.env.HARNESS_KEEP;
  if (child.pid !== undefined) liveGroups.set(child.pid, disposable ? runDir : undefined);
  const url = `http://${host}:${port}`;
  const stop = async (how: { failed?: boolean } = {}): Promise<void> => {
    await stopGroup(child);
    if (!how.failed && disposable) fs.rmSync(runDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(url, child, paths.logFile);
  } catch (err) {
    await stop({ failed: true });
    throw err;
  }
  return {
    url,
    authority: `${host}:${port}`,
    runDir,
    workspaceDir: path.join(runDir, 'workspace'),
    userDataDir: paths.userDataDir,
    extensionsDir: paths.extensionsDir,
    logFile: paths.logFile,
    stop,
  };
}

/**
 * Installs a VSIX as `code-server --install-extension` does. A language pack among them is also
 * registered in the user data's languagepacks.json, as the running server's language pack service
 * does after an install from its UI: the CLI does not start that service, and without the entry
 * `--locale` finds no translations and stays English.
 */
async function installExtension(build: CodeServerBuild, paths: ServerPaths, vsix: string): Promise<void> {
  const args = ['--user-data-dir', paths.userDataDir, '--extensions-dir', paths.extensionsDir];
  await promisify(execFile)(nodeBinary(build), [serverEntry(build), ...args, '--install-extension', vsix], {
    env: { ...process.env, ...isolatedEnv(paths.runDir) },
    timeout: 120_000,
  });
  const index = JSON.parse(fs.readFileSync(path.join(paths.extensionsDir, 'extensions.json'), 'utf8')) as {
    identifier: { id: string };
    version: string;
    relativeLocation: string;
  }[];
  for (const installed of index) registerLanguagePacks(paths, installed);
}

interface Localization {
  languageId: string;
  localizedLanguageName?: string;
  languageName?: string;
  translations: { id: string; path: string }[];
}

function registerLanguagePacks(
  paths: ServerPaths,
  installed: { identifier: { id: string }; version: string; relativeLocation: string },
): void {
  const dir = path.join(paths.extensionsDir, installed.relativeLocation);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    contributes?: { localizations?: Localization[] };
  };
  const localizations = manifest.contributes?.localizations ?? [];
  if (!localizations.length) return;
  const file = path.join(paths.userDataDir, 'languagepacks.json');
  const packs = (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {}) as Record<string, unknown>;
  for (const l of localizations) {
    packs[l.languageId] = {
      // Names the folder the server keeps the generated messages in (clp/<hash>.<language>).
      hash: createHash('md5').update(installed.identifier.id).update(installed.version).digest('hex'),
      extensions: [{ extensionIdentifier: installed.identifier, version: installed.version }],
      translations: Object.fromEntries(l.translations.map((t) => [t.id, path.join(dir, t.path)])),
      label: l.localizedLanguageName ?? l.languageName ?? l.languageId,
    };
  }
  fs.writeFileSync(file, JSON.stringify(packs));
}

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  const merged = { ...baseSettings, ...settings };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  // Machine-scoped settings of a remote window (code-server's is one) come from the server's
  // Machine settings, not the user's: the walkthrough's "open on install" is such a setting.
  const machine = path.join(userDataDir, 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(machine), { recursive: true });
  fs.writeFileSync(machine, `${JSON.stringify({ [OPEN_ON_INSTALL]: merged[OPEN_ON_INSTALL] }, null, 2)}\n`);
}
