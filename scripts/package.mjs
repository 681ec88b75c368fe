// `npm run package`: a production bundle, then a VSIX from the allowlist in .vscodeignore.
// The bundle already contains every runtime dependency, so node_modules stays out of the VSIX.
// Afterwards the VSIX's file list is checked so a stray test, source or map never ships.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
const { name, version } = (await import('../package.json', { with: { type: 'json' } })).default;
const vsix = `${name}-${version}.vsix`;

run('node', ['scripts/build.mjs', '--production']);
run('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix]);

const listing = execFileSync('npx', ['vsce', 'ls', '--no-dependencies'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const forbidden = listing.filter((f) => /^(src|test|scripts|node_modules)\/|\.map$|\.ts$/.test(f));
if (forbidden.length) {
  console.error(`package: these files must not ship:\n  ${forbidden.join('\n  ')}`);
  process.exit(1);
}
// dist/extension.js loads the heavy packages from dist/vendor/ on first use: a missing one would
// only fail then, so every built script must be in the VSIX.
const built = readdirSync('dist', { recursive: true })
  .map((f) => `dist/${String(f).replaceAll('\\', '/')}`)
  .filter((f) => f.endsWith('.js'));
const missing = built.filter((f) => !listing.includes(f));
if (missing.length) {
  console.error(`package: these built files are missing from the VSIX (see .vscodeignore):\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`package: ${vsix} (${listing.length} files)`);
