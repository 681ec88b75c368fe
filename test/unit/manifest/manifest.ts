// The manifest as the tests read it: package.json raw, its string bundles, and package.json with
// every %key% replaced from a bundle (what VS Code shows in that language).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..', '..');
const read = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rawManifest = read('package.json') as any;
export const bundles = {
  en: read('package.nls.json') as Record<string, string>,
  de: read('package.nls.de.json') as Record<string, string>,
};

/** `value` with each whole-string %key% replaced from `bundle` (unknown keys stay as they are). */
export function localize<T>(value: T, bundle: Record<string, string>): T {
  if (typeof value === 'string') return value.replace(/^%([^%]+)%$/, (m, key: string) => bundle[key] ?? m) as T;
  if (Array.isArray(value)) return value.map((v) => localize(v, bundle)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, bundle)])) as T;
  }
  return value;
}

/** package.json as VS Code shows it in English. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const manifest = localize(rawManifest, bundles.en) as any;
