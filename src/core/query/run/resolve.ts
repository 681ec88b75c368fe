// Turns one parsed request into what the Web API client sends: variables substituted, the URL
// made relative to the Web API root and encoded, JSON bodies checked, <fetch> turned into
// `?fetchXml=`, a $batch into its structured model, and the request classified read or write.
// Returns typed errors with ranges instead of throwing.
import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import type { BatchModel } from './batchModel';
import { type Diagnostic } from '../syntax/diagnostic';
import { classifyBatch, classifyFetch, classifyHttp, classifySql, type Safety } from './safety';
import { resolveSql, type SqlRun } from './resolveSql';
import { resolveBatch } from './resolveBatch';
import type { ResolveContext } from './resolveContext';
import { fetchOf, resolveHttp, type ResolveEnv } from './resolveParts';
import { rangeContains, type Range } from '../syntax/text';
import type { HttpMethod, QueryDocument, RequestKind, ScratchRequest } from '../syntax/syntax';
import { VariableResolver, type SystemValues } from './variables';
import { parseDocument } from '../syntax/parser';
import { UserError } from '../../userError';
import { formatCount } from '../../numberFormat';

export interface RunnableRequest {
  readonly kind: RequestKind;
  readonly name?: string;
  /** When `batch` is set, send it as a $batch: method POST, path `$batch`, multipart body from the model. */
  readonly method: HttpMethod;
  /** Relative to `<org>/api/data/v9.2/` (e.g. `accounts?$top=1`) or an absolute URL on the org; encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly batch?: BatchModel;
  readonly fetch?: { readonly entityName: string; readonly entitySetName: string; readonly xml: string };
  /** A SQL block: its statement, and for a SELECT the FetchXML `fetch` sends. A SQL write has no `fetch`: it is not sent as this request. */
  readonly sql?: SqlRun;
  readonly safety: Safety;
  /** The request's range in the document. */
  readonly source: Range;
}

export type ResolveResult =
  | { readonly ok: true; readonly request: RunnableRequest; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[] };

const DEFAULT_SYSTEM: SystemValues = { now: () => new Date(), newGuid: () => randomUUID() };

export function resolveRequest(doc: QueryDocument, request: ScratchRequest, ctx: ResolveContext): ResolveResult {
  const parseErrors = doc.diagnostics.filter(
    (d) => d.severity === 'error' && rangeContains(request.blockRange, d.range.start),
  );
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors };
  const env: ResolveEnv = {
    lines: doc.lines,
    ctx,
    resolver: new VariableResolver(scopeOf(doc, request, ctx)),
    errors: [],
    warnings: [],
  };
  const request_ = build(request, env);
  if (!request_ || env.errors.length > 0) {
    return { ok: false, errors: env.errors.length > 0 ? env.errors : [notARequest(request)] };
  }
  return { ok: true, request: request_, warnings: env.warnings };
}

/** For a query typed into the command palette: `accounts?$top=5`, `GET WhoAmI` or a <fetch>. */
export function resolveQuickQuery(text: string, ctx: ResolveContext): ResolveResult {
  const doc = parseDocument(text.trim());
  const request = doc.requests[0];
  if (!request) {
    return { ok: false, errors: doc.diagnostics.length > 0 ? doc.diagnostics : [notARequest(undefined)] };
  }
  return resolveRequest(doc, request, ctx);
}

/** Resolution errors as one UserError (first error, with its line), e.g. for a query typed in the palette. */
export function resolveErrorToUserError(errors: readonly Diagnostic[]): UserError {
  const first = errors[0];
  if (!first) {
    return new UserError(nothingToRun(), { code: 'query.not-a-request' });
  }
  const line = first.range.start.line + 1;
  const message =
    errors.length === 1
      ? l10n.t('Line {0}: {1}', line, first.message)
      : errors.length === 2
        ? l10n.t('Line {0}: {1} (and 1 more problem)', line, first.message)
        : l10n.t('Line {0}: {1} (and {2} more problems)', line, first.message, formatCount(errors.length - 1));
  return new UserError(message, { code: `query.${first.code}` });
}

function nothingToRun(): string {
  return l10n.t('Nothing to run here: write a request such as "GET accounts?$top=10".');
}

function notARequest(request: ScratchRequest | undefined): Diagnostic {
  const range = request?.lensRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    code: 'not-a-request',
    severity: 'error',
    message: nothingToRun(),
    range,
  };
}

function scopeOf(
  doc: QueryDocument,
  request: ScratchRequest,
  ctx: ResolveContext,
): ConstructorParameters<typeof VariableResolver>[0] {
  const requestNames = new Map<string, Range>();
  const elsewhere = new Map<string, Range>();
  for (const r of doc.requests) {
    if (r.name) requestNames.set(r.name.value, r.name.range);
    if (r !== request) for (const v of r.variables) if (v.scope === 'request') elsewhere.set(v.name, v.range);
  }
  return {
    file: doc.variables,
    request: request.variables.filter((v) => v.scope === 'request'),
    requestNames,
    elsewhere,
    ...(ctx.responses ? { responses: ctx.responses } : {}),
    ...(ctx.primaryIdOf ? { primaryIdOf: ctx.primaryIdOf } : {}),
    system: ctx.system ?? DEFAULT_SYSTEM,
  };
}

function build(request: ScratchRequest, env: ResolveEnv): RunnableRequest | undefined {
  const base = { kind: request.kind, ...(request.name ? { name: request.name.value } : {}), source: request.range };
  if (request.kind === 'batch') {
    const resolved = resolveBatch(request, env);
    if (!resolved) return undefined;
    return {
      ...base,
      method: 'POST',
      path: resolved.path,
      headers: resolved.headers,
      batch: resolved.batch,
      safety: classifyBatch(resolved.batch),
    };
  }
  if (request.kind === 'sql') {
    const resolved = resolveSql(request, env);
    if (!resolved) return undefined;
    const text = resolved.sql.text;
    const safety = classifySql(text, request.sqlVerb, resolved.sql.entity ?? targetOf(resolved.sql));
    return {
      ...base,
      method: resolved.fetch ? 'GET' : 'POST',
      path: resolved.path ?? '',
      headers: resolved.headers,
      sql: resolved.sql,
      ...(resolved.fetch ? { fetch: resolved.fetch } : {}),
      safety,
    };
  }
  if (request.kind === 'fetchxml') {
    const f = fetchOf(request, env);
    if (!f) return undefined;
    const fetch = { entityName: f.entityName, entitySetName: f.entitySetName, xml: f.xml };
    return { ...base, method: 'GET', path: f.path, headers: f.headers, fetch, safety: classifyFetch(f.entitySetName) };
  }
  const http = resolveHttp(request, env);
  if (!http) return undefined;
  return {
    ...base,
    method: http.method,
    path: http.path,
    headers: http.headers,
    ...(http.body !== undefined ? { body: http.body } : {}),
    safety: classifyHttp(http.method, http.path),
  };
}

/** The table an INSERT, UPDATE or DELETE writes to, as written. */
function targetOf(sql: SqlRun): string | undefined {
  const s = sql.statement;
  return s.type === 'insert' ? s.table.table.name : s.type === 'select' ? s.from?.table.name : s.target.table.name;
}
