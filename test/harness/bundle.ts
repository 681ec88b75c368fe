// The extension host loads plain JavaScript: bundle the integration runner and each suite into
// out/test/integration/. Mocha goes into the runner's bundle, so the host needs no node_modules
// (and mocha 12 being an ES module does not matter); `vscode` stays external as in the extension.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../scripts/harness/builds';

export const integrationSource = path.join(repoRoot, 'test', 'integration');
export const integrationOut = path.join(repoRoot, 'out', 'test', 'integration');
export const integrationEntry = path.join(integrationOut, 'index.js');

export async function bundleIntegrationTests(): Promise<void> {
  const suites = fs.readdirSync(integrationSource).filter((f) => f.endsWith('.test.ts'));
  fs.rmSync(integrationOut, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: ['index.ts', ...suites].map((f) => path.join(integrationSource, f)),
    outdir: integrationOut,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
}

export function extensionIsBuilt(): boolean {
  return fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'));
}

if (require.main === module) {
  bundleIntegrationTests().then(
    () => console.log(`[harness] integration suites bundled into ${integrationOut}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
