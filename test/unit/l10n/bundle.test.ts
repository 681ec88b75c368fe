// The code's string bundle: every l10n.t string in src/ is in l10n/bundle.l10n.json (regenerate with
// `npm run l10n`), and l10n/bundle.l10n.de.json translates each of them, keeping every placeholder.
// The lint rule in scripts/eslint/l10n.mjs catches user-facing text that skips l10n.t altogether.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
type Bundle = Record<string, string | { message: string; comment: string[] }>;
const read = (name: string): Bundle => JSON.parse(readFileSync(join(root, 'l10n', name), 'utf8')) as Bundle;
const text = (v: Bundle[string]): string => (typeof v === 'string' ? v : v.message);
const placeholders = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();

/** Strings that are the same in German: names, codes and punctuation only. */
const SAME_IN_GERMAN = new Set<string>([
  'Dynamics 365: {0} {1} in {2} ms/{0} is the HTTP status code, {1} its reason phrase (e.g. 200 OK), {2} the duration',
  'Dynamics 365: {0}…/{0} says what the request does, e.g. "reads accounts"',
  'Notebook',
  'Scratchpad',
  'Standard',
  '{0} (FetchXML)',
  // Column kinds the maker portal names the same in German
  'Status',
  'Text',
]);

describe('l10n bundles', () => {
  it('l10n/bundle.l10n.json is exactly what the sources say (run `npm run l10n`)', async function () {
    // The extractor parses every source file: a few seconds alone, several times that on a busy machine.
    this.timeout(120_000);
    const { extractBundle } = (await import(join(root, 'scripts', 'l10n-export.mjs'))) as {
      extractBundle(base: string): Promise<Bundle>;
    };
    const fromSources = await extractBundle(root);
    const committed = read('bundle.l10n.json');
    const missing = Object.keys(fromSources).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in fromSources));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] });
    assert.deepEqual(committed, fromSources);
  });

  it('the German bundle translates every string and keeps its placeholders', () => {
    const english = read('bundle.l10n.json');
    const german = read('bundle.l10n.de.json');
    const untranslated = Object.keys(english).filter((k) => !(k in german));
    const unknown = Object.keys(german).filter((k) => !(k in english));
    assert.deepEqual({ untranslated, unknown }, { untranslated: [], unknown: [] });
    for (const [key, value] of Object.entries(german)) {
      const de = text(value);
      assert.ok(de.trim().length > 0, `empty German for "${key}"`);
      assert.deepEqual(placeholders(de), placeholders(text(english[key])), `placeholders of "${key}"`);
      const wordy = /[A-Za-z]{3,}/.test(text(english[key]));
      if (wordy && !SAME_IN_GERMAN.has(key)) assert.notEqual(de, text(english[key]), `"${key}" is not translated`);
    }
  });
});
