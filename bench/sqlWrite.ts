// sqlWrite: a 10,000-row SQL UPDATE against the emulator answering every request after 50 ms, the
// way the scratchpad runs it (planWrites + runWrites: $batch requests of 100 through the
// DataverseClient, 4 at a time), vs the best hand-written loop of the same $batch size and
// parallelism (multipart bodies built by string template, raw node-fetch, same agent and CA). Rows
// per second, paired rounds. Then both once more under a 429 storm (a per-user request budget per
// second): Retry-After honoured, every row written, and no row written twice (hard invariant: the
// $batch requests answered 200 are exactly rows / batch size, every one holding a whole batch).
import fetch from 'node-fetch';
import { createAgents } from '../src/core/http/agents';
import { HttpClient } from '../src/core/http/httpClient';
import type { TableDetails } from '../src/core/metadata/model';
import { planWrites } from '../src/core/query/sql/dml/plan';
import { readTargets } from '../src/core/results/dmlRead';
import { runWrites } from '../src/core/results/dmlRun';
import { DataverseClient } from '../src/core/webapi/client';
import type { WebApiSender } from '../src/core/ports';
import type { EmulatorProcess } from './emulator';
import { median, now, pairedLine, paired, spread, type BenchResult } from './util';

interface Run {
  ms: number;
  throttled: number;
  /** $batch requests on the wire at once, averaged over the run's time. */
  inFlight: number;
}

/** Counts requests on the wire over time: the mean shows whether a side keeps its parallelism busy. */
class Flight {
  private now = 0;
  private area = 0;
  private since = performance.now();
  private readonly start = this.since;
  private move(by: number): void {
    const t = performance.now();
    this.area += this.now * (t - this.since);
    this.since = t;
    this.now += by;
  }
  begin(): void {
    this.move(1);
  }
  end(): void {
    this.move(-1);
  }
  mean(): number {
    this.move(0);
    return this.area / Math.max(1, this.since - this.start);
  }
}

const ACCOUNT: TableDetails = {
  table: {
    logicalName: 'account',
    schemaName: 'Account',
    entitySetName: 'accounts',
    displayName: 'Account',
    primaryIdAttribute: 'accountid',
    primaryNameAttribute: 'name',
    isCustom: false,
    isActivity: false,
    isIntersect: false,
    metadataId: 'account',
  },
  columns: [
    {
      logicalName: 'description',
      schemaName: 'Description',
      displayName: 'Description',
      attributeTypeName: 'MemoType',
      kind: 'memo',
      requiredLevel: 'None',
      isPrimaryId: false,
      isPrimaryName: false,
      isCustom: false,
      isValidForRead: true,
      isValidForCreate: true,
      isValidForUpdate: true,
      metadataId: 'description',
    },
  ],
  relationships: [],
  keys: [],
  choices: [],
};

const ALL_ACCOUNTS =
  '<fetch><entity name="account"><attribute name="accountid"/><attribute name="name"/></entity></fetch>';

