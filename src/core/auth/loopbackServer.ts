// The loopback redirect target for browser sign-in on a local extension host. The redirect URI is
// http://localhost:<port>/ and the server listens on every address `localhost` stands for — 127.0.0.1
// and ::1 on the same port — so no other process can take the half we would leave free (RFC 8252
// §8.3). Why not http://127.0.0.1:<port>/: Entra compares loopback redirect hosts literally (it ignores
// only the port), and the built-in client (Microsoft's 51f81489-… development client, which we cannot
// change) registers only http://localhost. Only a request carrying the sign-in's `state` is taken;
// anything else gets a plain error page and the server keeps listening, until the sign-in ends.
import * as l10n from '@vscode/l10n';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { SignInCancelledError } from './authErrors';

export interface LoopbackServer {
  /** http://localhost:<port>/ — pass this as redirect_uri. */
  redirectUri: string;
  /** Resolves with the full callback URL of the first request carrying `state`; rejects when cancelled or closed. */
  callback: Promise<string>;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /** The sign-in's state: the only callback the server accepts. */
  state: string;
  signal?: AbortSignal;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Product name shown on the page. */
  productName?: string;
  /** Told (for the log) about each request refused for a wrong or missing state. */
  onRefused?: (why: string) => void;
}

const HOSTS = ['127.0.0.1', '::1'] as const;
/** ::1 on the port we got may be taken by someone else: then start over on another port. */
const PORT_ATTEMPTS = 5;

/** The page is in the display language, and says which one for screen readers. */
function pageLanguage(): string {
  return l10n.t({
    message: 'en',
    comment: ['The language code of this translation, as in the lang attribute of HTML'],
  });
}

function page(title: string, text: string): string {
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    `<!doctype html><html lang="${esc(pageLanguage())}"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:32em;text-align:center;color:#222}</style></head>' +
    `<body><h1>${esc(title)}</h1><p>${esc(text)}</p></body></html>`
  );
}

function sameState(got: string | null, want: string): boolean {
  if (got === null) return false;
  const a = Buffer.from(got);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  Connection: 'close',
};

export async function startLoopbackServer(options: LoopbackOptions): Promise<LoopbackServer> {
  const product = options.productName ?? 'VS Code';
  let settle: { resolve: (url: string) => void; reject: (e: Error) => void } | undefined;
  const callback = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  callback.catch(() => undefined); // the caller may never await it after cancelling
  let port = 0;
  let taken = false;

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/' || taken) {
      res.writeHead(404, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Not found');
      return;
    }
    const p = url.searchParams;
    if (p.getAll('state').length !== 1 || !sameState(p.get('state'), options.state)) {
      options.onRefused?.(p.has('state') ? 'its state is not the one this sign-in issued' : 'it has no state');
      res
        .writeHead(400, HEADERS)
        .end(
          page(
            l10n.t('Not the sign-in VS Code is waiting for'),
            l10n.t(
              'This address does not belong to the sign-in {0} started. Go back to {0} and finish signing in from the window it opened.',
              product,
            ),
          ),
        );
      return;
    }
    taken = true;
    const body =
      p.has('code') && !p.has('error')
        ? page(l10n.t('You are signed in'), l10n.t('You can close this tab and go back to {0}.', product))
        : page(l10n.t('Sign-in did not complete'), l10n.t('Go back to {0} for details.', product));
    res.writeHead(200, HEADERS).end(body);
    settle?.resolve(`http://localhost:${port}${req.url ?? '/'}`);
    void close();
  };

  const servers = await listenOnLoopback(onRequest, options.port ?? 0);
  port = (servers[0]!.address() as AddressInfo).port;
  const close = (): Promise<void> => {
    options.signal?.removeEventListener('abort', onAbort);
    return Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (!s.listening) return resolve();
            s.close(() => resolve());
            s.closeIdleConnections();
          }),
      ),
    ).then(() => undefined);
  };
  const onAbort = (): void => {
    settle?.reject(new SignInCancelledError());
    void close();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    redirectUri: `http://localhost:${port}/`,
    callback,
    close: async () => {
      settle?.reject(new SignInCancelledError());
      await close();
    },
  };
}

/** Binds 127.0.0.1 and ::1 on one port; ::1 is skipped only where this machine has no IPv6 loopback (then nobody can listen there). */
async function listenOnLoopback(onRequest: http.RequestListener, wanted: number): Promise<http.Server[]> {
  for (let attempt = 1; ; attempt++) {
    const v4 = http.createServer(onRequest);
    await listen(v4, wanted, HOSTS[0]);
    const port = (v4.address() as AddressInfo).port;
    const v6 = http.createServer(onRequest);
    try {
      await listen(v6, port, HOSTS[1]);
      return [v4, v6];
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') return [v4];
      await new Promise<void>((resolve) => v4.close(() => resolve()));
      if (code !== 'EADDRINUSE' || wanted !== 0 || attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // ipv6Only: on ::1 there is nothing to share with IPv4 anyway, but say so.
    server.listen({ port, host, ipv6Only: host === '::1' }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
