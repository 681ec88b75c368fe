// The Dataverse side of the emulator: HTTP glue, bearer checks with Dataverse's 401 challenge,
// service-protection limits and injected faults, then routing to the Web API implementation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataverseOptions, MetadataControl, RequestHandler } from '../contract';
import { Org } from './org';
import { route } from './router';
import { parseBatch, runBatch } from './batch';
import { parsePrefer } from './options';
import { errorResponse, json, type ApiRequest, type ApiResponse, type Ctx } from './http-types';
import { Codes } from './errors';
import { discoveryInstances } from './discovery';
import { requestGuid } from './util';
import { Throttle } from './throttle';
import { actorOf, CALLER_HEADERS } from './users';

function callerHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CALLER_HEADERS) if (headers[name] !== undefined) out[name] = headers[name]!;
  return out;
}

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

/** `/api/data/v9.2/contacts(…)/x?$select=…` → `contacts`; the path's first segment otherwise. */
function resourceOf(url: string): string {
  const path = url
    .split('?')[0]!
    .replace(/^\/api\/data\/v[\d.]+\//i, '')
    .replace(/^\/+/, '');
  return /^[^/(]*/.exec(path)![0];
}

function lowerHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function unauthorized(reason: string): ApiResponse {
  const message =
    reason === 'expired'
      ? 'The requested resource requires authentication. The access token has expired.'
      : 'The requested resource requires authentication.';
  return json(401, { error: { code: '0x8005F101', message } });
}

class DataverseService {
  private readonly org: Org;

  get metadata(): MetadataControl {
    return this.org.editor;
  }

  private readonly throttle: Throttle;
  private readonly challenge: string;

  constructor(private readonly opts: DataverseOptions) {
    this.org = new Org(opts);
    this.throttle = new Throttle(opts.faults);
    this.challenge = `Bearer authorization_uri=${opts.challengeAuthorizationUri}, resource_id=${opts.orgUrl}/`;
  }

  private send(res: ServerResponse, r: ApiResponse, extra: Record<string, string>): void {
    bump(this.opts.stats.dataverseStatuses, String(r.status));
    const reqId = requestGuid();
    res.writeHead(r.status, {
      'Cache-Control': 'no-cache',
      'OData-Version': '4.0',
      REQ_ID: reqId,
      'x-ms-service-request-id': reqId,
      ...extra,
      ...r.headers,
    });
    res.end(r.body ?? '');
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    bump(this.opts.stats.dataverseRequests, method);
    bump(this.opts.stats.dataverseResources, `${method} ${resourceOf(req.url ?? '')}`);
    const f = this.opts.faults;
    if (f.resetRate > 0 && Math.random() < f.resetRate) {
      req.socket.destroy();
      return;
    }
    if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
    const body = await readBody(req);
    if (f.serverErrorRate > 0 && Math.random() < f.serverErrorRate) {
      this.send(
        res,
        json(503, {
          error: { code: Codes.serverBusy, message: 'The service is temporarily unavailable. Try again later.' },
        }),
        {},
      );
      return;
    }
    const url = new URL(req.url ?? '/', this.opts.orgUrl);
    const headers = lowerHeaders(req);
    const check = this.opts.verifyToken(/^Bearer\s+(.+)$/i.exec(headers['authorization'] ?? '')?.[1]);
    const isDiscovery = DISCOVERY_RE.test(url.pathname);
    // Discovery is called with a token for the discovery service, not for the org.
    if (!check.ok && !(isDiscovery && check.reason === 'audience')) {
      this.send(res, unauthorized(check.reason), { 'WWW-Authenticate': this.challenge });
      return;
    }
    const oid = check.ok ? check.claims.oid : 'discovery';
    const limited = this.throttle.check(oid);
    if (limited) {
      this.send(res, limited, this.throttle.headers(oid));
      return;
    }
    if (!isDiscovery && f.pluginErrorMessage && `${url.pathname}${url.search}`.includes(f.pluginErrorPath)) {
      this.send(res, json(400, { error: { code: Codes.pluginFailed, message: f.pluginErrorMessage } }), {});
      return;
    }
    const user = check.ok
      ? { name: check.claims.name, upn: check.claims.upn ?? check.claims.preferred_username }
      : undefined;
    const ctx: Ctx = { org: this.org, base: '', prefs: parsePrefer(headers['prefer']), applied: [], oid, user };
    const r = await this.answer(url, { method, path: '', query: url.searchParams, headers, body }, ctx, isDiscovery);
    const extra: Record<string, string> = this.throttle.headers(oid);
    if (ctx.applied.length) extra['Preference-Applied'] = [...new Set(ctx.applied)].join(',');
    this.send(res, r, extra);
  }

  private answer(url: URL, apiReq: ApiRequest, ctx: Ctx, isDiscovery: boolean): Promise<ApiResponse> {
    if (isDiscovery) {
      return Promise.resolve(
        json(
          200,
          discoveryInstances(this.opts.orgUrl, this.opts.tenantId, this.org.firstId('organization', 'organization')),
        ),
      );
    }
    const m = API_RE.exec(url.pathname);
    if (!m) {
      const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
      return Promise.resolve(
        json(404, { error: { code: Codes.segmentNotFound, message: `Resource not found for the segment '${last}'.` } }),
      );
    }
    ctx.base = `${this.opts.orgUrl}/api/data/${m[1]}/`;
    return this.execute({ ...apiReq, path: (m[2] ?? '/').slice(1) }, ctx);
  }

  private async execute(apiReq: ApiRequest, ctx: Ctx): Promise<ApiResponse> {
    try {
      if (apiReq.path === '$batch' && apiReq.method === 'POST') {
        const parts = parseBatch(apiReq.body, apiReq.headers['content-type']);
        const outer = callerHeaders(apiReq.headers);
        // The $batch's own impersonation headers hold for every part; a part's own header wins.
        const exec = (r: ApiRequest, c: Ctx): Promise<ApiResponse> => {
          const headers = Object.keys(callerHeaders(r.headers)).length ? r.headers : { ...r.headers, ...outer };
          return this.execute({ ...r, headers }, { ...c, prefs: parsePrefer(r.headers['prefer']), applied: [] });
        };
        return await runBatch(parts, ctx, exec, () => this.org.store.begin());
      }
      return await route(apiReq, { ...ctx, actor: actorOf(ctx, apiReq.headers) });
    } catch (err) {
      return errorResponse(err);
    }
  }
}

export function createDataverseHandler(opts: DataverseOptions): RequestHandler {
  return createDataverseOrg(opts).handler;
}

/** The handler and the org's run-time metadata edits (for the control endpoint and in-process tests). */
export function createDataverseOrg(opts: DataverseOptions): { handler: RequestHandler; metadata: MetadataControl } {
  const service = new DataverseService(opts);
  return { handler: (req, res) => service.handle(req, res), metadata: service.metadata };
}
