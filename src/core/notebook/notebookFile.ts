// The `.dvnb` query notebook file (NOTEBOOK.md): its shape, the reader and the writer. The writer
// puts keys in one order and a stored row on one line, so a notebook diffs well in git; the reader
// refuses a malformed file with the reason and where it is, rather than opening part of it (saving
// that part would lose the rest). Keys it does not know are kept and written back.
import * as l10n from '@vscode/l10n';
import { tryParseJson } from '../json';
import type { GridCell } from '../results/protocol';

export const NOTEBOOK_EXTENSION = '.dvnb';
export const NOTEBOOK_TYPE = 'dynamics365-notebook'; // NOTEBOOK.type in ids.ts
export const NOTEBOOK_FORMAT_VERSION = 1;

/** A stored result column: formatted twins sit right after their raw column. */
export interface StoredColumn {
  readonly id: string;
  readonly header: string;
  readonly formatted?: boolean;
}

/** What a run left in a cell: the first rows of its answer, or the error, with where and when. */
export interface StoredOutput {
  readonly org: string;
  readonly status: number;
  readonly durationMs: number;
  /** ISO time of the run. */
  readonly ranAt?: string;
  /** Rows the answer had (this page); `rows` holds at most the stored-rows setting of them. */
  readonly rowCount?: number;
  readonly moreRows?: boolean;
  readonly columns?: readonly StoredColumn[];
  /** One array per row, a value per column (null for none). */
  readonly rows?: readonly (readonly GridCell[])[];
  /** An answer that is not a table (a write's body, a function's answer), cut to a size. */
  readonly body?: string;
  readonly error?: { readonly code?: string; readonly message: string };
  /** A SQL INSERT / UPDATE / DELETE: what it wrote and how it went. */
  readonly write?: StoredWrite;
}

/** The summary of a SQL write a cell ran: rows matched, written, failed (with the org's code and message), not sent. */
export interface StoredWrite {
  readonly statement: 'INSERT' | 'UPDATE' | 'DELETE';
  /** The table's logical name. */
  readonly table: string;
  /** Rows the statement named (read and counted before the question). */
  readonly total: number;
  /** Rows written. */
  readonly affected: number;
  readonly failed: number;
  /** Not sent: after Cancel, or after an answer that left the outcome unknown. */
  readonly notSent: number;
  readonly cancelled?: boolean;
  /** The first failed rows (at most STORED_FAILURES): the row's name or id, the org's code and message. */
  readonly failures?: readonly StoredFailure[];
}

export interface StoredFailure {
  readonly row: string;
  readonly status?: number;
  readonly code?: string;
  readonly message: string;
}

export interface NotebookCell {
  readonly kind: 'query' | 'markdown';
  readonly source: string;
  readonly output?: StoredOutput;
  /** Keys of the cell this version does not know, written back as they were. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface NotebookFile {
  /** The organization the notebook runs against. */
  readonly org?: string;
  readonly cells: readonly NotebookCell[];
  readonly extra?: Readonly<Record<string, unknown>>;
}

export class NotebookFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotebookFormatError';
  }
}

const FILE_KEYS = ['format', 'version', 'org', 'cells'];
const CELL_KEYS = ['kind', 'source', 'output'];
const OUTPUT_KEYS = [
  'org',
  'status',
  'durationMs',
  'ranAt',
  'rowCount',
  'moreRows',
  'error',
  'write',
  'body',
  'columns',
  'rows',
];

/** Reads a notebook; an empty file is an empty notebook. Throws NotebookFormatError with the reason. */
export function parseNotebook(text: string): NotebookFile {
  if (text.trim() === '') return { cells: [] };
  const json = tryParseJson(text);
  if (json === undefined) {
    throw new NotebookFormatError(
      l10n.t({
        message: 'The file is not valid JSON ({0}).',
        args: [jsonProblem(text)],
        comment: ['{0} is what the JSON parser reported, with the line and column'],
      }),
    );
  }
  const root = record(json, () => l10n.t('The file must be a JSON object.'));
  if (root.format !== undefined && root.format !== NOTEBOOK_TYPE) {
    throw new NotebookFormatError(
      typeof root.format === 'string'
        ? l10n.t('"format" is "{0}", not "{1}".', root.format, NOTEBOOK_TYPE)
        : l10n.t('"format" must be the text "{0}".', NOTEBOOK_TYPE),
    );
  }
  if (typeof root.version === 'number' && root.version > NOTEBOOK_FORMAT_VERSION) {
    throw new NotebookFormatError(
      l10n.t(
        'The notebook was written by a newer version (format {0}); update the extension to open it.',
        root.version,
      ),
    );
  }
  if (root.org !== undefined && typeof root.org !== 'string') {
    throw new NotebookFormatError(l10n.t('"org" must be a string.'));
  }
  if (!Array.isArray(root.cells)) throw new NotebookFormatError(l10n.t('"cells" must be a list of cells.'));
  const cells = root.cells.map((c, i) => parseCell(c, i));
  return { ...(root.org ? { org: root.org as string } : {}), cells, ...extraOf(root, FILE_KEYS) };
}

