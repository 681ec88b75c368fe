// Writes l10n/bundle.l10n.json: every l10n.t / vscode.l10n.t string in src/, keys sorted so the file
// diffs well. `npm run l10n` after adding a string; test/unit/l10n/bundle.test.ts fails until you do,
// and until l10n/bundle.l10n.de.json has the German for it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** How a file reaches l10n.t: these import lines are the only spellings the sources use. */
const IMPORT_LINES = ["import * as l10n from '@vscode/l10n';", "import * as vscode from 'vscode';"];

/**
 * The extractor compiles its tree-sitter query again for every file that imports l10n (about half a
 * second each on a busy machine), so the files of each import spelling are analysed as one text
 * under one import line: the same strings, found once instead of once per file. Files importing
 * l10n any other way are analysed on their own.
 */
function batched(files) {
  const groups = IMPORT_LINES.map((line) => ({ line, parts: [] }));
  const alone = [];
  for (const f of files) {
    const lines = f.contents.split(/\r?\n/);
    const group = groups.find((g) => lines.includes(g.line));
    if (group && f.extension === '.ts') group.parts.push(lines.filter((l) => l !== group.line).join('\n'));
    else alone.push(f);
  }
  return [
    ...groups
      .filter((g) => g.parts.length > 0)
      .map((g) => ({ contents: [g.line, ...g.parts].join('\n;\n'), extension: '.ts' })),
    ...alone,
  ];
}

/** The English bundle as the sources say it, keys sorted. */
export async function extractBundle(base = root) {
  const files = sourceFiles(join(base, 'src')).map((f) => ({
    contents: readFileSync(f, 'utf8'),
    extension: extname(f),
  }));
  const found = await getL10nJson(batched(files));
  return Object.fromEntries(
    Object.keys(found)
      .sort()
      .map((k) => [k, found[k]]),
  );
}

export const bundleText = (bundle) => JSON.stringify(bundle, null, 2) + '\n';

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bundle = await extractBundle();
  writeFileSync(join(root, 'l10n', 'bundle.l10n.json'), bundleText(bundle));
  console.log(`l10n/bundle.l10n.json: ${Object.keys(bundle).length} strings`);
}
