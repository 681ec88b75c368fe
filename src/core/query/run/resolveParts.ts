// The pieces of resolution shared by single requests and $batch operations: the URL (relative to
// the Web API root, on the right organization, encoded), headers, a JSON body (comments dropped,
// syntax checked) and a <fetch> block.
import * as l10n from '@vscode/l10n';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import { fetchToRequest, MAX_URL_LENGTH } from './fetchXml';
import { isComment } from '../syntax/lines';
import { parseTarget } from '../syntax/odataPath';
import type { ResolveContext } from './resolveContext';
import {
  blockPosition,
  targetRange,
  type BlockText,
  type HeaderSyntax,
  type HttpMethod,
  type RequestSyntax,
} from '../syntax/syntax';
import type { LineIndex, Range } from '../syntax/text';
import { encodeTarget } from './urlEncoding';
import type { VariableResolver } from './variables';
import { orgKey } from '../../org/orgUrl';

export interface ResolveEnv {
  readonly lines: LineIndex;
  readonly ctx: ResolveContext;
  readonly resolver: VariableResolver;
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
}

export interface ResolvedHttp {
  readonly method: HttpMethod;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export function resolveHttp(request: RequestSyntax, env: ResolveEnv): ResolvedHttp | undefined {
  const line = request.line;
  if (!line) return undefined;
  const errorsBefore = env.errors.length;
  const target = env.resolver.substitute(line.target.text, (s, e) => targetRange(line.target, s, e), 'url');
  env.errors.push(...target.errors);
  const path = normalizePath(target.text, line.target.range, env);
  const headers = resolveHeaders(request.headers, env);
  const body = request.body ? resolveBody(request.body, headers, env) : undefined;
  if (env.errors.length > errorsBefore || path === undefined) return undefined;
  return { method: line.method, path, headers, ...(body !== undefined ? { body } : {}) };
}

/** A relative path for the Web API root, or an absolute URL on the organization; undefined on error. */
export function normalizePath(text: string, range: Range, env: ResolveEnv): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    env.errors.push(diagnostic('bad-url', 'error', l10n.t('The URL is empty after variables were filled in.'), range));
    return undefined;
  }
  if (/^http:\/\//i.test(trimmed)) {
    env.errors.push(diagnostic('bad-url', 'error', l10n.t('Dataverse is only reachable over https://.'), range));
    return undefined;
  }
  const parts = parseTarget(trimmed);
  const org = env.ctx.orgUrl;
  if (parts.origin && org && orgKey(parts.origin) !== orgKey(org)) {
    env.errors.push(
      diagnostic(
        'other-organization',
        'error',
        l10n.t(
          "This URL goes to {0}, but the request runs against {1}. Write the path relative to the Web API (e.g. accounts?$top=1) or change the file's connection.",
          parts.origin,
          org,
        ),
        range,
      ),
    );
    return undefined;
  }
  const relative = trimmed.slice(parts.pathStart);
  if (parts.apiVersion === undefined || parts.apiVersion === 'v9.2') {
    return encodeTarget(parts.origin || parts.apiVersion || trimmed.startsWith('/') ? relative : trimmed);
  }
  // Another API version: keep it, which needs an absolute URL.
  if (parts.origin) return encodeTarget(trimmed);
  if (!org) {
    env.errors.push(
      diagnostic(
        'bad-url',
        'error',
        l10n.t('Choose an organization to send a request to /api/data/{0}/.', parts.apiVersion),
        range,
      ),
    );
    return undefined;
  }
  return encodeTarget(`${org}/${trimmed.replace(/^\/+/, '')}`);
}

