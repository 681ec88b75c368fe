// Parses a scratchpad (.dvq) document into requests, variables and the connection line (the format
// is described in FORMAT.md next to this file). Never throws: whatever the text, the result is a
// QueryDocument whose problems are typed diagnostics.
// Spelled via core/ because the lint rule against src/auth also matches a plain '../auth/'.
import * as l10n from '@vscode/l10n';
import { parseOrgUrl } from '../../org/orgUrl';
import { parseBatch } from './batchParser';
import { diagnostic, type Diagnostic } from './diagnostic';
import { BLANK, COMMENT, isBatchTarget, NAME_DIRECTIVE, SEPARATOR, VARIABLE_LINE, VARIABLE_NAME } from './lines';
import { parseRequest, type ParsedRequest } from './requestParser';
import type { ConnectionLine, QueryDocument, RequestSyntax, ScratchRequest, VariableDefinition } from './syntax';
import { LineIndex, lineRange, type LineSource, type Range } from './text';

/** A block: lines [from, to), with the separator line (if any) at `start`. */
export interface BlockSpan {
  readonly start: number;
  readonly from: number;
  readonly to: number;
  readonly title?: string;
}

export function parseDocument(text: string): QueryDocument {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const requests: ScratchRequest[] = [];
  const variables: VariableDefinition[] = [];
  let connection: ConnectionLine | undefined;
  const names = new Map<string, Range>();
  splitBlocks(lines).forEach((span, i) => {
    const block = parseBlock(lines, span, i === 0, requests.length);
    diagnostics.push(...block.diagnostics);
    if (i === 0) {
      variables.push(...block.variables);
      connection = block.connection;
    }
    const request = block.request;
    if (!request) return;
    if (request.name) {
      const earlier = names.get(request.name.value);
      if (earlier) {
        diagnostics.push(
          diagnostic(
            'duplicate-name',
            'error',
            l10n.t(
              'Another request (line {0}) is already named "{1}". Give each request its own name.',
              earlier.start.line + 1,
              request.name.value,
            ),
            request.name.range,
          ),
        );
      } else {
        names.set(request.name.value, request.name.range);
      }
    }
    requests.push(request);
  });
  diagnostics.push(...unclosedReferences(lines));
  return { lines, ...(connection ? { connection } : {}), variables, requests, diagnostics };
}

/** The file's connection line, reading only the first block (for a status bar item). */
export function readConnection(source: string | LineSource): ConnectionLine | undefined {
  const lines = typeof source === 'string' ? new LineIndex(source) : source;
  let to = 0;
  while (to < lines.lineCount && !SEPARATOR.test(lines.lineText(to))) to++;
  return parsePreamble(lines, { start: 0, from: 0, to }, true, []).connection;
}

