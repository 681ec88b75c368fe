// The steps of an interactive sign-in shared by the authorize and device flows: password, second
// factor, consent, account picker; then a code for the redirect URI or an approved device code.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findUser } from './directory';
import { Errors, type AadError } from './errors';
import { parseCookies, sendHtml } from './http';
import { accountPickerPage, consentPage, errorPage, messagePage, mfaPage, signInPage } from './pages';
import { deliver, deliverError } from './respond';
import {
  hasConsent,
  nowSeconds,
  opaque,
  recordConsent,
  type EntraState,
  type GrantContext,
  type Transaction,
} from './state';

export const SESSION_COOKIE = 'ESTSAUTH';
const CODE_LIFETIME_SECONDS = 600;

export interface EntraCtx {
  state: EntraState;
  req: IncomingMessage;
  res: ServerResponse;
  correlationId: string;
}

export function sessionOf(ctx: EntraCtx) {
  const id = parseCookies(ctx.req)[SESSION_COOKIE];
  return id ? ctx.state.sessions.get(id) : undefined;
}

export function showSignIn(ctx: EntraCtx, tx: Transaction, error?: string, status = 200): void {
  const loginHint = tx.params.login_hint ?? tx.user?.username;
  sendHtml(ctx.res, status, signInPage(tx.id, tx.app, { loginHint, error, users: ctx.state.directory.users }));
}

export function showPicker(ctx: EntraCtx, tx: Transaction): void {
  sendHtml(ctx.res, 200, accountPickerPage(tx.id, sessionOf(ctx)?.user));
}

/** Ends the sign-in with an error: a redirect for the authorize flow, a page (and a failed poll) for devices. */
export function fail(ctx: EntraCtx, tx: Transaction, err: AadError): void {
  ctx.state.transactions.delete(tx.id);
  if (tx.kind === 'authorize' && tx.target) {
    deliverError(ctx.res, tx.target, err, ctx.state.settings.authorityHost, ctx.correlationId);
    return;
  }
  const record = tx.deviceCode ? ctx.state.deviceCodes.get(tx.deviceCode) : undefined;
  if (record) {
    if (err.code === 65004 || err.error === 'authorization_declined') record.status = 'declined';
    else record.failure = err;
  }
  sendHtml(ctx.res, 400, errorPage(err.code, err.message, ctx.correlationId));
}

/** Continues once the user is known (password checked, or an existing browser session). */
export function proceed(ctx: EntraCtx, tx: Transaction): void {
  const user = tx.user!;
  if (user.blockedByCa) {
    fail(ctx, tx, { ...Errors.blockedByCa().aad, error: 'access_denied' });
    return;
  }
  if (user.mfa && !tx.mfaDone) {
    sendHtml(ctx.res, 200, mfaPage(tx.id, user));
    return;
  }
  const headers: Record<string, string> = {};
  if (!tx.sessionId) {
    const session = { id: opaque(24), user, authTime: tx.authTime ?? nowSeconds(ctx.state), mfaDone: !!tx.mfaDone };
    ctx.state.sessions.set(session.id, session);
    tx.sessionId = session.id;
    headers['Set-Cookie'] = `${SESSION_COOKIE}=${session.id}; Path=/; Secure; HttpOnly; SameSite=None`;
  }
  if (tx.forceConsent || !hasConsent(ctx.state, tx.app, user)) {
    const resource = tx.scopes.kind === 'dataverse' ? tx.scopes.resource : 'Microsoft Graph';
    sendHtml(ctx.res, 200, consentPage(tx.id, tx.app, user, resource), headers);
    return;
  }
  complete(ctx, tx, headers);
}

