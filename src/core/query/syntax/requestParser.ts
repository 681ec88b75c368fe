// Parses one request (request line, continuation lines, headers, blank line, body; or a <fetch>
// block) from a range of lines. Shared by top-level blocks and the parts of a $batch, so both
// follow exactly the same rules. Never throws: problems become diagnostics.
import * as l10n from '@vscode/l10n';
import { diagnostic, type Diagnostic } from './diagnostic';
import { editDistance } from './names';
import {
  BLANK,
  CONTINUATION,
  FETCH_END,
  FETCH_START,
  isBatchTarget,
  isBlankOrComment,
  isComment,
  looksLikeRequestStart,
  matchBareTarget,
  matchHeader,
  matchRequestLine,
  unknownMethodWord,
  type HeaderMatch,
  type RequestLineMatch,
} from './lines';
import {
  HTTP_METHODS,
  type BlockText,
  type HeaderSyntax,
  type RequestLineSyntax,
  type RequestSyntax,
  type TargetPiece,
} from './syntax';
import { isSqlStart, sqlVerb } from './sqlBlock';
import { lineRange, type LineSource, type Range } from './text';

export interface RequestParseOptions {
  /** Top-level blocks accept `accounts?$top=5` for GET; batch parts need the method. */
  readonly allowBareTarget: boolean;
  /** Top-level blocks accept headers before a bare `<fetch>`. */
  readonly allowFetchHeaders: boolean;
}

export interface ParsedRequest {
  readonly syntax?: RequestSyntax;
  readonly lensRange?: Range;
  /** Lines after the headers (the body or the $batch parts): [from, to). */
  readonly bodyLines?: { readonly from: number; readonly to: number };
  readonly diagnostics: Diagnostic[];
}

const METHOD_ONLY = new RegExp(`^\\s*(${HTTP_METHODS.join('|')})\\s*$`, 'i');

/** Parses lines [from, to); `from` is the request's first line (not blank, comment or variable). */
export function parseRequest(lines: LineSource, from: number, to: number, opts: RequestParseOptions): ParsedRequest {
  const first = lines.lineText(from);
  if (FETCH_START.test(first)) return parseFetchRequest(lines, from, to, []);
  // SQL only at the top level: a $batch part is an HTTP request.
  if (opts.allowBareTarget && isSqlStart(first)) return parseSqlRequest(lines, from, to, []);
  const line = matchRequestLine(first);
  if (line) return parseHttpRequest(lines, from, to, line);
  if (opts.allowFetchHeaders && matchHeader(first)) {
    const headed = parseHeadedFetch(lines, from, to);
    if (headed) return headed;
  }
  const lineRange = trimmedRange(lines, from);
  const methodOnly = METHOD_ONLY.exec(first);
  if (methodOnly) {
    return fail(
      diagnostic(
        'empty-target',
        'error',
        l10n.t(
          '{0} needs a URL after it, for example: GET accounts?$select=name&$top=10',
          methodOnly[1]!.toUpperCase(),
        ),
        lineRange,
      ),
    );
  }
  const bare = opts.allowBareTarget ? matchBareTarget(first) : undefined;
  if (bare) return parseHttpRequest(lines, from, to, bare);
  const unknown = unknownMethodWord(first);
  if (unknown) return fail(unknownMethod(from, unknown.word, unknown.start));
  return fail(
    diagnostic(
      opts.allowBareTarget ? 'expected-request' : 'batch-expected-request',
      'error',
      opts.allowBareTarget
        ? l10n.t(
            'Expected a request line such as "GET accounts?$top=10", a <fetch> block, a variable (@name = value) or a comment.',
          )
        : l10n.t(
            'Expected a request line such as "POST accounts" inside the $batch, or a "--- changeset" / "--- end" line.',
          ),
      lineRange,
    ),
  );
}

function fail(d: Diagnostic): ParsedRequest {
  return { diagnostics: [d] };
}

