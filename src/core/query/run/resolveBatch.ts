// A `POST $batch` block into its BatchModel: each operation resolved like a single request,
// Content-IDs given to change-set operations (1, 2, … unless a Content-ID header names one), and
// `$n` references checked against the earlier operations of the same change set.
import * as l10n from '@vscode/l10n';
import type { BatchModel, BatchOperation, BatchPart } from './batchModel';
import { diagnostic } from '../syntax/diagnostic';
import { fetchOf, normalizePath, resolveHeaders, resolveHttp, type ResolveEnv } from './resolveParts';
import type { ScratchRequest, SubRequestSyntax } from '../syntax/syntax';
import { targetRange } from '../syntax/syntax';
import type { Range } from '../syntax/text';

export interface ResolvedBatch {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly batch: BatchModel;
}

export function resolveBatch(request: ScratchRequest, env: ResolveEnv): ResolvedBatch | undefined {
  const line = request.line;
  if (!line || !request.batch) return undefined;
  const target = env.resolver.substitute(line.target.text, (s, e) => targetRange(line.target, s, e));
  env.errors.push(...target.errors);
  const path = normalizePath(target.text.split('?')[0]!, line.target.range, env);
  const headers = resolveHeaders(request.headers, env);
  const parts: BatchPart[] = [];
  let nextId = 1;
  for (const part of request.batch.parts) {
    if (part.kind === 'request') {
      const op = operation(part.request, undefined, env);
      if (op) parts.push({ kind: 'operation', operation: op });
      continue;
    }
    const operations: BatchOperation[] = [];
    const ids = new Set<string>();
    for (const sub of part.requests) {
      const op = operation(sub, String(nextId++), env);
      if (!op) continue;
      checkReference(op, ids, env, sub.line?.target.range ?? sub.range);
      ids.add(op.contentId!);
      operations.push(op);
    }
    parts.push({ kind: 'changeset', operations });
  }
  if (path === undefined) return undefined;
  return { path, headers, batch: { parts } };
}

function operation(sub: SubRequestSyntax, contentId: string | undefined, env: ResolveEnv): BatchOperation | undefined {
  if (sub.kind === 'fetchxml') {
    const f = fetchOf(sub, env);
    return f ? { method: 'GET', path: f.path, headers: f.headers, source: sub.range } : undefined;
  }
  const http = resolveHttp(sub, env);
  if (!http) return undefined;
  const headers = { ...http.headers };
  let id = contentId;
  const idHeader = Object.keys(headers).find((k) => k.toLowerCase() === 'content-id');
  if (idHeader !== undefined) {
    if (id !== undefined) id = headers[idHeader]!.trim() || id;
    delete headers[idHeader];
  }
  return {
    method: http.method,
    path: http.path,
    headers,
    source: sub.range,
    ...(http.body !== undefined ? { body: http.body } : {}),
    ...(id !== undefined ? { contentId: id } : {}),
  };
}

function checkReference(op: BatchOperation, earlier: ReadonlySet<string>, env: ResolveEnv, range: Range): void {
  const ref = /^\$([^/?(]+)/.exec(op.path);
  if (!ref || ref[1] === 'batch' || ref[1] === 'metadata' || earlier.has(ref[1]!)) return;
  env.errors.push(
    diagnostic(
      'batch-bad-reference',
      'error',
      l10n.t(
        '"{0}" must be the Content-ID of an earlier request in the same change set (they are numbered 1, 2, … from the top of the $batch).',
        `$${ref[1]}`,
      ),
      range,
    ),
  );
}
