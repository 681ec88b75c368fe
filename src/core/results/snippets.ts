// "Copy as…": a request as code for curl, fetch, Xrm.WebApi (form scripts, web resources) and the
// dynamics-web-api library. The token is never put in: every snippet reads it from a placeholder,
// and no other credential header is copied.
import { isSecretHeader } from '../query/run/secretHeaders';

export interface SnippetRequest {
  method: string;
  /** Absolute: https://org/api/data/v9.2/accounts?$top=1 */
  url: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
}

export type SnippetKind = 'curl' | 'fetch' | 'xrm' | 'dynamicsWebApi';

/** What a Web API path names: an entity set, maybe one record by id, and the query string. */
interface Target {
  entitySet?: string;
  id?: string;
  query: string;
  path: string;
  serverUrl: string;
}

const API = /^(https:\/\/[^/]+)\/api\/data\/v\d+\.\d+\/(.*)$/i;

function targetOf(url: string): Target | undefined {
  const m = API.exec(url);
  if (!m) return undefined;
  const [pathPart, ...rest] = m[2]!.split('?');
  const query = rest.length ? `?${rest.join('?')}` : '';
  const entity = /^([A-Za-z_][\w]*)(?:\(([0-9a-fA-F-]{36})\))?$/.exec(pathPart ?? '');
  return { serverUrl: m[1]!, path: pathPart ?? '', query, entitySet: entity?.[1], id: entity?.[2] };
}

const UNSENT = new Set(['content-length', 'host']);

/** Headers to copy: credentials (Authorization, Cookie, API keys… as the history treats them) never are. */
function headerEntries(req: SnippetRequest): [string, string][] {
  return Object.entries(req.headers).filter(([k]) => !UNSENT.has(k.toLowerCase()) && !isSecretHeader(k));
}

export function snippet(
  kind: SnippetKind,
  req: SnippetRequest,
  logicalNameOf: (entitySet: string) => string | undefined = () => undefined,
): string {
  switch (kind) {
    case 'curl':
      return curl(req);
    case 'fetch':
      return fetchCode(req);
    case 'xrm':
      return xrm(req, logicalNameOf);
    case 'dynamicsWebApi':
      return dynamicsWebApi(req);
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function curl(req: SnippetRequest): string {
  const lines = [
    `curl -X ${req.method} ${shellQuote(req.url)}`,
    `  -H ${shellQuote('Authorization: Bearer ')}"$TOKEN"`,
  ];
  for (const [k, v] of headerEntries(req)) lines.push(`  -H ${shellQuote(`${k}: ${v}`)}`);
  if (req.body !== undefined && req.body !== '') lines.push(`  --data-raw ${shellQuote(req.body)}`);
  return lines.join(' \\\n');
}

function jsString(text: string): string {
  return JSON.stringify(text);
}

function bodyExpression(body: string | undefined): string | undefined {
  if (body === undefined || body === '') return undefined;
  try {
    return `JSON.stringify(${JSON.stringify(JSON.parse(body), null, 2).replace(/\n/g, '\n  ')})`;
  } catch {
    return jsString(body);
  }
}

function fetchCode(req: SnippetRequest): string {
  const headers = [
    ['Authorization', '`Bearer ${token}`'] as const,
    ...headerEntries(req).map(([k, v]) => [k, jsString(v)] as const),
  ];
  const body = bodyExpression(req.body);
  return [
    '// token: an access token for the organization',
    `const response = await fetch(${jsString(req.url)}, {`,
    `  method: ${jsString(req.method)},`,
    '  headers: {',
    ...headers.map(([k, v]) => `    ${jsString(k)}: ${v},`),
    '  },',
    ...(body ? [`  body: ${body},`] : []),
    '});',
    'const data = response.status === 204 ? undefined : await response.json();',
  ].join('\n');
}

function xrm(req: SnippetRequest, logicalNameOf: (entitySet: string) => string | undefined): string {
  const t = targetOf(req.url);
  const logical = t?.entitySet ? logicalNameOf(t.entitySet) : undefined;
  const data = req.body ? bodyJson(req.body) : undefined;
  if (t && logical) {
    const method = req.method.toUpperCase();
    if (method === 'GET' && !t.id) {
      return `const result = await Xrm.WebApi.retrieveMultipleRecords(${jsString(logical)}, ${jsString(t.query)});\nconsole.log(result.entities);`;
    }
    if (method === 'GET' && t.id) {
      return `const record = await Xrm.WebApi.retrieveRecord(${jsString(logical)}, ${jsString(t.id)}, ${jsString(t.query)});`;
    }
    if (method === 'POST' && !t.id && data) {
      return `const created = await Xrm.WebApi.createRecord(${jsString(logical)}, ${data});\nconsole.log(created.id);`;
    }
    if (method === 'PATCH' && t.id && data) {
      return `await Xrm.WebApi.updateRecord(${jsString(logical)}, ${jsString(t.id)}, ${data});`;
    }
    if (method === 'DELETE' && t.id) return `await Xrm.WebApi.deleteRecord(${jsString(logical)}, ${jsString(t.id)});`;
  }
  // Anything else (functions, actions, $batch): the client URL with the page's own session.
  const path = t ? `${t.path}${t.query}` : req.url;
  return [
    'const clientUrl = Xrm.Utility.getGlobalContext().getClientUrl();',
    `const response = await fetch(\`\${clientUrl}/api/data/v9.2/${path.replace(/[`\\$]/g, '\\$&')}\`, {`,
    `  method: ${jsString(req.method)},`,
    `  headers: { ${headerEntries(req)
      .map(([k, v]) => `${jsString(k)}: ${jsString(v)}`)
      .join(', ')} },`,
    ...(req.body ? [`  body: ${bodyExpression(req.body)},`] : []),
    '});',
  ].join('\n');
}

