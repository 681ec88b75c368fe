// Node agents for the HTTP client: trusted CAs (Node's roots plus the user's PEM files), the proxy
// from VS Code's http.proxy setting, and NO_PROXY. Agents are built once per client and reused so
// connections stay alive between Dataverse pages.
import * as l10n from '@vscode/l10n';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HttpProxyAgent } from 'http-proxy-agent';
import type { HttpsProxyAgent } from 'https-proxy-agent';
import { HttpConfigurationError } from './errors';

export interface ProxyOptions {
  /** http.proxy: http://[user:password@]host:port (https:// proxies work too). Empty = no proxy. */
  url?: string;
  /**
   * http.proxyStrictSSL: when false, the proxy's own certificate (an https:// proxy) is not verified.
   * The target's certificate inside the CONNECT tunnel always is: a TLS-inspecting proxy's CA goes
   * in extraCa instead.
   */
  strictSSL?: boolean;
  /** http.proxyAuthorization: a full Proxy-Authorization header value, e.g. "Basic …". */
  authorization?: string;
  /** Comma/space separated hosts that bypass the proxy (NO_PROXY syntax). Default: $NO_PROXY. */
  noProxy?: string;
}

export interface AgentOptions {
  proxy?: ProxyOptions;
  /** Extra CA certificates as PEM text (see loadCaCertificates), added to Node's roots. */
  extraCa?: string[];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads the PEM files of dynamics365.extraCaCertificates. Throws HttpConfigurationError naming the
 * file when it is missing, unreadable or holds no valid certificate.
 */
export function loadCaCertificates(
  paths: readonly string[],
  read: (p: string) => string = (p) => readFileSync(p, 'utf8'),
): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (!path.trim()) continue;
    let text: string;
    try {
      text = read(path);
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new HttpConfigurationError(
        code === 'ENOENT'
          ? l10n.t(
              'Cannot use the CA certificate file "{0}" (dynamics365.extraCaCertificates): the file does not exist.',
              path,
            )
          : code === 'EACCES'
            ? l10n.t(
                'Cannot use the CA certificate file "{0}" (dynamics365.extraCaCertificates): permission denied.',
                path,
              )
            : l10n.t(
                'Cannot use the CA certificate file "{0}" (dynamics365.extraCaCertificates): it could not be read.',
                path,
              ),
      );
    }
    const certs = text.match(PEM_CERT) ?? [];
    if (certs.length === 0) {
      throw new HttpConfigurationError(
        l10n.t(
          'The CA certificate file "{0}" (dynamics365.extraCaCertificates) holds no PEM certificate ("-----BEGIN CERTIFICATE-----"). Export the CA as Base-64 encoded X.509 (PEM).',
          path,
        ),
      );
    }
    for (const pem of certs) {
      try {
        new X509Certificate(pem);
      } catch {
        throw new HttpConfigurationError(
          l10n.t(
            'The CA certificate file "{0}" (dynamics365.extraCaCertificates) holds a certificate that cannot be parsed.',
            path,
          ),
        );
      }
      out.push(pem);
    }
  }
  return out;
}

/** NO_PROXY matching as curl does it: "*", host suffixes with or without a leading dot, host:port, IPs. */
export function shouldBypassProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) continue;
    const entryHost = (m[1] ?? '').replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (m[2] && m[2] !== port) continue;
    if (host === entryHost || host.endsWith(`.${entryHost}`)) return true;
  }
  return false;
}

export function parseProxyUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    throw new HttpConfigurationError(
      l10n.t('The proxy setting http.proxy ("{0}") is not a URL. Use http://host:port.', redactUserInfo(value)),
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpConfigurationError(
      l10n.t(
        'The proxy setting http.proxy uses {0} which is not supported. Use an http:// or https:// proxy.',
        url.protocol,
      ),
    );
  }
  return url;
}

function redactUserInfo(value: string): string {
  return value.replace(/\/\/[^@/]*@/, '//***@');
}

type ProxyAgentClasses = {
  HttpProxyAgent: typeof HttpProxyAgent;
  TunnelAgent: new (
    proxy: URL,
    targetTls: tls.ConnectionOptions,
    opts: NonNullable<ConstructorParameters<typeof HttpsProxyAgent<string>>[1]>,
  ) => http.Agent;
};
let proxyAgentClasses: ProxyAgentClasses | undefined;

/**
 * The proxy packages (and the debug/supports-color they pull in) are read only when a proxy is set:
 * scripts/build.mjs puts them in a chunk of their own, which a require() here loads on first use.
 */
