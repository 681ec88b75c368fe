// Reads a $batch answer (multipart/mixed, change sets nested as multipart/mixed parts, each request's
// answer an application/http message) back into typed parts, each failed one with its DataverseError.
// Tolerates LF line ends and missing blank lines; never shows the raw text when it cannot read it.
import * as l10n from '@vscode/l10n';
import { UserError } from '../userError';
import { dataverseErrorFrom, type DataverseError } from './errors';

export interface BatchResponsePart {
  status: number;
  statusText: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  contentId?: string;
  /** 1-based position among all parts of the answer, change sets flattened. */
  position: number;
  /** The created or addressed record's URL (OData-EntityId), when given. */
  entityId?: string;
  /** For a 4xx/5xx part. */
  error?: DataverseError;
  json<T = unknown>(): T;
}

export interface BatchChangeSetResponse {
  changeSet: BatchResponsePart[];
}

export type BatchResponseItem = BatchResponsePart | BatchChangeSetResponse;

export class BatchResponseError extends UserError {
  constructor(reason: string) {
    super(l10n.t("Dataverse's answer to the $batch could not be read: {0}.", reason), { code: 'BATCH_RESPONSE' });
    this.name = 'BatchResponseError';
  }
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  return /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i
    .exec(contentType ?? '')
    ?.slice(1)
    .find(Boolean);
}

export function parseBatchResponse(contentType: string | undefined, body: string): BatchResponseItem[] {
  // Without a Content-Type (or a boundary in it), the first delimiter line names the boundary.
  const boundary = boundaryOf(contentType) ?? /^\s*--([^\s]+?)\s*$/m.exec(body)?.[1];
  if (!boundary) throw new BatchResponseError(l10n.t('no multipart boundary'));
  const counter = { n: 0 };
  return splitMultipart(body, boundary).map((raw) => {
    const { headers, rest } = splitHeaders(raw);
    const inner = /^multipart\/mixed/i.test(headers['content-type'] ?? '')
      ? boundaryOf(headers['content-type'])
      : undefined;
    if (inner) return { changeSet: splitMultipart(rest, inner).map((p) => httpPart(p, counter)) };
    return httpPart(raw, counter);
  });
}

/** The raw text of each part between `--boundary` delimiter lines, up to the closing `--boundary--`. */
export function splitMultipart(text: string, boundary: string): string[] {
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const parts: string[] = [];
  let start: number | undefined;
  let closed = false;
  for (const m of text.matchAll(delimiter)) {
    if (start !== undefined) parts.push(text.slice(start, m.index));
    if (m[1]) {
      closed = true;
      break;
    }
    start = m.index + m[0].length;
  }
  if (start === undefined) throw new BatchResponseError(l10n.t('no part starts with the boundary'));
  if (!closed) {
    throw new BatchResponseError(l10n.t('the answer ends before the closing boundary (it may have been cut short)'));
  }
  return parts;
}

function httpPart(raw: string, counter: { n: number }): BatchResponsePart {
  const mime = splitHeaders(raw);
  const message = mime.rest.replace(/^(\r?\n)+/, '');
  const lineEnd = message.search(/\r?\n|$/);
  const statusLine = message.slice(0, lineEnd).trim();
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$/.exec(statusLine);
  if (!m) throw new BatchResponseError(l10n.t('part {0} has no HTTP status line', counter.n + 1));
  const http = splitHeaders(message.slice(lineEnd).replace(/^\r?\n/, ''));
  const status = Number(m[1]);
  const body = http.rest.replace(/(\r?\n)+$/, '');
  const contentId = mime.headers['content-id'] ?? http.headers['content-id'];
  const position = ++counter.n;
  const entityId = http.headers['odata-entityid'];
  const part: BatchResponsePart = {
    status,
    statusText: m[2]?.trim() ?? '',
    headers: http.headers,
    body,
    position,
    ...(contentId !== undefined ? { contentId } : {}),
    ...(entityId ? { entityId } : {}),
    json: <T>() => JSON.parse(body) as T,
  };
  if (status >= 400) {
    const retryAfter = Number(http.headers['retry-after']);
    part.error = dataverseErrorFrom(status, body, {
      batchPart: { index: position - 1, ...(contentId !== undefined ? { contentId } : {}) },
      ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  return part;
}

/** Header lines up to the first blank line (names lower-cased), and what follows it. */
function splitHeaders(text: string): { headers: Record<string, string>; rest: string } {
  // A blank first line: no headers at all.
  if (/^\r?\n/.test(text)) return { headers: {}, rest: text.replace(/^\r?\n/, '') };
  const blank = /\r?\n\r?\n/.exec(text);
  // No blank line: all header lines, no body (a 204 whose part ends right after its headers).
  const head = blank ? text.slice(0, blank.index) : text;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest: blank ? text.slice(blank.index + blank[0].length) : '' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
