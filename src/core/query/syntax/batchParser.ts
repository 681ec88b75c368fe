// Splits the body of a `POST $batch` block into its parts: requests and `--- changeset` … `--- end`
// groups. A part starts at a request line or a <fetch> line, so a JSON body (whose lines never
// start with a method) needs no other delimiter.
import * as l10n from '@vscode/l10n';
import { diagnostic, type Diagnostic } from './diagnostic';
import { BATCH_MARKER, FETCH_END, FETCH_START, isBatchTarget, isBlankOrComment, matchRequestLine } from './lines';
import { parseRequest } from './requestParser';
import type { BatchPartSyntax, BatchSyntax, SubRequestSyntax } from './syntax';
import { lineRange, type LineSource, type Range } from './text';

interface OpenChangeset {
  requests: SubRequestSyntax[];
  range: Range;
}

/** Parts as they are read: change sets close when `--- end`, the next `--- changeset` or the end comes. */
class PartCollector {
  readonly parts: BatchPartSyntax[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private changeset: OpenChangeset | undefined;

  constructor(private readonly lines: LineSource) {}

  get inChangeset(): boolean {
    return this.changeset !== undefined;
  }

  add(request: SubRequestSyntax): void {
    if (this.changeset) this.changeset.requests.push(request);
    else this.parts.push({ kind: 'request', request });
  }

  /** A `---` line. */
  marker(line: number, text: string, word: string): void {
    const range = lineRange(line, text.indexOf('---'), text.trimEnd().length);
    if (word === 'changeset' || word.startsWith('changeset ')) {
      this.close(Math.max(line - 1, this.changeset?.range.start.line ?? line));
      this.changeset = { requests: [], range };
    } else if (word === 'end' || word === 'end changeset') {
      if (this.changeset) this.close(line);
      else {
        this.diagnostics.push(
          diagnostic('batch-stray-end', 'error', l10n.t('"--- end" closes a change set, but none is open.'), range),
        );
      }
    } else {
      this.diagnostics.push(
        diagnostic(
          'batch-bad-marker',
          'error',
          l10n.t('Inside a $batch, "---" lines are "--- changeset" (opens a change set) and "--- end" (closes it).'),
          range,
        ),
      );
    }
  }

  close(endLine: number): void {
    const cs = this.changeset;
    if (!cs) return;
    if (cs.requests.length === 0) {
      this.diagnostics.push(
        diagnostic('batch-empty-changeset', 'warning', l10n.t('This change set has no requests.'), cs.range),
      );
    }
    this.parts.push({
      kind: 'changeset',
      range: { start: cs.range.start, end: { line: endLine, character: this.lines.lineText(endLine).length } },
      requests: cs.requests,
    });
    this.changeset = undefined;
  }
}

export function parseBatch(
  lines: LineSource,
  from: number,
  to: number,
  batchLine: Range,
): { batch: BatchSyntax; diagnostics: Diagnostic[] } {
  const c = new PartCollector(lines);
  let i = from;
  while (i < to) {
    const text = lines.lineText(i);
    const marker = BATCH_MARKER.exec(text);
    if (marker || isBlankOrComment(text)) {
      if (marker) c.marker(i, text, marker[1]!.trim().toLowerCase());
      i++;
      continue;
    }
    const end = partEnd(lines, i, to);
    const parsed = parseRequest(lines, i, end, { allowBareTarget: false, allowFetchHeaders: false });
    c.diagnostics.push(...parsed.diagnostics);
    const request = parsed.syntax as SubRequestSyntax | undefined;
    if (request) {
      checkPart(request, c.inChangeset, c.diagnostics);
      c.add(request);
    }
    i = end;
  }
  c.close(Math.max(from, to - 1));
  if (c.parts.length === 0) {
    c.diagnostics.push(
      diagnostic(
        'batch-empty',
        'error',
        l10n.t('This $batch has no requests. Put request lines (e.g. "GET accounts?$top=1") after a blank line.'),
        batchLine,
      ),
    );
  }
  return { batch: { parts: c.parts }, diagnostics: c.diagnostics };
}

/** A part runs until the next request line, <fetch> or `---` marker (after its own fetch closes). */
function partEnd(lines: LineSource, from: number, to: number): number {
  let inFetch = FETCH_START.test(lines.lineText(from)) && !FETCH_END.test(lines.lineText(from));
  for (let i = from + 1; i < to; i++) {
    const text = lines.lineText(i);
    if (inFetch) {
      if (FETCH_END.test(text)) inFetch = false;
      continue;
    }
    if (BATCH_MARKER.test(text) || matchRequestLine(text) || FETCH_START.test(text)) return i;
  }
  return to;
}

function checkPart(request: SubRequestSyntax, inChangeset: boolean, diagnostics: Diagnostic[]): void {
  const line = request.line;
  if (line && isBatchTarget(line.target.text)) {
    diagnostics.push(
      diagnostic('batch-nested', 'error', l10n.t('A $batch cannot contain another $batch.'), line.range),
    );
  }
  if (inChangeset && (request.kind === 'fetchxml' || line?.method === 'GET')) {
    diagnostics.push(
      diagnostic(
        'batch-get-in-changeset',
        'error',
        l10n.t(
          'A change set holds only writes (POST, PATCH, PUT, DELETE). Put GET requests outside it, before "--- changeset" or after "--- end".',
        ),
        line?.range ?? request.range,
      ),
    );
  }
}
