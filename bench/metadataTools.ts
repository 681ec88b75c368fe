// metadataTools: "Generate TypeScript Types" for 1,000 tables from the warm metadata cache, vs reading
// those tables from the cache alone; and "Compare Environments" over two 1,000-table orgs (the second
// with known edits on 10 tables) from their warm caches, vs reading both caches alone. Synthetic
// tables × 100 columns (lookups, choices, relationships, a key), the same files metadataCache uses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsMetadataCacheStore } from '../src/core/metadata/cacheStore';
import { compareEnvironments } from '../src/core/metadata/diff/compare';
import { normalizeTable } from '../src/core/metadata/diff/normalize';
import type { TableDetails } from '../src/core/metadata/model';
import { OrgMetadata } from '../src/core/metadata/orgMetadata';
import { generateTypes } from '../src/core/metadata/typegen/generate';
import { offline, SYNTHETIC_ORG, writeSyntheticCache } from './metadataCache';
import { median, ms, now, paired, pairedLine, type BenchResult } from './util';

const SECOND_ORG = 'https://bench-second.crm.dynamics.com';
const EDITED = 10;

/** Every 100th table: a column added, a max length changed, an option relabelled. */
function edit(d: TableDetails, i: number): TableDetails {
  if (i % 100 !== 0) return d;
  const first = d.columns.find((c) => c.kind === 'string')!;
  return {
    ...d,
    columns: [
      ...d.columns.map((c) => (c === first ? { ...c, maxLength: 250 } : c)),
      { ...first, logicalName: 'new_added', schemaName: 'new_Added', isPrimaryName: false, metadataId: `added${i}` },
    ],
    choices: d.choices.map((c, k) =>
      k === 0 ? { ...c, options: c.options.map((o, n) => (n === 0 ? { ...o, label: 'Relabelled' } : o)) } : c,
    ),
  };
}

/** Opens an org's metadata warm from its cache and reads every table's details from their files. */
async function readAll(dir: string, orgUrl: string): Promise<{ details: TableDetails[]; stamp?: string }> {
  const m = new OrgMetadata({ orgUrl, transport: offline, store: new FsMetadataCacheStore(dir), lcid: 1033 });
  const snap = await m.open();
  const details: TableDetails[] = [];
  for (const t of snap.tables) details.push(await m.loadDetails(t.logicalName));
  const stamp = m.versionStamp;
  m.dispose();
  return { details, ...(stamp ? { stamp } : {}) };
}

export async function benchMetadataTools(opts: { tables: number; rounds: number }): Promise<BenchResult> {
  const first = await mkdtemp(join(tmpdir(), 'd365-bench-tools-a-'));
  const second = await mkdtemp(join(tmpdir(), 'd365-bench-tools-b-'));
  try {
    await writeSyntheticCache(new FsMetadataCacheStore(first), opts.tables, 100);
    await writeSyntheticCache(new FsMetadataCacheStore(second), opts.tables, 100, SECOND_ORG, edit);
    const lines: string[] = [];
    let generatedBytes = 0;
    const generateOnly: number[] = [];
    const typegen = await paired(
      opts.rounds,
      async () => {
        const t = now();
        const { details, stamp } = await readAll(first, SYNTHETIC_ORG);
        const g = now();
        const files = generateTypes({
          orgUrl: SYNTHETIC_ORG,
          ...(stamp ? { metadataVersion: stamp } : {}),
          allTables: details.map((d) => d.table),
          tables: details,
          generatedAt: new Date(0),
          layout: 'file',
        });
        generateOnly.push(now() - g);
        generatedBytes = Buffer.byteLength(files[0]!.content);
        return now() - t;
      },
      async () => {
        const t = now();
        await readAll(first, SYNTHETIC_ORG);
        return now() - t;
      },
      (x) => x,
    );
    const tg = pairedLine(
      `metadataTools typegen: ${opts.tables} tables × 100 columns, warm cache + generate vs warm cache alone`,
      typegen,
      (x) => x,
    );
    lines.push(
      tg.line,
      `  ${tg.spread}; generating alone ${ms(median(generateOnly))} ms, ${(generatedBytes / 1e6).toFixed(1)} MB of TypeScript`,
    );

    let found = 0;
    const compareOnly: number[] = [];
    const diff = await paired(
      opts.rounds,
      async () => {
        const t = now();
        const [a, b] = [await readAll(first, SYNTHETIC_ORG), await readAll(second, SECOND_ORG)];
        const c = now();
        const result = compareEnvironments(a.details.map(normalizeTable), b.details.map(normalizeTable), {
          left: 'a',
          right: 'b',
        });
        compareOnly.push(now() - c);
        found = result.tables.reduce((n, x) => n + x.items.length, 0);
        return now() - t;
      },
      async () => {
        const t = now();
        await readAll(first, SYNTHETIC_ORG);
        await readAll(second, SECOND_ORG);
        return now() - t;
      },
      (x) => x,
    );
    const df = pairedLine(
      `metadataTools diff: two ${opts.tables}-table orgs, warm caches + normalize + compare vs warm caches alone`,
      diff,
      (x) => x,
    );
    lines.push(
      df.line,
      `  ${df.spread}; normalizing and comparing alone ${ms(median(compareOnly))} ms; ${found} differences found`,
    );
    // 3 per edited table (a column added, a max length, an option label): anything else is a wrong diff.
    const expected = EDITED * 3 * (opts.tables / 1000);
    return {
      name: 'metadataTools',
      ratio: tg.ratio,
      target: 'typegen vs reading the cache (diff ratio on its own line)',
      lines,
      ...(found !== expected ? { failed: `the diff found ${found} differences, expected ${expected}` } : {}),
    };
  } finally {
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  }
}
