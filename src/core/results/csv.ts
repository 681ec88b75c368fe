// CSV export of a result table, streamed: rows go out in chunks to a writer as they are turned
// into text, so 100k rows never sit in memory twice. RFC 4180 quoting; a formatted column follows
// each column that has formatted values. Text cells that a spreadsheet would run as a formula
// (=, +, -, @, tab, CR first) are prefixed with a single quote (OWASP's CSV injection advice).
import type { ResultColumn, ResultRow } from './resultTable';

export interface CsvOptions {
  /** Default true: guard text cells against formula injection. */
  protectFormulas?: boolean;
  /** Default '\r\n', as RFC 4180 says. */
  newline?: string;
  /** Rows per chunk handed to the writer. */
  chunkRows?: number;
}

/** The header line's names: each column, then `<label> (formatted)` where it has formatted values. */
export function csvHeader(columns: readonly ResultColumn[]): string[] {
  const names: string[] = [];
  for (const c of columns) {
    names.push(c.key);
    if (c.hasFormatted) names.push(`${c.label} (formatted)`);
  }
  return names;
}

export async function writeCsv(
  columns: readonly ResultColumn[],
  rows: Iterable<ResultRow> | AsyncIterable<ResultRow>,
  write: (chunk: string) => void | Promise<void>,
  options: CsvOptions = {},
): Promise<number> {
  const nl = options.newline ?? '\r\n';
  const protect = options.protectFormulas ?? true;
  const chunkRows = options.chunkRows ?? 1000;
  await write(csvHeader(columns).map((h) => quote(h, false)).join(',') + nl);
  let parts: string[] = [];
  let count = 0;
  for await (const row of rows) {
    const cells: string[] = [];
    columns.forEach((c, i) => {
      const cell = row[i];
      cells.push(quote(cellText(cell?.raw), protect));
      if (c.hasFormatted) cells.push(quote(cell?.formatted ?? '', protect));
    });
    parts.push(cells.join(',') + nl);
    count++;
    if (parts.length >= chunkRows) {
      await write(parts.join(''));
      parts = [];
    }
  }
  if (parts.length) await write(parts.join(''));
  return count;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function quote(text: string, protect: boolean): string {
  const guarded = protect && /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
