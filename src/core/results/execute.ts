// Runs one resolved scratchpad request against the Web API and keeps what the results view needs:
// status, time, size, headers, the body, the rows for the grid and how to get the next page. A
// request is sent once: writes are never resent (the HTTP client only ever resends reads).
import { tryParseJson } from '../json';
import { dataverseErrorFrom, type DataverseError } from '../webapi/errors';
import type { BatchItem, BatchRequest, BatchResult } from '../webapi/batch';
import { fetchXmlPages } from '../webapi/fetchXmlPaging';
import { setFetchAttributes } from '../webapi/fetchXml';
import { nextLinkOf, readPage } from '../webapi/paging';
import { pageSizeOf, withDefaultAnnotations } from '../webapi/prefer';
import type { BatchModel, BatchOperation } from '../query/run/batchModel';
import type { RunnableRequest } from '../query/run/resolve';
import { rowsOfAnswer } from './resultTable';
import type { WebApiSender } from '../ports';

/** How to ask for the rows after the ones shown. */
export type Continuation =
  | { readonly kind: 'odata'; readonly link: string; readonly headers: Readonly<Record<string, string>> }
  | {
      readonly kind: 'fetch';
      readonly entitySet: string;
      readonly fetchXml: string;
      readonly headers: Readonly<Record<string, string>>;
    };

export interface Execution {
  readonly status: number;
  readonly statusText: string;
  readonly durationMs: number;
  readonly sizeBytes: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (JSON pretty-printing is the view's business). */
  readonly bodyText: string;
  /** Rows for the grid: a collection's values, a single record, or a $batch's parts. */
  readonly rows?: readonly unknown[];
  readonly next?: Continuation;
  /** A Dataverse error answer, typed (code, message, what to do). */
  readonly error?: DataverseError;
  readonly batch?: BatchResult;
}

export interface PageResult {
  readonly rows: readonly unknown[];
  readonly next?: Continuation;
  readonly durationMs: number;
  readonly sizeBytes: number;
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  now?: () => number;
}

export async function execute(
  sender: WebApiSender,
  request: RunnableRequest,
  options: ExecuteOptions = {},
): Promise<Execution> {
  const now = options.now ?? Date.now;
  const started = now();
  // A FetchXML query pages by its cookie whatever its length (a long one goes inside a $batch, page by page).
  if (request.fetch && request.method === 'GET') return executeFetch(sender, request, started, options);
  if (request.batch) return executeBatchRequest(sender, request.batch, request.headers, started, options);
  const headers = request.method === 'GET' ? withDefaultAnnotations(request.headers) : { ...request.headers };
  const response = await sender.send({
    method: request.method,
    path: request.path,
    headers,
    body: request.body,
    signal: options.signal,
    throwOnError: false,
  });
  const bodyText = response.text();
  const json = tryParseJson(bodyText);
  const error = response.status >= 400 ? dataverseErrorFrom(response.status, bodyText) : undefined;
  const link = nextLinkOf(json);
  return {
    status: response.status,
    statusText: statusTextOf(response.status),
    durationMs: now() - started,
    sizeBytes: response.body.length,
    headers: response.headers,
    bodyText,
    rows: error ? undefined : rowsOfAnswer(json),
    next: link !== undefined ? { kind: 'odata', link, headers } : undefined,
    error,
  };
}

async function executeFetch(
  sender: WebApiSender,
  request: RunnableRequest,
  started: number,
  options: ExecuteOptions,
): Promise<Execution> {
  const now = options.now ?? Date.now;
  const fetch = request.fetch!;
  const iterator = fetchXmlPages(sender, fetch.entitySetName, fetch.xml, {
    headers: { ...request.headers },
    signal: options.signal,
  });
  try {
    const first = await iterator.next();
    const page = first.done ? undefined : first.value;
    const body = { ...page?.annotations, value: page?.value ?? [] };
    return {
      status: page?.response.status ?? 200,
      statusText: statusTextOf(page?.response.status ?? 200),
      durationMs: now() - started,
      sizeBytes: page?.response.bytes ?? 0,
      headers: page?.response.headers ?? {},
      bodyText: JSON.stringify(body),
      rows: page?.value ?? [],
      next: page?.moreRecords
        ? fetchContinuation(fetch.entitySetName, page.fetchXml, page.page, page.nextPagingCookie, request.headers)
        : undefined,
    };
  } finally {
    await iterator.return(undefined);
  }
}

function fetchContinuation(
  entitySet: string,
  sent: string,
  page: number,
  cookie: string | undefined,
  headers: Readonly<Record<string, string>>,
): Continuation {
  const fetchXml = setFetchAttributes(sent, { page: page + 1, 'paging-cookie': cookie });
  return { kind: 'fetch', entitySet, fetchXml, headers };
}

/** The page after the ones shown. */
export async function nextPage(
  sender: WebApiSender,
  continuation: Continuation,
  options: ExecuteOptions = {},
): Promise<PageResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const page =
    continuation.kind === 'odata'
      ? await nextODataPage(sender, continuation, options.signal)
      : await nextFetchPage(sender, continuation, options.signal);
  return { ...page, durationMs: now() - started };
}

