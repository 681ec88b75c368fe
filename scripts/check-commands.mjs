// Fails when package.json declares a command the code never registers, or the code registers one
// package.json does not declare. Reads the command ids from src/ as written: registrations go
// through command objects `{ id: 'dynamics365.x' }` or factories taking the id as first argument.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const declared = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const registered = new Set();
const patterns = [
  /\bid:\s*'(dynamics365\.[\w.]+)'/g,
  /Command\(\s*'(dynamics365\.[\w.]+)'/g,
  /registerCommand\(\s*'(dynamics365\.[\w.]+)'/g,
];
for (const file of files('src')) {
  const text = readFileSync(file, 'utf8');
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) registered.add(m[1]);
}

const notRegistered = [...declared].filter((id) => !registered.has(id));
const notDeclared = [...registered].filter((id) => !declared.has(id));
const missingActivation = [...declared].filter((id) => !manifest.activationEvents?.includes(`onCommand:${id}`));
const problems = [
  ...notRegistered.map((id) => `declared in package.json but never registered: ${id}`),
  ...notDeclared.map((id) => `registered in code but not declared in package.json: ${id}`),
  ...missingActivation.map((id) => `no onCommand activation event for: ${id}`),
];
if (problems.length) {
  for (const p of problems) console.error(`check-commands: ${p}`);
  process.exit(1);
}
console.log(`check-commands: ${declared.size} commands declared, all registered`);
