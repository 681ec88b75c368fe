// $batch: multipart/mixed requests with atomic change sets, Content-ID references and
// Prefer: odata.continue-on-error.
import { randomUUID } from 'node:crypto';
import { errorResponse, type ApiRequest, type ApiResponse, type Ctx } from './http-types';
import { Codes, ODataError } from './errors';
import { STATUS_CODES } from 'node:http';

export interface BatchPart {
  /** Set for a change set: its requests. */
  changeset?: BatchPart[];
  contentId?: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

function boundaryOf(contentType: string | undefined): string | undefined {
  return /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '')?.slice(1).find(Boolean);
}

function splitParts(body: string, boundary: string): string[] {
  const parts = body.split(new RegExp(`--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?\\s*\\r?\\n?`));
  return parts.map((p) => p.replace(/^\r?\n/, '')).filter((p) => p.trim().length > 0 && p.trim() !== '--');
}

function splitHead(text: string): [Record<string, string>, string] {
  const m = /\r?\n\r?\n/.exec(text);
  const head = m ? text.slice(0, m.index) : text;
  const rest = m ? text.slice(m.index + m[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return [headers, rest];
}

function parseHttpPart(text: string, mimeHeaders: Record<string, string>): BatchPart {
  const [, http] = splitHead(text);
  const nl = http.search(/\r?\n/);
  const requestLine = (nl < 0 ? http : http.slice(0, nl)).trim();
  const m = /^(GET|POST|PATCH|PUT|DELETE)\s+(\S+)(?:\s+HTTP\/1\.1)?$/i.exec(requestLine);
  if (!m) throw new ODataError(400, Codes.badQuery, `The batch request line '${requestLine}' is not valid.`);
  const [headers, body] = splitHead(nl < 0 ? '' : http.slice(nl).replace(/^\r?\n/, ''));
  const contentId = mimeHeaders['content-id'] ?? headers['content-id'];
  return { method: m[1]!.toUpperCase(), url: m[2]!, headers, body: body.replace(/\r?\n$/, ''), contentId };
}

export function parseBatch(body: string, contentType: string | undefined): BatchPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new ODataError(400, Codes.badQuery, 'The batch request must have a Content-Type of multipart/mixed with a boundary.');
  return splitParts(body, boundary).map((part) => {
    const [mime, rest] = splitHead(part);
    const inner = boundaryOf(mime['content-type']);
    if (inner) {
      const changes = splitParts(rest, inner).map((p) => parseHttpPart(p, splitHead(p)[0]));
      return { changeset: changes, method: '', url: '', headers: {}, body: '' };
    }
    return parseHttpPart(part, mime);
  });
}

export type Executor = (req: ApiRequest, ctx: Ctx) => Promise<ApiResponse>;

function toRequest(part: BatchPart, ids: Map<string, string>): ApiRequest {
  let url = part.url.replace(/^\$(\d+)/, (all, id: string) => ids.get(id) ?? all);
  url = url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/?api\/data\/v9\.\d\//, '');
  const body = part.body.replace(/"\$(\d+)"/g, (all, id: string) => (ids.has(id) ? JSON.stringify(ids.get(id)) : all));
  const q = url.indexOf('?');
  return { method: part.method, path: q < 0 ? url : url.slice(0, q), query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers: part.headers, body };
}

async function runOne(part: BatchPart, ctx: Ctx, ids: Map<string, string>, exec: Executor): Promise<ApiResponse> {
  let res: ApiResponse;
  try {
    res = await exec(toRequest(part, ids), ctx);
  } catch (err) {
    res = errorResponse(err);
  }
  const entityId = res.headers['OData-EntityId'];
  if (part.contentId && entityId) ids.set(part.contentId, entityId);
  return res;
}

function httpText(res: ApiResponse, contentId?: string): string {
  const headers = Object.entries(res.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n${contentId ? `Content-ID: ${contentId}\r\n` : ''}\r\n`
    + `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ''}\r\n${headers}\r\n${res.body ?? ''}\r\n`;
}

/** Runs a parsed batch; `begin()` starts an undo scope for a change set and returns its rollback. */
export async function runBatch(parts: BatchPart[], ctx: Ctx, exec: Executor, begin: () => () => void): Promise<ApiResponse> {
  const boundary = `batchresponse_${randomUUID()}`;
  const ids = new Map<string, string>();
  const out: string[] = [];
  for (const part of parts) {
    if (part.changeset) {
      const rollback = begin();
      const results: [ApiResponse, string | undefined][] = [];
      let failed: ApiResponse | undefined;
      for (const change of part.changeset) {
        const res = await runOne(change, ctx, ids, exec);
        if (res.status >= 400) {
          failed = res;
          break;
        }
        results.push([res, change.contentId]);
      }
      if (failed) {
        rollback();
        out.push(httpText(failed));
      } else {
        const cs = `changesetresponse_${randomUUID()}`;
        out.push(`Content-Type: multipart/mixed; boundary=${cs}\r\n\r\n${results.map(([r, id]) => `--${cs}\r\n${httpText(r, id)}`).join('')}--${cs}--\r\n`);
      }
      if (failed && !ctx.prefs.continueOnError) break;
      continue;
    }
    const res = await runOne(part, ctx, ids, exec);
    out.push(httpText(res));
    if (res.status >= 400 && !ctx.prefs.continueOnError) break;
  }
  if (ctx.prefs.continueOnError) ctx.applied.push('odata.continue-on-error');
  const body = `${out.map((p) => `--${boundary}\r\n${p}`).join('')}--${boundary}--\r\n`;
  return { status: 200, headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` }, body };
}
