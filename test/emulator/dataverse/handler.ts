// The Dataverse side of the emulator: HTTP glue, bearer checks with Dataverse's 401 challenge,
// service-protection limits and injected faults, then routing to the Web API implementation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataverseOptions, RequestHandler } from '../contract';
import { Org } from './org';
import { route } from './router';
import { parseBatch, runBatch } from './batch';
import { parsePrefer } from './options';
import { errorResponse, json, type ApiRequest, type ApiResponse, type Ctx } from './http-types';
import { Codes } from './errors';
import { discoveryInstances } from './discovery';
import { requestGuid } from './util';
import { Throttle } from './throttle';

const API_RE = /^\/api\/data\/(v9\.[012])(\/.*)?$/;
const DISCOVERY_RE = /^\/api\/discovery\/v2\.0\/Instances\/?$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function createDataverseHandler(opts: DataverseOptions): RequestHandler {
  const org = new Org(opts);
  const throttle = new Throttle(opts.faults);
  const challenge = `Bearer authorization_uri=${opts.challengeAuthorizationUri}, resource_id=${opts.orgUrl}/`;

  const send = (res: ServerResponse, r: ApiResponse, extra: Record<string, string>): void => {
    bump(opts.stats.dataverseStatuses, String(r.status));
    const reqId = requestGuid();
    res.writeHead(r.status, {
      'Cache-Control': 'no-cache', 'OData-Version': '4.0', REQ_ID: reqId, 'x-ms-service-request-id': reqId,
      ...extra, ...r.headers,
    });
    res.end(r.body ?? '');
  };

  return async (req, res) => {
    const url = new URL(req.url ?? '/', opts.orgUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    bump(opts.stats.dataverseRequests, method);
    const f = opts.faults;
    if (f.resetRate > 0 && Math.random() < f.resetRate) {
      req.socket.destroy();
      return;
    }
    if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
    const body = await readBody(req);
    if (f.serverErrorRate > 0 && Math.random() < f.serverErrorRate) {
      send(res, json(503, { error: { code: Codes.serverBusy, message: 'The service is temporarily unavailable. Try again later.' } }), {});
      return;
    }
    const headers = lowerHeaders(req);
    const bearer = /^Bearer\s+(.+)$/i.exec(headers['authorization'] ?? '')?.[1];
    const check = opts.verifyToken(bearer);
    const isDiscovery = DISCOVERY_RE.test(url.pathname);
    if (!check.ok && !(isDiscovery && check.reason === 'audience')) {
      const message = check.reason === 'expired' ? 'The requested resource requires authentication. The access token has expired.'
        : 'The requested resource requires authentication.';
      send(res, json(401, { error: { code: '0x8005F101', message } }), { 'WWW-Authenticate': challenge });
      return;
    }
    const oid = check.ok ? check.claims.oid : 'discovery';
    const limited = throttle.check(oid);
    if (limited) {
      send(res, limited, throttle.headers(oid));
      return;
    }
    if (isDiscovery) {
      send(res, json(200, discoveryInstances(opts.orgUrl, opts.tenantId, org.firstId('organization', 'organization'))), throttle.headers(oid));
      return;
    }
    const m = API_RE.exec(url.pathname);
    if (!m) {
      send(res, json(404, { error: { code: Codes.segmentNotFound, message: `Resource not found for the segment '${url.pathname.split('/').filter(Boolean).pop() ?? ''}'.` } }), {});
      return;
    }
    const ctx: Ctx = { org, base: `${opts.orgUrl}/api/data/${m[1]}/`, prefs: parsePrefer(headers['prefer']), applied: [], oid };
    const apiReq: ApiRequest = { method, path: (m[2] ?? '/').slice(1), query: url.searchParams, headers, body };
    const r = await execute(apiReq, ctx);
    const extra: Record<string, string> = throttle.headers(oid);
    if (ctx.applied.length) extra['Preference-Applied'] = [...new Set(ctx.applied)].join(',');
    send(res, r, extra);
  };

  async function execute(apiReq: ApiRequest, ctx: Ctx): Promise<ApiResponse> {
    try {
      if (apiReq.path === '$batch' && apiReq.method === 'POST') {
        const parts = parseBatch(apiReq.body, apiReq.headers['content-type']);
        return await runBatch(parts, ctx, (r, c) => execute(r, { ...c, prefs: parsePrefer(r.headers['prefer']), applied: [] }), () => org.store.begin());
      }
      return await route(apiReq, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  }
}