function complete(ctx: EntraCtx, tx: Transaction, headers: Record<string, string>): void {
  const { state } = ctx;
  state.transactions.delete(tx.id);
  const grant: GrantContext = {
    user: tx.user!,
    app: tx.app,
    scopes: tx.scopes,
    v1: tx.v1,
    authTime: tx.authTime ?? nowSeconds(state),
    mfaDone: !!tx.mfaDone,
    sessionId: tx.sessionId!,
    ...(tx.params.nonce ? { nonce: tx.params.nonce } : {}),
  };
  if (tx.kind === 'device') {
    const record = state.deviceCodes.get(tx.deviceCode!);
    if (record && record.status === 'pending') {
      record.status = 'approved';
      record.grant = grant;
    }
    sendHtml(
      ctx.res,
      200,
      messagePage(
        tx.app.displayName,
        `You have signed in to the ${tx.app.displayName} application on your device. You may now close this window.`,
        'deviceDone',
      ),
      headers,
    );
    return;
  }
  const code = `1.${opaque(64)}`;
  state.codes.set(code, {
    grant,
    redirectUri: tx.target!.redirectUri,
    expiresAt: nowSeconds(state) + CODE_LIFETIME_SECONDS,
    redeemed: false,
    ...(tx.params.code_challenge ? { codeChallenge: tx.params.code_challenge, codeChallengeMethod: 'S256' } : {}),
  });
  const fields: Record<string, string> = { code, session_state: tx.sessionId! };
  if (tx.params.client_info === '1') {
    fields.client_info = Buffer.from(
      JSON.stringify({ uid: grant.user.objectId, utid: state.directory.tenantId }),
    ).toString('base64url');
  }
  deliver(ctx.res, tx.target!, fields, headers);
}

function transactionOf(ctx: EntraCtx, form: Record<string, string>): Transaction | undefined {
  const tx = form.tx ? ctx.state.transactions.get(form.tx) : undefined;
  if (!tx) {
    sendHtml(
      ctx.res,
      400,
      messagePage(
        'Your sign-in session has expired',
        'This sign-in page is no longer valid. Go back to the application and start signing in again.',
        'expired',
      ),
    );
  }
  return tx;
}

/** POST /common/login: the username + password form. */
export function postLogin(ctx: EntraCtx, form: Record<string, string>): void {
  const tx = transactionOf(ctx, form);
  if (!tx) return;
  const user = findUser(ctx.state.directory, form.username ?? '');
  tx.params.login_hint = form.username ?? '';
  if (!user) {
    showSignIn(
      ctx,
      tx,
      'This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin. (AADSTS50034)',
    );
    return;
  }
  if (user.password !== (form.password ?? '')) {
    showSignIn(
      ctx,
      tx,
      "Your account or password is incorrect. If you don't remember your password, reset it now. (AADSTS50126)",
    );
    return;
  }
  Object.assign(tx, { user, authTime: nowSeconds(ctx.state), mfaDone: false, sessionId: undefined });
  proceed(ctx, tx);
}

/** POST /common/SAS/ProcessAuth: the second factor. Any six digits pass. */
export function postMfa(ctx: EntraCtx, form: Record<string, string>): void {
  const tx = transactionOf(ctx, form);
  if (!tx || !tx.user) return;
  if (!/^\d{6}$/.test((form.otc ?? '').trim())) {
    sendHtml(
      ctx.res,
      200,
      mfaPage(tx.id, tx.user, "You didn't enter the expected verification code. Please try again."),
    );
    return;
  }
  tx.mfaDone = true;
  const session = tx.sessionId ? ctx.state.sessions.get(tx.sessionId) : undefined;
  if (session) session.mfaDone = true;
  proceed(ctx, tx);
}

/** POST /common/Consent/Set: Accept or Cancel. */
export function postConsent(ctx: EntraCtx, form: Record<string, string>): void {
  const tx = transactionOf(ctx, form);
  if (!tx || !tx.user) return;
  if (form.decision !== 'accept') {
    fail(ctx, tx, Errors.consentDeclined().aad);
    return;
  }
  recordConsent(ctx.state, tx.app, tx.user);
  tx.forceConsent = false;
  proceed(ctx, tx);
}

/** POST /common/reprocess: the account picker (prompt=select_account). */
export function postPicker(ctx: EntraCtx, form: Record<string, string>): void {
  const tx = transactionOf(ctx, form);
  if (!tx) return;
  const session = sessionOf(ctx);
  if (session && form.account && session.user.username.toLowerCase() === form.account.toLowerCase()) {
    Object.assign(tx, {
      user: session.user,
      authTime: session.authTime,
      mfaDone: session.mfaDone,
      sessionId: session.id,
    });
    proceed(ctx, tx);
    return;
  }
  showSignIn(ctx, tx);
}
