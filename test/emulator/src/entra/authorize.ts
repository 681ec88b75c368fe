// GET /{tenant}/oauth2/v2.0/authorize (and v1 /oauth2/authorize): checks the request the way Entra
// does, in Entra's order: errors before the redirect URI is trusted are shown on a page, later ones are
// sent back to the redirect URI. Then the sign-in pages take over (signin.ts).
import { requireApp } from './client-auth';
import { AadstsError, Errors, type AadError } from './errors';
import { sendHtml } from './http';
import { errorPage } from './pages';
import { deliverError, redirectUriMatches, type RedirectTarget, type ResponseMode } from './respond';
import { resolveV1Resource, resolveV2Scopes, type ResolvedScopes } from './scopes';
import { fail, proceed, sessionOf, showPicker, showSignIn, type EntraCtx } from './signin';
import { hasConsent, opaque, type Transaction } from './state';

const PROMPTS = new Set(['login', 'consent', 'select_account', 'none', 'create']);

export function showErrorPage(ctx: EntraCtx, err: AadError): void {
  sendHtml(
    ctx.res,
    err.status >= 400 && err.status < 600 ? err.status : 400,
    errorPage(err.code, err.message, ctx.correlationId),
  );
}

function responseModeOf(params: Record<string, string>): ResponseMode {
  const mode = params.response_mode ?? 'query';
  if (mode !== 'query' && mode !== 'fragment' && mode !== 'form_post') {
    throw Errors.invalidParameter('response_mode', mode);
  }
  return mode;
}

function scopesOf(ctx: EntraCtx, params: Record<string, string>, v1: boolean): ResolvedScopes {
  const { orgUrl } = ctx.state.settings;
  const domain = ctx.state.directory.tenantDomain;
  if (!v1) return resolveV2Scopes(params.scope, orgUrl, domain);
  const scopes = resolveV1Resource(params.resource, orgUrl, domain);
  for (const s of (params.scope ?? '').split(/\s+/).filter(Boolean)) scopes.oidc.add(s);
  return scopes;
}

function checkPkce(params: Record<string, string>, isPublic: boolean): void {
  if (!params.code_challenge) {
    if (isPublic) throw Errors.pkceRequired();
    return;
  }
  // RFC 7636 reads a missing method as `plain`; the emulator refuses plain outright.
  if ((params.code_challenge_method ?? 'plain') !== 'S256') throw Errors.pkcePlainRefused();
}

/** Handles GET (and POST) /authorize with its parameters already merged into `params`. */
export function handleAuthorize(ctx: EntraCtx, params: Record<string, string>, v1: boolean): void {
  let app;
  try {
    app = requireApp(ctx.state, params.client_id);
    if (!params.redirect_uri) throw Errors.missingParameter('redirect_uri');
    if (!redirectUriMatches(app.redirectUris ?? [], params.redirect_uri)) {
      throw Errors.redirectMismatch(params.redirect_uri, app.clientId);
    }
  } catch (err) {
    if (err instanceof AadstsError) return showErrorPage(ctx, err.aad);
    throw err;
  }
  const target: RedirectTarget = {
    redirectUri: params.redirect_uri,
    responseMode: params.response_mode === 'form_post' ? 'form_post' : 'query',
    ...(params.state !== undefined ? { state: params.state } : {}),
  };
  let tx: Transaction;
  try {
    target.responseMode = responseModeOf(params);
    if (params.response_type !== 'code') throw Errors.unsupportedResponseType(params.response_type ?? '');
    const prompt = params.prompt;
    if (prompt !== undefined && !PROMPTS.has(prompt)) throw Errors.invalidParameter('prompt', prompt);
    const scopes = scopesOf(ctx, params, v1);
    checkPkce(params, app.kind === 'public');
    tx = {
      id: opaque(24),
      kind: 'authorize',
      app,
      scopes,
      v1,
      params: { ...params },
      target,
      forceConsent: prompt === 'consent',
    };
  } catch (err) {
    if (err instanceof AadstsError) {
      return deliverError(ctx.res, target, err.aad, ctx.state.settings.authorityHost, ctx.correlationId);
    }
    throw err;
  }
  ctx.state.transactions.set(tx.id, tx);
  startSignIn(ctx, tx);
}

function startSignIn(ctx: EntraCtx, tx: Transaction): void {
  const session = sessionOf(ctx);
  const prompt = tx.params.prompt;
  const hint = tx.params.login_hint?.toLowerCase();
  const sessionFits = session && (!hint || session.user.username.toLowerCase() === hint);
  if (prompt === 'none') {
    if (!session || !sessionFits) return fail(ctx, tx, Errors.loginRequired().aad);
    if (session.user.mfa && !session.mfaDone) return fail(ctx, tx, Errors.interactionRequired().aad);
    if (!hasConsent(ctx.state, tx.app, session.user)) {
      return fail(ctx, tx, {
        ...Errors.consentRequired(tx.app.clientId, tx.app.displayName).aad,
        error: 'consent_required',
      });
    }
  }
  if (prompt === 'login' || prompt === 'create') return showSignIn(ctx, tx);
  // With nobody signed in, Entra's account picker has nothing to list and goes straight to sign-in.
  if (prompt === 'select_account' && session) return showPicker(ctx, tx);
  if (session && sessionFits) {
    Object.assign(tx, {
      user: session.user,
      authTime: session.authTime,
      mfaDone: session.mfaDone,
      sessionId: session.id,
    });
    return proceed(ctx, tx);
  }
  showSignIn(ctx, tx);
}
