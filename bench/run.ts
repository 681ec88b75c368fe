// `npm run bench`: every benchmark measures a candidate against a baseline in this same run and
// reports the ratio (house rule: no timed assertions). The exit code is non-zero only when a hard
// invariant breaks (tokens: not exactly one refresh; activation: network I/O) or a benchmark could
// not run at all (then its invariant is unverified); timings never fail the run.
//   --only paging,tokens,activation,metadata,metadataCache,explorer,csvExport,allPages,query,resultsGrid,sql,sqlWrite,agentTools,metadataTools,notebook   run a subset (one or more names)
//   --rows N --page-size N                      paging size (default 100000 rows, 5000 per page: DESIGN's 100k);
//                                               --rows is also csvExport's row count
//   --grid-rows N --grid-columns N              resultsGrid: accounts in the grid (≤ 5000, one page) and $select columns (default 5000 × 20)
//   --table-rows N --max-rows N                 allPages: the table's rows (default 1000000) and the row limit (default 50000, the setting's)
//   --rounds N                                  timed rounds per benchmark (default 7)
import { benchActivation } from './activation';
import { benchAgentTools } from './agentTools';
import { benchAllPages } from './allPages';
import { benchCsvExport } from './csvExport';
import { startEmulatorProcess } from './emulator';
import { benchExplorer } from './explorer';
import { benchMetadata } from './metadata';
import { benchMetadataCache } from './metadataCache';
import { benchMetadataTools } from './metadataTools';
import { benchNotebook } from './notebook';
import { benchPaging } from './paging';
import { benchQueryCompletion, benchQueryParse } from './query';
import { benchSqlTranslate } from './sql';
import { benchResultsGrid } from './resultsGrid';
import { benchTokens } from './tokens';
import { benchSqlWrite } from './sqlWrite';
import { now, type BenchResult } from './util';

const ALL = [
  'activation',
  'metadata',
  'metadataCache',
  'paging',
  'tokens',
  'query',
  'explorer',
  'csvExport',
  'allPages',
  'resultsGrid',
  'sql',
  'agentTools',
  'metadataTools',
  'sqlWrite',
  'notebook',
] as const;
type Name = (typeof ALL)[number];

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}

async function main(): Promise<number> {
  const onlyIdx = process.argv.indexOf('--only');
  const only = onlyIdx >= 0 ? (process.argv[onlyIdx + 1] ?? '').split(',') : [...ALL];
  const unknown = only.filter((n) => !(ALL as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  const want = (n: Name): boolean => only.includes(n);
  const rounds = option('rounds', 7);
  const rows = option('rows', 100_000);
  const pageSize = option('page-size', 5000);
  const gridRows = option('grid-rows', 5000);
  const gridColumns = option('grid-columns', 20);

  const started = now();
  const results: BenchResult[] = [];
  const errors: string[] = [];
  const run = async (name: Name, f: () => Promise<BenchResult> | BenchResult): Promise<void> => {
    if (!want(name)) return;
    const t = now();
    try {
      const r = await f();
      for (const line of r.lines) console.log(line);
      results.push(r);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.log(`${name}: ERROR ${message}`);
      errors.push(`${name}: ${message}`);
    }
    console.log(`  (${name} took ${((now() - t) / 1000).toFixed(1)} s)`);
  };

  // Activation first, while no server competes for the two cores with its cold-start samples.
  await run('activation', () => benchActivation({ samples: Math.max(rounds, 7) }));
  // In-process and CPU-bound: before any server child process starts.
  await run('explorer', () => benchExplorer({ tables: 1000, rounds }));
  await run('csvExport', () => benchCsvExport({ rows, rounds }));
  await run('metadataTools', () => benchMetadataTools({ tables: 1000, rounds }));
  await run('allPages', () =>
    benchAllPages({ tableRows: option('table-rows', 1_000_000), cap: option('max-rows', 50_000) }),
  );
  // A 1,000-table org (231 tables from the CSDL + 770 generated). One trimmed request takes ~20 ms, so three
  // times the rounds cost almost nothing and steady the median of the client-overhead line.
  await run('metadata', () => benchMetadata({ extraTables: 770, rounds: rounds * 3 }));
  await run('metadataCache', () => benchMetadataCache({ extraTables: 770, rounds }));
  if (want('paging') || want('tokens')) {
    // 120 s tokens: inside MSAL's 5-minute renewal margin, so every silent call must refresh.
    const emu = await startEmulatorProcess({ accounts: rows, tokenLifetimeSeconds: 120 });
    try {
      await run('paging', () => benchPaging(emu, { rows, pageSize, rounds }));
      await run('tokens', () => benchTokens(emu, { concurrency: 50, rounds }));
    } finally {
      await emu.stop();
    }
  }

  if (want('sqlWrite')) {
    // Every answer 50 ms late, as a distant org's would be: what parallel $batch requests must hide.
    const emu = await startEmulatorProcess({ accounts: 10_000, tokenLifetimeSeconds: 3600, latencyMs: 50 });
    try {
      await run('sqlWrite', () =>
        benchSqlWrite(emu, { rows: 10_000, batchSize: 100, parallelism: 4, rounds: Math.min(rounds, 5) }),
      );
    } finally {
      await emu.stop();
    }
  }

  await run('query', () => benchQueryParse({ requests: 1000, rounds }));
  await run('agentTools', () => benchAgentTools({ rounds }));
  await run('query', () => benchQueryCompletion({ tables: 1000, columns: 400, rounds: rounds * 3 }));
  await run('sql', () => benchSqlTranslate({ rounds: rounds * 3 }));
  await run('notebook', () => benchNotebook({ rounds }));
  // Last: code-server, Chromium and the emulator take both cores while it runs, and stop before the summary.
  await run('resultsGrid', () => benchResultsGrid({ rows: gridRows, columns: gridColumns, rounds }));

  console.log('');
  console.log(`summary (${((now() - started) / 1000).toFixed(0)} s, node ${process.version}):`);
  for (const r of results) {
    const ratio = r.ratio === undefined ? '' : ` ratio ${r.ratio.toFixed(2)}${r.target ? ` (target ${r.target})` : ''}`;
    console.log(`  ${r.name}:${ratio} ${r.failed ? `FAILED — ${r.failed}` : 'ok'}`);
  }
  for (const e of errors) console.log(`  ${e.split(':')[0]}: ERROR (benchmark did not run)`);
  const failed = results.filter((r) => r.failed);
  return failed.length ? 1 : errors.length ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
