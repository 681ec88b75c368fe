// The Markdown report of an environment diff, to save beside a deployment. Names and labels come
// from the organizations: every one is escaped so it renders as the text it is, never as markup.
import type { EnvironmentDiff, ItemDiff, TableDiff } from './compare';

/** Backslash-escapes what Markdown would read as markup; line breaks become spaces. */
export function markdownText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`);
}

function value(v: string | undefined): string {
  return v === undefined ? '—' : markdownText(v);
}

function itemLines(item: ItemDiff): string[] {
  const title = `- ${item.section} **${markdownText(item.name)}** ${item.status}`;
  if (item.status !== 'changed') return [title];
  return [title, ...item.changes.map((c) => `  - ${markdownText(c.field)}: ${value(c.left)} → ${value(c.right)}`)];
}

function tableLines(t: TableDiff, diff: EnvironmentDiff): string[] {
  if (t.status === 'added') {
    return [`### ${markdownText(t.logicalName)}`, '', `Only in ${markdownText(diff.rightLabel)}.`, ''];
  }
  if (t.status === 'removed') {
    return [`### ${markdownText(t.logicalName)}`, '', `Only in ${markdownText(diff.leftLabel)}.`, ''];
  }
  return [`### ${markdownText(t.logicalName)}`, '', ...t.items.flatMap(itemLines), ''];
}

export function markdownReport(diff: EnvironmentDiff, at: Date, prefixes: readonly string[] = []): string {
  const count = (s: TableDiff['status']): number => diff.tables.filter((t) => t.status === s).length;
  const lines = [
    `# Metadata differences: ${markdownText(diff.leftLabel)} → ${markdownText(diff.rightLabel)}`,
    '',
    `Compared ${diff.compared} tables on ${at.toISOString()}${prefixes.length ? `, publisher prefixes ${prefixes.map(markdownText).join(', ')}` : ''}.`,
    `Tables added: ${count('added')}, removed: ${count('removed')}, changed: ${count('changed')}.`,
    '',
  ];
  if (!diff.tables.length) lines.push('No differences.', '');
  for (const t of diff.tables) lines.push(...tableLines(t, diff));
  return lines.join('\n');
}
