// Answers that go back to the app's redirect URI: the code on success, an OAuth error otherwise,
// through the query, the fragment or an auto-submitting form (response_mode=form_post).
import type { ServerResponse } from 'node:http';
import { errorBody, type AadError } from './errors';
import { redirect, sendHtml } from './http';
import { formPostPage } from './pages';

export type ResponseMode = 'query' | 'fragment' | 'form_post';

export interface RedirectTarget {
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}

export function deliver(
  res: ServerResponse,
  target: RedirectTarget,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): void {
  const all = { ...fields, ...(target.state !== undefined ? { state: target.state } : {}) };
  if (target.responseMode === 'form_post') {
    sendHtml(res, 200, formPostPage(target.redirectUri, all), headers);
    return;
  }
  const url = new URL(target.redirectUri);
  if (target.responseMode === 'fragment') {
    url.hash = new URLSearchParams(all).toString();
  } else {
    for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  }
  redirect(res, url.toString(), headers);
}

/** An OAuth error redirect, carrying Entra's description (with its trace lines) and error_uri. */
export function deliverError(
  res: ServerResponse,
  target: RedirectTarget,
  err: AadError,
  authorityHost: string,
  correlationId: string,
): void {
  const body = errorBody(err, authorityHost, correlationId);
  const fields: Record<string, string> = {
    error: body.error,
    error_description: body.error_description,
    error_uri: body.error_uri,
  };
  if (err.code === 65004) fields.error_subcode = 'cancel';
  deliver(res, target, fields);
}

/**
 * Redirect URI matching as Entra does it: scheme, host, port and path must match exactly, except that
 * an `http` loopback URI (localhost, 127.0.0.1, [::1]) matches on any port. The query string is ignored
 * on both sides (Entra refuses registered URIs with a query; ignoring it lets VS Code's callback URL,
 * whose query changes per request, match its registered path). A `*` in a registered path matches any
 * characters (Entra's legacy wildcard URIs; handy when a path holds a build id, as code-server's does).
 */
function pathMatches(registered: string, requested: string): boolean {
  if (!registered.includes('*')) return registered === requested;
  const pattern = registered
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(requested);
}

export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  let want: URL;
  try {
    want = new URL(requested);
  } catch {
    return false;
  }
  const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);
  const path = (u: URL) => (u.pathname === '' ? '/' : u.pathname);
  return registered.some((r) => {
    let have: URL;
    try {
      have = new URL(r);
    } catch {
      return false;
    }
    if (have.protocol !== want.protocol || have.hostname.toLowerCase() !== want.hostname.toLowerCase()) return false;
    if (!pathMatches(path(have), path(want))) return false;
    const anyPort = want.protocol === 'http:' && loopback.has(want.hostname.toLowerCase());
    return anyPort || have.port === want.port;
  });
}
