// Installs what the harness needs on a fresh machine that reaches only the npm registry and Debian:
// Debian packages (Chromium, ripgrep, Kerberos headers for code-server's native module, fonts) and
// code-server builds under .vscode-test/. Safe to call on every run: finished installs are skipped,
// and a lock keeps parallel runs from installing the same build twice.
//
//   npx tsx scripts/harness/install.ts [1.100] [1.139]     (all builds by default)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, installDir, nodeDir, selectBuilds, type CodeServerBuild } from './builds';
import { withLock } from './lock';

const debianPackages = ['chromium', 'ripgrep', 'libkrb5-dev', 'fonts-liberation'];

// @vscode/ripgrep's postinstall downloads from GitHub unless it finds this file in its cache
// folder under os.tmpdir(); a tarball holding Debian's rg satisfies it.
const ripgrepCaches = [
  { packageVersion: '1.15.11', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
  { packageVersion: '1.15.14', asset: 'ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz' },
];

function log(message: string): void {
  console.log(`[harness] ${message}`);
}

function isInstalledDeb(name: string): boolean {
  try {
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return status.includes('install ok installed');
  } catch {
    return false;
  }
}

export async function ensureDebianPackages(): Promise<void> {
  const missing = debianPackages.filter((p) => !isInstalledDeb(p));
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing Debian packages: ${missing.join(' ')}. Install them: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  await withLock(path.join(cacheDir, 'apt.lock'), async () => {
    const still = debianPackages.filter((p) => !isInstalledDeb(p));
    if (!still.length) return;
    const started = Date.now();
    log(`apt-get install ${still.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-q'], { env, logFile: path.join(cacheDir, 'logs', 'apt.log') });
    await run('apt-get', ['install', '-y', '-q', ...still], { env, logFile: path.join(cacheDir, 'logs', 'apt.log') });
    log(`Debian packages installed in ${seconds(started)}`);
  });
}

interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logFile: string;
}

/** Runs a command with its output in a log file, shown only when the command fails. */
function run(cmd: string, args: string[], options: RunOptions): Promise<void> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, 'a');
  fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('close', (code) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}; log ${options.logFile}:\n${tail}`));
    });
  });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

function seedRipgrepCache(tmp: string): void {
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  const stage = path.join(tmp, 'rg-stage');
  fs.mkdirSync(stage, { recursive: true });
  fs.copyFileSync(rg, path.join(stage, 'rg'));
  fs.chmodSync(path.join(stage, 'rg'), 0o755);
  for (const { packageVersion, asset } of ripgrepCaches) {
    const dir = path.join(tmp, `vscode-ripgrep-cache-${packageVersion}`);
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['czf', path.join(dir, asset), '-C', stage, 'rg']);
  }
}

function npmEnv(build: CodeServerBuild, tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmp,
    // code-server's postinstall refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which a `yes=false` npmrc would cancel.
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  // Set by a parent `npm run`/`npx` and inherited: code-server's postinstall reads the Node version
  // from the user agent, which must describe the npm we start, not the one that started us.
  for (const key of ['npm_config_user_agent', 'npm_node_execpath', 'npm_execpath']) delete env[key];
  const node = nodeDir(build);
  if (node) {
    // npm and node-gyp must run on, and build native modules for, the build's own Node.
    env.PATH = `${path.join(node, 'bin')}${path.delimiter}${env.PATH ?? ''}`;
    env.npm_config_nodedir = node;
  }
  return env;
}

function markerFile(dir: string): string {
  return path.join(dir, '.installed');
}

async function npmInstallInto(dir: string, spec: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  if (fs.existsSync(markerFile(dir))) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), private: true }));
  await run('npm', ['install', '--no-save', '--no-package-lock', spec], { cwd: dir, env, logFile });
  fs.writeFileSync(markerFile(dir), `${spec}\n`);
}

export function isInstalled(build: CodeServerBuild): boolean {
  return fs.existsSync(markerFile(installDir(build)));
}

export async function ensureCodeServer(build: CodeServerBuild): Promise<void> {
  if (isInstalled(build)) return;
  await ensureDebianPackages();
  const dir = installDir(build);
  await withLock(`${dir}.lock`, async () => {
    if (isInstalled(build)) return;
    const started = Date.now();
    const logFile = path.join(cacheDir, 'logs', `install-code-server-${build.codeServerVersion}.log`);
    log(`installing code-server ${build.codeServerVersion} (VS Code ${build.vscodeVersion}); log ${logFile}`);
    const tmp = path.join(cacheDir, `tmp-install-${build.codeServerVersion}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    seedRipgrepCache(tmp);
    const node = nodeDir(build);
    if (node && build.nodePackage) {
      // The Node package is fetched with the system npm; nothing in it needs building.
      await npmInstallInto(
        path.resolve(node, '..', '..'),
        build.nodePackage,
        { ...process.env, npm_config_audit: 'false' },
        logFile,
      );
    }
    await npmInstallInto(dir, `code-server@${build.codeServerVersion}`, npmEnv(build, tmp), logFile);
    fs.rmSync(tmp, { recursive: true, force: true });
    log(`code-server ${build.codeServerVersion} installed in ${seconds(started)}`);
  });
}

/** Installs the given builds side by side: downloads overlap, which beats one after the other. */
export async function ensureCodeServers(selected: readonly CodeServerBuild[]): Promise<void> {
  await ensureDebianPackages();
  // allSettled: a failed install must not leave the others running unattended behind our exit.
  const results = await Promise.allSettled(selected.map((b) => ensureCodeServer(b)));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (errors.length) throw errors[0];
}

if (require.main === module) {
  const started = Date.now();
  ensureCodeServers(selectBuilds(process.argv.slice(2))).then(
    () => log(`ready in ${seconds(started)}`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
