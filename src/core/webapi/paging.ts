// Collection queries page by page: an async iterator that asks for the next page only when the
// caller wants it (following @odata.nextLink with the same Prefer header), so memory holds one page
// whatever the number of pages read, and a cancelled signal stops it before the next request.
import { describeTarget, HttpCancelledError } from '../http/errors';
import type { HttpResponse } from '../http/httpClient';
import { UserError } from '../userError';
import type { WebApiSender } from './client';

/** Dataverse's largest page; also its default. */
export const MAX_PAGE_SIZE = 5000;

export interface PageOptions {
  /** Prefer: odata.maxpagesize (1–5000). Default 5000. */
  pageSize?: number;
  /** Prefer: odata.include-annotations value. Default "*" (formatted values, lookup names); false: none. */
  annotations?: string | false;
  /** Extra headers for every page's request (a Prefer here is merged, not replaced). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ResponseInfo {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Size of the body, for "N KB" displays; the body itself is not kept. */
  bytes: number;
}

export interface Page<T> {
  /** 1-based. */
  index: number;
  value: T[];
  /** @odata.count, when $count=true was asked (Dataverse caps it at 5000). */
  count?: number;
  /** @Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded */
  countLimitExceeded?: boolean;
  /** Where the next page is; undefined on the last page. */
  nextLink?: string;
  /** Every other annotation of the response body (@odata.context, …). */
  annotations: Record<string, unknown>;
  response: ResponseInfo;
}

/** Reads collection pages lazily. The first request is sent on the first `next()`. */
export async function* pages<T = Record<string, unknown>>(sender: WebApiSender, path: string, options: PageOptions = {}): AsyncGenerator<Page<T>, void, undefined> {
  const pageSize = checkPageSize(options.pageSize ?? MAX_PAGE_SIZE);
  const headers = withPrefer(options.headers, { maxPageSize: pageSize, annotations: options.annotations ?? '*' });
  let link: string | undefined = path;
  let previous: string | undefined;
  for (let index = 1; link !== undefined; index++) {
    // A function, so the raw response is garbage as soon as it is parsed, not held across the yield.
    const page: Page<T> = await readPage<T>(sender, link, headers, index, options.signal);
    if (page.nextLink !== undefined && (page.nextLink === link || page.nextLink === previous)) {
      throw new UserError('Dataverse sent the same next-page link twice; stopped to avoid reading the same rows forever.', { code: 'PAGING_LOOP' });
    }
    previous = link;
    link = page.nextLink;
    yield page;
  }
}

async function readPage<T>(sender: WebApiSender, link: string, headers: Record<string, string>, index: number, signal?: AbortSignal): Promise<Page<T>> {
  throwIfCancelled(signal, /^https?:/i.test(link) ? link : sender.apiUrl + link);
  return toPage<T>(await sender.send({ path: link, headers, signal }), index);
}

/** The rows of every page, one at a time (only the current page is held). */
export async function* rowsOf<T>(source: AsyncIterable<{ value: T[] }>): AsyncGenerator<T, void, undefined> {
  for await (const page of source) yield* page.value;
}

export function toPage<T>(response: HttpResponse, index: number): Page<T> {
  const body = parseCollection(response);
  const { value, '@odata.nextLink': next, '@odata.count': count, '@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded': exceeded, ...annotations } = body;
  return {
    index,
    value: value as T[],
    ...(typeof count === 'number' ? { count } : {}),
    ...(typeof exceeded === 'boolean' ? { countLimitExceeded: exceeded } : {}),
    ...(typeof next === 'string' && next ? { nextLink: next } : {}),
    annotations,
    response: { status: response.status, headers: response.headers, bytes: response.body.length },
  };
}

export function parseCollection(response: HttpResponse): Record<string, unknown> & { value: unknown[] } {
  let body: unknown;
  try {
    body = response.json();
  } catch {
    throw new UserError('Dataverse answered with something that is not JSON where a list of rows was expected.', { code: 'BAD_RESPONSE' });
  }
  if (!body || typeof body !== 'object' || !Array.isArray((body as { value?: unknown }).value)) {
    throw new UserError('Dataverse answered without a list of rows ("value") where one was expected. Is the path a collection (e.g. "accounts", not "accounts(<id>)")?', { code: 'NOT_A_COLLECTION' });
  }
  return body as Record<string, unknown> & { value: unknown[] };
}

export function checkPageSize(size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new UserError(`The page size must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${size}.`, { code: 'BAD_PAGE_SIZE' });
  }
  return size;
}

export function throwIfCancelled(signal: AbortSignal | undefined, url: string): void {
  if (signal?.aborted) throw new HttpCancelledError(describeTarget(url));
}

/**
 * Headers with our preferences merged into any Prefer the caller gave: ours replace the same
 * preference, the caller's others (return=representation, …) stay.
 */
export function withPrefer(
  headers: Record<string, string> | undefined,
  prefs: { maxPageSize?: number; annotations?: string | false },
): Record<string, string> {
  const out: Record<string, string> = {};
  let existing = '';
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'prefer') existing = existing ? `${existing},${value}` : value;
    else out[name] = value;
  }
  const ours: string[] = [];
  if (prefs.annotations) ours.push(`odata.include-annotations="${prefs.annotations.replace(/"/g, '')}"`);
  if (prefs.maxPageSize !== undefined) ours.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  const replaced = new Set(ours.map((p) => p.split('=')[0]!));
  const kept = splitPreferences(existing).filter((p) => !replaced.has(p.split('=')[0]!.trim().toLowerCase()));
  const prefer = [...kept, ...ours].join(',');
  if (prefer) out.Prefer = prefer;
  return out;
}

/** Splits a Prefer header at commas outside quotes. */
export function splitPreferences(text: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ',' && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}
