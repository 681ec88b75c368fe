// Diagnostics for a scratchpad before anything is sent: the parser's, references to variables
// that are not defined, and names checked against the organization's metadata (with quick fixes).
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import { SYSTEM_VARIABLES } from './catalog';
import { bodyDiagnostics } from './bodyDiagnostics';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import { fetchDiagnostics } from './fetchDiagnostics';
import { targetDiagnostics } from './odataDiagnostics';
import {
  blockPosition,
  targetRange,
  type QueryDocument,
  type RequestSyntax,
  type ScratchRequest,
} from '../syntax/syntax';
import type { Range } from '../syntax/text';
import { findReferences, splitExpression } from '../run/variables';
import { sqlDiagnostics } from './sqlLanguage';

export interface DiagnoseContext {
  /** Without metadata (or with an empty table list) only syntax and variables are checked. */
  readonly metadata?: MetadataSnapshot;
}

const SYSTEM = new Set(SYSTEM_VARIABLES.map((v) => v.name));

/** Everything to show for a document: parse diagnostics first, then per request. */
export function diagnoseDocument(doc: QueryDocument, ctx: DiagnoseContext = {}): Diagnostic[] {
  const out = [...doc.diagnostics];
  const names = new Set(doc.requests.flatMap((r) => (r.name ? [r.name.value] : [])));
  for (const request of doc.requests) out.push(...diagnoseRequest(request, doc, ctx, names));
  return out;
}

/** The variable and metadata diagnostics of one request (not the parser's). */
export function diagnoseRequest(
  request: ScratchRequest,
  doc: QueryDocument,
  ctx: DiagnoseContext = {},
  names: ReadonlySet<string> = new Set(doc.requests.flatMap((r) => (r.name ? [r.name.value] : []))),
): Diagnostic[] {
  const defined = new Set([...doc.variables, ...request.variables].map((v) => v.name));
  const out = referenceDiagnostics(request, defined, names);
  const parts: RequestSyntax[] = request.batch
    ? request.batch.parts.flatMap((p) => (p.kind === 'request' ? [p.request] : [...p.requests]))
    : [request];
  if (request.kind === 'sql' && request.sql) {
    out.push(...sqlDiagnostics(request.sql, ctx.metadata, [...request.variables, ...doc.variables]));
  }
  for (const part of ctx.metadata ? parts : []) {
    if (part.line) out.push(...targetDiagnostics(part.line.target, part.line.method, ctx.metadata!));
    if (part.line && part.body) out.push(...bodyDiagnostics(part.line, part.body, ctx.metadata!));
    if (part.fetch) out.push(...fetchDiagnostics(part.fetch, ctx.metadata!));
  }
  return out;
}

function referenceDiagnostics(
  request: ScratchRequest,
  defined: ReadonlySet<string>,
  names: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (text: string, rangeOf: (s: number, e: number) => Range): void => {
    for (const ref of findReferences(text)) {
      const { root, path } = splitExpression(ref.expression);
      const ok = ref.expression.startsWith('$')
        ? SYSTEM.has(ref.expression)
        : path.length > 0
          ? names.has(root)
          : defined.has(root) || names.has(root);
      if (!ok) {
        out.push(
          diagnostic(
            'undefined-variable',
            'warning',
            path.length > 0
              ? l10n.t(
                  'There is no request named "{0}" ("# @name {0}") to read {1} from.',
                  root,
                  `{{${ref.expression}}}`,
                )
              : l10n.t(
                  '{0} is not defined here. Set it with "@{1} = value" at the top of the file or in this request.',
                  `{{${ref.expression}}}`,
                  root,
                ),
            rangeOf(ref.start, ref.end),
          ),
        );
      }
    }
  };
  const visit = (s: RequestSyntax): void => {
    if (s.line) check(s.line.target.text, (a, b) => targetRange(s.line!.target, a, b));
    for (const h of s.headers) {
      const at = h.valueRange.start;
      check(h.value, (a, b) => ({
        start: { line: at.line, character: at.character + a },
        end: { line: at.line, character: at.character + b },
      }));
    }
    for (const block of [s.body, s.fetch]) {
      if (block) check(block.text, (a, b) => ({ start: blockPosition(block, a), end: blockPosition(block, b) }));
    }
  };
  visit(request);
  for (const p of request.batch?.parts ?? []) for (const s of p.kind === 'request' ? [p.request] : p.requests) visit(s);
  return out;
}
