// The Markdown report of an environment diff, to save beside a deployment. Names and labels come
// from the organizations: every one is escaped so it renders as the text it is, never as markup.
import * as l10n from '@vscode/l10n';
import type { DiffStatus, EnvironmentDiff, ItemDiff, TableDiff } from './compare';
import type { Section } from './normalize';
import { formatCount } from '../../numberFormat';

/** Backslash-escapes what Markdown would read as markup; line breaks become spaces. */
export function markdownText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`);
}

function value(v: string | undefined): string {
  return v === undefined ? '—' : markdownText(v);
}

function sectionWord(section: Section): string {
  switch (section) {
    case 'table':
      return l10n.t('table');
    case 'column':
      return l10n.t('column');
    case 'relationship':
      return l10n.t('relationship');
    case 'key':
      return l10n.t('key');
    case 'choice':
      return l10n.t('choice');
  }
}

function itemLine(section: Section, name: string, status: DiffStatus): string {
  const what = sectionWord(section);
  // {0} is the kind of item (column, key…), {1} its name; the line is Markdown.
  if (status === 'added') {
    return l10n.t({
      message: '- {0} **{1}** added',
      args: [what, name],
      comment: ['{0}: column, key…; {1}: its name'],
    });
  }
  if (status === 'removed') {
    return l10n.t({
      message: '- {0} **{1}** removed',
      args: [what, name],
      comment: ['{0}: column, key…; {1}: its name'],
    });
  }
  return l10n.t({
    message: '- {0} **{1}** changed',
    args: [what, name],
    comment: ['{0}: column, key…; {1}: its name'],
  });
}

function itemLines(item: ItemDiff): string[] {
  const title = itemLine(item.section, markdownText(item.name), item.status);
  if (item.status !== 'changed') return [title];
  return [title, ...item.changes.map((c) => `  - ${markdownText(c.field)}: ${value(c.left)} → ${value(c.right)}`)];
}

function tableLines(t: TableDiff, diff: EnvironmentDiff): string[] {
  if (t.status === 'added') {
    return [`### ${markdownText(t.logicalName)}`, '', l10n.t('Only in {0}.', markdownText(diff.rightLabel)), ''];
  }
  if (t.status === 'removed') {
    return [`### ${markdownText(t.logicalName)}`, '', l10n.t('Only in {0}.', markdownText(diff.leftLabel)), ''];
  }
  return [`### ${markdownText(t.logicalName)}`, '', ...t.items.flatMap(itemLines), ''];
}

export function markdownReport(diff: EnvironmentDiff, at: Date, prefixes: readonly string[] = []): string {
  const count = (s: TableDiff['status']): string => formatCount(diff.tables.filter((t) => t.status === s).length);
  const lines = [
    l10n.t('# Metadata differences: {0} → {1}', markdownText(diff.leftLabel), markdownText(diff.rightLabel)),
    '',
    prefixes.length
      ? l10n.t(
          'Compared {0} tables on {1}, publisher prefixes {2}.',
          formatCount(diff.compared),
          at.toISOString(),
          prefixes.map(markdownText).join(', '),
        )
      : l10n.t('Compared {0} tables on {1}.', formatCount(diff.compared), at.toISOString()),
    l10n.t('Tables added: {0}, removed: {1}, changed: {2}.', count('added'), count('removed'), count('changed')),
    '',
  ];
  if (!diff.tables.length) lines.push(l10n.t('No differences.'), '');
  for (const t of diff.tables) lines.push(...tableLines(t, diff));
  return lines.join('\n');
}