function parseCell(value: unknown, i: number): NotebookCell {
  const n = i + 1;
  const cell = record(value, () => l10n.t('Cell {0} must be a JSON object.', n));
  if (cell.kind !== 'query' && cell.kind !== 'markdown') {
    throw new NotebookFormatError(l10n.t('Cell {0}: "kind" must be "query" or "markdown".', n));
  }
  const source = sourceOf(cell.source, n);
  const output = cell.output === undefined ? undefined : parseOutput(cell.output, n);
  return { kind: cell.kind, source, ...(output ? { output } : {}), ...extraOf(cell, CELL_KEYS) };
}

function sourceOf(value: unknown, n: number): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((l) => typeof l === 'string')) return value.join('\n');
  throw new NotebookFormatError(l10n.t('Cell {0}: "source" must be a list of lines (strings).', n));
}

function parseOutput(value: unknown, n: number): StoredOutput {
  const o = record(value, () => l10n.t('Cell {0}: its output must be a JSON object.', n));
  const bad = (key: string, what: () => string): never => {
    throw new NotebookFormatError(
      l10n.t({
        message: 'Cell {0}: the output\'s "{1}" must be {2}.',
        args: [n, key, what()],
        comment: ['{1} is a JSON key, {2} what its value must be (for example "a number")'],
      }),
    );
  };
  if (typeof o.org !== 'string') bad('org', () => l10n.t('a string'));
  if (typeof o.status !== 'number') bad('status', () => l10n.t('a number'));
  if (typeof o.durationMs !== 'number') bad('durationMs', () => l10n.t('a number'));
  if (o.columns !== undefined && !(Array.isArray(o.columns) && o.columns.every(isColumn))) {
    bad('columns', () => l10n.t('a list of {0}', '{ "id", "header" }'));
  }
  if (o.rows !== undefined && !(Array.isArray(o.rows) && o.rows.every((r) => Array.isArray(r) && r.every(isCell)))) {
    bad('rows', () => l10n.t('a list of rows (lists of strings, numbers, booleans or null)'));
  }
  if (o.error !== undefined && !isError(o.error)) bad('error', () => l10n.t('an object with a "message"'));
  if (o.write !== undefined && !isWrite(o.write)) {
    bad('write', () => l10n.t('an object with {0}', '"statement", "table", "total", "affected", "failed", "notSent"'));
  }
  // Keys are copied as they are: the checks above are all a stored output needs.
  const out: Record<string, unknown> = {};
  for (const key of OUTPUT_KEYS) if (o[key] !== undefined) out[key] = o[key];
  return out as unknown as StoredOutput;
}

const isCell = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isColumn = (v: unknown): boolean =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as StoredColumn).id === 'string' &&
  typeof (v as StoredColumn).header === 'string';
const isWrite = (v: unknown): boolean => {
  if (!v || typeof v !== 'object') return false;
  const w = v as Record<string, unknown>;
  const counts = ['total', 'affected', 'failed', 'notSent'].every((k) => typeof w[k] === 'number');
  const failures =
    w.failures === undefined ||
    (Array.isArray(w.failures) &&
      w.failures.every((f) => isError(f) && typeof (f as { row?: unknown }).row === 'string'));
  return (
    ['INSERT', 'UPDATE', 'DELETE'].includes(w.statement as string) && typeof w.table === 'string' && counts && failures
  );
};
const isError = (v: unknown): boolean =>
  !!v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string';

/** `refusal`: the message when it is not (made only then: l10n is configured after load). */
function record(value: unknown, refusal: () => string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new NotebookFormatError(refusal());
  return value as Record<string, unknown>;
}

