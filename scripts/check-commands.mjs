// Checks package.json against src/core/ids.ts, where every shared id lives: each declared command
// is in COMMAND and registered in src/ (`id: COMMAND.x`, or a factory taking COMMAND.x first), each
// COMMAND is declared and has an onCommand activation event; the views, the context keys in `when`
// clauses and the `viewItem == …` values are ids of that file; and no other file of src/ spells a
// `dynamics365.` id as a string (it would drift from the manifest unnoticed).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const idsFile = join('src', 'core', 'ids.ts');
const idsText = readFileSync(idsFile, 'utf8');

/** The string members of `export const NAME = { … }` in ids.ts, as key → value. */
function group(name) {
  const block = new RegExp(`export const ${name} = \\{([\\s\\S]*?)\\n\\}`).exec(idsText)?.[1];
  if (!block) throw new Error(`check-commands: no ${name} in ${idsFile}`);
  return new Map([...block.matchAll(/^\s+(\w+): '([^']+)',/gm)].map((m) => [m[1], m[2]]));
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const commands = group('COMMAND');
const views = new Set(group('VIEW').values());
const contextKeys = new Set(group('CONTEXT_KEY').values());
const contextValues = new Set(group('CONTEXT_VALUE').values());
const declared = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));

const registered = new Set();
const literals = [];
// A factory such as copyNameCommand(COMMAND.x, …) registers; executeCommand(COMMAND.x) only runs one.
const patterns = [/\bid:\s*COMMAND\.(\w+)/g, /(?<!execute)Command\(\s*COMMAND\.(\w+)/g];
// Not ids: the secret-storage key prefix and the icon's file name.
const allowedLiterals = new Set(["'dynamics365.'", "'dynamics365.svg'"]);
for (const file of files('src')) {
  if (file === idsFile) continue;
  const text = readFileSync(file, 'utf8');
  for (const pattern of patterns)
    for (const m of text.matchAll(pattern)) registered.add(commands.get(m[1]) ?? `COMMAND.${m[1]}`);
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    for (const m of line.matchAll(/'dynamics365(\.[\w.]*)?'/g))
      if (!allowedLiterals.has(m[0])) literals.push(`${file}:${i + 1} ${m[0]}`);
  });
}

/** Every `when`/`enablement` clause of the manifest. */
function clauses(node, out = []) {
  if (Array.isArray(node)) node.forEach((n) => clauses(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'when' || key === 'enablement') && typeof value === 'string') out.push(value);
      else clauses(value, out);
    }
  }
  return out;
}
const when = clauses(manifest.contributes);
const declaredViews = Object.values(manifest.contributes?.views ?? {})
  .flat()
  .map((v) => v.id);

const problems = [
  ...[...declared]
    .filter((id) => ![...commands.values()].includes(id))
    .map((id) => `declared in package.json but not in ${idsFile}: ${id}`),
  ...[...commands.values()]
    .filter((id) => !declared.has(id))
    .map((id) => `in ${idsFile} but not declared in package.json: ${id}`),
  ...[...commands.values()].filter((id) => !registered.has(id)).map((id) => `never registered: ${id}`),
  ...[...registered]
    .filter((id) => !id.startsWith('dynamics365.'))
    .map((id) => `registered but not in ${idsFile}: ${id}`),
  ...[...declared]
    .filter((id) => !manifest.activationEvents?.includes(`onCommand:${id}`))
    .map((id) => `no onCommand activation event for: ${id}`),
  ...declaredViews.filter((id) => !views.has(id)).map((id) => `view ${id} is not in ${idsFile}`),
  ...when.flatMap((w) =>
    [...w.matchAll(/\bview == ([\w.]+)/g)]
      .map((m) => m[1])
      .filter((id) => !views.has(id))
      .map((id) => `when clause names view ${id}, not in ${idsFile}`),
  ),
  ...when.flatMap((w) =>
    [...w.matchAll(/!?\b(dynamics365\.has\w+)/g)]
      .map((m) => m[1])
      .filter((k) => !contextKeys.has(k))
      .map((k) => `when clause reads context key ${k}, not in ${idsFile}`),
  ),
  ...when.flatMap((w) =>
    [...w.matchAll(/viewItem == ([\w.]+)/g)]
      .map((m) => m[1])
      .filter((v) => !contextValues.has(v))
      .map((v) => `when clause matches viewItem ${v}, not in ${idsFile}`),
  ),
  ...literals.map((l) => `an id spelled as a string outside ${idsFile}: ${l}`),
];
if (problems.length) {
  for (const p of problems) console.error(`check-commands: ${p}`);
  process.exit(1);
}
console.log(
  `check-commands: ${declared.size} commands declared, all registered; views, context keys and tree item values match ${idsFile}`,
);
