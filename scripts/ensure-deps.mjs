// Makes `npm start` and `npm test` work on a fresh clone: installs the npm packages first when
// node_modules is missing or older than package-lock.json. Uses only Node built-ins. An older
// Node than package.json's engines.node stops here with a message saying what to install.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { nodeProblem } from './check-node.mjs';

export function ensureDependencies() {
  const problem = nodeProblem(process.versions.node, JSON.parse(readFileSync('package.json', 'utf8')).engines.node);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
  if (!stale) return;
  console.log('Installing npm packages (first run)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit', env: { ...process.env, npm_config_yes: 'true' } });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDependencies();
