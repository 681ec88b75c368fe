// A notebook as other formats: a scratchpad (and back, keeping the text: one block a cell) and
// Markdown for a wiki or a pull request (queries in fenced blocks, stored results as tables, every
// value escaped so nothing in a row becomes markup or a link).
import * as l10n from '@vscode/l10n';
import type { NotebookCell, NotebookFile, StoredOutput } from './notebookFile';
import { outputSummary } from './storedOutput';

/**
 * One query cell per scratchpad block (a block's `###` line stays in its cell), so joining the
 * cells' text with line breaks gives the scratchpad back as it was. `@connection` becomes the org.
 */
export function scratchpadToNotebook(text: string, org?: string): NotebookFile {
  const lines = text.split('\n');
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line.startsWith('###')) blocks.push([]);
    blocks[blocks.length - 1]!.push(line);
  }
  // Nothing before the first ### (the usual case): no empty first cell.
  if (blocks[0]!.length === 0) blocks.shift();
  const cells: NotebookCell[] = blocks.map((b) => ({ kind: 'query', source: b.join('\n') }));
  return { ...(org ? { org } : {}), cells };
}

/**
 * The query cells as one scratchpad; a cell that does not start a block gets a `###` line, and
 * Markdown cells become comment lines, so nothing is lost on the way.
 */
export function notebookToScratchpad(notebook: NotebookFile): string {
  const parts: string[] = [];
  const connection = notebook.org && !notebook.cells.some((c) => /^\s*@connection\s*=/m.test(c.source));
  if (connection) parts.push(`@connection = ${notebook.org}`);
  for (const cell of notebook.cells) {
    const source =
      cell.kind === 'markdown'
        ? cell.source
            .split('\n')
            .map((l) => (l ? `# ${l}` : '#'))
            .join('\n')
        : cell.source;
    const needsSeparator = parts.length > 0 && !source.startsWith('###');
    parts.push(needsSeparator ? `###\n${source}` : source);
  }
  return parts.join('\n');
}

/** Markdown of the whole notebook: Markdown cells as they are, queries fenced, outputs as tables. */
export function notebookToMarkdown(notebook: NotebookFile, title?: string): string {
  const out: string[] = [];
  if (title) out.push(`# ${escapeText(title)}`, '');
  if (notebook.org) out.push(l10n.t('Organization: {0}', escapeText(notebook.org)), '');
  for (const cell of notebook.cells) {
    if (cell.kind === 'markdown') {
      out.push(cell.source, '');
      continue;
    }
    const fence = '`'.repeat(Math.max(3, longestRun(cell.source, '`') + 1));
    out.push(`${fence}http`, cell.source, fence, '');
    if (cell.output) out.push(...outputMarkdown(cell.output), '');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

function outputMarkdown(output: StoredOutput): string[] {
  // A write's summary is its first line; the lines after it are its failed rows, listed.
  const [first, ...failed] = outputSummary(output).split('\n');
  const summary = `_${escapeText(first!)}_`;
  if (failed.length) return [summary, '', ...failed.map((l) => `- ${escapeText(l.trim())}`)];
  if (output.error || !output.columns?.length) {
    if (output.body === undefined || output.error) return [summary];
    const fence = '`'.repeat(Math.max(3, longestRun(output.body, '`') + 1));
    return [summary, '', `${fence}json`, output.body, fence];
  }
  const header = `| ${output.columns.map((c) => escapeCell(c.header)).join(' | ')} |`;
  const rule = `| ${output.columns.map(() => '---').join(' | ')} |`;
  const rows = (output.rows ?? []).map((r) => `| ${output.columns!.map((_c, i) => escapeCell(r[i])).join(' | ')} |`);
  return [summary, '', header, rule, ...rows];
}

/**
 * A value as inert Markdown text: emphasis, code, links, images, tables and HTML characters are
 * escaped, and bare URLs (`https://`, `www.`) are broken so GitHub does not link them.
 */
export function escapeText(value: string): string {
  return value
    .replace(/[\\`*_[\]()!|~#]/g, '\\$&')
    .replace(/[<>&"]/g, (c) => ENTITIES[c]!)
    .replace(/:\/\//g, ':&#47;&#47;')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}&#46;`);
}

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };

/** A table cell: escaped, on one line. */
function escapeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return escapeText(String(value)).replace(/\r?\n/g, '<br>');
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}
