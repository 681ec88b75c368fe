// The small pieces under the MSAL wiring, without the emulator.
import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { SingleFlight } from '../../../../src/core/auth/singleFlight';
import { CertificateError, parseClientCertificate } from '../../../../src/core/auth/certificate';
import { MemorySecretStore, SecretStoreCachePlugin } from '../../../../src/core/auth/cachePlugin';
import { appCacheKey, publicCacheKey } from '../../../../src/core/auth/secretKeys';
import { loadMsal, MsalNetworkClient } from '../../../../src/core/auth/msalRuntime';
import { Authority } from '../../../../src/core/auth/authority';
import { CLOUDS } from '../../../../src/core/org/clouds';
import { HttpTimeoutError } from '../../../../src/core/http/errors';
import { testPki } from '../http/fixtures';
import type { HttpRequest, HttpResponse, HttpSender } from '../../../../src/core/ports';

describe('SingleFlight', () => {
  it('shares one run among concurrent callers of a key, and runs again afterwards', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const work = async (): Promise<number> => {
      runs++;
      await gate;
      return runs;
    };
    const callers = [flight.run('a', work), flight.run('a', work), flight.run('a', work)];
    const other = flight.run('b', async () => 99);
    assert.equal(flight.size, 2);
    release();
    assert.deepEqual(await Promise.all(callers), [1, 1, 1]);
    assert.equal(await other, 99);
    assert.equal(flight.size, 0);
    assert.equal(await flight.run('a', work), 2);
  });
  it('shares a failure and forgets it', async () => {
    const flight = new SingleFlight<number>();
    const boom = (): Promise<number> => Promise.reject(new Error('boom'));
    const results = await Promise.allSettled([flight.run('k', boom), flight.run('k', boom)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(await flight.run('k', async () => 1), 1);
  });
});

describe('client certificate PEM', () => {
  const { certPem, keyPem, caPem } = testPki();
  const encryptedKey = forge.pki.encryptRsaPrivateKey(forge.pki.privateKeyFromPem(keyPem), 'pa55word-long', {
    algorithm: 'aes256',
  });
  it('reads cert + key: thumbprints, PKCS#8 key and the chain leaf first', () => {
    const c = parseClientCertificate(caPem + keyPem + certPem, undefined, 'app.pem');
    assert.match(c.thumbprintSha256, /^[0-9A-F]{64}$/);
    assert.match(c.thumbprint, /^[0-9A-F]{40}$/);
    assert.match(c.privateKey, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(new X509Certificate(c.x5c).fingerprint256, new X509Certificate(certPem).fingerprint256);
    assert.equal(c.x5c.match(/BEGIN CERTIFICATE/g)?.length, 2);
    assert.ok(c.notAfter.getTime() > Date.now());
  });
  it('decrypts an encrypted key with its password', () => {
    const c = parseClientCertificate(certPem + encryptedKey, 'pa55word-long', 'app.pem');
    assert.match(c.privateKey, /^-----BEGIN PRIVATE KEY-----/);
  });
  const bad: [string, string, string | undefined, RegExp][] = [
    ['no certificate', keyPem, undefined, /app\.pem holds no certificate/],
    ['no key', certPem, undefined, /app\.pem holds no private key/],
    ['encrypted, no password', certPem + encryptedKey, undefined, /is encrypted: enter its password/],
    ['wrong password', certPem + encryptedKey, 'wrong-password', /password for the private key in app\.pem is wrong/],
    ['key of another certificate', caPem + keyPem, undefined, /does not belong to any certificate/],
  ];
  for (const [name, pem, password, message] of bad) {
    it(`explains: ${name}`, () => {
      assert.throws(
        () => parseClientCertificate(pem, password, 'app.pem'),
        (e: Error) =>
          e instanceof CertificateError && message.test(e.message) && !(password && e.message.includes(password)),
      );
    });
  }
});

describe('SecretStore cache plugin', () => {
  class FakeCache {
    constructor(public text = '') {}
    deserialize(t: string): void {
      this.text = t;
    }
    serialize(): string {
      return this.text;
    }
  }
  const context = (cache: FakeCache, changed: boolean): never =>
    ({ tokenCache: cache, cacheHasChanged: changed }) as never;

  it('keys people per client and sign-in host (not tenant), application users per tenant and org', () => {
    const a = Authority.create(CLOUDS.public, 'contoso.onmicrosoft.com');
    assert.ok(a.ok);
    assert.equal(publicCacheKey('ABC', a.value.host), 'dynamics365.msal-cache/public/abc/login.microsoftonline.com');
    assert.equal(
      appCacheKey('ABC', a.value.host, a.value.tenant, 'https://org.crm.dynamics.com'),
      'dynamics365.msal-cache/app/abc/login.microsoftonline.com/contoso.onmicrosoft.com/org.crm.dynamics.com',
    );
  });
  it('loads before access and writes only changes', async () => {
    const store = new MemorySecretStore();
    const plugin = new SecretStoreCachePlugin(store, 'k');
    const cache = new FakeCache();
    await plugin.beforeCacheAccess(context(cache, false));
    assert.equal(cache.text, '{}');
    cache.text = '{"Account":{"a":1}}';
    await plugin.afterCacheAccess(context(cache, false));
    assert.equal(store.values.size, 0);
    await plugin.afterCacheAccess(context(cache, true));
    assert.equal(store.values.get('k'), '{"Account":{"a":1}}');
    await store.store('k', '{"Account":{"b":2}}');
    await plugin.beforeCacheAccess(context(cache, false));
    assert.equal(cache.text, '{"Account":{"b":2}}');
    await plugin.clear();
    assert.equal(store.values.size, 0);
  });
  it('survives an unreadable store', async () => {
    const plugin = new SecretStoreCachePlugin(
      { get: () => Promise.reject(new Error('locked')), store: async () => undefined, delete: async () => undefined },
      'k',
    );
    const cache = new FakeCache('kept');
    await plugin.beforeCacheAccess(context(cache, false));
    assert.equal(cache.text, 'kept');
  });
});

describe('MSAL network adapter', () => {
  function fake(answer: (req: HttpRequest) => Partial<HttpResponse> | Error): HttpSender & { seen: HttpRequest[] } {
    const seen: HttpRequest[] = [];
    return {
      seen,
      async request(req) {
        seen.push(req);
        const a = answer(req);
        if (a instanceof Error) throw a;
        const body = a.body ?? Buffer.from('');
        return {
          status: 200,
          headers: {},
          url: req.url,
          body,
          text: () => body.toString(),
          json: () => JSON.parse(body.toString()),
          ...a,
        } as HttpResponse;
      },
    };
  }
  it('GETs with retries and a timeout; POSTs are never resent and hand 429 back', async () => {
    const msal = await loadMsal();
    const h = fake(() => ({
      status: 429,
      headers: { 'retry-after': '5' },
      body: Buffer.from('{"error":"temporarily_unavailable"}'),
    }));
    const net = new MsalNetworkClient(h, msal);
    await net.sendGetRequestAsync('https://x/a', { headers: { A: '1' } }, 1234);
    const post = await net.sendPostRequestAsync<{ error: string }>('https://x/token', { body: 'grant_type=x' });
    assert.deepEqual(post, {
      status: 429,
      headers: { 'retry-after': '5' },
      body: { error: 'temporarily_unavailable' },
    });
    assert.deepEqual(
      h.seen.map((r) => [r.method, r.retry, r.onThrottle, r.timeoutMs]),
      [
        ['GET', true, 'return', 1234],
        ['POST', false, 'return', undefined],
      ],
    );
    assert.equal(h.seen[1]?.body, 'grant_type=x');
  });
  it('reports a non-JSON answer (a proxy page) clearly', async () => {
    const net = new MsalNetworkClient(
      fake(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('<html>') })),
      await loadMsal(),
    );
    await assert.rejects(net.sendGetRequestAsync('https://x'), /not JSON \(text\/html\); a proxy may be in the way/);
  });
  it('wraps network failures as MSAL errors that keep ours as cause', async () => {
    const timeout = new HttpTimeoutError('x/token', 1000);
    const msal = await loadMsal();
    const net = new MsalNetworkClient(
      fake(() => timeout),
      msal,
    );
    await assert.rejects(
      net.sendPostRequestAsync('https://x/token'),
      (e: Error & { cause?: unknown }) => e instanceof msal.AuthError && e.cause === timeout,
    );
    assert.equal(net.lastError, timeout);
  });
});
