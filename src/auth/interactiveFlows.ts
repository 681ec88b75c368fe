// The four ways a person signs in: the browser returning through VS Code's URI handler or a loopback
// port, a device code, or pasting the address the browser ended on. All use PKCE with a single-use
// state; the verifier never leaves the extension host.
import * as vscode from 'vscode';
import type { SignInFlow } from '../core/auth/flows';
import { startLoopbackServer } from '../core/auth/loopbackServer';
import { parseCallback } from '../core/auth/pendingAuthorizations';
import type { ScopeSet } from '../core/auth/scopes';
import type { TokenClient, TokenResult } from '../core/auth/tokenClient';
import type { CallbackRouter } from './callbackRouter';
import { askForRedirectedUrl, withDeviceCodeProgress } from './prompts';
import { callbackUri } from './uriHandler';

export interface FlowContext {
  client: TokenClient;
  scopes: ScopeSet;
  loginHint?: string;
  signal: AbortSignal;
  extensionId: string;
  router: CallbackRouter;
}

/** Where paste-the-URL sends the browser: nothing listens there, the user copies the address. */
const PASTE_REDIRECT_URI = 'http://localhost';

export function runInteractiveFlow(flow: SignInFlow, ctx: FlowContext): Promise<TokenResult> {
  switch (flow) {
    case 'uriHandler': return uriHandlerFlow(ctx);
    case 'loopback': return loopbackFlow(ctx);
    case 'deviceCode': return deviceCodeFlow(ctx);
    case 'pasteUrl': return pasteUrlFlow(ctx);
    default: throw new Error(`${flow} is not an interactive sign-in`);
  }
}

async function openAuthorizeUrl(ctx: FlowContext, redirectUri: string, state: string, challenge: string): Promise<void> {
  const url = await ctx.client.getAuthCodeUrl({
    scopes: ctx.scopes, redirectUri, state, codeChallenge: challenge,
    ...(ctx.loginHint ? { loginHint: ctx.loginHint } : { prompt: 'select_account' as const }),
  });
  // A string, not vscode.Uri: Uri re-encodes the nested redirect_uri and breaks it.
  const opened = await vscode.env.openExternal(url as unknown as vscode.Uri);
  if (!opened) throw new vscode.CancellationError();
}

async function uriHandlerFlow(ctx: FlowContext): Promise<TokenResult> {
  const redirectUri = await callbackUri(ctx.extensionId);
  const pending = ctx.router.pending.begin({ flow: 'uriHandler' });
  const waiting = ctx.router.waitFor(pending.state, ctx.signal);
  await openAuthorizeUrl(ctx, redirectUri, pending.state, pending.challenge);
  const done = await waiting;
  return ctx.client.acquireTokenByCode({ scopes: ctx.scopes, redirectUri, code: done.code, codeVerifier: done.verifier });
}

async function loopbackFlow(ctx: FlowContext): Promise<TokenResult> {
  const server = await startLoopbackServer({ signal: ctx.signal, productName: vscode.env.appName });
  try {
    const pending = ctx.router.pending.begin({ flow: 'loopback' });
    await openAuthorizeUrl(ctx, server.redirectUri, pending.state, pending.challenge);
    const callback = await server.callback;
    const done = ctx.router.pending.complete(callback, pending.state);
    return await ctx.client.acquireTokenByCode({ scopes: ctx.scopes, redirectUri: server.redirectUri, code: done.code, codeVerifier: done.verifier });
  } finally {
    await server.close();
  }
}

function deviceCodeFlow(ctx: FlowContext): Promise<TokenResult> {
  return withDeviceCodeProgress(ctx.signal, (onCode, signal) =>
    ctx.client.acquireTokenByDeviceCode({ scopes: ctx.scopes, onCode, signal }));
}

async function pasteUrlFlow(ctx: FlowContext): Promise<TokenResult> {
  const pending = ctx.router.pending.begin({ flow: 'pasteUrl' });
  await openAuthorizeUrl(ctx, PASTE_REDIRECT_URI, pending.state, pending.challenge);
  const pasted = await askForRedirectedUrl((value) => {
    const params = parseCallback(value);
    if (!params) return 'Paste the whole address from the browser (it contains "code=") or just the code.';
    if (params.error) return undefined; // complete() turns it into the server's message
    if (params.state && params.state !== pending.state) return 'This address belongs to a different sign-in attempt. Use the browser tab this sign-in opened.';
    if (!params.code) return 'This address has no "code" in it yet: finish signing in first.';
    return undefined;
  });
  const done = ctx.router.pending.complete(pasted, pending.state);
  return ctx.client.acquireTokenByCode({ scopes: ctx.scopes, redirectUri: PASTE_REDIRECT_URI, code: done.code, codeVerifier: done.verifier });
}
