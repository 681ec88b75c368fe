// Splits a request target into its resource path and query options, with offsets, so completion,
// hover and diagnostics can point at one name. Tolerant of half-typed text: quotes and parentheses
// that are not closed yet simply run to the end.

export interface Span {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface PathSegment {
  /** The identifier, e.g. `accounts`, `Microsoft.Dynamics.CRM.WinOpportunity`, `$ref`. */
  readonly name: Span;
  /** The text between the segment's parentheses: a key, an alternate key or function parameters. */
  readonly args?: Span;
}

export interface QueryOption {
  readonly name: Span;
  /** Missing when there is no `=` yet. */
  readonly value?: Span;
  /** The whole `name=value` item, trimmed. */
  readonly item: Span;
  /** Offset of the separator after the item (or the end): trailing spaces still belong to it. */
  readonly limit: number;
}

export interface TargetParts {
  /** Offset where the Web API path starts (after `https://host/api/data/v9.2/` or a leading `/`). */
  readonly pathStart: number;
  /** Set for absolute URLs: `https://host`. */
  readonly origin?: string;
  /** `v9.2` when the target names the API version. */
  readonly apiVersion?: string;
  readonly segments: readonly PathSegment[];
  /** Offset of the `?`, if any. */
  readonly queryStart?: number;
  readonly options: readonly QueryOption[];
}

const ABSOLUTE = /^(https?:\/\/[^/?#\s]+)(\/[^?]*)?/i;
const API_PREFIX = /^\/?api\/data\/(v\d+(?:\.\d+)?)\/?/i;

/** Index of the closing quote of a '…' string starting at `start` ('' is an escaped quote), or text.length. */
export function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") i++;
    else return i;
  }
  return text.length;
}

/** Splits text[from, to) on `sep` outside quotes and parentheses; items are trimmed. */
export function splitTopLevel(text: string, from: number, to: number, sep: string): Span[] {
  const out: Span[] = [];
  let depth = 0;
  let itemStart = from;
  const push = (end: number): void => {
    let s = itemStart;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    out.push({ text: text.slice(s, e), start: s, end: e });
  };
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (c === "'") i = skipString(text, i);
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === sep && depth === 0) {
      push(i);
      itemStart = i + 1;
    }
  }
  push(Math.min(to, text.length));
  return out;
}

/** The matching `)` of the `(` at `open`, or text.length when it is not closed. */
export function closeParen(text: string, open: number, to = text.length): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    const c = text[i]!;
    if (c === "'") i = skipString(text, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return to;
}

export function parseTarget(text: string): TargetParts {
  let pathStart = 0;
  let origin: string | undefined;
  const abs = ABSOLUTE.exec(text);
  if (abs) {
    origin = abs[1]!;
    pathStart = origin.length;
  }
  const prefix = API_PREFIX.exec(text.slice(pathStart));
  const apiVersion = prefix?.[1];
  if (prefix) pathStart += prefix[0].length;
  else if (text[pathStart] === '/') pathStart++;
  const queryStart = findQueryStart(text, pathStart);
  const pathEnd = queryStart ?? text.length;
  const segments = splitTopLevel(text, pathStart, pathEnd, '/').map(toSegment);
  const options = queryStart === undefined ? [] : parseOptions(text, queryStart + 1, text.length, '&');
  return {
    pathStart,
    ...(origin ? { origin } : {}),
    ...(apiVersion ? { apiVersion } : {}),
    segments,
    ...(queryStart !== undefined ? { queryStart } : {}),
    options,
  };
}

function findQueryStart(text: string, from: number): number | undefined {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") i = skipString(text, i);
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '?' && depth === 0) return i;
  }
  return undefined;
}

function toSegment(s: Span): PathSegment {
  const open = s.text.indexOf('(');
  if (open === -1) return { name: s };
  const close = closeParen(s.text, open);
  return {
    name: { text: s.text.slice(0, open), start: s.start, end: s.start + open },
    args: { text: s.text.slice(open + 1, close), start: s.start + open + 1, end: s.start + close },
  };
}

/** Query options `a=1&b=2` (or `;`-separated, inside an $expand item's parentheses). */
export function parseOptions(text: string, from: number, to: number, sep: '&' | ';'): QueryOption[] {
  const items = splitTopLevel(text, from, to, sep);
  return items
    .map((item, i) => ({ item, limit: i + 1 < items.length ? separatorBefore(text, items[i + 1]!.start, sep) : to }))
    .filter(({ item }) => item.text.length > 0 || item.start === to)
    .map(({ item, limit }) => {
      const eq = item.text.indexOf('=');
      if (eq === -1) return { name: item, item, limit };
      const name = item.text.slice(0, eq).trimEnd();
      const valueText = item.text.slice(eq + 1);
      const lead = valueText.length - valueText.trimStart().length;
      return {
        name: { text: name, start: item.start, end: item.start + name.length },
        value: { text: valueText.trimStart(), start: item.start + eq + 1 + lead, end: item.end },
        item,
        limit,
      };
    });
}

function separatorBefore(text: string, from: number, sep: string): number {
  let i = from - 1;
  while (i > 0 && text[i] !== sep) i--;
  return i;
}

/** The option whose item (or the spaces after it) contains `offset`. */
export function optionAt(options: readonly QueryOption[], offset: number): QueryOption | undefined {
  return options.find((o) => o.item.start <= offset && offset <= Math.max(o.item.end, o.limit));
}

export interface ExpandItem {
  readonly nav: Span;
  /** Options inside `nav(…)`, separated by `;`. */
  readonly options: readonly QueryOption[];
  /** Offsets of the parentheses' content, when present. */
  readonly inner?: Span;
}

export function parseExpand(text: string, value: Span): ExpandItem[] {
  return splitTopLevel(text, value.start, value.end, ',').map((item) => {
    const open = item.text.indexOf('(');
    if (open === -1) return { nav: item, options: [] };
    const openAt = item.start + open;
    const close = closeParen(text, openAt, item.end);
    const name = item.text.slice(0, open).trimEnd();
    const inner = { text: text.slice(openAt + 1, close), start: openAt + 1, end: close };
    return {
      nav: { text: name, start: item.start, end: item.start + name.length },
      options: parseOptions(text, inner.start, inner.end, ';'),
      inner,
    };
  });
}

/** `$orderby` items: a property path and an optional direction. */
export function parseOrderby(text: string, value: Span): { path: Span; direction?: Span }[] {
  return splitTopLevel(text, value.start, value.end, ',').map((item) => {
    const m = /^(\S*)(\s+)(\S*)/.exec(item.text);
    if (!m) return { path: item };
    const dirStart = item.start + m[1]!.length + m[2]!.length;
    return {
      path: { text: m[1]!, start: item.start, end: item.start + m[1]!.length },
      direction: { text: m[3]!, start: dirStart, end: dirStart + m[3]!.length },
    };
  });
}
