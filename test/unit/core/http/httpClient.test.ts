import { strict as assert } from 'node:assert';
import { HttpClient } from '../../../../src/core/http/httpClient';
import {
  HttpCancelledError,
  HttpNetworkError,
  HttpTimeoutError,
  ProxyError,
  ThrottledError,
} from '../../../../src/core/http/errors';
import { startProxy, startServer, testPki, type TestServer } from './fixtures';
import { UserError } from '../../../../src/core/userError';

/** Records the waits instead of waiting, so retry tests run instantly and assert the plan. */
function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

describe('HttpClient', function () {
  this.timeout(30_000);
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  async function server(handler: Parameters<typeof startServer>[0], tls = false): Promise<TestServer> {
    const s = await startServer(handler, tls ? testPki() : undefined);
    closers.push(s.close);
    return s;
  }

  it('sends the user agent and returns status, lower-case headers and body', async () => {
    const s = await server((req, res) =>
      res
        .writeHead(200, { 'X-Thing': 'a', 'Content-Type': 'application/json' })
        .end(JSON.stringify({ ua: req.headers['user-agent'] })),
    );
    const res = await new HttpClient({ userAgent: 'd365-test/1' }).request({ url: `${s.url}/x` });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-thing'], 'a');
    assert.deepEqual(res.json(), { ua: 'd365-test/1' });
  });

  it('refuses a GET with a body before sending, once, with a clear message (not "could not reach" after retries)', async () => {
    let requests = 0;
    const s = await server((_req, res) => {
      requests++;
      res.writeHead(200).end('{}');
    });
    const { waits, sleep } = recordingSleep();
    await assert.rejects(
      new HttpClient({}, { sleep }).request({
        url: `${s.url}/api/data/v9.2/WhoAmI?x=1`,
        method: 'get',
        body: '{"a":1}',
      }),
      (e: UserError) => {
        assert.ok(e instanceof UserError, String(e));
        assert.equal(e.code, 'GET_WITH_BODY');
        assert.match(e.message, /GET request cannot have a body/);
        assert.ok(!e.message.includes('x=1'), 'no query in the message');
        return true;
      },
    );
    assert.equal(requests, 0);
    assert.deepEqual(waits, [], 'no retry');
    const ok = await new HttpClient().request({ url: `${s.url}/x`, method: 'GET', body: '' });
    assert.equal(ok.status, 200, 'an empty body is no body');
  });

  describe('TLS trust', () => {
    it('rejects a server signed by an unknown CA with a hint about the CA setting', async () => {
      const s = await server((_q, r) => r.end('ok'), true);
      await assert.rejects(
        new HttpClient().request({ url: `${s.url}/api/data/v9.2/contacts?$filter=fullname eq 'Jane'` }),
        (e: HttpNetworkError) => {
          assert.ok(e instanceof HttpNetworkError && e.isCertificateError, e.message);
          assert.doesNotMatch(e.message, /Jane|\$filter/);
          assert.match(e.message, /dynamics365\.extraCaCertificates/);
          return true;
        },
      );
      assert.equal(s.requests.length, 0);
    });
    it('trusts the server once its CA is added', async () => {
      const s = await server((_q, r) => r.end('ok'), true);
      const res = await new HttpClient({ extraCa: [testPki().caPem] }).request({ url: s.url });
      assert.equal(res.text(), 'ok');
    });
  });

  describe('proxy', () => {
    it('tunnels https through CONNECT with the proxy credentials from the URL', async () => {
      const s = await server((_q, r) => r.end('tunnelled'), true);
      const proxy = await startProxy(`Basic ${Buffer.from('me:pw').toString('base64')}`);
      closers.push(proxy.close);
      const proxyUrl = proxy.url.replace('http://', 'http://me:pw@');
      const res = await new HttpClient({ extraCa: [testPki().caPem], proxy: { url: proxyUrl, noProxy: '' } }).request({
        url: `${s.url}/a`,
      });
      assert.equal(res.text(), 'tunnelled');
      assert.deepEqual(proxy.connects, [new URL(s.url).host]);
    });
    it('sends the configured Proxy-Authorization header', async () => {
      const s = await server((_q, r) => r.end('ok'), true);
      const proxy = await startProxy('Negotiate abc');
      closers.push(proxy.close);
      const res = await new HttpClient({
        extraCa: [testPki().caPem],
        proxy: { url: proxy.url, authorization: 'Negotiate abc', noProxy: '' },
      }).request({ url: s.url });
      assert.equal(res.status, 200);
      assert.ok(proxy.authHeaders.includes('Negotiate abc'));
    });
    it('turns a 407 into a ProxyError that says where credentials go', async () => {
      const s = await server((_q, r) => r.end('ok'));
      const proxy = await startProxy('Basic right');
      closers.push(proxy.close);
      await assert.rejects(
        new HttpClient({ proxy: { url: proxy.url, noProxy: '' } }).request({ url: s.url }),
        (e: Error) => e instanceof ProxyError && /http\.proxy/.test(e.message),
      );
      assert.equal(s.requests.length, 0);
    });
    it('forwards plain http through the proxy', async () => {
      const s = await server((_q, r) => r.end('plain'));
      const proxy = await startProxy();
      closers.push(proxy.close);
      const res = await new HttpClient({ proxy: { url: proxy.url, noProxy: '' } }).request({ url: s.url });
      assert.equal(res.text(), 'plain');
      assert.equal(proxy.authHeaders.length, 1);
    });
    it('goes direct for NO_PROXY hosts', async () => {
      const s = await server((_q, r) => r.end('direct'));
      const proxy = await startProxy();
      closers.push(proxy.close);
      const res = await new HttpClient({ proxy: { url: proxy.url, noProxy: '127.0.0.1' } }).request({ url: s.url });
      assert.equal(res.text(), 'direct');
      assert.equal(proxy.authHeaders.length, 0);
    });
  });

  it('times out a server that never answers', async () => {
    const s = await server(() => {
      /* never answers */
    });
    await assert.rejects(
      new HttpClient({ timeoutMs: 200 }).request({ url: s.url, retry: false }),
      (e: Error) => e instanceof HttpTimeoutError && /requestTimeoutSeconds/.test(e.message),
    );
  });

  it('cancels through an AbortSignal', async () => {
    const controller = new AbortController();
    const s = await server(() => controller.abort());
    await assert.rejects(new HttpClient().request({ url: s.url, signal: controller.signal }), HttpCancelledError);
    assert.equal(s.requests.length, 1);
  });

  it('does not start when already cancelled', async () => {
    const s = await server((_q, r) => r.end());
    await assert.rejects(new HttpClient().request({ url: s.url, signal: AbortSignal.abort() }), HttpCancelledError);
    assert.equal(s.requests.length, 0);
  });

  describe('429 and retries', () => {
    it('retries a GET after Retry-After and returns the success', async () => {
      let n = 0;
      const s = await server((_q, r) => (++n === 1 ? r.writeHead(429, { 'Retry-After': '3' }).end() : r.end('done')));
      const clock = recordingSleep();
      const res = await new HttpClient({}, { sleep: clock.sleep }).request({ url: s.url });
      assert.equal(res.text(), 'done');
      assert.deepEqual(clock.waits, [3000]);
    });
    it('retries a GET on 503 with backoff, then reports the final status', async () => {
      const s = await server((_q, r) => r.writeHead(503).end());
      const clock = recordingSleep();
      const res = await new HttpClient({}, { sleep: clock.sleep, random: () => 0.5 }).request({ url: s.url });
      assert.equal(res.status, 503);
      assert.equal(s.requests.length, 4);
      assert.deepEqual(clock.waits, [500, 1000, 2000]);
    });
    it('never resends a POST that got 429; throws ThrottledError with the wait and the service code', async () => {
      const s = await server((_q, r) =>
        r
          .writeHead(429, { 'Retry-After': '17' })
          .end(JSON.stringify({ error: { code: '0x80072322', message: 'limit' } })),
      );
      const clock = recordingSleep();
      await assert.rejects(
        new HttpClient({}, { sleep: clock.sleep }).request({ url: s.url, method: 'POST', body: '{}' }),
        (e: ThrottledError) => {
          assert.ok(e instanceof ThrottledError);
          assert.equal(e.retryAfterSeconds, 17);
          assert.equal(e.serviceCode, '0x80072322');
          assert.match(e.message, /17 s/);
          return true;
        },
      );
      assert.equal(s.requests.length, 1);
      assert.deepEqual(clock.waits, []);
    });
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      it(`never resends a ${method} after a 503 or a dropped connection`, async () => {
        let n = 0;
        const s = await server((req, r) => (++n === 1 ? req.socket.destroy() : r.writeHead(503).end()));
        const client = new HttpClient({}, recordingSleep());
        await assert.rejects(client.request({ url: s.url, method, body: '{}' }), HttpNetworkError);
        assert.equal((await client.request({ url: s.url, method, body: '{}' })).status, 503);
        assert.equal(s.requests.length, 2);
      });
    }
    it('never resends a $batch POST after a dropped connection', async () => {
      const s = await server((req) => req.socket.destroy());
      await assert.rejects(
        new HttpClient({}, recordingSleep()).request({
          url: `${s.url}/api/data/v9.2/$batch`,
          method: 'POST',
          body: '--batch',
        }),
        HttpNetworkError,
      );
      assert.equal(s.requests.length, 1);
    });
    it('resends a GET after a dropped connection', async () => {
      let n = 0;
      const s = await server((req, r) => (++n === 1 ? req.socket.destroy() : r.end('second')));
      const res = await new HttpClient({}, recordingSleep()).request({ url: s.url });
      assert.equal(res.text(), 'second');
      assert.equal(s.requests.length, 2);
    });
    it('throws ThrottledError when a GET is told to wait longer than the cap', async () => {
      const s = await server((_q, r) => r.writeHead(429, { 'Retry-After': '600' }).end());
      await assert.rejects(
        new HttpClient({}, recordingSleep()).request({ url: s.url }),
        (e: ThrottledError) => e.retryAfterSeconds === 600,
      );
      assert.equal(s.requests.length, 1);
    });
    it('hands the 429 back when asked to', async () => {
      const s = await server((_q, r) => r.writeHead(429, { 'Retry-After': '1' }).end('{}'));
      const res = await new HttpClient({}, recordingSleep()).request({
        url: s.url,
        method: 'POST',
        onThrottle: 'return',
      });
      assert.equal(res.status, 429);
    });
    it('resends a POST marked idempotent (a $batch of GETs) after a 429, never an unmarked one', async () => {
      let n = 0;
      const s = await server((_q, r) => (++n === 1 ? r.writeHead(429, { 'Retry-After': '2' }).end() : r.end('read')));
      const clock = recordingSleep();
      const res = await new HttpClient({}, { sleep: clock.sleep }).request({
        url: s.url,
        method: 'POST',
        body: '--batch',
        idempotent: true,
      });
      assert.equal(res.text(), 'read');
      assert.deepEqual(clock.waits, [2000]);
      assert.equal(s.requests.length, 2);
    });
    it('waits for Retry-After with a real timer and stops at once when cancelled during the wait', async () => {
      // 55 s: longer than this suite's timeout, so only a prompt stop lets the test pass.
      const s = await server((_q, r) => r.writeHead(429, { 'Retry-After': '55' }).end());
      const controller = new AbortController();
      const pending = new HttpClient().request({ url: s.url, signal: controller.signal });
      // Cancel once the first 429 has come back and the client is waiting out the 55 s.
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          if (s.requests.length === 1) {
            clearInterval(t);
            setTimeout(resolve, 50);
          }
        }, 5);
      });
      controller.abort();
      await assert.rejects(pending, HttpCancelledError);
      assert.equal(s.requests.length, 1);
    });
    it('stops waiting for a retry when cancelled', async () => {
      const s = await server((_q, r) => r.writeHead(503).end());
      const controller = new AbortController();
      const sleep = (_ms: number, signal?: AbortSignal): Promise<void> =>
        new Promise((_r, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('x')));
          controller.abort();
        });
      await assert.rejects(
        new HttpClient({}, { sleep }).request({ url: s.url, signal: controller.signal }),
        HttpCancelledError,
      );
      assert.equal(s.requests.length, 1);
    });
  });
});

describe('HttpClient NO_PROXY from the environment', () => {
  const saved = process.env.NO_PROXY;
  after(() => {
    if (saved === undefined) delete process.env.NO_PROXY;
    else process.env.NO_PROXY = saved;
  });
  it('goes direct for hosts in $NO_PROXY when the setting gives none', async () => {
    const s = await startServer((_q, r) => r.end('direct'));
    const proxy = await startProxy();
    try {
      process.env.NO_PROXY = 'localhost,127.0.0.1';
      const res = await new HttpClient({ proxy: { url: proxy.url } }).request({ url: s.url });
      assert.equal(res.text(), 'direct');
      assert.equal(proxy.authHeaders.length, 0);
    } finally {
      await Promise.all([s.close(), proxy.close()]);
    }
  });
});
