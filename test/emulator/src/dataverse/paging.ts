// Dataverse's $skiptoken is a paging cookie in XML, itself holding a doubly URL-encoded inner cookie
// with the last and first primary key of the page. The emulator resumes after the `last` key.

export interface PagingState {
  page: number;
  lastId?: string;
  firstId?: string;
}

export function innerCookie(key: string, page: number, firstId: string, lastId: string): string {
  return `<cookie page="${page}"><${key} last="{${lastId.toUpperCase()}}" first="{${firstId.toUpperCase()}}" /></cookie>`;
}

/** The value of `$skiptoken` (before URL-encoding into the nextLink). */
export function makeSkipToken(key: string, page: number, firstId: string, lastId: string): string {
  // .NET's UrlEncode writes lower-case escapes; clients that compare cookies see the same text.
  const lower = (t: string): string => t.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  const cookie = lower(encodeURIComponent(lower(encodeURIComponent(innerCookie(key, page, firstId, lastId)))));
  return `<cookie pagenumber="${page + 1}" pagingcookie="${cookie}" istracking="False" />`;
}

export function parseSkipToken(token: string): PagingState | undefined {
  const page = /pagenumber="(\d+)"/.exec(token);
  const cookie = /pagingcookie="([^"]*)"/.exec(token);
  if (!page || !cookie) {
    return undefined;
  }
  let inner = cookie[1]!;
  for (let i = 0; i < 3 && inner.includes('%'); i++) {
    inner = decodeURIComponent(inner);
  }
  return { page: Number(page[1]), ...parseInnerCookie(inner) };
}

/** Reads last/first ids out of an inner `<cookie page="n"><x last="{…}" first="{…}" /></cookie>`. */
export function parseInnerCookie(inner: string): { lastId?: string; firstId?: string } {
  const last = /last="\{?([0-9a-fA-F-]{36})\}?"/.exec(inner);
  const first = /first="\{?([0-9a-fA-F-]{36})\}?"/.exec(inner);
  return { lastId: last?.[1]?.toLowerCase(), firstId: first?.[1]?.toLowerCase() };
}
