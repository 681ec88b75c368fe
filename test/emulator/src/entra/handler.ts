// The authority ("login") host: routes Entra ID's URL shapes to the handlers and turns AADSTS errors
// into Entra's JSON. The control endpoint (/_emulator/*) is routed by server.ts before this.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from '../contract';
import { handleAuthorize, showErrorPage } from './authorize';
import { getDevicePage, handleDeviceCodeRequest, postDeviceCode, postDeviceConfirm } from './device';
import { instanceDiscovery, jwks, openidConfigurationV1, openidConfigurationV2 } from './discovery';
import { isKnownTenant } from './directory';
import { AadstsError, Errors, errorBody } from './errors';
import {
  BodyTooLargeError,
  delay,
  parseCookies,
  parseForm,
  queryOf,
  readBody,
  redirect,
  sendHtml,
  sendJson,
} from './http';
import { messagePage } from './pages';
import { postConsent, postLogin, postMfa, postPicker, SESSION_COOKIE, type EntraCtx } from './signin';
import type { EntraState } from './state';
import { grantKey, handleTokenRequest } from './token-endpoint';
import { correlationIdOf } from './tokens';

type Route = (ctx: EntraCtx, url: URL) => Promise<void> | void;

async function formOf(ctx: EntraCtx): Promise<Record<string, string>> {
  const type = String(ctx.req.headers['content-type'] ?? '');
  const body = await readBody(ctx.req);
  return type.includes('application/x-www-form-urlencoded') || body.includes('=') ? parseForm(body) : {};
}

function requirePost(ctx: EntraCtx): void {
  if (ctx.req.method !== 'POST') {
    throw new AadstsError({
      ...Errors.notFound().aad,
      status: 405,
      message: `The endpoint only accepts POST, OPTIONS requests. Received a ${ctx.req.method} request.`,
    });
  }
}

async function tokenEndpoint(ctx: EntraCtx, v1: boolean): Promise<void> {
  requirePost(ctx);
  const form = await formOf(ctx);
  const key = grantKey(form.grant_type);
  ctx.state.stats.tokenRequests[key] = (ctx.state.stats.tokenRequests[key] ?? 0) + 1;
  if (ctx.state.faults.tokenEndpointDown) throw Errors.temporarilyUnavailable();
  sendJson(ctx.res, 200, handleTokenRequest({ state: ctx.state, headers: ctx.req.headers, form, v1 }));
}

async function authorizeEndpoint(ctx: EntraCtx, url: URL, v1: boolean): Promise<void> {
  const params = queryOf(url);
  if (ctx.req.method === 'POST') Object.assign(params, await formOf(ctx));
  handleAuthorize(ctx, params, v1);
}

