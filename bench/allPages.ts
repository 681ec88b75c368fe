// allPages: "All pages" of the results view on a 1,000,000-row table, through the real
// ResultSession (src/results/resultSession.ts, under the bench's vscode stub) and the real
// paging code, against an in-process fake org that builds each 5,000-row page of accounts on
// demand. The row limit (dynamics365.results.maxRows) must hold: the session may never hold more
// rows than it, and stops asking for pages there. Reports the memory the session holds afterwards.
import { createRequire } from 'node:module';
import type { RunnableRequest } from '../src/core/query/run/resolve';
import { execute } from '../src/core/results/execute';
import type { ResultsPanel } from '../src/results/resultsPanel';
import { accountsPage, heldNow } from './csvExport';
import { gcAvailable, mb, now, type BenchResult } from './util';
import { createVscodeStub, installVscodeStub } from './vscodeStub';
import type { HttpResponse, WebApiRequest, WebApiSender } from '../src/core/ports';

type SessionModule = typeof import('../src/results/resultSession');

const API = 'https://bench.example/api/data/v9.2/';
const PAGE = 5000;

export async function benchAllPages(opts: { tableRows: number; cap: number }): Promise<BenchResult> {
  const { api } = createVscodeStub({}, '1.100.0');
  const uninstall = installVscodeStub(api);
  let mod: SessionModule;
  try {
    mod = createRequire(__filename)('../src/results/resultSession') as SessionModule;
  } finally {
    uninstall();
  }
  const org = fakeOrg(opts.tableRows);
  const messages = { count: 0, rows: 0 };
  const panel = {
    show: (m: { rows: unknown[] }) => {
      messages.count++;
      messages.rows += m.rows.length;
    },
    post: (m: { rows?: unknown[] }) => {
      messages.count++;
      messages.rows += m.rows?.length ?? 0;
    },
  } as unknown as ResultsPanel;
  const request = {
    kind: 'http',
    method: 'GET',
    path: 'accounts',
    headers: {},
    safety: { access: 'read', summary: 'reads accounts' },
  } as unknown as RunnableRequest;

  const before = await heldNow();
  const started = now();
  // As the runner does: the first answer goes to the session, which the view then keeps alone.
  const session = await (async () => {
    const s = new mod.ResultSession(
      panel,
      org,
      { method: 'GET', url: API + 'accounts', headers: {}, title: 'accounts' },
      await execute(org, request),
      { maxRows: () => opts.cap, logicalNameOf: () => 'account' },
    );
    s.show();
    return s;
  })();
  await session.allPages();
  const tookMs = now() - started;
  const held = (await heldNow()) - before;
  const rows = session.rowCount;
  const expected = Math.min(opts.cap, opts.tableRows);
  const pagesAsked = org.requests;
  const failed =
    rows > opts.cap
      ? `the session holds ${rows} rows, over the limit of ${opts.cap}`
      : rows !== expected
        ? `the session holds ${rows} rows, ${expected} expected`
        : undefined;
  const heap = gcAvailable()
    ? `${mb(held)} held after a full GC (heap + array buffers), ${(held / rows).toFixed(0)} bytes per row`
    : 'not measured (run with --expose-gc)';
  return {
    name: 'allPages',
    ...(failed ? { failed } : {}),
    lines: [
      `allPages: ${rows} of ${opts.tableRows} rows loaded with the limit at ${opts.cap} (target: exactly min(limit, table)), ` +
        `${pagesAsked} pages asked for of ${Math.ceil(opts.tableRows / PAGE)}, ${messages.rows} rows posted to the view in ${messages.count} messages, ${(tookMs / 1000).toFixed(1)} s`,
      `allPages memory: ${heap} — the session's table, its first answer's text and the grid layout, nothing else of the pages`,
    ],
  };
}

/** A 5,000-row page of `accounts` per request, with a nextLink until `total` rows. */
function fakeOrg(total: number): WebApiSender & { requests: number } {
  const org = {
    apiUrl: API,
    requests: 0,
    send: async (req: WebApiRequest): Promise<HttpResponse> => {
      org.requests++;
      const skip = Number(/\$skiptoken=(\d+)/.exec(req.path)?.[1] ?? 0);
      const count = Math.min(PAGE, total - skip);
      const body: Record<string, unknown> = {
        '@odata.context': `${API}$metadata#accounts`,
        value: accountsPage(skip, count),
      };
      if (skip + count < total) body['@odata.nextLink'] = `${API}accounts?$skiptoken=${skip + count}`;
      const text = JSON.stringify(body);
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        url: req.path,
        body: Buffer.from(text),
        text: () => text,
        json: <T>() => JSON.parse(text) as T,
      };
    },
  };
  return org;
}
