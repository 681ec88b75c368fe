import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCaCertificates, parseProxyUrl, shouldBypassProxy } from '../../../../src/core/http/agents';
import { HttpConfigurationError, HttpNetworkError } from '../../../../src/core/http/errors';
import { HttpClient } from '../../../../src/core/http/httpClient';
import {
  selfSignedPki,
  startProxy,
  startServer,
  testPki,
  type TestPki,
  type TestProxy,
  type TestServer,
} from './fixtures';

describe('NO_PROXY matching', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['https://org.crm.dynamics.com/', undefined, false],
    ['https://org.crm.dynamics.com/', '', false],
    ['https://org.crm.dynamics.com/', '*', true],
    ['https://org.crm.dynamics.com/', 'dynamics.com', true],
    ['https://org.crm.dynamics.com/', '.dynamics.com', true],
    ['https://org.crm.dynamics.com/', '*.dynamics.com', true],
    ['https://org.crm.dynamics.com/', 'crm4.dynamics.com', false],
    ['https://notdynamics.com/', 'dynamics.com', false],
    ['https://org.crm.dynamics.com/', 'example.com, org.crm.dynamics.com', true],
    ['https://org.crm.dynamics.com/', 'org.crm.dynamics.com:443', true],
    ['https://org.crm.dynamics.com/', 'org.crm.dynamics.com:8443', false],
    ['http://127.0.0.1:8080/x', 'localhost 127.0.0.1', true],
    ['http://[::1]:8080/x', '[::1]', true],
    ['https://LOGIN.microsoftonline.com/', 'login.MICROSOFTONLINE.com', true],
  ];
  for (const [url, noProxy, expected] of cases) {
    it(`${url} with NO_PROXY=${JSON.stringify(noProxy)} → ${expected ? 'direct' : 'proxy'}`, () => {
      assert.equal(shouldBypassProxy(new URL(url), noProxy), expected);
    });
  }
});

describe('proxy URL', () => {
  it('accepts host:port without scheme', () => assert.equal(parseProxyUrl('proxy:3128').href, 'http://proxy:3128/'));
  it('rejects socks with a clear message', () =>
    assert.throws(() => parseProxyUrl('socks5://proxy:1080'), /socks5: which is not supported/));
  it('does not echo proxy credentials in its error', () => {
    assert.throws(
      () => parseProxyUrl('http://user:s3cretpass@[bad'),
      (e: Error) => !e.message.includes('s3cretpass') && e instanceof HttpConfigurationError,
    );
  });
});

describe('extra CA certificates', () => {
  const files: Record<string, string> = {
    '/ca.pem': testPki().caPem,
    '/two.pem': testPki().caPem + '\n' + testPki().certPem,
    '/key.pem': testPki().keyPem,
    '/broken.pem': '-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n',
  };
  const read = (p: string): string => {
    const text = files[p];
    if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    return text;
  };
  it('reads every certificate of every file', () =>
    assert.equal(loadCaCertificates(['/ca.pem', '/two.pem'], read).length, 3));
  it('skips empty entries', () => assert.equal(loadCaCertificates(['', ' '], read).length, 0));
  it('names a missing file', () =>
    assert.throws(() => loadCaCertificates(['/missing.pem'], read), /"\/missing.pem".*does not exist/));
  it('names a file with no certificate', () =>
    assert.throws(() => loadCaCertificates(['/key.pem'], read), /"\/key.pem".*holds no PEM certificate/));
  it('names a file with a broken certificate', () =>
    assert.throws(() => loadCaCertificates(['/broken.pem'], read), /"\/broken.pem".*cannot be parsed/));
});

// http.proxyStrictSSL: false is for a proxy whose own certificate cannot be checked. It must not
// switch off the checks of Entra and Dataverse inside the CONNECT tunnel.
describe('proxyStrictSSL', function () {
  this.timeout(30_000);
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });
  async function target(tls: TestPki): Promise<TestServer> {
    const s = await startServer((_q, r) => r.end('target'), tls);
    closers.push(s.close);
    return s;
  }
  async function proxy(tls?: TestPki): Promise<TestProxy> {
    const p = await startProxy(undefined, tls);
    closers.push(p.close);
    return p;
  }
  const isCertificateError = (e: unknown): boolean => e instanceof HttpNetworkError && e.isCertificateError;

  it('off: an https proxy with a self-signed certificate is used, but an untrusted target is refused', async () => {
    const s = await target(testPki());
    const p = await proxy(selfSignedPki());
    await assert.rejects(
      new HttpClient({ proxy: { url: p.url, strictSSL: false, noProxy: '' } }).request({ url: s.url, retry: false }),
      isCertificateError,
    );
    assert.deepEqual(p.connects, [new URL(s.url).host], 'the proxy hop itself was accepted');
    assert.equal(s.requests.length, 0, 'nothing was sent to the untrusted target');
  });

  it('off: a target whose CA is trusted is reached through the self-signed proxy', async () => {
    const s = await target(testPki());
    const p = await proxy(selfSignedPki());
    const res = await new HttpClient({
      extraCa: [testPki().caPem],
      proxy: { url: p.url, strictSSL: false, noProxy: '' },
    }).request({ url: s.url });
    assert.equal(res.text(), 'target');
  });

  it('off: a self-signed target is refused through a plain http proxy too', async () => {
    const s = await target(selfSignedPki());
    const p = await proxy();
    await assert.rejects(
      new HttpClient({ proxy: { url: p.url, strictSSL: false, noProxy: '' } }).request({ url: s.url, retry: false }),
      isCertificateError,
    );
    assert.equal(s.requests.length, 0);
  });

  it('on (the default): the self-signed proxy itself is refused before any CONNECT', async () => {
    const s = await target(testPki());
    const p = await proxy(selfSignedPki());
    await assert.rejects(
      new HttpClient({ extraCa: [testPki().caPem], proxy: { url: p.url, noProxy: '' } }).request({
        url: s.url,
        retry: false,
      }),
      isCertificateError,
    );
    assert.deepEqual(p.connects, []);
  });

  it('on: a proxy whose CA is in extraCaCertificates is trusted', async () => {
    const s = await target(testPki());
    const p = await proxy(testPki());
    const res = await new HttpClient({ extraCa: [testPki().caPem], proxy: { url: p.url, noProxy: '' } }).request({
      url: s.url,
    });
    assert.equal(res.text(), 'target');
  });
});

describe('kept-alive sockets', function () {
  this.timeout(10_000);
  let server: http.Server | undefined;
  afterEach(() => server?.closeAllConnections());
  afterEach((done) => void (server ? server.close(() => done()) : done()));

  it("drops an idle socket before the server's Keep-Alive timeout, so a POST never meets a closing socket", async () => {
    // The server announces timeout=2 and, on a socket idle past it, closes as the next request
    // arrives: the race a reused socket loses at the server's idle limit ("socket hang up").
    const served = new WeakMap<object, number>();
    let requests = 0;
    server = http.createServer((req, res) => {
      requests++;
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n > 1) return void req.socket.destroy();
      res.end('ok');
    });
    server.keepAliveTimeout = 2000;
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/write`;
    const client = new HttpClient();
    const post = () => client.request({ url, method: 'POST', body: '{}' });
    assert.equal((await post()).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await post()).status, 200);
    assert.equal(requests, 2);
  });
});
