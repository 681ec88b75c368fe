// JSON export of the rows as Dataverse sent them (annotations included): one array, written in
// chunks as rows are turned into text so a 100k-row export never holds the whole document twice.
// Pretty enough to read (one row per line) and parseable by anything that reads JSON.

export interface JsonExportOptions {
  /** Rows per chunk handed to the writer. */
  chunkRows?: number;
}

export async function writeJsonRows(
  rows: Iterable<unknown>,
  write: (chunk: string) => void | Promise<void>,
  options: JsonExportOptions = {},
): Promise<number> {
  const chunkRows = Math.max(1, options.chunkRows ?? 1000);
  let count = 0;
  let lines: string[] = [];
  const flush = async (): Promise<void> => {
    if (!count) await write('[\n');
    await write((count ? ',\n' : '') + lines.join(',\n'));
    count += lines.length;
    lines = [];
  };
  // Rows are read one at a time (a result table turns each back into JSON as it is asked).
  for (const row of rows) {
    lines.push(rowText(row));
    if (lines.length >= chunkRows) await flush();
  }
  if (lines.length) await flush();
  await write(count ? '\n]\n' : '[]\n');
  return count;
}

/** A row that JSON cannot express (undefined, a function) is written as null, keeping the count. */
function rowText(row: unknown): string {
  return JSON.stringify(row) ?? 'null';
}
