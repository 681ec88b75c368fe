// Collection queries page by page: one request per page, the next asked for only when the user
// wants it (by the @odata.nextLink kept from the last one, with the same Prefer header), so memory
// holds one page whatever the number of pages read, and a cancelled signal stops the next request.
import * as l10n from '@vscode/l10n';
import { describeTarget, HttpCancelledError } from '../http/errors';
import { UserError } from '../userError';
import { ALL_ANNOTATIONS, MAX_PAGE_SIZE, withPrefer } from './prefer';
import type { HttpResponse, WebApiSender } from '../ports';

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

/**
 * One page of a collection: the first of a query, or the one a kept @odata.nextLink points at
 * ("Load more…" in the explorer, "Next page" / "All pages" in the results view). Only that page is
 * held; a link off the organization is refused by the client before the token is sent.
 */
export async function readPage<T = Record<string, unknown>>(
  sender: WebApiSender,
  link: string,
  options: PageOptions = {},
): Promise<Page<T>> {
  const pageSize = checkPageSize(options.pageSize ?? MAX_PAGE_SIZE);
  const headers = withPrefer(options.headers, {
    maxPageSize: pageSize,
    annotations: options.annotations ?? ALL_ANNOTATIONS,
  });
  throwIfCancelled(options.signal, /^https?:/i.test(link) ? link : sender.apiUrl + link);
  const page = toPage<T>(await sender.send({ path: link, headers, signal: options.signal }));
  if (page.nextLink === link) {
    throw new UserError(
      l10n.t('Dataverse sent the same next-page link twice; stopped to avoid reading the same rows forever.'),
      { code: 'PAGING_LOOP' },
    );
  }
  return page;
}

function toPage<T>(response: HttpResponse): Page<T> {
  const body = parseCollection(response);
  const nextLink = nextLinkOf(body);
  const {
    value,
    '@odata.nextLink': _next,
    '@odata.count': count,
    '@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded': exceeded,
    ...annotations
  } = body;
  return {
    value: value as T[],
    ...(typeof count === 'number' ? { count } : {}),
    ...(typeof exceeded === 'boolean' ? { countLimitExceeded: exceeded } : {}),
    ...(nextLink !== undefined ? { nextLink } : {}),
    annotations,
    response: { status: response.status, headers: response.headers, bytes: response.body.length },
  };
}

/** Where the next page of an answer is: its @odata.nextLink, when it has a non-empty one. */
export function nextLinkOf(body: unknown): string | undefined {
  const link = body && typeof body === 'object' ? (body as Record<string, unknown>)['@odata.nextLink'] : undefined;
  return typeof link === 'string' && link ? link : undefined;
}

export function parseCollection(response: HttpResponse): Record<string, unknown> & { value: unknown[] } {
  let body: unknown;
  try {
    body = response.json();
  } catch {
    throw new UserError(
      l10n.t('Dataverse answered with something that is not JSON where a list of rows was expected.'),
      {
        code: 'BAD_RESPONSE',
      },
    );
  }
  if (!body || typeof body !== 'object' || !Array.isArray((body as { value?: unknown }).value)) {
    throw new UserError(
      l10n.t(
        'Dataverse answered without a list of rows ("value") where one was expected. Is the path a collection (e.g. "accounts", not "accounts(<id>)")?',
      ),
      { code: 'NOT_A_COLLECTION' },
    );
  }
  return body as Record<string, unknown> & { value: unknown[] };
}

export function checkPageSize(size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new UserError(l10n.t('The page size must be a whole number from 1 to {0}, not {1}.', MAX_PAGE_SIZE, size), {
      code: 'BAD_PAGE_SIZE',
    });
  }
  return size;
}

export function throwIfCancelled(signal: AbortSignal | undefined, url: string): void {
  if (signal?.aborted) throw new HttpCancelledError(describeTarget(url));
}
