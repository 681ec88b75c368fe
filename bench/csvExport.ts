// csvExport: 100k rows × 10 columns of a result table exported through writeCsv
// (src/core/results/csv.ts) to a file, vs a plain loop that joins the same cell values with commas
// and writes them through a Node write stream with back-pressure: the floor for any exporter. The
// candidate writes its 1,000-row chunks as the scratchpad's result session does: through
// writeExportFile (src/core/results/exportFile.ts) into a temporary file renamed over the target.
import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCsv } from '../src/core/results/csv';
import { nodeExportFileSystem, writeExportFile } from '../src/core/results/exportFile';
import { ResultTable } from '../src/core/results/resultTable';
import { gc, gcAvailable, mb, median, now, paired, pairedLine, ratioLine, spread, type BenchResult } from './util';

const CHUNK_ROWS = 1000;
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2 });

export async function benchCsvExport(opts: { rows: number; rounds: number }): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'd365-bench-csv-'));
  try {
    const before = await heldNow();
    const table = new ResultTable();
    // Page by page, as the result session adds what the Web API sends; the table is the only copy kept.
    for (let start = 0; start < opts.rows; start += 5000) {
      table.addRows(accountsPage(start, Math.min(5000, opts.rows - start)));
    }
    const heldBytes = (await heldNow()) - before;
    const candidateFile = join(dir, 'candidate.csv');
    const baselineFile = join(dir, 'baseline.csv');
    const candidate = (onChunk?: () => void): Promise<Timing> =>
      exportAsTheSession(
        candidateFile,
        (w) => writeCsv(table.columns, table.rows(), w, { chunkRows: CHUNK_ROWS }),
        onChunk,
      );
    const baseline = (onChunk?: () => void): Promise<Timing> =>
      exportFile(baselineFile, (w) => plainCsv(table, w), onChunk);
    await candidate();
    await baseline();
    const p = await paired(
      opts.rounds,
      () => candidate(),
      () => baseline(),
      (v) => v.cpuMs,
    );
    const { line, ratio, spread: cpuSpread } = pairedLine('csvExport', p, (v) => v.cpuMs);
    const wallRatios = p.candidate.map((c, i) => c.wallMs / p.baseline[i]!.wallMs);
    const wall = ratioLine(
      'csvExport wall time',
      median(p.candidate.map((c) => c.wallMs)),
      median(p.baseline.map((b) => b.wallMs)),
      median(wallRatios),
    );
    const sizes = { candidate: statSync(candidateFile).size, baseline: statSync(baselineFile).size };
    const heap = gcAvailable()
      ? `candidate ${await peakHeap(candidate)}; plain loop ${await peakHeap(baseline)}`
      : 'not measured (run with --expose-gc, as npm run bench does)';
    const lines = [
      `${line} — ${table.size} rows × ${table.columns.length} columns (${table.columns.filter((c) => c.hasFormatted).length} with formatted values) ` +
        `to a ${(sizes.candidate / 1024 / 1024).toFixed(1)} MB file, CPU time, median of ${opts.rounds} paired rounds (${cpuSpread}); target ≤ 1.2`,
      `${wall} — the same rounds by the clock, which counts what other processes took from this one (${spread(wallRatios)})`,
      `csvExport rows held: ${(heldBytes / table.size).toFixed(0)} bytes per row (${mb(heldBytes)} for ${table.size} rows, heap + array buffers after a full GC; the table's own count ${(table.byteSize / table.size).toFixed(0)}); target ≤ 300`,
      `csvExport heap during export: ${heap}`,
    ];
    // The plain loop neither quotes nor guards formulas, so its file is a little smaller; a larger
    // gap would mean the two did not write the same data.
    if (Math.abs(sizes.candidate - sizes.baseline) > sizes.baseline * 0.05) {
      lines.push(`csvExport WARNING: the files differ by more than 5% (${sizes.candidate} vs ${sizes.baseline} bytes)`);
    }
    return { name: 'csvExport', ratio, target: '≤ 1.2', lines };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Write = (chunk: string) => Promise<void>;

/**
 * What the process holds after a full GC: the JS heap and the array buffers outside it (the
 * table's typed arrays). V8 frees dead array buffers after the GC, on another thread: wait for it.
 */
export async function heldNow(): Promise<number> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

interface Timing {
  /** From opening the file until the stream has flushed and closed. */
  wallMs: number;
  /** This process's CPU time over the same span (user + system, the file system's threads included). */
  cpuMs: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Writes a file through `produce` and closes it. */
async function exportFile(
  file: string,
  produce: (write: Write) => Promise<unknown>,
  onChunk?: () => void,
): Promise<Timing> {
  const wall = now();
  const cpu = cpuNow();
  const stream = createWriteStream(file, { encoding: 'utf8' });
  try {
    await produce((chunk) => {
      onChunk?.();
      return write(stream, chunk);
    });
  } finally {
    await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
  return { wallMs: now() - wall, cpuMs: cpuNow() - cpu };
}

/** Writes a file as the result session does: through writeExportFile and its file handles. */
async function exportAsTheSession(
  file: string,
  produce: (write: Write) => Promise<number>,
  onChunk?: () => void,
): Promise<Timing> {
  const wall = now();
  const cpu = cpuNow();
  await writeExportFile(nodeExportFileSystem, file, (write) =>
    produce((chunk) => {
      onChunk?.();
      return write(chunk);
    }),
  );
  return { wallMs: now() - wall, cpuMs: cpuNow() - cpu };
}

// The baseline's writer: wait for 'drain' when the stream's buffer is full.
function write(stream: WriteStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(chunk, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else stream.once('drain', resolve);
  });
}

/**
 * The baseline: the same header and cells (raw, then formatted where the column has them), read
 * from the same table the same way, joined, no quoting.
 */
async function plainCsv(table: ResultTable, w: Write): Promise<void> {
  const columns = table.columns;
  const header: string[] = [];
  for (const c of columns) {
    header.push(c.key);
    if (c.hasFormatted) header.push(`${c.label} (formatted)`);
  }
  await w(header.join(',') + '\r\n');
  for (let start = 0; start < table.size; start += CHUNK_ROWS) {
    let chunk = '';
    for (const row of table.rows(start, start + CHUNK_ROWS)) {
      const cells: string[] = [];
      for (let i = 0; i < columns.length; i++) {
        const cell = row[i];
        cells.push(cell?.raw === null || cell?.raw === undefined ? '' : String(cell.raw));
        if (columns[i]!.hasFormatted) cells.push(cell?.formatted ?? '');
      }
      chunk += cells.join(',') + '\r\n';
    }
    await w(chunk);
  }
}

/**
 * Peak: the highest heapUsed seen as a chunk is handed to the stream, minus heapUsed after a full GC
 * before the export (garbage awaiting the collector included: that is what the process must hold).
 * Retained: after the export and a full GC.
 */
async function peakHeap(run: (onChunk: () => void) => Promise<Timing>): Promise<string> {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  await run(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  });
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  gc();
  return `peak ${mb(peak - before)}, retained after GC ${mb(process.memoryUsage().heapUsed - before)}`;
}

/** A page of `accounts` as the Web API sends it with `odata.include-annotations="*"`: 10 columns, 4 with formatted values. */
export function accountsPage(start: number, count: number): Record<string, unknown>[] {
  const page: Record<string, unknown>[] = [];
  for (let n = start; n < start + count; n++) {
    const revenue = ((n * 7919) % 5_000_000) + 0.5;
    const contact = n % 4 === 0 ? null : guid(n * 31 + 7);
    const state = n % 9 === 0 ? 1 : 0;
    const row: Record<string, unknown> = {
      '@odata.etag': `W/"${4_200_000 + n}"`,
      accountid: guid(n),
      name:
        n % 20 === 0
          ? `Fabrikam, Inc. ${n}`
          : n % 50 === 1
            ? `"Blue Yonder" Airlines ${n}`
            : `Contoso Pharmaceuticals ${n}`,
      accountnumber: `ACC-${String(n).padStart(7, '0')}`,
      [`revenue${FORMATTED}`]: `$${MONEY.format(revenue)}`,
      revenue,
      numberofemployees: (n * 13) % 12_000,
      [`statecode${FORMATTED}`]: state ? 'Inactive' : 'Active',
      statecode: state,
      [`createdon${FORMATTED}`]: `${1 + (n % 12)}/${1 + (n % 28)}/2024 ${1 + (n % 12)}:${String(n % 60).padStart(2, '0')} PM`,
      createdon: new Date(Date.UTC(2020, 0, 1) + n * 600_000).toISOString().replace('.000', ''),
    };
    // Dataverse sends no formatted value or table for an empty lookup.
    if (contact) {
      row[`_primarycontactid_value${FORMATTED}`] = `Yvonne McKay ${n}`;
      row['_primarycontactid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] = 'contact';
    }
    row._primarycontactid_value = contact;
    row.emailaddress1 = `someone${n}@contoso.com`;
    row.telephone1 =
      n % 10 === 0
        ? `+44 20 7946 ${String(n % 10_000).padStart(4, '0')}`
        : `425-555-${String(n % 10_000).padStart(4, '0')}`;
    page.push(row);
  }
  return page;
}

function guid(n: number): string {
  const h = (n >>> 0).toString(16).padStart(8, '0');
  return `${h}-7d1c-ef11-a72f-00224806${h.slice(0, 4)}`;
}
