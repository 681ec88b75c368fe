// agentTools: (1) the read-query tool's latency (validation, org lookup, rate limit, compile, send,
// row shaping and the untrusted fence; src/core/agents) vs the same query the scratchpad path runs
// (resolveQuickQuery + execute + the ResultTable the results view's session fills, as
// ScratchpadRunner.runText does before posting rows to the webview), both over one DataverseClient
// against an in-process emulator org, asking for the same page (target ≤ 1.2); (2) the size of
// describe-table for a 400-column table, in tokens (characters / 4), against the describe budget
// (hard invariant: within it).
import { AgentToolbox } from '../src/core/agents/agentToolbox';
import type { AgentPorts } from '../src/core/agents/agentPorts';
import { BUDGET } from '../src/core/agents/resultText';
import { TOOL } from '../src/core/agents/toolSpecs';
import { HttpClient } from '../src/core/http/httpClient';
import { MemoryLogSink, RedactingLogger } from '../src/core/log/logger';
import { OrgMetadata } from '../src/core/metadata/orgMetadata';
import { resolveQuickQuery } from '../src/core/query/run/resolve';
import { execute } from '../src/core/results/execute';
import { ResultTable } from '../src/core/results/resultTable';
import { DataverseClient } from '../src/core/webapi/client';
import { startTestOrg } from '../test/emulator/test/support/dataverse-server';
import { median, now, ratioLine, spread, type BenchResult } from './util';

const ROWS = 50;
const QUERY = 'accounts?$select=name,revenue,statecode,createdon&$filter=statecode eq 0';

export async function benchAgentTools(opts: { rounds: number }): Promise<BenchResult> {
  const org = await startTestOrg({ accountRecords: 2000, extraTables: 3, extraTableColumns: 400 });
  try {
    const client = new DataverseClient(new HttpClient({}), org.url, { getToken: async () => 'good:bench' });
    const metadata = new OrgMetadata({ orgUrl: org.url, transport: client });
    const ports: AgentPorts = {
      orgs: async () => [{ url: org.url, name: 'Bench', signedInAs: 'Bench', production: false, readOnly: false }],
      tables: async (_u, signal) => (await metadata.open(signal)).tables,
      details: (_u, name, signal) => metadata.loadDetails(name, signal),
      sender: () => client,
      confirmWrite: async () => false,
      log: new RedactingLogger(new MemoryLogSink(), () => 'info'),
      limits: () => ({ maxRows: ROWS, callsPerMinute: 1_000_000 }),
    };
    const tools = new AgentToolbox(ports);
    const snapshot = await metadata.open();
    const ctx = { orgUrl: org.url, entitySetOf: (n: string) => snapshot.tableByLogicalName(n)?.entitySetName };

    const tool = async (): Promise<number> => {
      const answer = await tools.call(TOOL.query, { language: 'odata', query: QUERY }, { caller: 'lm' });
      if (answer.rows !== ROWS) throw new Error(`the tool returned ${answer.rows} rows: ${answer.text.slice(0, 200)}`);
      return answer.rows;
    };
    const scratchpad = async (): Promise<number> => {
      // The page size the tool asks for, so both read the same bytes.
      const resolved = resolveQuickQuery(
        `GET ${QUERY}\nPrefer: odata.include-annotations="*",odata.maxpagesize=${ROWS}`,
        ctx,
      );
      if (!resolved.ok) throw new Error(resolved.errors[0]!.message);
      const execution = await execute(client, resolved.request);
      // What the results view's session does with the page before posting it (src/results/resultSession.ts).
      return new ResultTable().addRows(execution.rows ?? []).length;
    };
    // Calls interleave one by one (tool, scratchpad, scratchpad, tool, …): the shared machine's load
    // changes from second to second, and pairing single calls cancels far more of it than timing
    // two runs one after the other.
    const timeOf = async (f: () => Promise<number>): Promise<number> => {
      const t = now();
      await f();
      return now() - t;
    };
    const ratios: number[] = [];
    const toolMs: number[] = [];
    const padMs: number[] = [];
    // Warm both paths (connections, metadata, JIT) before measuring.
    await tool();
    await scratchpad();
    for (let round = 0; round < opts.rounds * 3; round++) {
      let c = 0;
      let b = 0;
      for (let i = 0; i < 10; i++) {
        if (i % 2 === 0) {
          c += await timeOf(tool);
          b += await timeOf(scratchpad);
        } else {
          b += await timeOf(scratchpad);
          c += await timeOf(tool);
        }
      }
      toolMs.push(c / 10);
      padMs.push(b / 10);
      ratios.push(c / b);
    }
    const ratio = median(ratios);
    const latency = {
      ratio,
      line: ratioLine(
        'agentTools: read-query tool vs scratchpad path (per call)',
        median(toolMs),
        median(padMs),
        ratio,
      ),
      spread: spread(ratios),
    };

    const wide = snapshot.tables.find(
      (t) => t.isCustom && !snapshot.tableByLogicalName('account')?.isCustom && /_/.test(t.logicalName),
    );
    if (!wide) throw new Error('no generated table in the emulator org');
    const details = await metadata.loadDetails(wide.logicalName);
    const described = await tools.call(TOOL.describeTable, { table: wide.logicalName }, { caller: 'lm' });
    const tokens = Math.round(described.text.length / 4);
    const budget = BUDGET.describe / 4;
    const cut = /(\d+) columns not shown/.exec(described.text)?.[1];
    const lines = [
      latency.line,
      `  ${latency.spread}`,
      `agentTools: describe-table of ${wide.logicalName} (${details.columns.length} columns, ${details.relationships.length} relationships): ${tokens} tokens (${described.text.length} chars / 4), budget ${budget}${cut ? `; ${cut} columns cut by the budget` : ''}`,
    ];
    return {
      name: 'agentTools',
      ratio: latency.ratio,
      target: '≤ 1.2',
      lines,
      ...(tokens > budget ? { failed: `describe-table took ${tokens} tokens, over the ${budget} budget` } : {}),
      ...(details.columns.length < 400
        ? { failed: `the wide table has ${details.columns.length} columns, not 400` }
        : {}),
    };
  } finally {
    await org.close();
  }
}
