// metadataCache: opening an org's metadata warm from the disk cache vs its floor (reading and
// parsing the same files), and vs cold from the server (the ~1,000-table bench org through
// DataverseClient, on localhost and answering after 30 ms as a real org would), the heap held by the cached metadata of 1,000
// tables × 100 columns (synthetic), and indexing + grouping 1,000 tables for the tree.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../src/core/http/httpClient';
import { encodeDetails, encodeIndex } from '../src/core/metadata/cacheFile';
import {
  cacheKeyFor,
  detailsKeyFor,
  FsMetadataCacheStore,
  type MetadataCacheStore,
} from '../src/core/metadata/cacheStore';
import type { MetadataTransport } from '../src/core/metadata/loader';
import type { ChoiceInfo, ColumnInfo, RelationshipInfo, TableDetails, TableInfo } from '../src/core/metadata/model';
import { OrgMetadata } from '../src/core/metadata/orgMetadata';
import { IndexedSnapshot } from '../src/core/metadata/snapshot';
import { CancelledError } from '../src/core/userError';
import { DataverseClient } from '../src/core/webapi/client';
import { gc, gcAvailable, median, now, paired, pairedLine, startServerProcess, type BenchResult } from './util';

export const SYNTHETIC_ORG = 'https://bench.crm.dynamics.com';

export async function benchMetadataCache(opts: { extraTables: number; rounds: number }): Promise<BenchResult> {
  const local = await benchOpen({ ...opts, latencyMs: 0 });
  const remote = await benchOpen({ ...opts, latencyMs: LATENCY_MS });
  const heap = await benchHeap(1000, 100);
  const index = benchIndex(heap.tables);
  return {
    name: 'metadataCache',
    ratio: local.floorRatio,
    target: '≤ 1.5 (warm open vs reading + parsing its files)',
    lines: [...local.lines, ...remote.lines, ...heap.lines, index],
  };
}

/** What a real org adds to every request; the emulator on localhost adds none. */
const LATENCY_MS = 30;

/** Remembers which blobs were read, so the floor reads exactly the files a warm open read. */
class ReadRecorder implements MetadataCacheStore {
  readonly keys = new Set<string>();
  constructor(private readonly inner: MetadataCacheStore) {}
  read(key: string): Promise<string | undefined> {
    this.keys.add(key);
    return this.inner.read(key);
  }
  write(key: string, data: string): Promise<void> {
    return this.inner.write(key, data);
  }
  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
  deleteOrg(key: string): Promise<void> {
    return this.inner.deleteOrg(key);
  }
}

async function benchOpen(opts: {
  extraTables: number;
  rounds: number;
  latencyMs: number;
}): Promise<{ floorRatio: number; lines: string[] }> {
  const org = await startServerProcess('bench/metadataOrg.ts', [String(opts.extraTables), String(opts.latencyMs)]);
  const dirs: string[] = [];
  const where = opts.latencyMs ? `the org answering after ${opts.latencyMs} ms` : 'the org on localhost, no latency';
  try {
    const ca = readFileSync(org.info.caCertPath, 'utf8');
    const client = new DataverseClient(new HttpClient({ extraCa: [ca] }), org.info.orgUrl, {
      getToken: async () => 'good:bench',
    });
    const engine = (store: MetadataCacheStore): OrgMetadata =>
      new OrgMetadata({ orgUrl: org.info.orgUrl, transport: client, store, lcid: 1033 });
    let tables = 0;
    const cold = async (dir: string): Promise<number> => {
      const m = engine(new FsMetadataCacheStore(dir));
      const t = now();
      tables = (await m.open()).tables.length;
      const ms = now() - t;
      await m.whenIdle();
      return ms;
    };
    const primed = await mkdtemp(join(tmpdir(), 'd365-bench-meta-'));
    dirs.push(primed);
    await cold(primed); // warm-up: the org builds its tables; this run also writes the cache the warm side reads
    const recorder = new ReadRecorder(new FsMetadataCacheStore(primed));
    const warm = async (): Promise<number> => {
      const m = engine(recorder);
      const t = now();
      await m.open();
      const ms = now() - t;
      m.dispose(); // the background refresh is not what is measured
      await m.whenIdle();
      return ms;
    };
    await warm();
    const p = await paired(
      opts.rounds,
      async () => warm(),
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'd365-bench-meta-'));
        dirs.push(dir);
        return cold(dir);
      },
      (ms) => ms,
    );
    const cacheLine = pairedLine('metadataCache', p, (ms) => ms);
    const lines = [
      `${cacheLine.line} — open ${tables} tables warm from the disk cache vs cold from the server (${where}), median of ${opts.rounds} paired rounds ` +
        `(${cacheLine.spread}); ${(1 / cacheLine.ratio).toFixed(0)}× faster`,
    ];
    if (opts.latencyMs) return { floorRatio: NaN, lines };
    // The floor: the files that warm open read, read and parsed, nothing else.
    const files = [...recorder.keys].map((key) => join(primed, `${key}.json`));
    const floor = async (): Promise<number> => {
      const t = now();
      for (const file of files) JSON.parse(await readFile(file, 'utf8'));
      return now() - t;
    };
    const rounds = opts.rounds * 4;
    const f = await paired(rounds, warm, floor, (ms) => ms);
    const floorLine = pairedLine('metadataCache floor', f, (ms) => ms);
    const bytes = files.reduce((n, file) => n + statSync(file).size, 0);
    lines.unshift(
      `${floorLine.line} — warm open of ${tables} tables vs reading + parsing the ${files.length} file(s) it reads ` +
        `(${(bytes / 1024).toFixed(0)} KB), median of ${rounds} paired rounds (${floorLine.spread}); target ≤ 1.5`,
    );
    return { floorRatio: floorLine.ratio, lines };
  } finally {
    await org.stop();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
}

