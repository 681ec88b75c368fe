// npm run bench [-- --only paging,tokens --rounds N --rows N]: runs bench/run.ts under tsx with
// --expose-gc so the paging benchmark can measure the heap after a full GC. The activation benchmark
// builds the bundles it loads into a temporary folder itself; resultsGrid runs the extension from
// dist/ in a real workbench, so dist/ is built first when it is missing or older than src/.
// Exit code: bench/run.ts's (non-zero only for broken invariants or a benchmark that could not run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : undefined;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const bundle = join(root, 'dist', 'extension.js');
if (
  (!only || only.includes('resultsGrid')) &&
  (!existsSync(bundle) || statSync(bundle).mtimeMs < newestMtime(join(root, 'src')))
) {
  console.log('bench: dist/ is missing or older than src/ (resultsGrid runs the built extension); building it first');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 2);
}

const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'bench', 'run.ts'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 2);
