// $batch: multipart/mixed requests with atomic change sets, Content-ID references and
// Prefer: odata.continue-on-error.
import { randomUUID } from 'node:crypto';
import { errorResponse, type ApiRequest, type ApiResponse, type Ctx } from './http-types';
import { Codes, ODataError } from './errors';
import { requestGuid } from './util';
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
  return /boundary=(?:"([^"]+)"|([^;\s]+))/i
    .exec(contentType ?? '')
    ?.slice(1)
    .find(Boolean);
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
  if (!boundary) {
    throw new ODataError(
      400,
      Codes.badQuery,
      'The batch request must have a Content-Type of multipart/mixed with a boundary.',
    );
  }
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
  return {
    method: part.method,
    path: q < 0 ? url : url.slice(0, q),
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers: part.headers,
    body,
  };
}

async function runOne(part: BatchPart, ctx: Ctx, ids: Map<string, string>, exec: Executor): Promise<ApiResponse> {
  let res: ApiResponse;
  try {
    const missing = [...`${part.url} ${part.body}`.matchAll(/(?:^|")\$(\d+)\b/g)]
      .map((m) => m[1]!)
      .find((id) => !ids.has(id));
    if (missing !== undefined) {
      throw new ODataError(
        400,
        Codes.badQuery,
        `Content-ID Reference: '$${missing}' does not exist in the batch context.`,
      );
    }
    res = await exec(toRequest(part, ids), ctx);
  } catch (err) {
    res = errorResponse(err);
  }
  const entityId = res.headers['OData-EntityId'];
  if (part.contentId && entityId) ids.set(part.contentId, entityId);
  return res;
}

/**
 * A part's status line and headers as Dataverse frames them (execute-batch-operations-using-web-api):
 * errors carry REQ_ID, JSON bodies odata.streaming=true, creates Location and OData-EntityId.
 */
function partHeaders(res: ApiResponse): [string, string][] {
  const h = res.headers;
  const rest = Object.entries(h).filter(([k]) => !['Content-Type', 'OData-EntityId', 'Location'].includes(k));
  if (res.status >= 400) {
    return [
      ['REQ_ID', requestGuid()],
      ['Content-Type', 'application/json; odata.metadata=minimal'],
      ['OData-Version', '4.0'],
    ];
  }
  if (res.body && h['Content-Type']?.startsWith('application/json')) {
    return [['Content-Type', `${h['Content-Type']}; odata.streaming=true`], ['OData-Version', '4.0'], ...rest];
  }
  if (res.body) return [['Content-Type', h['Content-Type'] ?? 'text/plain'], ['OData-Version', '4.0'], ...rest];
  const id = h['OData-EntityId'];
  return [
    ['OData-Version', '4.0'],
    ...(id
      ? ([
          ['Location', id],
          ['OData-EntityId', id],
        ] as [string, string][])
      : []),
    ...rest.filter(([k]) => k !== 'ETag'),
  ];
}

function httpText(res: ApiResponse, contentId?: string): string {
  const headers = partHeaders(res)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return (
    `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n${contentId ? `Content-ID: ${contentId}\r\n` : ''}\r\n` +
    `HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ''}\r\n${headers}\r\n${res.body ?? ''}\r\n`
  );
}

function changeSetText(parts: [ApiResponse, string | undefined][]): string {
  const cs = `changesetresponse_${randomUUID()}`;
  return `Content-Type: multipart/mixed; boundary=${cs}\r\n\r\n${parts.map(([r, id]) => `--${cs}\r\n${httpText(r, id)}`).join('')}--${cs}--\r\n`;
}

/**
 * Runs a parsed batch; `begin()` starts an undo scope for a change set and returns its rollback. A
 * failed change set answers with its failing request inside the change set response (as real orgs do);
 * without odata.continue-on-error the batch stops there and takes that request's status.
 */
export async function runBatch(
  parts: BatchPart[],
  ctx: Ctx,
  exec: Executor,
  begin: () => () => void,
): Promise<ApiResponse> {
  const boundary = `batchresponse_${randomUUID()}`;
  const ids = new Map<string, string>();
  const out: string[] = [];
  let status = 200;
  for (const part of parts) {
    let failed: ApiResponse | undefined;
    if (part.changeset) {
      const rollback = begin();
      const results: [ApiResponse, string | undefined][] = [];
      for (const change of part.changeset) {
        const res = await runOne(change, ctx, ids, exec);
        if (res.status >= 400) {
          failed = res;
          results.splice(0, results.length, [res, change.contentId]);
          break;
        }
        results.push([res, change.contentId]);
      }
      if (failed) rollback();
      out.push(changeSetText(results));
    } else {
      const res = await runOne(part, ctx, ids, exec);
      out.push(httpText(res));
      if (res.status >= 400) failed = res;
    }
    if (failed && !ctx.prefs.continueOnError) {
      status = failed.status;
      break;
    }
  }
  if (ctx.prefs.continueOnError) ctx.applied.push('odata.continue-on-error');
  const body = `${out.map((p) => `--${boundary}\r\n${p}`).join('')}--${boundary}--\r\n`;
  return { status, headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` }, body };
}
