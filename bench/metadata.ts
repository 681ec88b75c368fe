// metadata: listing the tables of a ~1,000-table org. The ratio is bytes of the trimmed
// EntityDefinitions request the explorer sends (src/core/metadata/requests.ts) over the untrimmed one
// (no $select); also their times, a variant with the description and collection-name
// labels, and DataverseClient against raw node-fetch for the trimmed request (client overhead).
import fetch from 'node-fetch';
import { readFileSync } from 'node:fs';
import { createAgents } from '../src/core/http/agents';
import { HttpClient } from '../src/core/http/httpClient';
import { TABLE_PROPERTIES } from '../src/core/metadata/mapTables';
import { tableListPath } from '../src/core/metadata/requests';
import { DataverseClient } from '../src/core/webapi/client';
import { median, now, paired, pairedLine, spread, startServerProcess, type BenchResult } from './util';

const UNTRIMMED = 'EntityDefinitions';
/** With descriptions and collection names too (what a table's details carry): for comparison. */
const WITH_LABELS = `EntityDefinitions?$select=${TABLE_PROPERTIES.join(',')}`;
const ODATA_HEADERS = { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' };
const kib = (n: number): string => `${(n / 1024).toFixed(0)} KiB`;

interface Sample {
  ms: number;
  bytes: number;
  tables: number;
}

export async function benchMetadata(opts: { extraTables: number; rounds: number }): Promise<BenchResult> {
  const org = await startServerProcess('bench/metadataOrg.ts', [String(opts.extraTables)]);
  try {
    const ca = readFileSync(org.info.caCertPath, 'utf8');
    // The bench org accepts `good:<oid>` bearer tokens (its fake token check).
    const token = 'good:bench';
    const client = new DataverseClient(new HttpClient({ extraCa: [ca] }), org.info.orgUrl, {
      getToken: async () => token,
    });
    const agent = createAgents({ extraCa: [ca] });
    const viaClient = async (path: string): Promise<Sample> => {
      const t = now();
      const res = await client.send({ path });
      const tables = res.json<{ value: unknown[] }>().value.length;
      return { ms: now() - t, bytes: res.body.length, tables };
    };
    const viaFetch = async (path: string): Promise<Sample> => {
      const t = now();
      const res = await fetch(client.apiUrl + path, {
        headers: { ...ODATA_HEADERS, Authorization: `Bearer ${token}` },
        agent,
        redirect: 'manual',
      });
      if (res.status !== 200) throw new Error(`raw fetch: HTTP ${res.status}`);
      const body = Buffer.from(await res.arrayBuffer());
      const tables = (JSON.parse(body.toString('utf8')) as { value: unknown[] }).value.length;
      return { ms: now() - t, bytes: body.length, tables };
    };

    // Warm-up: the org parses its CSDL and builds the synthetic tables on first use.
    await viaClient(tableListPath());
    await viaClient(UNTRIMMED);
    const trimmedRounds = Math.max(3, Math.ceil(opts.rounds / 3));
    const size = await paired(
      trimmedRounds,
      () => viaClient(tableListPath()),
      () => viaClient(UNTRIMMED),
      (s) => s.ms,
    );
    const labelled = await viaClient(WITH_LABELS);
    const overhead = await paired(
      opts.rounds,
      () => viaClient(tableListPath()),
      () => viaFetch(tableListPath()),
      (s) => s.ms,
    );

    const trimmed = size.candidate[0]!;
    const untrimmed = size.baseline[0]!;
    const ratio = trimmed.bytes / untrimmed.bytes;
    const timeRatio = median(size.ratios);
    const { line: overheadLine, spread: overheadSpread } = pairedLine('metadata client', overhead, (s) => s.ms);
    const lines = [
      `metadata: ratio ${ratio.toFixed(3)} (trimmed ${kib(trimmed.bytes)} / untrimmed ${kib(untrimmed.bytes)}) — bytes listing ${trimmed.tables} tables; ` +
        `${(untrimmed.bytes / trimmed.bytes).toFixed(1)}× fewer (target ≥ 10×)`,
      `metadata time: ratio ${timeRatio.toFixed(2)} (trimmed ${median(size.candidate.map((s) => s.ms)).toFixed(0)} ms / untrimmed ` +
        `${median(size.baseline.map((s) => s.ms)).toFixed(0)} ms), median of ${trimmedRounds} paired rounds (${spread(size.ratios)})`,
      `metadata list with Description/DisplayCollectionName too: ${kib(labelled.bytes)}, ${(untrimmed.bytes / labelled.bytes).toFixed(1)}× fewer than untrimmed`,
      `${overheadLine} — DataverseClient vs raw node-fetch, trimmed request, median of ${opts.rounds} paired rounds (${overheadSpread})`,
    ];
    if (trimmed.tables !== untrimmed.tables) {
      lines.push(`WARNING: trimmed listed ${trimmed.tables} tables, untrimmed ${untrimmed.tables}`);
    }
    return { name: 'metadata', ratio, target: '≤ 0.10', lines };
  } finally {
    await org.stop();
  }
}
