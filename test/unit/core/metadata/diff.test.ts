// The environment diff's normalized text, comparison, prefix filter, report and snapshot file.
import * as assert from 'node:assert/strict';
import { compareEnvironments, filterByPrefixes } from '../../../../src/core/metadata/diff/compare';
import { normalizeTable, tableText } from '../../../../src/core/metadata/diff/normalize';
import { markdownReport } from '../../../../src/core/metadata/diff/report';
import { decodeSnapshot, encodeSnapshot } from '../../../../src/core/metadata/diff/snapshotFile';
import type { TableDetails } from '../../../../src/core/metadata/model';
import { csdlSnapshot } from '../query/csdlSnapshot';

function details(name: string): TableDetails {
  return csdlSnapshot().details(name)!;
}

/** A deterministic shuffle (reverse, then odd before even). */
function shuffle<T>(xs: readonly T[]): T[] {
  const r = [...xs].reverse();
  return [...r.filter((_, i) => i % 2), ...r.filter((_, i) => i % 2 === 0)];
}

function reordered(d: TableDetails): TableDetails {
  return {
    ...d,
    columns: shuffle(d.columns).map((c) => (c.targets ? { ...c, targets: shuffle(c.targets) } : c)),
    relationships: shuffle(d.relationships),
    keys: shuffle(d.keys),
    choices: shuffle(d.choices).map((c) => ({ ...c, options: shuffle(c.options) })),
  };
}

describe('metadata diff', () => {
  it('gives the same normalized text whatever order the org listed things in', () => {
    for (const name of ['account', 'contact', 'activitypointer']) {
      const d = details(name);
      const text = tableText(normalizeTable(d));
      assert.ok(text.includes(`table ${name}\n`));
      assert.ok(d.choices.length > 0 && d.relationships.length > 0);
      assert.equal(tableText(normalizeTable(reordered(d))), text);
    }
  });

  it('finds exactly an added column, a changed max length, a relabelled option and a removed table', () => {
    const account = details('account');
    const contact = details('contact');
    const choice = account.choices[0]!;
    const edited: TableDetails = {
      ...account,
      columns: [
        ...account.columns.map((c) => (c.logicalName === 'name' ? { ...c, maxLength: 200 } : c)),
        {
          ...account.columns.find((c) => c.logicalName === 'name')!,
          logicalName: 'new_score',
          schemaName: 'new_Score',
          isPrimaryName: false,
        },
      ],
      choices: account.choices.map((c) =>
        c === choice ? { ...c, options: c.options.map((o, i) => (i === 0 ? { ...o, label: 'Renamed' } : o)) } : c,
      ),
    };
    const baseName = account.columns.find((c) => c.logicalName === 'name')!;
    const left = [
      normalizeTable({
        ...account,
        columns: account.columns.map((c) => (c.logicalName === 'name' ? { ...c, maxLength: 160 } : c)),
      }),
      normalizeTable(contact),
    ];
    const right = [normalizeTable(reordered(edited))];
    const diff = compareEnvironments(left, right, { left: 'org A', right: 'org B' });
    assert.equal(diff.compared, 2);
    assert.deepEqual(
      diff.tables.map((t) => [t.logicalName, t.status]),
      [
        ['account', 'changed'],
        ['contact', 'removed'],
      ],
    );
    const items = diff.tables[0]!.items.map((i) => [
      i.section,
      i.name,
      i.status,
      i.changes.map((c) => `${c.field}:${c.left}->${c.right}`).join(),
    ]);
    const option = choice.options[0]!;
    assert.deepEqual(items, [
      ['column', 'name', 'changed', `maxLength:160->200`],
      ['column', 'new_score', 'added', items[1]![3]],
      ['choice', choice.name, 'changed', `option ${option.value}:${option.label}->Renamed`],
    ]);
    assert.ok(baseName);
    const report = markdownReport(diff, new Date(0));
    assert.match(report, /- column \*\*name\*\* changed\n {2}- maxLength: 160 → 200/);
    assert.match(report, /Tables added: 0, removed: 1, changed: 1\./);
  });

  it('filters by publisher prefix: prefixed tables whole, and prefixed items of other tables', () => {
    const account = details('account');
    const withCustom: TableDetails = {
      ...account,
      columns: [...account.columns, { ...account.columns[0]!, logicalName: 'new_score', attributeOf: undefined }],
    };
    const left = filterByPrefixes([normalizeTable(account)], ['new']);
    const right = filterByPrefixes([normalizeTable(withCustom)], ['new_']);
    assert.deepEqual(
      right[0]!.columns.map((c) => c.name),
      ['new_score'],
    );
    const diff = compareEnvironments(left, right, { left: 'a', right: 'b' });
    assert.deepEqual(
      diff.tables.flatMap((t) => t.items.map((i) => `${t.logicalName}.${i.name} ${i.status}`)),
      ['account.new_score added'],
    );
  });

  it('escapes names and labels from the org in the Markdown report', () => {
    const account = details('account');
    const evil = {
      ...account,
      columns: account.columns.map((c) =>
        c.logicalName === 'name' ? { ...c, displayName: '[click](https://evil.example) <b>' } : c,
      ),
    };
    const diff = compareEnvironments([normalizeTable(account)], [normalizeTable(evil)], { left: 'a', right: 'b' });
    const report = markdownReport(diff, new Date(0));
    assert.ok(!report.includes('[click](https://evil.example)'));
    assert.ok(report.includes('\\[click\\]\\(https://evil\\.example\\) \\<b\\>'));
  });

  it('writes a snapshot that reads back equal, and refuses other files with a sentence', () => {
    const tables = [normalizeTable(details('contact')), normalizeTable(details('account'))];
    const text = encodeSnapshot({ orgUrl: 'https://a.crm.dynamics.com', savedAt: 'now', tables });
    const read = decodeSnapshot(text);
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.tables.map((t) => t.logicalName),
      ['account', 'contact'],
    );
    assert.equal(tableText(read.value.tables[0]), tableText(tables[1]));
    assert.equal(
      encodeSnapshot({ orgUrl: 'https://a.crm.dynamics.com', savedAt: 'now', tables: [...tables].reverse() }),
      text,
    );
    for (const [bad, message] of [
      ['{', /not valid JSON/],
      ['{"format":"x"}', /not a metadata snapshot/],
      [text.replace('"version": 1', '"version": 7'), /format version 7/],
      [text.replace('"columns": [', '"columns": [7,'), /damaged/],
    ] as const) {
      const r = decodeSnapshot(bad);
      assert.ok(!r.ok && message.test(r.message), bad.slice(0, 40));
    }
  });
});