function loadProxyAgents(): ProxyAgentClasses {
  if (proxyAgentClasses) return proxyAgentClasses;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { HttpProxyAgent: HttpAgent } = require('http-proxy-agent') as typeof import('http-proxy-agent');
  const { HttpsProxyAgent: HttpsAgent } = require('https-proxy-agent') as typeof import('https-proxy-agent');
  /* eslint-enable @typescript-eslint/no-require-imports */
  // HttpsProxyAgent applies its constructor's TLS options to the proxy connection only; the TLS session
  // with the target inside the tunnel takes the request's options, so ours are merged in there. The
  // two are kept apart on purpose: proxyStrictSSL relaxes the first, never the second.
  class TunnelAgent extends HttpsAgent<string> {
    constructor(
      proxy: URL,
      private readonly targetTls: tls.ConnectionOptions,
      { timeout, ...opts }: NonNullable<ConstructorParameters<typeof HttpsAgent<string>>[1]>,
    ) {
      super(proxy, opts);
      // HttpsProxyAgent empties http.Agent's options, where Node reads a pooled socket's idle timeout
      // (and whether to heed a Keep-Alive hint): passed to super() only, a tunnel would wait in the
      // pool forever. Put back there, it reaches the TLS socket the pool keeps; the proxy hop's socket
      // under it is left as before (super() would hand it to net.connect too).
      if (timeout !== undefined) this.options.timeout = timeout;
    }
    override connect(
      req: http.ClientRequest,
      opts: Parameters<HttpsProxyAgent<string>['connect']>[1],
    ): ReturnType<HttpsProxyAgent<string>['connect']> {
      return super.connect(req, { ...opts, ...this.targetTls });
    }
  }
  return (proxyAgentClasses = { HttpProxyAgent: HttpAgent, TunnelAgent });
}

/**
 * Longest a kept-alive socket waits for its next request (ms). Azure's front ends drop idle
 * connections after minutes; a server announcing a shorter Keep-Alive timeout gets that, less 1 s.
 */
export const IDLE_SOCKET_MS = 30_000;

export type AgentFor = (url: URL) => http.Agent;

/** Builds the agents once; returns the function node-fetch calls for every request. */
export function createAgents(options: AgentOptions): AgentFor {
  const ca = options.extraCa && options.extraCa.length > 0 ? [...tls.rootCertificates, ...options.extraCa] : undefined;
  // An idle socket is dropped before the server (or the proxy) drops it: Node lowers `timeout` to the
  // Keep-Alive hint less a second, but ignores the hint when no timeout is set, and a request sent on
  // a socket the other end is closing fails with "socket hang up" (a write of unknown outcome). The
  // timeout acts only on a socket in the pool: node-fetch clears it once an answer starts, and during
  // a request it merely emits 'timeout', which nothing here turns into an abort (the request timeout,
  // dynamics365.requestTimeoutSeconds, is httpClient's own timer), so a slow answer is never cut.
  const idle = { keepAlive: true, timeout: IDLE_SOCKET_MS };
  const direct = {
    http: new http.Agent(idle),
    https: new https.Agent({ ...idle, ...(ca ? { ca } : {}) }),
  };
  const proxy = options.proxy;
  if (!proxy?.url) return (u) => (u.protocol === 'http:' ? direct.http : direct.https);
  const proxyUrl = parseProxyUrl(proxy.url);
  const headers = proxy.authorization ? { 'Proxy-Authorization': proxy.authorization } : undefined;
  const proxyHopTls = { ...(ca ? { ca } : {}), rejectUnauthorized: proxy.strictSSL !== false };
  const targetTls = { ...(ca ? { ca } : {}), rejectUnauthorized: true };
  const { HttpProxyAgent, TunnelAgent } = loadProxyAgents();
  const viaProxy = {
    http: new HttpProxyAgent(proxyUrl, { ...idle, ...proxyHopTls, ...(headers ? { headers } : {}) }),
    https: new TunnelAgent(proxyUrl, targetTls, { ...idle, ...proxyHopTls, ...(headers ? { headers } : {}) }),
  };
  const noProxy = proxy.noProxy ?? process.env.NO_PROXY ?? process.env.no_proxy;
  return (u) => {
    const bypass = shouldBypassProxy(u, noProxy);
    if (u.protocol === 'http:') return bypass ? direct.http : viaProxy.http;
    return bypass ? direct.https : viaProxy.https;
  };
}
