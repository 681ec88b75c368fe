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
  // Read once, as the header is written: every line then has the header's cells.
  const formatted = columns.map((c) => c.hasFormatted);
  await write(
    csvHeader(columns)
      .map((h) => quote(h, false))
      .join(',') + nl,
  );
  let chunk = '';
  let inChunk = 0;
  let count = 0;
  /** Adds a row's line; true when the chunk is full. */
  const add = (row: ResultRow): boolean => {
    chunk += rowText(row, formatted, protect) + nl;
    count++;
    return ++inChunk >= chunkRows;
  };
  const flush = async (): Promise<void> => {
    const text = chunk;
    chunk = '';
    inChunk = 0;
    await write(text);
  };
  // `for await` over an array costs a promise and a turn of the microtask queue per row (100k of
  // them in a big export): rows already in memory are read synchronously, and only a full chunk
  // waits for the writer.
  if (Symbol.iterator in rows) {
    for (const row of rows) if (add(row)) await flush();
  } else {
    for await (const row of rows) if (add(row)) await flush();
  }
  if (inChunk) await flush();
  return count;
}

function rowText(row: ResultRow, formatted: readonly boolean[], protect: boolean): string {
  let line = '';
  for (let i = 0; i < formatted.length; i++) {
    const cell = row[i];
    if (i) line += ',';
    const raw = cell?.raw;
    // A JSON number's text never needs quotes and is never taken for a formula.
    line += typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : quote(cellText(raw), protect);
    if (formatted[i]) line += ',' + quote(cell?.formatted ?? '', protect);
  }
  return line;
}

function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
const NEEDS_QUOTES = /[",\r\n]/;

/** = + - @ tab CR: what a spreadsheet may run as a formula when it starts a cell. */
function formulaStart(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

function quote(text: string, protect: boolean): string {
  const guarded = protect && formulaStart(text.charCodeAt(0)) && !NUMBER.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
