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
    case 'uriHandler':
      return uriHandlerFlow(ctx);
    case 'loopback':
      return loopbackFlow(ctx);
    case 'deviceCode':
      return deviceCodeFlow(ctx);
    case 'pasteUrl':
      return pasteUrlFlow(ctx);
    default:
      throw new Error(`${flow} is not an interactive sign-in`);
  }
}

async function openAuthorizeUrl(
  ctx: FlowContext,
  redirectUri: string,
  state: string,
  challenge: string,
): Promise<void> {
  const url = await ctx.client.getAuthCodeUrl({
    scopes: ctx.scopes,
    redirectUri,
    state,
    codeChallenge: challenge,
    ...(ctx.loginHint ? { loginHint: ctx.loginHint } : { prompt: 'select_account' as const }),
  });
  // A string, not vscode.Uri: Uri re-encodes the nested redirect_uri and breaks it.
  const opened = await vscode.env.openExternal(url as unknown as vscode.Uri);
  if (!opened) throw new vscode.CancellationError();
}

async function uriHandlerFlow(ctx: FlowContext): Promise<TokenResult> {
  const redirectUri = await callbackUri(ctx.extensionId);
  const pending = ctx.router.pending.begin({ flow: 'uriHandler' });
  try {
    const waiting = ctx.router.waitFor(pending.state, ctx.signal);
    await openAuthorizeUrl(ctx, redirectUri, pending.state, pending.challenge);
    const done = await waiting;
    return await ctx.client.acquireTokenByCode({
      scopes: ctx.scopes,
      redirectUri,
      code: done.code,
      codeVerifier: done.verifier,
    });
  } finally {
    // However it ended (declined to open the browser, cancelled, failed), no late callback may count.
    ctx.router.pending.cancel(pending.state);
  }
}

async function loopbackFlow(ctx: FlowContext): Promise<TokenResult> {
  const pending = ctx.router.pending.begin({ flow: 'loopback' });
  const server = await startLoopbackServer({
    state: pending.state,
    signal: ctx.signal,
    productName: vscode.env.appName,
    onRefused: (why) => ctx.router.refused('loopback server', why),
  }).catch((err: unknown) => {
    ctx.router.pending.cancel(pending.state);
    throw err;
  });
  try {
    const waiting = ctx.router.waitFor(pending.state, ctx.signal);
    server.callback.then(
      (url) => ctx.router.deliver(url, 'loopback server'),
      () => undefined,
    );
    await openAuthorizeUrl(ctx, server.redirectUri, pending.state, pending.challenge);
    const done = await waiting;
    return await ctx.client.acquireTokenByCode({
      scopes: ctx.scopes,
      redirectUri: server.redirectUri,
      code: done.code,
      codeVerifier: done.verifier,
    });
  } finally {
    ctx.router.pending.cancel(pending.state);
    await server.close();
  }
}

function deviceCodeFlow(ctx: FlowContext): Promise<TokenResult> {
  return withDeviceCodeProgress(ctx.signal, (onCode, signal) =>
    ctx.client.acquireTokenByDeviceCode({ scopes: ctx.scopes, onCode, signal }),
  );
}

async function pasteUrlFlow(ctx: FlowContext): Promise<TokenResult> {
  const pending = ctx.router.pending.begin({ flow: 'pasteUrl' });
  try {
    await openAuthorizeUrl(ctx, PASTE_REDIRECT_URI, pending.state, pending.challenge);
    const pasted = await askForRedirectedUrl((value) => {
      const params = parseCallback(value);
      if (!params) {
        return vscode.l10n.t('Paste the whole address from the browser (it contains "code=") or just the code.');
      }
      if (params.state && params.state !== pending.state) {
        return vscode.l10n.t(
          'This address belongs to a different sign-in attempt. Use the browser tab this sign-in opened.',
        );
      }
      if (params.error) return undefined; // complete() turns it into a fixed message for its kind
      if (!params.code) return vscode.l10n.t('This address has no "code" in it yet: finish signing in first.');
      return undefined;
    });
    const done = ctx.router.complete(pasted, 'pasted address', pending.state);
    return await ctx.client.acquireTokenByCode({
      scopes: ctx.scopes,
      redirectUri: PASTE_REDIRECT_URI,
      code: done.code,
      codeVerifier: done.verifier,
    });
  } finally {
    // Escape in the box (or any failure) leaves nothing pending that a later paste or callback could use.
    ctx.router.pending.cancel(pending.state);
  }
}
