// npm run bench [-- --only paging,tokens --rounds N --rows N]: runs bench/run.ts under tsx with
// --expose-gc so the paging benchmark can measure the heap after a full GC. The activation benchmark
// builds the bundles it loads into a temporary folder itself, so dist/ is neither needed nor touched.
// Exit code: bench/run.ts's (non-zero only for broken invariants or a benchmark that could not run).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(root, 'bench', 'run.ts'), ...process.argv.slice(2)], {
  cwd: root, stdio: 'inherit',
});
process.exit(run.status ?? 2);
