// Kept-alive sockets through a proxy (http.proxy) follow the same idle rule as direct ones: dropped
// before the proxy drops them, so a write is never sent on a connection the proxy is closing, and
// never cut while the org is still working on a slow answer.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { createAgents, IDLE_SOCKET_MS } from '../../../../src/core/http/agents';
import { HttpClient } from '../../../../src/core/http/httpClient';
import { startProxy, startServer, testPki, type ProxyIdleLimit, type TestProxy, type TestServer } from './fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Route = 'http via proxy' | 'https via CONNECT tunnel' | 'direct';

describe('kept-alive sockets through a proxy', function () {
  this.timeout(15_000);
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  async function org(route: Route, handler: http.RequestListener): Promise<TestServer> {
    const s = await startServer(handler, route === 'https via CONNECT tunnel' ? testPki() : undefined);
    closers.push(s.close);
    return s;
  }
  async function proxy(idle?: ProxyIdleLimit): Promise<TestProxy> {
    const p = await startProxy(undefined, undefined, idle);
    closers.push(p.close);
    return p;
  }
  function client(route: Route, p: TestProxy | undefined): HttpClient {
    return new HttpClient({
      extraCa: [testPki().caPem],
      ...(p && route !== 'direct' ? { proxy: { url: p.url, noProxy: '' } } : {}),
    });
  }
  // Node lowers a pooled socket's idle timeout to a Keep-Alive hint less 1 s. Over plain http the
  // proxy announces its own limit; inside a tunnel only the target's headers reach the client.
  const hint = (res: http.ServerResponse) => res.setHeader('Keep-Alive', 'timeout=2');

  for (const route of ['http via proxy', 'https via CONNECT tunnel'] as const) {
    it(`${route}: a POST after an idle pause goes out once, on a fresh connection, not on one the proxy is closing`, async () => {
      const s = await org(route, (req, res) => {
        hint(res);
        res.end(`${req.method} ok`);
      });
      // The proxy announces 2 s and closes a connection that comes back after 1 s idle as the
      // request arrives; the client must have dropped it (at 2 s - 1 s) and connect anew.
      const p = await proxy({ closeAfterMs: 1000, hintSeconds: 2 });
      const c = client(route, p);
      const post = () => c.request({ url: `${s.url}/api/data/v9.2/accounts`, method: 'POST', body: '{}' });
      assert.equal((await post()).text(), 'POST ok');
      await sleep(1500);
      const second = await post();
      assert.equal(second.status, 200);
      assert.deepEqual(p.idleCloses, [], 'no request was sent on a connection the proxy had let go idle');
      assert.equal(s.requests.filter((r) => r.method === 'POST').length, 2, 'each POST reached the org exactly once');
      if (route === 'https via CONNECT tunnel') {
        assert.equal(p.connects.length, 2, 'the second POST opened a new tunnel');
      }
    });
  }

  for (const route of ['http via proxy', 'https via CONNECT tunnel'] as const) {
    it(`${route}: with no Keep-Alive hint a pooled socket still waits at most IDLE_SOCKET_MS`, async () => {
      // Most proxies announce nothing and close idle clients on their own clock (and a tunnel hides
      // whatever they would say): the agent's own limit is all that protects the next request.
      const s = await org(route, (_req, res) => {
        res.setHeader('Connection', 'keep-alive'); // and no Keep-Alive: timeout=
        res.end('ok');
      });
      const p = await proxy();
      const url = new URL(s.url);
      const agent = createAgents({ extraCa: [testPki().caPem], proxy: { url: p.url, noProxy: '' } })(url);
      const pooled = await requestAndPool(agent, url);
      assert.equal(pooled.timeout, IDLE_SOCKET_MS);
    });
  }

  for (const route of ['direct', 'http via proxy', 'https via CONNECT tunnel'] as const) {
    it(`${route}: an answer slower than the idle timeout is not cut (only requestTimeoutSeconds may)`, async () => {
      let posts = 0;
      const s = await org(route, (req, res) => {
        hint(res);
        if (req.method !== 'POST') return void res.end('warm');
        posts++;
        // Silent for longer than the reused socket's 1 s idle timeout, before the headers and
        // again in the middle of the body, like a long FetchXML the org is still working on.
        setTimeout(() => {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.write('slow ');
          setTimeout(() => res.end('answer'), 1500);
        }, 1500);
      });
      const p = route === 'direct' ? undefined : await proxy();
      const c = client(route, p);
      assert.equal((await c.request({ url: `${s.url}/warm` })).text(), 'warm');
      const res = await c.request({ url: `${s.url}/slow`, method: 'POST', body: '{}' });
      assert.equal(res.text(), 'slow answer');
      assert.equal(posts, 1);
      if (p && route === 'https via CONNECT tunnel') {
        assert.equal(p.connects.length, 1, 'the slow POST reused the socket');
      }
    });
  }
});

/** One GET through the agent; resolves with the socket once the agent has put it back in its pool. */
function requestAndPool(agent: http.Agent, url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    agent.once('free', (socket: Socket) => setImmediate(() => resolve(socket)));
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, { agent }, (res) => res.resume());
    req.on('error', reject);
    req.end();
  });
}