function unknownMethod(line: number, word: string, start: number): Diagnostic {
  const range = lineRange(line, start, start + word.length);
  const close = HTTP_METHODS.filter((m) => editDistance(m, word.toUpperCase()) <= 2);
  return diagnostic(
    'unknown-method',
    'error',
    l10n.t('"{0}" is not a method Dataverse accepts. Use GET, POST, PATCH, PUT or DELETE.', word),
    range,
    close.map((m) => ({ title: l10n.t('Change to {0}', m), edits: [{ range, newText: m }] })),
  );
}

function trimmedRange(lines: LineSource, line: number): Range {
  const text = lines.lineText(line);
  const start = text.length - text.trimStart().length;
  return lineRange(line, start, text.trimEnd().length);
}

function parseHttpRequest(lines: LineSource, from: number, to: number, m: RequestLineMatch): ParsedRequest {
  const diagnostics: Diagnostic[] = [];
  const pieces: TargetPiece[] = [{ offset: 0, position: { line: from, character: m.targetStart } }];
  let text = m.target;
  let i = from + 1;
  for (let c: RegExpExecArray | null; i < to && (c = CONTINUATION.exec(lines.lineText(i))); i++) {
    pieces.push({ offset: text.length, position: { line: i, character: c[1]!.length } });
    text += c[2]!;
  }
  const lastPiece = pieces[pieces.length - 1]!;
  const targetEnd = {
    line: lastPiece.position.line,
    character: lastPiece.position.character + text.length - lastPiece.offset,
  };
  const line: RequestLineSyntax = {
    method: m.method,
    ...(m.methodStart >= 0 ? { methodRange: lineRange(from, m.methodStart, m.methodStart + m.method.length) } : {}),
    target: { text, pieces, range: { start: pieces[0]!.position, end: targetEnd } },
    range: trimmedRange(lines, from),
  };
  const isBatch = isBatchTarget(text);
  const headerEnd = parseHeaders(lines, i, to, isBatch, diagnostics);
  const headers = headerEnd.headers;
  const { body, bodyLines } = isBatch
    ? { body: undefined, bodyLines: { from: headerEnd.next, to } }
    : parseBody(lines, headerEnd.next, headerEnd.to, line, diagnostics);
  const isFetch = m.method === 'GET' && body !== undefined && FETCH_START.test(body.text);
  const syntax: RequestSyntax = {
    kind: isFetch ? 'fetchxml' : 'http',
    line,
    headers,
    ...(isFetch ? { fetch: body } : body ? { body } : {}),
    range: {
      start: trimmedRange(lines, from).start,
      end: body?.range.end ?? lastContentEnd(lines, from, headerEnd.next),
    },
  };
  return { syntax, lensRange: line.range, bodyLines, diagnostics };
}

function lastContentEnd(lines: LineSource, from: number, to: number): Range['end'] {
  let last = from;
  for (let j = from; j < to; j++) if (!BLANK.test(lines.lineText(j))) last = j;
  return { line: last, character: lines.lineText(last).trimEnd().length };
}

interface HeaderSection {
  headers: HeaderSyntax[];
  /** First line after the headers (and the blank line ending them). */
  next: number;
  /** End of the request: shorter than the block's when a request line shows a missing `###`. */
  to: number;
}

