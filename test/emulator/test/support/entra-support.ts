// Helpers for the emulator's own tests: an HTTPS client that trusts the emulator's CA (also as MSAL's
// network client) and a scripted "browser" that walks the sign-in pages with plain HTTP requests.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function httpsRequest(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** MSAL's INetworkModule over node:https, trusting the emulator's CA (structurally typed, no MSAL import). */
export function caNetworkClient(caCertPath: string) {
  const ca = readFileSync(caCertPath, 'utf8');
  const send = async <T>(
    url: string,
    method: string,
    options?: { headers?: Record<string, string>; body?: string },
  ) => {
    const res = await httpsRequest(url, ca, { method, headers: options?.headers, body: options?.body });
    return { status: res.status, headers: res.headers, body: JSON.parse(res.body || '{}') as T };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: { headers?: Record<string, string> }) =>
      send<T>(url, 'GET', options),
    sendPostRequestAsync: <T>(url: string, options?: { headers?: Record<string, string>; body?: string }) =>
      send<T>(url, 'POST', options),
  };
}

/** Hidden `tx` field of a sign-in page. */
export function txOf(html: string): string {
  const m = /name="tx" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`No sign-in transaction on the page:\n${html.slice(0, 400)}`);
  return m[1];
}

export interface BrowserOptions {
  mfaCode?: string;
  consent?: 'accept' | 'cancel';
}

/**
 * A minimal browser: keeps cookies for the authority, follows the sign-in pages and stops at the first
 * redirect that leaves the authority (the app's redirect URI), or at a page it does not know.
 */
export class ScriptedBrowser {
  private cookies = new Map<string, string>();

  constructor(
    private readonly authorityHost: string,
    private readonly ca: string,
  ) {}

  async request(url: string, method = 'GET', form?: Record<string, string>): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (form) {
      body = new URLSearchParams(form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await httpsRequest(url, this.ca, { method, headers, body });
    for (const c of (res.headers['set-cookie'] ?? '').split(/,\s*(?=[A-Za-z]+=)/).filter(Boolean)) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value) this.cookies.set(pair.slice(0, eq), value);
      else this.cookies.delete(pair.slice(0, eq));
    }
    return res;
  }

  post(path: string, form: Record<string, string>): Promise<HttpResult> {
    return this.request(`${this.authorityHost}${path}`, 'POST', form);
  }

  /** Opens an authorize URL and signs in; returns the final answer (a redirect to the app, or a page). */
  async signIn(
    authorizeUrl: string,
    username: string,
    password: string,
    opts: BrowserOptions = {},
  ): Promise<HttpResult> {
    let res = await this.request(authorizeUrl);
    for (let step = 0; step < 8; step++) {
      if (res.status !== 200) return res;
      if (res.body.includes('id="loginForm"')) {
        res = await this.post('/common/login', { tx: txOf(res.body), username, password });
      } else if (res.body.includes('id="mfaForm"')) {
        res = await this.post('/common/SAS/ProcessAuth', { tx: txOf(res.body), otc: opts.mfaCode ?? '123456' });
      } else if (res.body.includes('id="pickerForm"')) {
        res = await this.post('/common/reprocess', { tx: txOf(res.body), account: '' });
      } else if (res.body.includes('id="consentForm"')) {
        res = await this.post('/common/Consent/Set', { tx: txOf(res.body), decision: opts.consent ?? 'accept' });
      } else return res;
    }
    return res;
  }
}

/** The query parameters of a redirect's Location. */
export function redirectParams(res: HttpResult): Record<string, string> {
  if (res.status !== 302) throw new Error(`Expected a redirect, got ${res.status}:\n${res.body.slice(0, 600)}`);
  return Object.fromEntries(new URL(res.headers.location).searchParams);
}
