// Parsing of OData system query options ($select, $expand, $orderby, $top, $count, $skiptoken) and Prefer.
import { badQuery } from './errors';

export interface OrderBy {
  prop: string;
  desc: boolean;
}

export interface ExpandItem {
  nav: string;
  select?: string[];
  filter?: string;
  orderby?: OrderBy[];
  top?: number;
  /** Nested `$expand` (metadata: `Attributes(…;$expand=OptionSet)`). */
  expand?: ExpandItem[];
}

export interface QueryOptions {
  select?: string[];
  filter?: string;
  orderby?: OrderBy[];
  top?: number;
  expand: ExpandItem[];
  count: boolean;
  skiptoken?: string;
  fetchXml?: string;
  apply?: string;
}

/** Splits on `sep` outside parentheses and quotes. */
export function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0,
    quoted = false,
    start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === sep) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseOrderBy(text: string): OrderBy[] {
  return splitTop(text, ',').map((part) => {
    const [prop, dir, extra] = part.split(/\s+/);
    if (!prop || extra || (dir && dir !== 'asc' && dir !== 'desc')) {
      throw badQuery(`Syntax error: character '${part}' is not valid at position 0 in '${text}'.`);
    }
    return { prop, desc: dir === 'desc' };
  });
}

function parseTop(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw badQuery(
      `Invalid value '${text}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  return Number(text);
}

function parseExpandItem(text: string): ExpandItem {
  const open = text.indexOf('(');
  if (open < 0) {
    return { nav: text };
  }
  if (!text.endsWith(')')) {
    throw badQuery(`Syntax error in $expand: '${text}'.`);
  }
  const item: ExpandItem = { nav: text.slice(0, open).trim() };
  for (const opt of splitTop(text.slice(open + 1, -1), ';')) {
    const eq = opt.indexOf('=');
    const key = opt.slice(0, eq).trim(),
      value = opt.slice(eq + 1).trim();
    if (key === '$select') item.select = splitTop(value, ',');
    else if (key === '$filter') item.filter = value;
    else if (key === '$orderby') item.orderby = parseOrderBy(value);
    else if (key === '$top') item.top = parseTop(value);
    else if (key === '$expand') item.expand = splitTop(value, ',').map(parseExpandItem);
    else throw badQuery(`The query option '${key}' is not supported in $expand.`);
  }
  return item;
}

export function parseQueryOptions(params: URLSearchParams): QueryOptions {
  if (params.has('$skip')) {
    throw badQuery('The query parameter $skip is not supported');
  }
  const opts: QueryOptions = { expand: [], count: params.get('$count') === 'true' };
  const select = params.get('$select');
  if (select !== null) opts.select = splitTop(select, ',');
  const filter = params.get('$filter');
  if (filter !== null) opts.filter = filter;
  const orderby = params.get('$orderby');
  if (orderby !== null) opts.orderby = parseOrderBy(orderby);
  const top = params.get('$top');
  if (top !== null) opts.top = parseTop(top);
  const expand = params.get('$expand');
  if (expand !== null) opts.expand = splitTop(expand, ',').map(parseExpandItem);
  const skiptoken = params.get('$skiptoken');
  if (skiptoken !== null) opts.skiptoken = skiptoken;
  const fetchXml = params.get('fetchXml');
  if (fetchXml !== null) opts.fetchXml = fetchXml;
  const apply = params.get('$apply');
  if (apply !== null) opts.apply = apply;
  return opts;
}

export interface Preferences {
  maxPageSize?: number;
  annotations?: string[];
  returnRepresentation: boolean;
  continueOnError: boolean;
}

export function parsePrefer(header: string | string[] | undefined): Preferences {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const prefs: Preferences = { returnRepresentation: false, continueOnError: false };
  for (const part of splitPreferences(text)) {
    const [key, raw] = part.split('=').map((s) => s.trim());
    const value = raw?.replace(/^"|"$/g, '');
    if (key === 'odata.maxpagesize' && value && /^\d+$/.test(value)) prefs.maxPageSize = Number(value);
    else if (key === 'odata.include-annotations' && value) prefs.annotations = value.split(',').map((s) => s.trim());
    else if (key === 'return' && value === 'representation') prefs.returnRepresentation = true;
    else if (key === 'odata.continue-on-error') prefs.continueOnError = true;
  }
  return prefs;
}

function splitPreferences(text: string): string[] {
  const out: string[] = [];
  let quoted = false,
    start = 0;
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

/** Whether an annotation term is asked for by an include-annotations list ("*", "ns.*", "-term"). */
export function wantsAnnotation(patterns: string[] | undefined, term: string): boolean {
  if (!patterns) return false;
  const matches = (p: string): boolean =>
    p === '*' || p === term || (p.endsWith('.*') && term.startsWith(p.slice(0, -1)));
  if (patterns.some((p) => p.startsWith('-') && matches(p.slice(1)))) return false;
  return patterns.some((p) => !p.startsWith('-') && matches(p));
}
