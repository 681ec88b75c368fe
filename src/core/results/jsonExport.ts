// JSON export of the rows as Dataverse sent them (annotations included): one array, written in
// chunks as rows are turned into text so a 100k-row export never holds the whole document twice.
// Pretty enough to read (one row per line) and parseable by anything that reads JSON.

export interface JsonExportOptions {
  /** Rows per chunk handed to the writer. */
  chunkRows?: number;
}

export async function writeJsonRows(
  rows: readonly unknown[],
  write: (chunk: string) => void | Promise<void>,
  options: JsonExportOptions = {},
): Promise<number> {
  const chunkRows = Math.max(1, options.chunkRows ?? 1000);
  if (!rows.length) {
    await write('[]\n');
    return 0;
  }
  await write('[\n');
  for (let i = 0; i < rows.length; i += chunkRows) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(i + chunkRows, rows.length); j++) lines.push(rowText(rows[j]));
    await write((i ? ',\n' : '') + lines.join(',\n'));
  }
  await write('\n]\n');
  return rows.length;
}

/** A row that JSON cannot express (undefined, a function) is written as null, keeping the count. */
function rowText(row: unknown): string {
  return JSON.stringify(row) ?? 'null';
}
