// $batch requests: multipart/mixed framing as Dataverse documents it ("Execute batch operations
// using the Web API"), change sets, Content-ID and $<n> references, checked before anything is
// sent; and sending one. A batch with any write is never resent (its POST is not idempotent); a
// batch of GETs may be, like a GET.
import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { UserError } from '../userError';
import { parseBatchResponse, type BatchResponseItem, type BatchResponsePart } from './batchResponse';
import { dataverseErrorFrom, type DataverseError } from './errors';
import { withPrefer } from './prefer';
import type { WebApiSender } from '../ports';
import { formatCount } from '../numberFormat';

export interface BatchRequest {
  method: string;
  /**
   * Relative to the Web API root ("accounts"), org-absolute ("/api/data/v9.2/accounts"), absolute on
   * the org, or a reference to an earlier request of the same change set ("$1", "$1/primarycontactid/$ref").
   */
  url: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Lets later requests of the same change set refer to this one's result as $<contentId>. */
  contentId?: string;
}

/** Requests that succeed or fail together. GET is not allowed in a change set. */
export interface BatchChangeSet {
  changeSet: BatchRequest[];
}

export type BatchItem = BatchRequest | BatchChangeSet;

export interface BuildBatchOptions {
  /** `<org>/api/data/v9.2/`: relative URLs are resolved against it, absolute ones must be on it. */
  apiUrl: string;
  /** Request lines as "/api/data/v9.2/accounts" (default) or "https://org/api/data/v9.2/accounts". */
  urls?: 'relative' | 'absolute';
  /** For tests: the unique part of the boundaries. */
  newId?: () => string;
}

export interface BuiltBatch {
  /** multipart/mixed; boundary="batch_…" */
  contentType: string;
  body: string;
  boundary: string;
}

export class BatchError extends UserError {
  constructor(message: string) {
    super(message, { code: 'BATCH_INVALID' });
    this.name = 'BatchError';
  }
}

/** Dataverse takes at most 1000 requests in one batch. */
export const MAX_BATCH_REQUESTS = 1000;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);
const CRLF = '\r\n';

export function isChangeSet(item: BatchItem): item is BatchChangeSet {
  return Array.isArray((item as BatchChangeSet).changeSet);
}

/** True when every request only reads: the batch may then be resent like a GET. */
export function isReadOnlyBatch(items: BatchItem[]): boolean {
  return items.every((item) => !isChangeSet(item) && item.method.trim().toUpperCase() === 'GET');
}

export function buildBatch(items: BatchItem[], options: BuildBatchOptions): BuiltBatch {
  validate(items);
  const newId = options.newId ?? randomUUID;
  const api = new URL(options.apiUrl);
  const format = (r: BatchRequest): string => httpPart(r, requestUrl(r.url, api, options.urls ?? 'relative'));
  for (;;) {
    const boundary = `batch_${newId()}`;
    const parts = items.map((item) => {
      if (!isChangeSet(item)) return `--${boundary}${CRLF}${format(item)}`;
      const cs = `changeset_${newId()}`;
      const inner = item.changeSet.map((r) => `--${cs}${CRLF}${format(r)}`).join('');
      return `--${boundary}${CRLF}Content-Type: multipart/mixed; boundary="${cs}"${CRLF}${CRLF}${inner}--${cs}--${CRLF}${CRLF}`;
    });
    const body = `${parts.join('')}--${boundary}--${CRLF}`;
    // A body that happens to contain the boundary would cut the batch short; pick another one.
    if (countOf(body, `--${boundary}`) !== parts.length + 1) continue;
    return { contentType: `multipart/mixed; boundary="${boundary}"`, body, boundary };
  }
}

