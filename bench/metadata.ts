// metadata: the one trimmed EntityDefinitions request the tree needs for a ~930-table org, through
// DataverseClient vs raw node-fetch (same CA, identically built agent), plus the response size.
import fetch from 'node-fetch';
import { createAgents } from '../src/core/http/agents';
import { HttpClient } from '../src/core/http/httpClient';
import { DataverseClient } from '../src/core/webapi/client';
import { readFileSync } from 'node:fs';
import { now, paired, pairedLine, startServerProcess, type BenchResult } from './util';

// What the explorer tree shows per table; everything else stays on the server.
export const TREE_SELECT = 'LogicalName,EntitySetName,DisplayName,ObjectTypeCode,IsCustomEntity,PrimaryIdAttribute,PrimaryNameAttribute';
const PATH = `EntityDefinitions?$select=${TREE_SELECT}`;
const ODATA_HEADERS = { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' };

export async function benchMetadata(opts: { extraTables: number; rounds: number }): Promise<BenchResult> {
  const org = await startServerProcess('bench/metadataOrg.ts', [String(opts.extraTables)]);
  try {
    const ca = readFileSync(org.info.caCertPath, 'utf8');
    // The bench org accepts `good:<oid>` bearer tokens (its fake token check).
    const token = 'good:bench';
    const client = new DataverseClient(new HttpClient({ extraCa: [ca] }), org.info.orgUrl, { getToken: async () => token });
    const agent = createAgents({ extraCa: [ca] });

    let tables = 0;
    let bytes = 0;
    const candidate = async (): Promise<void> => {
      const res = await client.send({ path: PATH });
      bytes = res.body.length;
      tables = res.json<{ value: unknown[] }>().value.length;
    };
    const baseline = async (): Promise<void> => {
      const res = await fetch(client.apiUrl + PATH, { headers: { ...ODATA_HEADERS, Authorization: `Bearer ${token}` }, agent, redirect: 'manual' });
      if (res.status !== 200) throw new Error(`raw fetch: HTTP ${res.status}`);
      await res.json();
    };
    const time = async (f: () => Promise<void>): Promise<number> => { const t = now(); await f(); return now() - t; };

    await time(candidate); // warm-up: the org parses its CSDL and builds the synthetic tables on first use
    await time(baseline);
    const p = await paired(opts.rounds, () => time(candidate), () => time(baseline), (t) => t);
    const { line, ratio, spread } = pairedLine('metadata', p, (t) => t);
    return {
      name: 'metadata', ratio,
      lines: [
        `${line} — one EntityDefinitions request, median of ${opts.rounds} paired rounds (${spread})`,
        `metadata size: ${tables} tables, ${(bytes / 1024).toFixed(0)} KiB JSON ($select=${TREE_SELECT})`,
      ],
    };
  } finally {
    await org.stop();
  }
}