export async function benchSqlWrite(
  emu: EmulatorProcess,
  opts: { rows: number; batchSize: number; parallelism: number; rounds: number },
): Promise<BenchResult> {
  const token = await emu.appToken();
  const client = new DataverseClient(new HttpClient({ extraCa: [emu.ca] }), emu.info.orgUrl, {
    getToken: async () => token,
  });
  const agent = createAgents({ extraCa: [emu.ca] });
  const control = async (path: string, body?: unknown): Promise<Record<string, Record<string, number>>> => {
    const res = await fetch(`${emu.info.controlUrl}${path}`, {
      method: body ? 'POST' : 'GET',
      agent: agent(new URL(emu.info.controlUrl)),
      ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    return (await res.json()) as Record<string, Record<string, number>>;
  };
  // The read before the writes (rows counted for the confirmation): the loop has no such step, so it
  // is timed on its own and kept out of both sides.
  const readStart = now();
  const rows = (await readTargets(client, 'accounts', ALL_ACCOUNTS, { columns: [], maxRows: 1e9 })).slice(0, opts.rows);
  const readMs = now() - readStart;
  const ids = rows.map((r) => String(r['accountid']));
  const batches = Math.ceil(ids.length / opts.batchSize);

  let round = 0;
  const candidate = async (): Promise<Run> => {
    const marker = `candidate ${++round}`;
    const flight = new Flight();
    const counted: WebApiSender = {
      apiUrl: client.apiUrl,
      send: async (req) => {
        flight.begin();
        try {
          return await client.send(req);
        } finally {
          flight.end();
        }
      },
    };
    const t = now();
    const ops = planWrites(
      {
        kind: 'update',
        table: 'account',
        fetchXml: ALL_ACCOUNTS,
        hasWhere: true,
        set: [{ column: 'description', value: { literal: marker } }],
      },
      rows,
      { details: ACCOUNT, entitySetOf: () => 'accounts', options: { bypassCustomPlugins: false, allowAllRows: false } },
    );
    const result = await runWrites(counted, ops, { batchSize: opts.batchSize, parallelism: opts.parallelism });
    const ms = now() - t;
    if (result.succeeded !== ids.length) {
      throw new Error(
        `candidate wrote ${result.succeeded} of ${ids.length} rows: ${result.failures[0]?.message ?? ''}`,
      );
    }
    return { ms, throttled: result.throttled, inFlight: flight.mean() };
  };
  const baseline = async (): Promise<Run> =>
    handWritten(emu.info.orgUrl, token, agent, ids, `baseline ${++round}`, opts);
  const runMs = (r: Run): number => r.ms;
  const rowsPerSecond = (ms: number): string => `${Math.round((ids.length / ms) * 1000)} rows/s`;

  await candidate();
  await baseline();
  const p = paired(opts.rounds, candidate, baseline, runMs);
  const measured = await p;
  // Throughput ratio: baseline time / candidate time (≥ 0.9 means at least 90 % of the loop's rows/s).
  const timeLine = pairedLine('sqlWrite', measured, runMs);
  const throughput = 1 / timeLine.ratio;
  const flights = (runs: Run[]): string => median(runs.map((r) => r.inFlight)).toFixed(2);
  const lines = [
    `sqlWrite: throughput ratio ${throughput.toFixed(2)} (target ≥ 0.9): ${rowsPerSecond(median(measured.candidate.map(runMs)))} vs hand-written ${rowsPerSecond(median(measured.baseline.map(runMs)))}; ${ids.length} rows, $batch of ${opts.batchSize}, ${opts.parallelism} at once, 50 ms per request; ${spread(measured.ratios.map((r) => 1 / r))}`,
    `  $batch requests on the wire at once (time-weighted mean, median of rounds): candidate ${flights(measured.candidate)}, hand-written ${flights(measured.baseline)} of ${opts.parallelism}`,
    `  the read before the writes (not in either time): ${Math.round(readMs)} ms for ${ids.length} rows`,
  ];

  // The storm: 2 requests per user per second, below the ~2.5 batches/s the runs reach; Retry-After is the rest of the window.
  await control('/faults', { requestsPerWindow: 2, windowSeconds: 1 });
  let failed: string | undefined;
  try {
    for (const [name, f] of [
      ['candidate', candidate],
      ['hand-written', baseline],
    ] as const) {
      const before = (await control('/stats'))['dataverseStatuses'] ?? {};
      const run = await f();
      const after = (await control('/stats'))['dataverseStatuses'] ?? {};
      const ok = (after['200'] ?? 0) - (before['200'] ?? 0);
      const throttled = (after['429'] ?? 0) - (before['429'] ?? 0);
      const marker = `${name === 'candidate' ? 'candidate' : 'baseline'} ${round}`;
      const written = await countWith(client, marker);
      lines.push(
        `  429 storm, ${name}: ${rowsPerSecond(run.ms)}, ${throttled} answers 429 waited out, ${ok} $batch answered 200 (${batches} expected), ${written} rows hold the new value`,
      );
      if (name === 'candidate' && (ok !== batches || written !== ids.length)) {
        failed = `under the 429 storm ${ok} batches ran (expected ${batches}) and ${written} of ${ids.length} rows were written`;
      }
    }
  } finally {
    await control('/faults/reset', {});
  }
  return { name: 'sqlWrite', ratio: throughput, target: '≥ 0.9', lines, ...(failed ? { failed } : {}) };
}

async function countWith(client: DataverseClient, marker: string): Promise<number> {
  const xml = `<fetch><entity name="account"><attribute name="accountid"/><filter><condition attribute="description" operator="eq" value="${marker}"/></filter></entity></fetch>`;
  return (await readTargets(client, 'accounts', xml, { columns: [], maxRows: 1e9 })).length;
}

/** The loop a developer would write: the same batches and parallelism, 429 waited out, nothing else. */
export async function handWritten(
  orgUrl: string,
  token: string,
  agent: ReturnType<typeof createAgents>,
  ids: readonly string[],
  marker: string,
  opts: { batchSize: number; parallelism: number },
): Promise<Run> {
  const flight = new Flight();
  const t = now();
  const url = `${orgUrl}/api/data/v9.2/$batch`;
  const body = JSON.stringify({ description: marker });
  let next = 0;
  let throttled = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const start = next;
      next += opts.batchSize;
      if (start >= ids.length) return;
      const boundary = `batch_${start}_${marker.replace(/\W/g, '')}`;
      const parts = ids
        .slice(start, start + opts.batchSize)
        .map(
          (id) =>
            `--${boundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nPATCH /api/data/v9.2/accounts(${id}) HTTP/1.1\r\nContent-Type: application/json\r\nIf-Match: *\r\n\r\n${body}\r\n`,
        );
      const payload = `${parts.join('')}--${boundary}--\r\n`;
      for (;;) {
        flight.begin();
        const res = await fetch(url, {
          method: 'POST',
          agent: agent(new URL(url)),
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': `multipart/mixed; boundary=${boundary}`,
            Accept: 'application/json',
            'OData-Version': '4.0',
            'OData-MaxVersion': '4.0',
            Prefer: 'odata.continue-on-error',
          },
          body: payload,
        });
        const text = await res.text().finally(() => flight.end());
        if (res.status === 429) {
          throttled++;
          await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? '1') * 1000));
          continue;
        }
        if (res.status !== 200 || (text.match(/HTTP\/1\.1 204/g) ?? []).length !== parts.length) {
          throw new Error(`hand-written loop: $batch answered ${res.status}`);
        }
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.parallelism }, worker));
  return { ms: now() - t, throttled, inFlight: flight.mean() };
}