export function splitBlocks(lines: LineSource): BlockSpan[] {
  const spans: BlockSpan[] = [];
  let start = 0;
  let from = 0;
  let title: string | undefined;
  for (let i = 0; i < lines.lineCount; i++) {
    const m = SEPARATOR.exec(lines.lineText(i));
    if (!m) continue;
    spans.push({ start, from, to: i, ...(title ? { title } : {}) });
    start = i;
    from = i + 1;
    title = m[1]!.replace(/^#+/, '').trim() || undefined;
  }
  spans.push({ start, from, to: lines.lineCount, ...(title ? { title } : {}) });
  return spans;
}

export interface ParsedBlock {
  readonly request?: ScratchRequest;
  readonly variables: VariableDefinition[];
  readonly connection?: ConnectionLine;
  readonly diagnostics: Diagnostic[];
}

interface Preamble {
  /** The first line of the request (or span.to when the block has none). */
  readonly start: number;
  readonly variables: VariableDefinition[];
  readonly connection?: ConnectionLine;
  readonly name?: ScratchRequest['name'];
}

/** Comments, `# @name`, `@variable = value` and the connection line before a block's request. */
function parsePreamble(lines: LineSource, span: BlockSpan, isHeader: boolean, diagnostics: Diagnostic[]): Preamble {
  const variables: VariableDefinition[] = [];
  let connection: ConnectionLine | undefined;
  let name: ScratchRequest['name'];
  let i = span.from;
  for (; i < span.to; i++) {
    const text = lines.lineText(i);
    if (BLANK.test(text)) continue;
    const directive = NAME_DIRECTIVE.exec(text);
    if (directive) {
      name = parseName(lines, i, directive, diagnostics) ?? name;
      continue;
    }
    if (COMMENT.test(text)) continue;
    const v = VARIABLE_LINE.exec(text);
    if (!v) break;
    const def = parseVariable(lines, i, v, isHeader ? 'file' : 'request', diagnostics);
    if (!def) continue;
    const earlier = variables.find((d) => d.name === def.name);
    if (earlier) {
      diagnostics.push(
        diagnostic(
          'duplicate-variable',
          'warning',
          l10n.t('@{0} is already set on line {1}; this value replaces it.', def.name, earlier.range.start.line + 1),
          def.nameRange,
        ),
      );
    }
    variables.push(def);
    if (def.name === 'connection') {
      if (isHeader) connection = parseConnection(def, diagnostics);
      else diagnostics.push(connectionNotAtTop(lines, def));
    }
  }
  return { start: i, variables, ...(connection ? { connection } : {}), ...(name ? { name } : {}) };
}

/** Parses one block; `isHeader` for the first one, whose variables are the file's. */
export function parseBlock(lines: LineSource, span: BlockSpan, isHeader: boolean, index: number): ParsedBlock {
  const diagnostics: Diagnostic[] = [];
  const pre = parsePreamble(lines, span, isHeader, diagnostics);
  const base = { variables: pre.variables, ...(pre.connection ? { connection: pre.connection } : {}), diagnostics };
  if (pre.start >= span.to) return base;
  const parsed = parseRequest(lines, pre.start, span.to, { allowBareTarget: true, allowFetchHeaders: true });
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.syntax || !parsed.lensRange) return base;
  const { syntax, batch } = withBatch(lines, parsed, span, diagnostics);
  const request: ScratchRequest = {
    ...syntax,
    index,
    ...(pre.name ? { name: pre.name } : {}),
    ...(span.title ? { title: span.title } : {}),
    blockRange: {
      start: { line: span.start, character: 0 },
      end: { line: span.to - 1, character: lines.lineText(span.to - 1).length },
    },
    lensRange: parsed.lensRange,
    variables: pre.variables,
    ...(batch ? { batch } : {}),
  };
  return { ...base, request };
}

/** A `POST $batch` request gets its parts parsed from the lines after its headers. */
function withBatch(
  lines: LineSource,
  parsed: ParsedRequest,
  span: BlockSpan,
  diagnostics: Diagnostic[],
): { syntax: RequestSyntax; batch?: ScratchRequest['batch'] } {
  const syntax = parsed.syntax!;
  const line = syntax.line;
  if (syntax.kind !== 'http' || !line || !isBatchTarget(line.target.text)) return { syntax };
  if (line.method !== 'POST') {
    diagnostics.push(
      diagnostic(
        'batch-method',
        'error',
        l10n.t('A $batch is sent with POST.'),
        line.methodRange ?? line.range,
        line.methodRange
          ? [{ title: l10n.t('Change to {0}', 'POST'), edits: [{ range: line.methodRange, newText: 'POST' }] }]
          : undefined,
      ),
    );
  }
  const body = parsed.bodyLines ?? { from: span.to, to: span.to };
  const parsedBatch = parseBatch(lines, body.from, body.to, line.range);
  diagnostics.push(...parsedBatch.diagnostics);
  return {
    syntax: {
      kind: 'batch',
      line,
      headers: syntax.headers,
      range: { start: syntax.range.start, end: lastContent(lines, syntax.range.start.line, body.to) },
    },
    batch: parsedBatch.batch,
  };
}

function lastContent(lines: LineSource, from: number, to: number): { line: number; character: number } {
  let last = from;
  for (let j = from; j < to; j++) if (!BLANK.test(lines.lineText(j)) && !COMMENT.test(lines.lineText(j))) last = j;
  return { line: last, character: lines.lineText(last).trimEnd().length };
}

