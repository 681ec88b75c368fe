// The structured $batch the scratchpad builds, before any multipart encoding. The encoder in
// src/core/webapi writes it as multipart/mixed, one part per entry of `parts`:
// - { kind: 'operation' } → a batch part `Content-Type: application/http`,
//   `Content-Transfer-Encoding: binary`, then `METHOD <url> HTTP/1.1`, the headers, a blank line and
//   the body;
// - { kind: 'changeset' } → a part `Content-Type: multipart/mixed; boundary=changeset_…` holding
//   one such application/http part per operation, each with `Content-ID: <contentId>`.
// `<url>` is the Web API root + `path`, except for paths starting with `$<contentId>` (a reference
// to an earlier operation of the same change set, sent as is) and absolute URLs (sent as is).
import type { HttpMethod } from '../syntax/syntax';
import type { Range } from '../syntax/text';

export interface BatchOperation {
  readonly method: HttpMethod;
  /** Relative to the Web API root (`accounts`), `$1/…` (a change-set reference) or an absolute org URL. Encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Every operation inside a change set has one (1, 2, … across the batch unless a Content-ID header names it). */
  readonly contentId?: string;
  /** Where it is written in the scratchpad, to point at the operation a response part answers. */
  readonly source: Range;
}

export type BatchPart =
  | { readonly kind: 'operation'; readonly operation: BatchOperation }
  | { readonly kind: 'changeset'; readonly operations: readonly BatchOperation[] };

export interface BatchModel {
  readonly parts: readonly BatchPart[];
}

export function batchOperations(model: BatchModel): BatchOperation[] {
  return model.parts.flatMap((p) => (p.kind === 'operation' ? [p.operation] : [...p.operations]));
}
