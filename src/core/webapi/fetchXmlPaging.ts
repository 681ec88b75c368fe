// FetchXML queries page by page, the way Dataverse documents it: set count and page on <fetch>,
// then for each following page the paging cookie of the previous answer, while
// @Microsoft.Dynamics.CRM.morerecords is true. Lazy: one page in memory at a time.
// A query whose URL would be too long for a GET goes inside a $batch, where 64 KB URLs are allowed.
import * as l10n from '@vscode/l10n';
import { executeBatch } from './batch';
import { fetchXmlPath, inspectFetchXml, pagingCookieFrom, setFetchAttributes } from './fetchXml';
import { checkPageSize, parseCollection, throwIfCancelled, type ResponseInfo } from './paging';
import { ALL_ANNOTATIONS, MAX_PAGE_SIZE, withPrefer } from './prefer';
import type { HttpResponse, WebApiSender } from '../ports';

/** Longer GET URLs are refused by Dataverse's front end; such queries are sent inside a $batch. */
export const MAX_GET_URL_LENGTH = 32_000;

const PAGING_ANNOTATIONS = 'Microsoft.Dynamics.CRM.fetchxmlpagingcookie,Microsoft.Dynamics.CRM.morerecords';

export interface FetchXmlPageOptions {
  /** Rows per page (the fetch `count`). Default: the query's own count, else 5000. */
  pageSize?: number;
  /**
   * Prefer: odata.include-annotations. Default "*". The paging annotations are always asked for;
   * false asks for those only.
   */
  annotations?: string | false;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface FetchXmlPage<T> {
  /** 1-based position in this iteration. */
  index: number;
  /** The fetch `page` attribute this answer is for. */
  page: number;
  value: T[];
  /** @Microsoft.Dynamics.CRM.morerecords */
  moreRecords: boolean;
  /**
   * The cookie the next page will be asked with; undefined on the last page, or when Dataverse gave
   * none (then the next page is asked by number: "simple paging", limited to 50,000 rows).
   */
  nextPagingCookie?: string;
  /** The FetchXML sent for this page (with count, page and paging-cookie set). */
  fetchXml: string;
  annotations: Record<string, unknown>;
  response: ResponseInfo;
}

export async function* fetchXmlPages<T = Record<string, unknown>>(
  sender: WebApiSender,
  entitySet: string,
  fetchXml: string,
  options: FetchXmlPageOptions = {},
): AsyncGenerator<FetchXmlPage<T>, void, undefined> {
  const info = inspectFetchXml(fetchXml);
  const headers = withPrefer(options.headers, { annotations: annotationsFor(options.annotations) });
  // `top` and aggregates are answered in one go; Dataverse refuses top together with paging.
  if (info.top !== undefined || info.aggregate) {
    yield await readFetchPage<T>(
      sender,
      entitySet,
      fetchXml,
      headers,
      { index: 1, page: info.page ?? 1 },
      options.signal,
    );
    return;
  }
  const pageSize = checkPageSize(options.pageSize ?? info.count ?? MAX_PAGE_SIZE);
  let page = info.page ?? 1;
  let cookie = info.pagingCookie;
  for (let index = 1; ; index++) {
    const xml = setFetchAttributes(fetchXml, { count: pageSize, page, 'paging-cookie': cookie });
    const result = await readFetchPage<T>(sender, entitySet, xml, headers, { index, page }, options.signal);
    yield result;
    if (!result.moreRecords) return;
    // Without a cookie (some queries, e.g. ordered by a linked column, get none) the next page is
    // asked by number alone: Dataverse's "simple paging".
    cookie = result.nextPagingCookie;
    page++;
  }
}

async function readFetchPage<T>(
  sender: WebApiSender,
  entitySet: string,
  xml: string,
  headers: Record<string, string>,
  at: { index: number; page: number },
  signal?: AbortSignal,
): Promise<FetchXmlPage<T>> {
  const path = fetchXmlPath(entitySet, xml);
  throwIfCancelled(signal, sender.apiUrl + entitySet);
  const response =
    sender.apiUrl.length + path.length > MAX_GET_URL_LENGTH
      ? await viaBatch(sender, path, headers, signal)
      : await sender.send({ path, headers, signal });
  const body = parseCollection(response);
  const {
    value,
    '@Microsoft.Dynamics.CRM.morerecords': more,
    '@Microsoft.Dynamics.CRM.fetchxmlpagingcookie': cookieAnnotation,
    ...annotations
  } = body;
  const nextCookie = more === true ? pagingCookieFrom(cookieAnnotation) : undefined;
  return {
    index: at.index,
    page: at.page,
    value: value as T[],
    moreRecords: more === true,
    fetchXml: xml,
    annotations,
    response: { status: response.status, headers: response.headers, bytes: response.body.length },
    ...(nextCookie !== undefined ? { nextPagingCookie: nextCookie } : {}),
  };
}

async function viaBatch(
  sender: WebApiSender,
  path: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<HttpResponse> {
  const result = await executeBatch(sender, [{ method: 'GET', url: path, headers }], { signal });
  const part = result.parts[0];
  if (!part) {
    throw result.errors[0] ?? new Error(l10n.t('Dataverse answered the $batch without a response for the query.'));
  }
  if (part.error) throw part.error;
  const body = Buffer.from(part.body, 'utf8');
  return {
    status: part.status,
    headers: part.headers,
    url: path,
    body,
    text: () => part.body,
    json: <U>() => JSON.parse(part.body) as U,
  };
}

function annotationsFor(option: string | false | undefined): string {
  if (option === false) return PAGING_ANNOTATIONS;
  const asked = option ?? ALL_ANNOTATIONS;
  return asked.split(',').some((a) => a.trim() === ALL_ANNOTATIONS) ? asked : `${asked},${PAGING_ANNOTATIONS}`;
}