function extraOf(o: Record<string, unknown>, known: readonly string[]): { extra?: Record<string, unknown> } {
  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(o)) if (!known.includes(key)) extra[key] = o[key];
  return Object.keys(extra).length ? { extra } : {};
}

/** Where JSON.parse stopped, as a line and column when it says an offset. */
function jsonProblem(text: string): string {
  try {
    JSON.parse(text);
    return l10n.t('unknown problem');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    if (!at) return message;
    const before = text.slice(0, Number(at[1]));
    const line = before.split('\n').length;
    return l10n.t({
      message: '{0} at line {1}, column {2}',
      args: [message.replace(/ in JSON at position \d+.*$/, ''), line, before.length - before.lastIndexOf('\n')],
      comment: ["{0} is the JSON parser's message (in English)"],
    });
  }
}

/** The file's text: fixed key order, two-space indent, each source line and each stored row on a line of its own. */
export function serializeNotebook(notebook: NotebookFile): string {
  const lines = ['{', `  "format": ${JSON.stringify(NOTEBOOK_TYPE)},`, `  "version": ${NOTEBOOK_FORMAT_VERSION},`];
  if (notebook.org) lines.push(`  "org": ${JSON.stringify(notebook.org)},`);
  for (const [key, value] of sortedEntries(notebook.extra)) lines.push(`  ${JSON.stringify(key)}: ${compact(value)},`);
  if (notebook.cells.length === 0) lines.push('  "cells": []');
  else {
    lines.push('  "cells": [');
    notebook.cells.forEach((cell, i) => {
      const cellLines = writeCell(cell);
      if (i < notebook.cells.length - 1) cellLines[cellLines.length - 1] += ',';
      lines.push(...cellLines);
    });
    lines.push('  ]');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function writeCell(cell: NotebookCell): string[] {
  const fields: string[][] = [
    [`"kind": ${JSON.stringify(cell.kind)}`],
    list(
      '"source": ',
      cell.source.split('\n').map((l) => JSON.stringify(l)),
      '        ',
    ),
  ];
  if (cell.output) fields.push(writeOutput(cell.output));
  for (const [key, value] of sortedEntries(cell.extra)) fields.push([`${JSON.stringify(key)}: ${compact(value)}`]);
  return ['    {', ...joinFields(fields, '      '), '    }'];
}

function writeOutput(o: StoredOutput): string[] {
  const fields: string[][] = [];
  for (const key of OUTPUT_KEYS) {
    const value = (o as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'columns' || key === 'rows') {
      fields.push(list(`"${key}": `, (value as unknown[]).map(compact), '          '));
    } else if (key === 'write') fields.push(writeWrite(value as StoredWrite));
    else fields.push([`${JSON.stringify(key)}: ${compact(value)}`]);
  }
  return ['"output": {', ...joinFields(fields, '        '), '      }'];
}

/** A write's counts on one line, each failed row on a line of its own. */
function writeWrite(w: StoredWrite): string[] {
  const { failures, ...counts } = w;
  const head = compact(counts).slice(0, -1);
  if (!failures?.length) return [`"write": ${compact(w)}`];
  const rows = list('"failures": ', failures.map(compact), '            ');
  return [`"write": ${head},`, ...rows.map((l, i) => (i === 0 ? `          ${l}` : l)), '        }'];
}

/** `name: [` items one a line `]`, or `name: []`. */
function list(head: string, items: string[], indent: string): string[] {
  if (items.length === 0) return [`${head}[]`];
  return [
    `${head}[`,
    ...items.map((item, i) => `${indent}${item}${i < items.length - 1 ? ',' : ''}`),
    `${indent.slice(2)}]`,
  ];
}

/** Fields (each one or more lines; continuation lines already indented) separated by commas. */
function joinFields(fields: string[][], indent: string): string[] {
  const out: string[] = [];
  fields.forEach((field, i) => {
    const [first, ...rest] = field;
    const lines = [`${indent}${first}`, ...rest];
    if (i < fields.length - 1) lines[lines.length - 1] += ',';
    out.push(...lines);
  });
  return out;
}

/** JSON on one line, object keys sorted so the same value is always written the same way. */
function compact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function sortedEntries(o: Readonly<Record<string, unknown>> | undefined): [string, unknown][] {
  return Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
