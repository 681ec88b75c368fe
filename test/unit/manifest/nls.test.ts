// The manifest's string bundle: every user-facing string of package.json (commands, views, settings,
// walkthrough) is a %key% found in package.nls.json and in the German package.nls.de.json, and the
// German is a translation that keeps each string's command links and code spans.
import assert from 'node:assert/strict';
import { bundles, rawManifest } from './manifest';

interface Found {
  where: string;
  value: unknown;
}

const idOf = (entry: Record<string, unknown>, i: number): string =>
  String(entry.command ?? entry.id ?? entry.view ?? i);

/** Each user-facing string of the manifest, named so that a plain one can be found at once. */
function userFacing(m: typeof rawManifest): Found[] {
  const out: Found[] = [
    { where: 'displayName', value: m.displayName },
    { where: 'description', value: m.description },
  ];
  const c = m.contributes;
  const each = (list: Record<string, unknown>[] | undefined, section: string, fields: string[]): void =>
    (list ?? []).forEach((entry, i) => {
      for (const f of fields) {
        if (f in entry) out.push({ where: `contributes.${section}[${idOf(entry, i)}].${f}`, value: entry[f] });
      }
    });
  each(c.authentication, 'authentication', ['label']);
  each(c.viewsContainers?.activitybar, 'viewsContainers.activitybar', ['title']);
  for (const [container, views] of Object.entries(c.views ?? {})) {
    each(views as Record<string, unknown>[], `views.${container}`, ['name', 'contextualTitle']);
  }
  each(c.viewsWelcome, 'viewsWelcome', ['contents']);
  each(c.commands, 'commands', ['title', 'category', 'shortTitle']);
  each(c.notebooks, 'notebooks', ['displayName']);
  each(c.notebookRenderer, 'notebookRenderer', ['displayName']);
  for (const w of c.walkthroughs ?? []) {
    each([w], 'walkthroughs', ['title', 'description']);
    each(w.steps, `walkthroughs[${w.id}].steps`, ['title', 'description']);
    for (const s of w.steps ?? []) {
      out.push({ where: `walkthroughs[${w.id}].steps[${s.id}].media.altText`, value: s.media?.altText });
    }
  }
  for (const section of [c.configuration ?? []].flat()) {
    each([section], 'configuration', ['title']);
    settings(section.properties ?? {}, `configuration[${section.id}]`, out);
  }
  return out;
}

function settings(properties: Record<string, Record<string, unknown>>, where: string, out: Found[]): void {
  for (const [name, p] of Object.entries(properties)) {
    for (const f of ['description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage']) {
      if (f in p) out.push({ where: `${where}.${name}.${f}`, value: p[f] });
    }
    for (const f of ['enumDescriptions', 'markdownEnumDescriptions']) {
      ((p[f] as unknown[]) ?? []).forEach((v, i) => out.push({ where: `${where}.${name}.${f}[${i}]`, value: v }));
    }
    const items = p.items as { properties?: Record<string, Record<string, unknown>> } | undefined;
    if (items?.properties) settings(items.properties, `${where}.${name}[]`, out);
  }
}

const KEY = /^%([\w.-]+)%$/;
/** What must survive translation unchanged: command links and `code`. */
const fixedParts = (text: string): string[] =>
  [...text.matchAll(/\(command:[\w.]+\)|`[^`]+`/g)].map((m) => m[0]).sort();

describe('manifest: string bundle (package.nls.json)', () => {
  const found = userFacing(rawManifest);

  it('has no user-facing string left plain in package.json', () => {
    const plain = found.filter((f) => typeof f.value !== 'string' || !KEY.test(f.value));
    assert.deepEqual(
      plain.map((f) => `${f.where} is plain: ${JSON.stringify(f.value)} (use a %key% from package.nls.json)`),
      [],
    );
    assert.ok(found.length > 100, `only ${found.length} strings found: is the walk still reaching them?`);
  });

  it('resolves every %key% in English and German, and keeps no unused key', () => {
    const used = new Set(found.map((f) => KEY.exec(String(f.value))?.[1]).filter((k): k is string => !!k));
    for (const [language, bundle] of Object.entries(bundles)) {
      const missing = [...used].filter((k) => typeof bundle[k] !== 'string' || !bundle[k]!.trim());
      assert.deepEqual(missing, [], `keys missing from the ${language} bundle`);
      const unused = Object.keys(bundle).filter((k) => !used.has(k));
      assert.deepEqual(unused, [], `keys no manifest entry uses, in the ${language} bundle`);
    }
  });

  it('translates into German, keeping the command links and code spans of each string', () => {
    const same: string[] = [];
    for (const [key, english] of Object.entries(bundles.en)) {
      const german = bundles.de[key] ?? '';
      assert.deepEqual(fixedParts(german), fixedParts(english), `${key}: links or code spans differ`);
      if (german === english) same.push(key);
    }
    // Names stay as they are (Dynamics 365, the US government clouds); everything else is translated.
    const names = /^(Dynamics 365( Connections)?|US Government [\w ]+(\(.*\))?|Azure AD v1 \(resource=\))$/;
    assert.deepEqual(
      same.filter((k) => !names.test(bundles.en[k]!)),
      [],
    );
  });
});