function logout(ctx: EntraCtx, url: URL): void {
  const id = parseCookies(ctx.req)[SESSION_COOKIE];
  if (id) ctx.state.sessions.delete(id);
  const headers = { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=None; Max-Age=0` };
  const next = url.searchParams.get('post_logout_redirect_uri');
  if (next) redirect(ctx.res, next, headers);
  else {
    sendHtml(
      ctx.res,
      200,
      messagePage('You signed out of your account', "It's a good idea to close all browser windows.", 'signedOut'),
      headers,
    );
  }
}

/** Routes under a tenant segment: `/{tenant}/…`. */
const TENANT_ROUTES: Record<string, Route> = {
  'v2.0/.well-known/openid-configuration': (ctx, url) =>
    sendJson(ctx.res, 200, openidConfigurationV2(ctx.state, tenantOf(url))),
  '.well-known/openid-configuration': (ctx, url) =>
    sendJson(ctx.res, 200, openidConfigurationV1(ctx.state, tenantOf(url))),
  'discovery/v2.0/keys': (ctx) => sendJson(ctx.res, 200, jwks(ctx.state, true)),
  'discovery/keys': (ctx) => sendJson(ctx.res, 200, jwks(ctx.state, false)),
  'oauth2/v2.0/authorize': (ctx, url) => authorizeEndpoint(ctx, url, false),
  'oauth2/authorize': (ctx, url) => authorizeEndpoint(ctx, url, true),
  'oauth2/v2.0/token': (ctx) => tokenEndpoint(ctx, false),
  'oauth2/token': (ctx) => tokenEndpoint(ctx, true),
  'oauth2/v2.0/devicecode': async (ctx) => {
    requirePost(ctx);
    sendJson(ctx.res, 200, handleDeviceCodeRequest(ctx.state, await formOf(ctx), false));
  },
  'oauth2/devicecode': async (ctx) => {
    requirePost(ctx);
    sendJson(ctx.res, 200, handleDeviceCodeRequest(ctx.state, await formOf(ctx), true));
  },
  'oauth2/v2.0/logout': logout,
  'oauth2/logout': logout,
};

/** The pages' own form targets and the device verification page (tenant-independent, like Entra's). */
const PAGE_ROUTES: Record<string, Route> = {
  'common/login': async (ctx) => postLogin(ctx, await formOf(ctx)),
  'common/sas/processauth': async (ctx) => postMfa(ctx, await formOf(ctx)),
  'common/consent/set': async (ctx) => postConsent(ctx, await formOf(ctx)),
  'common/reprocess': async (ctx) => postPicker(ctx, await formOf(ctx)),
  'common/oauth2/deviceauth': async (ctx, url) => {
    if (ctx.req.method === 'POST') postDeviceCode(ctx, await formOf(ctx));
    else getDevicePage(ctx, queryOf(url));
  },
  'common/oauth2/deviceauth/confirm': async (ctx) => postDeviceConfirm(ctx, await formOf(ctx)),
  'common/discovery/instance': (ctx, url) => sendJson(ctx.res, 200, instanceDiscovery(ctx.state, queryOf(url))),
  devicelogin: (ctx) => redirect(ctx.res, '/common/oauth2/deviceauth'),
  error: (ctx, url) =>
    sendHtml(
      ctx.res,
      200,
      messagePage(
        'Error code lookup',
        `AADSTS${url.searchParams.get('code') ?? ''}: see the emulator README for what this code means and how it is reached.`,
        'errorLookup',
      ),
    ),
  '': (ctx) =>
    sendHtml(
      ctx.res,
      200,
      messagePage(
        'Microsoft Entra ID emulator',
        `Tenant ${ctx.state.directory.tenantDomain} (${ctx.state.directory.tenantId}). Discovery: ${ctx.state.settings.authorityHost}/${ctx.state.directory.tenantId}/v2.0/.well-known/openid-configuration`,
        'home',
      ),
    ),
};

function tenantOf(url: URL): string {
  return decodeURIComponent(url.pathname.split('/').filter(Boolean)[0] ?? '');
}

async function route(ctx: EntraCtx, url: URL): Promise<void> {
  const segments = url.pathname.split('/').filter(Boolean);
  const page = PAGE_ROUTES[segments.join('/').toLowerCase()];
  if (page) return page(ctx, url);
  const rest = segments.slice(1).join('/').toLowerCase();
  const handler = TENANT_ROUTES[rest];
  if (!handler) {
    sendHtml(ctx.res, 404, messagePage('Not found', `Nothing at ${url.pathname} on this authority.`, 'notFound'));
    return;
  }
  const tenant = tenantOf(url);
  if (!isKnownTenant(ctx.state.directory, tenant)) {
    const err = Errors.tenantNotFound(tenant).aad;
    if (rest.endsWith('authorize')) return showErrorPage(ctx, err);
    sendJson(ctx.res, err.status, errorBody(err, ctx.state.settings.authorityHost, ctx.correlationId));
    return;
  }
  return handler(ctx, url);
}

export function createEntraHandler(state: EntraState, log: (line: string) => void = () => undefined): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', state.settings.authorityHost);
    const correlationId = correlationIdOf(req.headers);
    res.setHeader('client-request-id', correlationId);
    res.setHeader('x-ms-request-id', randomUUID());
    const ctx: EntraCtx = { state, req, res, correlationId };
    if (state.faults.latencyMs > 0) await delay(state.faults.latencyMs);
    try {
      await route(ctx, url);
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof AadstsError) {
        sendJson(res, err.aad.status, errorBody(err.aad, state.settings.authorityHost, correlationId));
      } else if (err instanceof BodyTooLargeError) {
        sendJson(res, 413, { error: 'invalid_request', error_description: err.message });
      } else {
        log(
          `entra: ${req.method} ${url.pathname} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        sendJson(res, 500, {
          error: 'server_error',
          error_description: 'The emulator failed on this request; see its log.',
        });
      }
    }
  };
}
