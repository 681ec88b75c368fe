// The loopback redirect target for browser sign-in on a local extension host: listens on 127.0.0.1
// at a free port, is registered as http://localhost:<port>/ (what the built-in client allows), takes
// exactly one callback, answers the browser with a short page and closes itself.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignInCancelledError } from './authErrors';

export interface LoopbackServer {
  /** http://localhost:<port>/ — pass this as redirect_uri. */
  redirectUri: string;
  /** Resolves with the full callback URL (code/state or error); rejects when cancelled. */
  callback: Promise<string>;
  close(): Promise<void>;
}

export interface LoopbackOptions {
  signal?: AbortSignal;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Product name shown on the page. */
  productName?: string;
}

function page(title: string, text: string): string {
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:32em;text-align:center;color:#222}</style></head>' +
    `<body><h1>${esc(title)}</h1><p>${esc(text)}</p></body></html>`;
}

export async function startLoopbackServer(options: LoopbackOptions = {}): Promise<LoopbackServer> {
  const product = options.productName ?? 'VS Code';
  let settle: { resolve: (url: string) => void; reject: (e: Error) => void } | undefined;
  const callback = new Promise<string>((resolve, reject) => { settle = { resolve, reject }; });
  callback.catch(() => undefined); // the caller may never await it after cancelling
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.searchParams;
    if (req.method !== 'GET' || url.pathname !== '/' || !(p.has('code') || p.has('error'))) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    const ok = p.has('code');
    const body = ok
      ? page('You are signed in', `You can close this tab and go back to ${product}.`)
      : page('Sign-in did not complete', `Go back to ${product} for details.`);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' }).end(body);
    settle?.resolve(`http://localhost:${port}${req.url ?? '/'}`);
    void close();
  });
  const close = (): Promise<void> => new Promise((resolve) => {
    options.signal?.removeEventListener('abort', onAbort);
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  const onAbort = (): void => {
    settle?.reject(new SignInCancelledError());
    void close();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  return { redirectUri: `http://localhost:${port}/`, callback, close: async () => { settle?.reject(new SignInCancelledError()); await close(); } };
}