/** Never answers: the background refresh of a cache-only open fails at once. */
export const offline: MetadataTransport = { send: () => Promise.reject(new CancelledError('offline')) };

async function benchHeap(
  tableCount: number,
  columnsPerTable: number,
): Promise<{ lines: string[]; tables: TableInfo[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'd365-bench-heap-'));
  try {
    const fileBytes = await writeSyntheticCache(new FsMetadataCacheStore(dir), tableCount, columnsPerTable);
    gc();
    const before = process.memoryUsage().heapUsed;
    const m = new OrgMetadata({
      orgUrl: SYNTHETIC_ORG,
      transport: offline,
      store: new FsMetadataCacheStore(dir),
      lcid: 1033,
    });
    let t = now();
    const opened = await m.open();
    const openMs = now() - t;
    t = now();
    for (const table of opened.tables) await m.loadDetails(table.logicalName); // every table's details, from its file
    const detailsMs = now() - t;
    m.dispose();
    await m.whenIdle();
    const snap = m.snapshot;
    gc();
    const held = process.memoryUsage().heapUsed - before;
    for (const table of snap.tables) snap.column(table.logicalName, 'new_col000'); // builds every per-table lookup map
    gc();
    const withIndexes = process.memoryUsage().heapUsed - before;
    const columns = tableCount * columnsPerTable;
    const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    const lines = [
      `metadataCache heap: ${mib(held)} held by ${tableCount} tables × ${columnsPerTable} columns with relationships, keys and choices ` +
        `(${(held / columns).toFixed(0)} B per column); ${mib(withIndexes)} with every column/navigation map built; ` +
        `cache files ${mib(fileBytes)}; the tree's list opened in ${openMs.toFixed(0)} ms, then all details read in ${detailsMs.toFixed(0)} ms`,
    ];
    if (!gcAvailable()) lines.push('WARNING: no --expose-gc; heap numbers include garbage');
    if (snap.tables.length !== tableCount || !snap.details(snap.tables[0]!.logicalName)) {
      lines.push(`WARNING: opened ${snap.tables.length} tables, expected ${tableCount} with details`);
    }
    return { lines, tables: [...snap.tables] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the synthetic org's cache files (index + one per table) and lets go of what was built; returns their size. */
/** A warm cache of synthetic tables; `edit` changes a table's details before they are written (metadataTools' second org). */
export async function writeSyntheticCache(
  store: MetadataCacheStore,
  tableCount: number,
  columnsPerTable: number,
  orgUrl = SYNTHETIC_ORG,
  edit: (d: TableDetails, i: number) => TableDetails = (d) => d,
): Promise<number> {
  const org = { orgUrl, lcid: 1033 };
  const tables: TableInfo[] = [];
  let bytes = 0;
  for (let i = 0; i < tableCount; i++) {
    const d = edit(syntheticDetails(i, columnsPerTable), i);
    tables.push(d.table);
    const text = encodeDetails(d, org);
    bytes += Buffer.byteLength(text);
    await store.write(detailsKeyFor(orgUrl, d.table.logicalName), text);
  }
  const index = encodeIndex(
    { ...org, serverVersionStamp: 's', tables, details: new Map(tables.map((t) => [t.logicalName, { stale: false }])) },
    new Date(),
  );
  await store.write(cacheKeyFor(orgUrl), index);
  return bytes + Buffer.byteLength(index);
}

function benchIndex(tables: TableInfo[]): string {
  const samples: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t = now();
    const groups = new IndexedSnapshot(tables, new Map()).groups;
    samples.push(now() - t);
    if ([...groups.values()].reduce((n, g) => n + g.length, 0) !== tables.length) {
      throw new Error('grouping lost tables');
    }
  }
  return `metadataCache index: ${median(samples).toFixed(2)} ms to index and group ${tables.length} tables for the tree (median of 21)`;
}

export function syntheticDetailsForProfile(i: number, c: number): TableDetails {
  return syntheticDetails(i, c);
}

function syntheticDetails(i: number, columnCount: number): TableDetails {
  const name = `new_table${String(i).padStart(4, '0')}`;
  const table: TableInfo = {
    logicalName: name,
    schemaName: `new_Table${i}`,
    entitySetName: `${name}s`,
    displayName: `Table ${i}`,
    displayCollectionName: `Tables ${i}`,
    description: `Synthetic table ${i}, standing in for a custom table with a one-line description.`,
    primaryIdAttribute: `${name}id`,
    primaryNameAttribute: 'new_name',
    isCustom: i % 3 === 0,
    isActivity: i % 17 === 0,
    isIntersect: i % 29 === 0,
    ownership: 'UserOwned',
    objectTypeCode: 10000 + i,
    metadataId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  };
  const kinds = ['string', 'integer', 'lookup', 'choice', 'dateTime', 'money', 'boolean', 'memo'] as const;
  const columns: ColumnInfo[] = [];
  for (let c = 0; c < columnCount; c++) {
    const kind = kinds[c % kinds.length]!;
    const logicalName = `new_col${String(c).padStart(3, '0')}`;
    columns.push({
      logicalName,
      schemaName: `new_Col${c}`,
      displayName: `Column ${c}`,
      description: `What column ${c} of table ${i} holds.`,
      attributeTypeName: `${kind[0]!.toUpperCase()}${kind.slice(1)}Type`,
      kind,
      requiredLevel: c === 0 ? 'ApplicationRequired' : 'None',
      ...(kind === 'string' ? { maxLength: 100 } : {}),
      ...(kind === 'lookup' ? { targets: ['account'] } : {}),
      ...(kind === 'choice' ? { optionSetName: `${name}_${logicalName}` } : {}),
      isPrimaryId: false,
      isPrimaryName: c === 0,
      isCustom: true,
      isValidForRead: true,
      isValidForCreate: true,
      isValidForUpdate: true,
      metadataId: `10000000-0000-4000-8000-${String(i * 1000 + c).padStart(12, '0')}`,
    });
  }
  const relationships: RelationshipInfo[] = Array.from({ length: 10 }, (_, r) => ({
    kind: r % 2 ? ('oneToMany' as const) : ('manyToOne' as const),
    schemaName: `new_rel_${i}_${r}`,
    relatedTable: 'account',
    navigationProperty: `new_rel_${i}_${r}`,
    lookupColumn: `new_col${String(r * 8 + 2).padStart(3, '0')}`,
    isCustom: true,
    metadataId: `20000000-0000-4000-8000-${String(i * 100 + r).padStart(12, '0')}`,
  }));
  const choices: ChoiceInfo[] = columns
    .filter((c) => c.optionSetName)
    .map((c) => ({
      name: c.optionSetName!,
      displayName: c.displayName,
      isGlobal: false,
      columns: [c.logicalName],
      options: Array.from({ length: 5 }, (_, o) => ({ value: 100000000 + o, label: `Option ${o}` })),
    }));
  return {
    table,
    columns,
    relationships,
    keys: [
      {
        logicalName: `${name}_key`,
        schemaName: `${name}_key`,
        displayName: 'Key',
        columns: ['new_col000'],
        status: 'Active',
        metadataId: `k${i}`,
      },
    ],
    choices,
  };
}
