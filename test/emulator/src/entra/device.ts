// Device authorization grant: the devicecode endpoint, the verification pages where a user enters the
// code and signs in, and the control endpoint's shortcut that approves a code without the pages.
import { randomInt } from 'node:crypto';
import { requireApp } from './client-auth';
import { findUser } from './directory';
import { Errors } from './errors';
import { sendHtml } from './http';
import { deviceCodeEntryPage, deviceConfirmPage, messagePage } from './pages';
import { resolveV1Resource, resolveV2Scopes } from './scopes';
import { fail, proceed, sessionOf, showSignIn, type EntraCtx } from './signin';
import { nowSeconds, opaque, recordConsent, type DeviceCodeRecord, type EntraState, type Transaction } from './state';

const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function newUserCode(state: EntraState): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < 9; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
    if (![...state.deviceCodes.values()].some((d) => d.userCode === code)) return code;
  }
}

/** POST /{tenant}/oauth2/v2.0/devicecode (and v1 /oauth2/devicecode). */
export function handleDeviceCodeRequest(
  state: EntraState,
  form: Record<string, string>,
  v1: boolean,
): Record<string, unknown> {
  const app = requireApp(state, form.client_id);
  const { orgUrl } = state.settings;
  const scopes = v1
    ? resolveV1Resource(form.resource, orgUrl, state.directory.tenantDomain)
    : resolveV2Scopes(form.scope, orgUrl, state.directory.tenantDomain);
  const lifetime = state.settings.deviceCodeLifetimeSeconds;
  const interval = state.settings.deviceCodeIntervalSeconds;
  const record: DeviceCodeRecord = {
    deviceCode: `DAQABIQEAAAD${opaque(96)}`,
    userCode: newUserCode(state),
    app,
    scopes,
    v1,
    expiresAt: nowSeconds(state) + lifetime,
    status: 'pending',
  };
  state.deviceCodes.set(record.deviceCode, record);
  const verification = `${state.settings.authorityHost}/devicelogin`;
  const message = `To sign in, use a web browser to open the page ${verification} and enter the code ${record.userCode} to authenticate.`;
  if (v1) {
    return {
      user_code: record.userCode,
      device_code: record.deviceCode,
      verification_url: verification,
      expires_in: String(lifetime),
      interval: String(interval),
      message,
    };
  }
  return {
    user_code: record.userCode,
    device_code: record.deviceCode,
    verification_uri: verification,
    expires_in: lifetime,
    interval,
    message,
  };
}

function pendingByUserCode(state: EntraState, userCode: string): DeviceCodeRecord | undefined {
  const wanted = userCode.replace(/[\s-]/g, '').toUpperCase();
  const record = [...state.deviceCodes.values()].find((d) => d.userCode === wanted);
  if (!record || record.status !== 'pending' || nowSeconds(state) > record.expiresAt) return undefined;
  return record;
}

/** GET /common/oauth2/deviceauth: the code entry page (`?otc=` prefills it). */
export function getDevicePage(ctx: EntraCtx, query: Record<string, string>): void {
  sendHtml(ctx.res, 200, deviceCodeEntryPage(undefined, query.otc ?? ''));
}

/** POST /common/oauth2/deviceauth: the code was entered. */
export function postDeviceCode(ctx: EntraCtx, form: Record<string, string>): void {
  const record = pendingByUserCode(ctx.state, form.otc ?? '');
  if (!record) {
    sendHtml(ctx.res, 200, deviceCodeEntryPage("That code didn't work. Check the code and try again.", form.otc ?? ''));
    return;
  }
  const tx: Transaction = {
    id: opaque(24),
    kind: 'device',
    app: record.app,
    scopes: record.scopes,
    v1: record.v1,
    params: {},
    deviceCode: record.deviceCode,
  };
  ctx.state.transactions.set(tx.id, tx);
  sendHtml(ctx.res, 200, deviceConfirmPage(tx.id, record.app));
}

/** POST /common/oauth2/deviceauth/confirm: "Are you trying to sign in to …?" Continue or Cancel. */
export function postDeviceConfirm(ctx: EntraCtx, form: Record<string, string>): void {
  const tx = form.tx ? ctx.state.transactions.get(form.tx) : undefined;
  if (!tx || tx.kind !== 'device') {
    sendHtml(ctx.res, 400, messagePage('Your sign-in session has expired', 'Enter the code again.', 'expired'));
    return;
  }
  if (form.decision !== 'continue') {
    fail(ctx, tx, Errors.deviceDeclined().aad);
    return;
  }
  const session = sessionOf(ctx);
  if (session) {
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

/**
 * Control endpoint: approve (or decline) a pending code for a user, as if they had used the pages.
 * The second factor and consent count as done; Conditional Access still applies.
 */
export function approveDeviceCode(
  state: EntraState,
  body: { user_code?: unknown; username?: unknown; decline?: unknown },
): string | undefined {
  if (typeof body.user_code !== 'string') return 'Give "user_code" (the code the device shows).';
  const record = pendingByUserCode(state, body.user_code);
  if (!record) return `No pending device code "${body.user_code}" (unknown, expired or already used).`;
  if (body.decline === true) {
    record.status = 'declined';
    return undefined;
  }
  const username = typeof body.username === 'string' ? body.username : state.directory.users[0].username;
  const user = findUser(state.directory, username);
  if (!user) return `No user "${username}" in the tenant.`;
  if (user.blockedByCa) {
    record.failure = Errors.blockedByCa().aad;
    return undefined;
  }
  const now = nowSeconds(state);
  recordConsent(state, record.app, user);
  record.status = 'approved';
  record.grant = {
    user,
    app: record.app,
    scopes: record.scopes,
    v1: record.v1,
    authTime: now,
    mfaDone: true,
    sessionId: opaque(24),
  };
  return undefined;
}
