// paging: read every page of `accounts` the way the results view's "All pages" does (`nextPage()`
// of src/core/results/execute.ts: `readPage()` through the DataverseClient, following each
// @odata.nextLink) vs raw node-fetch calls for the same pages with an identically built agent
// (same CA, keep-alive) and the same Prefer header. Pages are parsed and dropped, as a view that
// shows one page at a time would.
//
// Timing interleaves the two readers page by page (candidate page 1, raw page 1, raw page 2,
// candidate page 2, …; each follows its own nextLinks). The emulator's time to build a page
// dominates and the shared machine's load changes from second to second, so pairing at page level
// cancels far more noise than timing two whole runs one after the other. Memory is measured in
// separate, untimed single-reader runs so the two readers' garbage does not mix.
import fetch from 'node-fetch';
import { createAgents } from '../src/core/http/agents';
import { HttpClient } from '../src/core/http/httpClient';
import { nextPage, type Continuation } from '../src/core/results/execute';
import { DataverseClient } from '../src/core/webapi/client';
import type { EmulatorProcess } from './emulator';
import { gc, gcAvailable, mb, median, now, ratioLine, spread, type BenchResult } from './util';

interface Page {
  value: unknown[];
  '@odata.nextLink'?: string;
}

/** What a reader hands back per page: only the rows are looked at. */
type PageRows = Pick<Page, 'value'>;

/** Reads the next page, or resolves undefined once the last page has been read. */
type Reader = () => Promise<PageRows | undefined>;

interface Heap {
  /** Highest heapUsed after any page minus heapUsed before the first request (after a GC). */
  peak: number;
  /** heapUsed after a GC at the end, minus before. */
  retained: number;
  /** With a GC after every page: what is still live after each page. */
  live: number[];
}

const QUERY = 'accounts?$select=name,accountid';
const ODATA_HEADERS = { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' };

export async function benchPaging(
  emu: EmulatorProcess,
  opts: { rows: number; pageSize: number; rounds: number },
): Promise<BenchResult> {
  // What the results view sends on every page, so both sides ask for (and get) the same bytes.
  const prefer = { Prefer: `odata.include-annotations="*",odata.maxpagesize=${opts.pageSize}` };
  const rawAgent = createAgents({ extraCa: [emu.ca] });
  let token = '';
  const client = new DataverseClient(new HttpClient({ extraCa: [emu.ca] }), emu.info.orgUrl, {
    getToken: async () => token,
  });

  const candidate = (): Reader => {
    // A GET of QUERY with this Prefer, as the scratchpad runs it; "All pages" then asks page by page.
    let next: Continuation | undefined = { kind: 'odata', link: QUERY, headers: prefer };
    return async () => {
      if (!next) return undefined;
      const page = await nextPage(client, next);
      next = page.next;
      return { value: page.rows as unknown[] };
    };
  };
  const baseline = (): Reader => {
    let url: string | undefined = client.apiUrl + QUERY;
    return async () => {
      if (!url) return undefined;
      const res = await fetch(url, {
        headers: { ...ODATA_HEADERS, ...prefer, Authorization: `Bearer ${token}` },
        agent: rawAgent,
        redirect: 'manual',
      });
      if (res.status !== 200) throw new Error(`raw fetch: HTTP ${res.status}`);
      const page = (await res.json()) as Page;
      url = page['@odata.nextLink'];
      return page;
    };
  };

  /** One timed round: both readers to the end, page by page, alternating which reads first. */
  const round = async (offset: number): Promise<{ c: number; b: number; rows: [number, number]; pages: number }> => {
    // A fresh token per round, outside the timed part: the emulator's tokens are short-lived (the
    // tokens benchmark needs that) and both readers must send an equally valid one.
    token = await emu.appToken();
    const sides = [
      { read: candidate(), ms: 0, rows: 0, pages: 0, done: false },
      { read: baseline(), ms: 0, rows: 0, pages: 0, done: false },
    ];
    for (let k = 0; !sides[0]!.done || !sides[1]!.done; k++) {
      const order = (k + offset) % 2 === 0 ? [sides[0]!, sides[1]!] : [sides[1]!, sides[0]!];
      for (const side of order) {
        if (side.done) continue;
        const started = now();
        const page = await side.read();
        side.ms += now() - started;
        if (page) {
          side.rows += page.value.length;
          side.pages++;
        } else side.done = true;
      }
    }
    return { c: sides[0]!.ms, b: sides[1]!.ms, rows: [sides[0]!.rows, sides[1]!.rows], pages: sides[0]!.pages };
  };

  /** Untimed, one reader alone: heap while paging, and (with a GC per page) what stays live. */
  const heap = async (make: () => Reader): Promise<Heap> => {
    const pass = async (gcEachPage: boolean): Promise<{ peak: number; retained: number; live: number[] }> => {
      token = await emu.appToken();
      gc();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      const live: number[] = [];
      const read = make();
      while (await read()) {
        if (gcEachPage) gc();
        const used = process.memoryUsage().heapUsed;
        peak = Math.max(peak, used);
        live.push(used - before);
      }
      gc();
      return { peak: peak - before, retained: process.memoryUsage().heapUsed - before, live };
    };
    const plain = await pass(false);
    return { peak: plain.peak, retained: plain.retained, live: gcAvailable() ? (await pass(true)).live : [] };
  };

  // Warm-up: JIT, TLS sessions and keep-alive sockets on both sides, and the emulator's caches.
  await round(0);
  const rounds = [];
  for (let i = 0; i < opts.rounds; i++) rounds.push(await round(i));
  const heapC = await heap(candidate);
  const heapB = await heap(baseline);

  const c = median(rounds.map((r) => r.c));
  const b = median(rounds.map((r) => r.b));
  const ratios = rounds.map((r) => r.c / r.b);
  const { pages, rows } = rounds[0]!;
  const describe = (h: Heap): string =>
    `peak ${mb(h.peak)}, retained after GC ${mb(h.retained)}` +
    (h.live.length
      ? `, live ${mb(h.live[0]!)} after page 1 / ${mb(h.live[h.live.length - 1]!)} after page ${h.live.length} (max ${mb(Math.max(...h.live))})`
      : '');
  const lines = [
    `${ratioLine('paging', c, b, median(ratios))} — ${rows[0]} rows in ${pages} pages of ≤ ${opts.pageSize}, median of ${opts.rounds} rounds ` +
      `(${spread(ratios)}); target ≤ 1.1`,
    `paging heap while paging (pages not kept): candidate ${describe(heapC)}; raw fetch ${describe(heapB)}`,
  ];
  if (!gcAvailable()) {
    lines.push('paging live heap: not measured (run through `npm run bench`, which passes --expose-gc)');
  }
  // Both readers must have read the same rows (the emulator may seed a few beyond --accounts), or the
  // ratio compares different work; reported loudly, but not an exit-code invariant.
  const counts = new Set(rounds.flatMap((r) => r.rows));
  if (counts.size !== 1 || rows[0] < opts.rows) {
    lines.push(
      `paging WARNING: rounds read ${[...counts].join('/')} rows, expected ${opts.rows} or a few more on both sides`,
    );
  }
  return { name: 'paging', ratio: median(ratios), target: '≤ 1.1', lines };
}
