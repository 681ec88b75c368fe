// Splits the body of a `POST $batch` block into its parts: requests and `--- changeset` … `--- end`
// groups. A part starts at a request line or a <fetch> line, so a JSON body (whose lines never
// start with a method) needs no other delimiter.
import { diagnostic, type Diagnostic } from './diagnostic';
import { BATCH_MARKER, FETCH_END, FETCH_START, isBatchTarget, isBlankOrComment, matchRequestLine } from './lines';
import { parseRequest } from './requestParser';
import type { BatchPartSyntax, BatchSyntax, SubRequestSyntax } from './syntax';
import { lineRange, type LineSource, type Range } from './text';

interface OpenChangeset {
  start: number;
  requests: SubRequestSyntax[];
  range: Range;
}

export function parseBatch(lines: LineSource, from: number, to: number, batchLine: Range): { batch: BatchSyntax; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parts: BatchPartSyntax[] = [];
  let changeset: OpenChangeset | undefined;
  const closeChangeset = (endLine: number): void => {
    if (!changeset) return;
    const range = { start: changeset.range.start, end: { line: endLine, character: lines.lineText(endLine).length } };
    if (changeset.requests.length === 0) {
      diagnostics.push(diagnostic('batch-empty-changeset', 'warning', 'This change set has no requests.', changeset.range));
    }
    parts.push({ kind: 'changeset', range, requests: changeset.requests });
    changeset = undefined;
  };
  let i = from;
  while (i < to) {
    const text = lines.lineText(i);
    const marker = BATCH_MARKER.exec(text);
    if (marker) {
      const word = marker[1]!.trim().toLowerCase();
      const range = lineRange(i, text.indexOf('---'), text.trimEnd().length);
      if (word === 'changeset' || word.startsWith('changeset ')) {
        closeChangeset(i - 1 >= from ? i - 1 : i);
        changeset = { start: i, requests: [], range };
      } else if (word === 'end' || word === 'end changeset') {
        if (changeset) closeChangeset(i);
        else diagnostics.push(diagnostic('batch-stray-end', 'error', '"--- end" closes a change set, but none is open.', range));
      } else {
        diagnostics.push(diagnostic('batch-bad-marker', 'error', 'Inside a $batch, "---" lines are "--- changeset" (opens a change set) and "--- end" (closes it).', range));
      }
      i++;
      continue;
    }
    if (isBlankOrComment(text)) {
      i++;
      continue;
    }
    const end = partEnd(lines, i, to);
    const parsed = parseRequest(lines, i, end, { allowBareTarget: false, allowFetchHeaders: false });
    diagnostics.push(...parsed.diagnostics);
    const request = parsed.syntax as SubRequestSyntax | undefined;
    if (request) {
      checkPart(request, changeset !== undefined, diagnostics);
      if (changeset) changeset.requests.push(request);
      else parts.push({ kind: 'request', request });
    }
    i = end;
  }
  closeChangeset(to - 1 >= from ? to - 1 : from);
  if (parts.length === 0) {
    diagnostics.push(diagnostic('batch-empty', 'error', 'This $batch has no requests. Put request lines (e.g. "GET accounts?$top=1") after a blank line.', batchLine));
  }
  return { batch: { parts }, diagnostics };
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
    diagnostics.push(diagnostic('batch-nested', 'error', 'A $batch cannot contain another $batch.', line.range));
  }
  if (inChangeset && (request.kind === 'fetchxml' || line?.method === 'GET')) {
    diagnostics.push(diagnostic('batch-get-in-changeset', 'error',
      'A change set holds only writes (POST, PATCH, PUT, DELETE). Put GET requests outside it, before "--- changeset" or after "--- end".',
      line?.range ?? request.range));
  }
}
