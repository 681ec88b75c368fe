// Starts the local Entra ID + Dataverse emulator (test/emulator/src/cli.ts) in its own process group and
// turns its start-up line into the user settings and environment that point the extension at it.
// The sign-in host is bound to 127.0.0.2: code-server rewrites links to localhost/127.0.0.1 that an
// extension opens into its own /proxy/<port>/ path, which would break the browser's trip to sign in.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot } from './builds';

export const emulatorCli = path.join(repoRoot, 'test', 'emulator', 'src', 'cli.ts');

/** The emulator's first stdout line (fields the harness relies on; the rest passes through). */
export interface EmulatorInfo {
  authorityHost: string;
  tenantId: string;
  orgUrl: string;
  caCertPath: string;
  publicClientId?: string;
  controlUrl?: string;
  users?: { username: string; password: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface RunningEmulator {
  info: EmulatorInfo;
  /** The extension's ordinary user settings for the sandbox org. */
  userSettings: Record<string, unknown>;
  /** For the extension host (tests read the control URL from here). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function emulatorAvailable(): boolean {
  return fs.existsSync(emulatorCli);
}

/**
 * The sandbox's public app that needs each user's consent; started with `URI_HANDLER_REDIRECT` it
 * stands for a user's own app registration with VS Code's callback registered, so the browser
 * sign-in comes back through the URI handler (code-server's callback is
 * http://127.0.0.1:<port>/stable-<commit>/callback; the emulator treats `*` as a wildcard).
 */
export const URI_HANDLER_APP = '6f1c2a3b-5d4e-4f60-8a71-92b3c4d5e6f7';
export const URI_HANDLER_REDIRECT = ['--redirect-uri', 'http://127.0.0.1/*/callback'];

export function sandboxSettings(info: EmulatorInfo): Record<string, unknown> {
  return {
    'dynamics365.cloud': 'custom',
    'dynamics365.authorityHost': info.authorityHost,
    'dynamics365.tenant': info.tenantId,
    'dynamics365.extraCaCertificates': [info.caCertPath],
    // The emulator serves the Global Discovery Service on the org host.
    'dynamics365.globalDiscoveryUrl': info.orgUrl,
    'dynamics365.connections': [{ name: 'Sandbox', orgUrl: info.orgUrl }],
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(line));
    child.once('exit', (code) =>
      reject(new Error(`emulator exited with ${code} before it was ready:\n${stderr.slice(-2000)}`)),
    );
    child.once('error', reject);
  });
}

export async function startEmulator(extraArgs: string[] = []): Promise<RunningEmulator> {
  if (!emulatorAvailable()) throw new Error(`${emulatorCli} does not exist yet`);
  // tsx's loader in this one process: the `tsx` command would run the emulator in a child and, on a
  // busy machine, kill it with SIGKILL before it has removed its state folder (see server-cli.test.ts).
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', emulatorCli, '--port', '0', '--authority-address', '127.0.0.2', ...extraArgs],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const killAll = (): void => signalGroup('SIGKILL');
  // On our way out (Ctrl+C included) a SIGTERM lets the emulator remove its state folder itself.
  const onExit = (): void => signalGroup('SIGTERM');
  process.on('exit', onExit);
  let info: EmulatorInfo;
  try {
    info = JSON.parse(await firstLine(child)) as EmulatorInfo;
  } catch (err) {
    process.off('exit', onExit);
    killAll();
    throw err;
  }
  // Keep the pipe drained so a chatty emulator never blocks on a full buffer.
  child.stdout?.resume();
  const env: Record<string, string> = { D365_EMULATOR_INFO: JSON.stringify(info) };
  if (info.controlUrl) env.D365_EMULATOR_CONTROL_URL = info.controlUrl;
  return {
    info,
    userSettings: sandboxSettings(info),
    env,
    stop: async () => {
      process.off('exit', onExit);
      if (child.pid !== undefined && child.exitCode === null) {
        signalGroup('SIGTERM');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            killAll();
            resolve();
          }, 3000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