async function nextODataPage(
  sender: WebApiSender,
  continuation: Continuation & { kind: 'odata' },
  signal?: AbortSignal,
): Promise<Omit<PageResult, 'durationMs'>> {
  // The request's own page size holds for every page (the pager would otherwise ask for 5000); its
  // Prefer already says which annotations it wants.
  const page = await readPage(sender, continuation.link, {
    headers: { ...continuation.headers },
    annotations: false,
    pageSize: pageSizeOf(continuation.headers),
    signal,
  });
  const next: Continuation | undefined = page.nextLink
    ? { kind: 'odata', link: page.nextLink, headers: continuation.headers }
    : undefined;
  return { rows: page.value, next, sizeBytes: page.response.bytes };
}

async function nextFetchPage(
  sender: WebApiSender,
  continuation: Continuation & { kind: 'fetch' },
  signal?: AbortSignal,
): Promise<Omit<PageResult, 'durationMs'>> {
  const iterator = fetchXmlPages(sender, continuation.entitySet, continuation.fetchXml, {
    headers: { ...continuation.headers },
    signal,
  });
  try {
    const r = await iterator.next();
    if (r.done) return { rows: [], sizeBytes: 0 };
    const page = r.value;
    const next = page.moreRecords
      ? fetchContinuation(continuation.entitySet, page.fetchXml, page.page, page.nextPagingCookie, continuation.headers)
      : undefined;
    return { rows: page.value, next, sizeBytes: page.response.bytes };
  } finally {
    await iterator.return(undefined);
  }
}

function toBatchRequest(op: BatchOperation): BatchRequest {
  return {
    method: op.method,
    url: op.path,
    headers: { ...op.headers },
    ...(op.body !== undefined ? { body: op.body } : {}),
    ...(op.contentId ? { contentId: op.contentId } : {}),
  };
}

export function batchItems(model: BatchModel): BatchItem[] {
  return model.parts.map((p) =>
    p.kind === 'operation' ? toBatchRequest(p.operation) : { changeSet: p.operations.map(toBatchRequest) },
  );
}

async function executeBatchRequest(
  sender: WebApiSender,
  model: BatchModel,
  headers: Readonly<Record<string, string>>,
  started: number,
  options: ExecuteOptions,
): Promise<Execution> {
  const now = options.now ?? Date.now;
  const result = await executeBatchOf(sender, model, headers, options.signal);
  const rows = result.parts.map((p, i) => ({
    part: i + 1,
    contentId: p.contentId ?? null,
    status: p.status,
    statusText: p.statusText,
    location: p.headers['odata-entityid'] ?? p.headers['location'] ?? null,
    error: p.error ? p.error.message : null,
    body: p.body ?? null,
  }));
  const bodyText = JSON.stringify({ status: result.status, notRun: result.notRun, parts: rows }, null, 2);
  return {
    status: result.status,
    statusText: statusTextOf(result.status),
    durationMs: now() - started,
    sizeBytes: Buffer.byteLength(bodyText),
    headers: {},
    bodyText,
    rows,
    batch: result,
    error: result.errors[0],
  };
}

/**
 * The headers written under `POST $batch` go on the $batch request itself (impersonation
 * MSCRMCallerID / CallerObjectId, MSCRM.BypassCustomPluginExecution, Prefer: odata.continue-on-error …):
 * Dataverse applies them to the whole batch.
 */
function executeBatchOf(
  sender: WebApiSender,
  model: BatchModel,
  headers: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): Promise<BatchResult> {
  // Imported here so a plain query never loads the batch encoder.
  return import('../webapi/batch').then(({ executeBatch }) =>
    executeBatch(sender, batchItems(model), { headers: { ...headers }, signal }),
  );
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusTextOf(status: number): string {
  return STATUS_TEXT[status] ?? '';
}