function httpPart(r: BatchRequest, url: string): string {
  const method = r.method.trim().toUpperCase();
  const body = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const headers = { ...r.headers };
  if (r.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json; type=entry';
  }
  const mime =
    `Content-Type: application/http${CRLF}Content-Transfer-Encoding: binary${CRLF}` +
    (r.contentId !== undefined ? `Content-ID: ${r.contentId}${CRLF}` : '');
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}${CRLF}`)
    .join('');
  return `${mime}${CRLF}${method} ${url} HTTP/1.1${CRLF}${head}${CRLF}${body}${CRLF}`;
}

function requestUrl(raw: string, api: URL, style: 'relative' | 'absolute'): string {
  const url = raw.trim().replace(/ /g, '%20');
  if (/^\$\d+/.test(url)) return url;
  let path: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
    const parsed = new URL(url);
    if (parsed.origin !== api.origin || parsed.username || parsed.password) {
      throw new BatchError(l10n.t('A batch request may only address the organization itself, not {0}.', parsed.host));
    }
    // The caller's own text after the host, not URL's re-encoding of it.
    const afterHost = url.indexOf('/', url.indexOf('//') + 2);
    path = afterHost < 0 ? '/' : url.slice(afterHost);
  } else {
    path = /^\/api\//i.test(url) ? url : api.pathname + url.replace(/^\/+/, '');
  }
  return style === 'absolute' ? api.origin + path : path;
}

function validate(items: BatchItem[]): void {
  if (!items.length) throw new BatchError(l10n.t('A batch needs at least one request.'));
  const total = items.reduce((n, item) => n + (isChangeSet(item) ? item.changeSet.length : 1), 0);
  if (total > MAX_BATCH_REQUESTS) {
    throw new BatchError(
      l10n.t(
        'A batch can hold at most {0} requests; this one has {1}. Split it.',
        formatCount(MAX_BATCH_REQUESTS),
        formatCount(total),
      ),
    );
  }
  const seenIds = new Set<string>();
  items.forEach((item, i) => {
    if (!isChangeSet(item)) {
      checkRequest(item, l10n.t('Request {0}', i + 1), new Set(), seenIds);
      return;
    }
    if (!item.changeSet.length) throw new BatchError(l10n.t('Change set {0} of the batch is empty.', i + 1));
    const declared = new Set<string>();
    item.changeSet.forEach((r, j) => {
      const where = l10n.t('Request {0} of change set {1}', j + 1, i + 1);
      if (r.method.trim().toUpperCase() === 'GET') {
        throw new BatchError(
          l10n.t(
            '{0} is a GET; change sets may hold only writes (POST, PATCH, PUT, DELETE). Put the GET outside the change set.',
            where,
          ),
        );
      }
      checkRequest(r, where, declared, seenIds);
      if (r.contentId !== undefined) declared.add(r.contentId);
    });
  });
}

function checkRequest(r: BatchRequest, where: string, declared: Set<string>, seenIds: Set<string>): void {
  const method = r.method.trim().toUpperCase();
  if (!METHODS.has(method)) {
    throw new BatchError(l10n.t('{0}: the method "{1}" is not one of GET, POST, PATCH, PUT, DELETE.', where, r.method));
  }
  if (!r.url.trim() || /[\r\n]/.test(r.url)) {
    throw new BatchError(l10n.t('{0}: the URL must be one line and not empty.', where));
  }
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(value)) {
      throw new BatchError(l10n.t('{0}: the header "{1}" is not valid.', where, name));
    }
  }
  if (r.contentId !== undefined) {
    if (!/^[\w.-]+$/.test(r.contentId)) {
      throw new BatchError(
        l10n.t('{0}: a Content-ID may use only letters, digits, "_", "." and "-", not "{1}".', where, r.contentId),
      );
    }
    if (seenIds.has(r.contentId)) {
      throw new BatchError(l10n.t('{0}: the Content-ID {1} is used twice in the batch.', where, r.contentId));
    }
    seenIds.add(r.contentId);
  }
  const body = typeof r.body === 'string' ? r.body : r.body === undefined ? '' : JSON.stringify(r.body);
  // References are resolved in the URL and in @odata.bind / @odata.id values; "$5" elsewhere is just text.
  const inBody = [...body.matchAll(/"[^"]*@odata\.(?:bind|id)"\s*:\s*"\$(\d+)(?:\/[^"]*)?"/g)].map((m) => m[1]!);
  const refs = [...(r.url.trim().match(/^\$(\d+)/) ?? []).slice(1), ...inBody];
  for (const ref of refs) {
    if (!declared.has(ref)) {
      throw new BatchError(
        l10n.t('{0} refers to ${1}, but no earlier request in the same change set has Content-ID {1}.', where, ref),
      );
    }
  }
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

export interface BatchOptions {
  /** Prefer: odata.continue-on-error — later requests still run after one fails. */
  continueOnError?: boolean;
  urls?: 'relative' | 'absolute';
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface BatchResult {
  /** Of the $batch itself: 200, or 400 when a request failed and the rest was not run. */
  status: number;
  /** One per answered item, in request order: a part, or a change set's parts. A failed change set is one error part. */
  items: BatchResponseItem[];
  /** Every part, change sets flattened. */
  parts: BatchResponsePart[];
  /** Items (requests or change sets) after the first failure that Dataverse did not run. */
  notRun: number;
  /** The typed error of each failed part. */
  errors: DataverseError[];
}

/** Builds, sends and reads back a batch. Throws for errors of the batch as a whole (401, 429, malformed). */
export async function executeBatch(
  sender: WebApiSender,
  items: BatchItem[],
  options: BatchOptions = {},
): Promise<BatchResult> {
  const built = buildBatch(items, { apiUrl: sender.apiUrl, ...(options.urls ? { urls: options.urls } : {}) });
  const response = await sender.send({
    method: 'POST',
    path: '$batch',
    headers: { ...batchHeaders(options), 'Content-Type': built.contentType },
    body: built.body,
    signal: options.signal,
    throwOnError: false,
    idempotent: isReadOnlyBatch(items),
  });
  const contentType = response.headers['content-type'];
  if (!/^multipart\/mixed/i.test(contentType ?? '')) {
    if (response.status >= 400) throw dataverseErrorFrom(response.status, response.text());
  }
  const answered = parseBatchResponse(contentType, response.text());
  const parts = answered.flatMap((item) => ('changeSet' in item ? item.changeSet : [item]));
  return {
    status: response.status,
    items: answered,
    parts,
    notRun: Math.max(0, items.length - answered.length),
    errors: parts.flatMap((p) => (p.error ? [p.error] : [])),
  };
}

/** The caller's headers, with odata.continue-on-error merged into (not replacing) any Prefer they gave. */
function batchHeaders(options: BatchOptions): Record<string, string> {
  // The multipart type (with its boundary) is the encoder's to set.
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-type'),
  );
  return withPrefer(headers, { continueOnError: options.continueOnError });
}
