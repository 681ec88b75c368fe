// Throwaway TLS material and tiny servers for the HTTP client tests.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';

export interface TestPki {
  caPem: string;
  certPem: string;
  keyPem: string;
}

function makeCert(
  subjectCn: string,
  keys: forge.pki.rsa.KeyPair,
  issuer: { cert?: forge.pki.Certificate; key: forge.pki.PrivateKey },
  isCa: boolean,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0' + forge.util.bytesToHex(forge.random.getBytesSync(8));
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subjectCn }]);
  cert.setIssuer(issuer.cert ? issuer.cert.subject.attributes : [{ name: 'commonName', value: subjectCn }]);
  cert.setExtensions(
    isCa
      ? [
          { name: 'basicConstraints', cA: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true },
        ]
      : [
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
  );
  cert.sign(issuer.key as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return cert;
}

let cached: TestPki | undefined;

/** A CA and a server certificate for localhost/127.0.0.1 signed by it (generated once per run). */
export function testPki(): TestPki {
  if (cached) return cached;
  const caKeys = forge.pki.rsa.generateKeyPair(2048);
  const ca = makeCert('Test CA', caKeys, { key: caKeys.privateKey }, true);
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = makeCert('localhost', keys, { cert: ca, key: caKeys.privateKey }, false);
  cached = {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
  };
  return cached;
}

let selfSigned: TestPki | undefined;

/** A self-signed certificate for localhost/127.0.0.1 that no CA vouches for (its own PEM is caPem). */
export function selfSignedPki(): TestPki {
  if (selfSigned) return selfSigned;
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = makeCert('localhost', keys, { key: keys.privateKey }, false);
  const pem = forge.pki.certificateToPem(cert);
  selfSigned = { caPem: pem, certPem: pem, keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
  return selfSigned;
}

export interface TestServer {
  url: string;
  requests: http.IncomingMessage[];
  close(): Promise<void>;
}

export async function startServer(handler: http.RequestListener, tls?: TestPki): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const wrapped: http.RequestListener = (req, res) => {
    requests.push(req);
    handler(req, res);
  };
  const server = tls ? https.createServer({ cert: tls.certPem, key: tls.keyPem }, wrapped) : http.createServer(wrapped);
  return listen(server, (port) => `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, requests);
}

async function listen(
  server: http.Server,
  urlOf: (port: number) => string,
  requests: http.IncomingMessage[],
): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: urlOf(port),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TestProxy extends TestServer {
  /** Proxy-Authorization headers seen on CONNECT / proxied requests, in order. */
  authHeaders: (string | undefined)[];
  connects: string[];
  /** Client connections the proxy closed because they came back after its idle limit ('http' | 'tunnel'). */
  idleCloses: string[];
}

/**
 * A proxy's idle limit on client connections. A connection that has been idle for closeAfterMs is
 * closed as the next bytes arrive on it, never forwarded: the race a reused socket loses when it is
 * sent just as the proxy closes it, made certain. hintSeconds is announced as Keep-Alive on forwarded
 * http responses (a tunnel carries the target's own headers, which the proxy cannot touch).
 */
export interface ProxyIdleLimit {
  closeAfterMs: number;
  hintSeconds?: number;
}

/**
 * A CONNECT (and plain http forwarding) proxy; when requiredAuth is set, anything else gets 407.
 * With `tls` it is an https:// proxy presenting that certificate.
 */
export async function startProxy(requiredAuth?: string, tls?: TestPki, idle?: ProxyIdleLimit): Promise<TestProxy> {
  const authHeaders: (string | undefined)[] = [];
  const connects: string[] = [];
  const idleCloses: string[] = [];
  const lastAnswered = new WeakMap<net.Socket, number>();
  const handler: http.RequestListener = (req, res) => {
    if (idle) {
      const last = lastAnswered.get(req.socket);
      if (last !== undefined && Date.now() - last >= idle.closeAfterMs) {
        idleCloses.push('http');
        return void req.socket.destroy();
      }
      res.on('finish', () => lastAnswered.set(req.socket, Date.now()));
    }
    authHeaders.push(req.headers['proxy-authorization']);
    if (requiredAuth && req.headers['proxy-authorization'] !== requiredAuth) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url ?? '/');
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        const headers = { ...up.headers };
        if (idle?.hintSeconds) {
          // Keep-Alive is hop-by-hop: the client hears the proxy's limit, not the target's.
          headers.connection = 'keep-alive';
          headers['keep-alive'] = `timeout=${idle.hintSeconds}`;
        }
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  };
  const server = tls ? https.createServer({ cert: tls.certPem, key: tls.keyPem }, handler) : http.createServer(handler);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    authHeaders.push(req.headers['proxy-authorization']);
    connects.push(req.url ?? '');
    if (requiredAuth && req.headers['proxy-authorization'] !== requiredAuth) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      if (idle) return relayUntilIdle(client, upstream, idle.closeAfterMs, () => idleCloses.push('tunnel'));
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const base = await listen(server, (port) => `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, []);
  return { ...base, authHeaders, connects, idleCloses };
}

/** A tunnel that closes when the client sends after closeAfterMs without a byte either way. */
function relayUntilIdle(client: net.Socket, upstream: net.Socket, closeAfterMs: number, onClose: () => void): void {
  let last = Date.now();
  upstream.on('data', (chunk: Buffer) => {
    last = Date.now();
    client.write(chunk);
  });
  client.on('data', (chunk: Buffer) => {
    if (Date.now() - last >= closeAfterMs) {
      onClose();
      client.destroy();
      upstream.destroy();
      return;
    }
    last = Date.now();
    upstream.write(chunk);
  });
  upstream.on('end', () => client.end());
  client.on('end', () => upstream.end());
}

/** A plain HTTP GET with the body as text (loopback redirect pages, test servers). */
export function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}