function parseName(
  lines: LineSource,
  line: number,
  m: RegExpExecArray,
  diagnostics: Diagnostic[],
): ScratchRequest['name'] {
  const start = m[1]!.length;
  const value = m[2]!;
  const range = lineRange(line, start, start + value.length);
  if (!VARIABLE_NAME.test(value)) {
    diagnostics.push(
      diagnostic(
        'bad-name',
        'error',
        l10n.t('A request name is a word of letters, digits and _ (e.g. "# @name createAccount"), not "{0}".', value),
        value ? range : lineRange(line, 0, lines.lineText(line).length),
      ),
    );
    return undefined;
  }
  return { value, range };
}

function parseVariable(
  lines: LineSource,
  line: number,
  m: RegExpExecArray,
  scope: 'file' | 'request',
  diagnostics: Diagnostic[],
): VariableDefinition | undefined {
  const nameStart = m[1]!.length;
  const name = m[2]!;
  const valueStart = nameStart + name.length + m[3]!.length;
  const whole = lineRange(line, m[1]!.length - 1, lines.lineText(line).trimEnd().length);
  if (!VARIABLE_NAME.test(name) || !m[3]!.includes('=')) {
    diagnostics.push(
      diagnostic(
        'bad-variable',
        'error',
        l10n.t('A variable is set as "@name = value", with a name of letters, digits and _ (e.g. "@top = 10").'),
        whole,
      ),
    );
    return undefined;
  }
  return {
    name,
    value: m[4]!,
    scope,
    range: whole,
    nameRange: lineRange(line, nameStart, nameStart + name.length),
    valueRange: lineRange(line, valueStart, valueStart + m[4]!.length),
  };
}

function parseConnection(def: VariableDefinition, diagnostics: Diagnostic[]): ConnectionLine {
  const base = { value: def.value, range: def.range, valueRange: def.valueRange };
  if (def.value.includes('{{')) {
    diagnostics.push(
      diagnostic(
        'bad-connection',
        'error',
        l10n.t('The connection line takes the organization URL itself, not a variable.'),
        def.valueRange,
      ),
    );
    return base;
  }
  const parsed = parseOrgUrl(def.value);
  if (parsed.ok) return { ...base, orgUrl: parsed.value };
  diagnostics.push(
    diagnostic(
      'bad-connection',
      'error',
      parsed.message,
      def.valueRange,
      parsed.suggestion
        ? [
            {
              title: l10n.t('Use {0}', parsed.suggestion),
              edits: [{ range: def.valueRange, newText: parsed.suggestion }],
            },
          ]
        : undefined,
    ),
  );
  return base;
}

function connectionNotAtTop(lines: LineSource, def: VariableDefinition): Diagnostic {
  const line = def.range.start.line;
  const end =
    line + 1 < lines.lineCount ? { line: line + 1, character: 0 } : { line, character: lines.lineText(line).length };
  const whole = { start: { line, character: 0 }, end };
  return diagnostic(
    'connection-not-at-top',
    'warning',
    l10n.t('The connection line only counts at the top of the file, before the first "###".'),
    def.range,
    [
      {
        title: l10n.t('Move it to the top of the file'),
        edits: [
          { range: lineRange(0, 0, 0), newText: `@connection = ${def.value}\n` },
          { range: whole, newText: '' },
        ],
      },
    ],
  );
}

/** `{{` without `}}` on the same line: references never span lines. */
function unclosedReferences(lines: LineIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!lines.text.includes('{{')) return out;
  for (let l = 0; l < lines.lineCount; l++) {
    const text = lines.lineText(l);
    for (let at = text.indexOf('{{'); at !== -1; at = text.indexOf('{{', at + 2)) {
      const close = text.indexOf('}}', at + 2);
      if (close !== -1) {
        at = close;
        continue;
      }
      out.push(
        diagnostic(
          'unclosed-variable',
          'warning',
          l10n.t('This "{{" has no closing "}}" on its line, so it is sent as text.'),
          lineRange(l, at, text.length),
        ),
      );
      break;
    }
  }
  return out;
}