function dynamicsWebApi(req: SnippetRequest): string {
  const t = targetOf(req.url);
  const head = [
    "import { DynamicsWebApi } from 'dynamics-web-api';",
    '',
    `const api = new DynamicsWebApi({ serverUrl: ${jsString(t?.serverUrl ?? '')}, onTokenRefresh: async () => token });`,
  ];
  const method = req.method.toUpperCase();
  const data = req.body ? bodyJson(req.body) : undefined;
  if (t?.entitySet) {
    const collection = jsString(t.entitySet);
    const key = t.id ? `, key: ${jsString(t.id)}` : '';
    const fetchXml = new URLSearchParams(t.query.slice(1)).get('fetchXml');
    if (method === 'GET' && !t.id && fetchXml) {
      return [
        ...head,
        `const rows = await api.fetch({ collection: ${collection}, fetchXml: ${jsString(fetchXml)}, includeAnnotations: '*' });`,
      ].join('\n');
    }
    if (method === 'GET' && !t.id) {
      return [
        ...head,
        `const rows = await api.retrieveMultiple({ collection: ${collection}${queryOptions(t.query)} });`,
      ].join('\n');
    }
    if (method === 'GET') {
      return [
        ...head,
        `const record = await api.retrieve({ collection: ${collection}${key}${queryOptions(t.query)} });`,
      ].join('\n');
    }
    if (method === 'POST' && !t.id && data) {
      return [...head, `const id = await api.create({ collection: ${collection}, data: ${data} });`].join('\n');
    }
    if (method === 'PATCH' && t.id && data) {
      return [...head, `await api.update({ collection: ${collection}${key}, data: ${data} });`].join('\n');
    }
    if (method === 'DELETE' && t.id) {
      return [...head, `await api.deleteRecord({ collection: ${collection}${key} });`].join('\n');
    }
  }
  return [...head, '// No dedicated call for this request; the fetch form:', fetchCode(req)].join('\n');
}

function bodyJson(body: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return undefined;
  }
}

/** $select, $filter, $orderby, $top, $expand as dynamics-web-api options. */
function queryOptions(query: string): string {
  if (!query) return '';
  const params = new URLSearchParams(query.slice(1));
  const parts: string[] = [];
  const select = params.get('$select');
  if (select) parts.push(`select: ${JSON.stringify(select.split(',').map((s) => s.trim()))}`);
  const filter = params.get('$filter');
  if (filter) parts.push(`filter: ${jsString(filter)}`);
  const orderBy = params.get('$orderby');
  if (orderBy) parts.push(`orderBy: ${JSON.stringify(orderBy.split(',').map((s) => s.trim()))}`);
  const top = params.get('$top');
  if (top && /^\d+$/.test(top)) parts.push(`top: ${top}`);
  const expand = params.get('$expand');
  const expands = expand ? expandOptions(expand) : undefined;
  if (expands) parts.push(`expand: ${expands}`);
  return parts.length ? `, ${parts.join(', ')}` : '';
}

/** `a($select=x,y),b` as [{ property: 'a', select: ['x','y'] }, { property: 'b' }]; undefined for richer forms. */
function expandOptions(expand: string): string | undefined {
  const matches = [...expand.matchAll(/([A-Za-z_]\w*)(?:\(\$select=([\w,]+)\))?(?:,|$)/gy)].filter((m) => m[0]);
  if (!matches.length || matches.map((m) => m[0]).join('') !== expand) return undefined;
  const items = matches.map((m) =>
    m[2]
      ? `{ property: ${jsString(m[1]!)}, select: ${JSON.stringify(m[2].split(','))} }`
      : `{ property: ${jsString(m[1]!)} }`,
  );
  return `[${items.join(', ')}]`;
}