function parseHeaders(
  lines: LineSource,
  from: number,
  to: number,
  isBatch: boolean,
  diagnostics: Diagnostic[],
): HeaderSection {
  const headers: HeaderSyntax[] = [];
  for (let i = from; i < to; i++) {
    const text = lines.lineText(i);
    if (BLANK.test(text)) return { headers, next: i + 1, to };
    if (isComment(text)) continue;
    if (looksLikeRequestStart(text) || (isBatch && /^\s*(---|<fetch)/.test(text))) {
      if (isBatch) return { headers, next: i, to };
      diagnostics.push(missingSeparator(lines, i));
      return { headers, next: i, to: i };
    }
    const h = matchHeader(text);
    if (h) {
      headers.push(headerAt(lines, i, h, diagnostics));
    } else if (/^\s*[{[<]/.test(text)) {
      const at = lineRange(i, 0, 0);
      diagnostics.push(
        diagnostic(
          'missing-blank-line',
          'warning',
          l10n.t('Put a blank line between the headers and the body.'),
          trimmedRange(lines, i),
          [{ title: l10n.t('Insert a blank line'), edits: [{ range: at, newText: '\n' }] }],
        ),
      );
      return { headers, next: i, to };
    } else {
      diagnostics.push(
        diagnostic(
          'bad-header',
          'error',
          l10n.t('Expected a header ("Name: value") or a blank line before the body.'),
          trimmedRange(lines, i),
        ),
      );
    }
  }
  return { headers, next: to, to };
}

/**
 * A header line. A written Authorization header is an error: the extension signs every request
 * with the signed-in token, and a second one (any case) would be joined to it ("Bearer A, Bearer B"),
 * which Dataverse refuses with 401 again and again.
 */
function headerAt(lines: LineSource, i: number, h: HeaderMatch, diagnostics: Diagnostic[]): HeaderSyntax {
  const nameRange = lineRange(i, h.nameStart, h.nameStart + h.name.length);
  if (h.name.trim().toLowerCase() === 'authorization') {
    diagnostics.push(
      diagnostic(
        'authorization-header',
        'error',
        l10n.t(
          'Remove this Authorization header: the extension signs every request with the token of your sign-in, and a second one makes Dataverse refuse the request.',
        ),
        nameRange,
        [
          {
            title: l10n.t('Remove the Authorization header'),
            edits: [{ range: { start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } }, newText: '' }],
          },
        ],
      ),
    );
  }
  return {
    name: h.name,
    value: h.value,
    range: trimmedRange(lines, i),
    nameRange,
    valueRange: lineRange(i, h.valueStart, h.valueStart + h.value.length),
  };
}

export function missingSeparator(lines: LineSource, line: number): Diagnostic {
  return diagnostic(
    'missing-separator',
    'error',
    l10n.t('Each request starts after a "###" line: this looks like a second request in the same block.'),
    trimmedRange(lines, line),
    [
      {
        title: l10n.t('Insert "###" before this request'),
        edits: [{ range: lineRange(line, 0, 0), newText: '###\n' }],
      },
    ],
  );
}

function parseBody(
  lines: LineSource,
  from: number,
  to: number,
  line: RequestLineSyntax,
  diagnostics: Diagnostic[],
): { body?: BlockText; bodyLines?: { from: number; to: number } } {
  const method = line.method;
  let first = from;
  while (first < to && isBlankOrComment(lines.lineText(first))) first++;
  let last = to - 1;
  while (last >= first && isBlankOrComment(lines.lineText(last))) last--;
  const bodyLines = { from, to };
  if (first > last) {
    if (method === 'PATCH' || method === 'PUT') {
      diagnostics.push(
        diagnostic(
          'missing-body',
          'warning',
          l10n.t('{0} sends the new values as a JSON body after a blank line.', method),
          line.range,
        ),
      );
    }
    return { bodyLines };
  }
  if (looksLikeRequestStart(lines.lineText(first))) {
    diagnostics.push(missingSeparator(lines, first));
    return { bodyLines: { from, to: first } };
  }
  const body = blockText(lines, first, last);
  if (method === 'GET' && !FETCH_START.test(body.text)) {
    // HTTP clients refuse to send a GET with a body (and Dataverse functions take their parameters in the URL).
    diagnostics.push(
      diagnostic(
        'body-not-allowed',
        'error',
        l10n.t(
          'A GET request cannot have a body. Remove this text, or put the values in the URL (function parameters go in parentheses or as @p aliases).',
        ),
        body.range,
      ),
    );
  } else if (method === 'DELETE') {
    diagnostics.push(
      diagnostic(
        'body-not-allowed',
        'warning',
        l10n.t('A DELETE request has no body; this text is not sent.'),
        body.range,
      ),
    );
  }
  return { body, bodyLines };
}

/** Lines [first, last] as a BlockText. */
export function blockText(lines: LineSource, first: number, last: number): BlockText {
  const parts: string[] = [];
  for (let j = first; j <= last; j++) parts.push(lines.lineText(j));
  return {
    text: parts.join('\n'),
    range: { start: { line: first, character: 0 }, end: { line: last, character: lines.lineText(last).length } },
  };
}

function parseHeadedFetch(lines: LineSource, from: number, to: number): ParsedRequest | undefined {
  const headers: HeaderSyntax[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let i = from; i < to; i++) {
    const text = lines.lineText(i);
    const start = FETCH_START.test(text) ? 'fetch' : isSqlStart(text) ? 'sql' : undefined;
    if (start) {
      const parsed =
        start === 'fetch'
          ? parseFetchRequest(lines, i, to, headers, from)
          : parseSqlRequest(lines, i, to, headers, from);
      return { ...parsed, diagnostics: [...diagnostics, ...parsed.diagnostics] };
    }
    if (isComment(text)) continue;
    const h = matchHeader(text);
    if (!h) return undefined;
    headers.push(headerAt(lines, i, h, diagnostics));
  }
  return undefined;
}

function parseFetchRequest(
  lines: LineSource,
  from: number,
  to: number,
  headers: HeaderSyntax[],
  start = from,
): ParsedRequest {
  const diagnostics: Diagnostic[] = [];
  let end = from;
  while (end < to - 1 && !FETCH_END.test(lines.lineText(end))) end++;
  if (!FETCH_END.test(lines.lineText(end))) {
    while (end > from && BLANK.test(lines.lineText(end))) end--;
    diagnostics.push(
      diagnostic(
        'unterminated-fetch',
        'error',
        l10n.t('This <fetch> has no closing </fetch>.'),
        trimmedRange(lines, from),
      ),
    );
  } else {
    const after = lines.lineText(end).slice(lines.lineText(end).search(FETCH_END)).replace(FETCH_END, '');
    if (after.trim() && !/^\s*(<!--.*-->\s*)*$/.test(after)) {
      diagnostics.push(
        diagnostic(
          'text-after-fetch',
          'error',
          l10n.t('Nothing may follow </fetch> on its line.'),
          trimmedRange(lines, end),
        ),
      );
    }
    for (let j = end + 1; j < to; j++) {
      if (!isBlankOrComment(lines.lineText(j))) {
        diagnostics.push(
          diagnostic(
            'text-after-fetch',
            'error',
            l10n.t('Only comments may follow </fetch> in a FetchXML request. Start another request with "###".'),
            trimmedRange(lines, j),
            looksLikeRequestStart(lines.lineText(j))
              ? [
                  {
                    title: l10n.t('Insert "###" before this request'),
                    edits: [{ range: lineRange(j, 0, 0), newText: '###\n' }],
                  },
                ]
              : undefined,
          ),
        );
        break;
      }
    }
  }
  const fetch = blockText(lines, from, end);
  const lensRange = trimmedRange(lines, start);
  return {
    syntax: { kind: 'fetchxml', headers, fetch, range: { start: lensRange.start, end: fetch.range.end } },
    lensRange,
    diagnostics,
  };
}

/**
 * A SQL request: header lines may come before it (as before a <fetch>); the statement is every line
 * from its first to the block's last non-blank one. The SQL itself is checked by the SQL parser.
 */
function parseSqlRequest(
  lines: LineSource,
  from: number,
  to: number,
  headers: HeaderSyntax[],
  start = from,
): ParsedRequest {
  let last = to - 1;
  while (last > from && BLANK.test(lines.lineText(last))) last--;
  const sql = blockText(lines, from, last);
  const verb = sqlVerb(sql.text);
  const lensRange = trimmedRange(lines, start);
  return {
    syntax: {
      kind: 'sql',
      headers,
      sql,
      ...(verb ? { sqlVerb: verb } : {}),
      range: { start: lensRange.start, end: { line: last, character: lines.lineText(last).trimEnd().length } },
    },
    lensRange,
    diagnostics: [],
  };
}
