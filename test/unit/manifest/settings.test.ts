// The Settings UI: settings come in ordered sections, each setting has an order and a description,
// every enum value is described, and every command link in a description names a real command.
import assert from 'node:assert/strict';
import { manifest } from './manifest';

interface Setting {
  order?: number;
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  markdownEnumDescriptions?: string[];
  items?: { properties?: Record<string, Setting> };
}
interface Section {
  id?: string;
  title?: string;
  order?: number;
  properties: Record<string, Setting>;
}

const sections: Section[] = manifest.contributes.configuration;
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));

/** Every problem found with one setting (or one property of an object setting's items). */
function problemsOf(name: string, setting: Setting, nested: boolean): string[] {
  const problems: string[] = [];
  if (!setting.description && !setting.markdownDescription) problems.push(`${name} has no description`);
  if (!nested && typeof setting.order !== 'number') problems.push(`${name} has no "order"`);
  if (setting.enum) {
    const described = setting.enumDescriptions ?? setting.markdownEnumDescriptions;
    if (described?.length !== setting.enum.length) {
      problems.push(`${name} describes ${described?.length ?? 0} of its ${setting.enum.length} enum values`);
    }
  }
  for (const [key, inner] of Object.entries(setting.items?.properties ?? {})) {
    problems.push(...problemsOf(`${name}[].${key}`, inner, true));
  }
  return problems;
}

describe('manifest: settings', () => {
  it('are grouped in sections with an id, a title and an order each', () => {
    assert.ok(Array.isArray(sections), 'contributes.configuration should be an array of sections');
    for (const section of sections) {
      assert.ok(section.id && section.title, `a settings section lacks an id or title: ${JSON.stringify(section.id)}`);
      assert.equal(typeof section.order, 'number', `settings section ${section.id} has no "order"`);
    }
    assert.equal(new Set(sections.map((s) => s.order)).size, sections.length, 'two sections share an order');
  });

  it('each have an order and a description, and every enum value is described', () => {
    const problems = sections.flatMap((s) => Object.entries(s.properties).flatMap(([n, v]) => problemsOf(n, v, false)));
    assert.deepEqual(problems, []);
  });

  it('are ordered without ties inside a section', () => {
    for (const section of sections) {
      const orders = Object.values(section.properties).map((s) => s.order);
      assert.equal(new Set(orders).size, orders.length, `two settings in ${section.id} share an order`);
    }
  });

  it('link to commands that exist, and the main ones are linked', () => {
    const text = JSON.stringify(sections);
    const linked = [...text.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    for (const id of linked) assert.ok(commands.has(id), `a setting links to unknown command ${id}`);
    for (const id of ['dynamics365.signIn', 'dynamics365.addConnection', 'dynamics365.showLog']) {
      assert.ok(linked.includes(id), `no setting links to ${id}`);
    }
  });
});
