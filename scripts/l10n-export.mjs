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

/** The English bundle as the sources say it, keys sorted. */
export async function extractBundle(base = root) {
  const files = sourceFiles(join(base, 'src')).map((f) => ({
    contents: readFileSync(f, 'utf8'),
    extension: extname(f),
  }));
  const found = await getL10nJson(files);
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
