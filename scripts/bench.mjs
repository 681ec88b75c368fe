// npm run bench [-- --only paging,tokens --rounds N --rows N]: builds dist/extension.js when it is
// missing or older than src/ (the activation benchmark loads the bundle), then runs bench/run.ts
// under tsx with --expose-gc so the paging benchmark can measure the heap after a full GC.
// Exit code: bench/run.ts's (non-zero only for broken invariants or a benchmark that could not run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'extension.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestMtime(join(root, 'src'))) {
  console.log('bench: dist/extension.js is missing or older than src/; building it first');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 2);
}

const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'bench', 'run.ts'), ...process.argv.slice(2)], {
  cwd: root, stdio: 'inherit',
});
process.exit(run.status ?? 2);