export function resolveHeaders(headers: readonly HeaderSyntax[], env: ResolveEnv): Record<string, string> {
  const out: Record<string, string> = {};
  const byLower = new Map<string, string>();
  for (const h of headers) {
    const start = h.valueRange.start;
    const sub = env.resolver.substitute(
      h.value,
      (s, e) => ({
        start: { line: start.line, character: start.character + s },
        end: { line: start.line, character: start.character + e },
      }),
      'header',
    );
    env.errors.push(...sub.errors);
    const key = byLower.get(h.name.toLowerCase());
    if (key !== undefined) out[key] = `${out[key]}, ${sub.text}`;
    else {
      byLower.set(h.name.toLowerCase(), h.name);
      out[h.name] = sub.text;
    }
  }
  return out;
}

function contentType(headers: Record<string, string>): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
  return key === undefined ? undefined : headers[key];
}

export function resolveBody(body: BlockText, headers: Record<string, string>, env: ResolveEnv): string | undefined {
  const type = contentType(headers);
  const isJson = type === undefined || /json/i.test(type);
  const text = isJson
    ? body.text
        .split('\n')
        .map((l) => (isComment(l) ? '' : l))
        .join('\n')
    : body.text;
  const sub = env.resolver.substitute(
    text,
    (s, e) => ({ start: blockPosition(body, s), end: blockPosition(body, e) }),
    isJson ? 'json' : 'text',
  );
  env.errors.push(...sub.errors);
  if (sub.errors.length > 0 || !isJson) return sub.text;
  try {
    JSON.parse(sub.text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const range =
      at && !sub.changed
        ? { start: blockPosition(body, Number(at[1])), end: blockPosition(body, Number(at[1]) + 1) }
        : body.range;
    env.errors.push(
      diagnostic(
        'invalid-json',
        'error',
        l10n.t('The body is not valid JSON: {0}', message.replace(/^(SyntaxError: )?/, '')),
        range,
      ),
    );
  }
  return sub.text;
}

export interface ResolvedFetch {
  readonly entityName: string;
  readonly entitySetName: string;
  readonly xml: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

export function fetchOf(request: RequestSyntax, env: ResolveEnv): ResolvedFetch | undefined {
  const block = request.fetch;
  if (!block) return undefined;
  const errorsBefore = env.errors.length;
  const headers = resolveHeaders(request.headers, env);
  const sub = env.resolver.substitute(
    block.text,
    (s, e) => ({ start: blockPosition(block, s), end: blockPosition(block, e) }),
    'xml',
  );
  env.errors.push(...sub.errors);
  let explicitSet: string | undefined;
  if (request.line) {
    const t = env.resolver.substitute(
      request.line.target.text,
      (s, e) => targetRange(request.line!.target, s, e),
      'url',
    );
    env.errors.push(...t.errors);
    explicitSet = parseTarget(t.text.trim()).segments[0]?.name.text || undefined;
  }
  if (env.errors.length > errorsBefore) return undefined;
  const result = fetchToRequest(
    {
      xml: sub.text,
      rangeOf: (s, e) => ({ start: blockPosition(block, s), end: blockPosition(block, e) }),
      rangeAtLine: (line, column) => {
        const l = block.range.start.line + line - 1;
        return env.lines.lineRange(l, Math.max(0, column - 1), env.lines.lineText(l).length);
      },
    },
    (name) => env.ctx.entitySetOf(name),
    explicitSet,
  );
  if (!result.ok) {
    env.errors.push(...result.errors);
    return undefined;
  }
  const resolved = {
    entityName: result.entityName,
    entitySetName: result.entitySetName,
    xml: result.xml,
    path: result.path,
    headers,
  };
  // Still a GET with its paging: the client sends each page whose URL is too long inside a $batch
  // of that one GET and reads its rows back (fetchXmlPages), so the grid pages it like a short one.
  if (result.path.length + 200 > MAX_URL_LENGTH) {
    env.warnings.push(
      diagnostic(
        'fetch-too-long',
        'info',
        l10n.t('This FetchXML makes a URL longer than Dataverse accepts, so each page of it is sent inside a $batch.'),
        request.range,
      ),
    );
  }
  return resolved;
}
