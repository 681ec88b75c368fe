// Makes `npm start` and `npm test` work on a fresh clone: installs the npm packages first when
// node_modules is missing or older than package-lock.json. Uses only Node built-ins.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export function ensureDependencies() {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
  if (!stale) return;
  console.log('Installing npm packages (first run)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit', env: { ...process.env, npm_config_yes: 'true' } });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDependencies();
