// One request of the query history, parsed once from what globalState holds (or from a run): the
// request text made safe to keep, when it ran and how it went, and what it is (method, target,
// read or write) derived from the text itself, so a tampered store cannot make a write look like
// a read. Old entries were plain strings; they still load, without run facts.
import { redact } from '../../log/redact';
import { parseDocument } from '../syntax/parser';
import { SECRET_HEADER_LINE } from '../run/secretHeaders';
import { classifyHttp, classifySql, type Access } from '../run/safety';
import type { QueryDocument, ScratchRequest } from '../syntax/syntax';
import { findReferences, splitExpression } from '../run/variables';
import { sqlParams } from '../syntax/sqlBlock';

export const HISTORY_MAX_TEXT = 8_000;
export const REDACTED = '[REDACTED]';

/** Turns text into text with every recognizable secret masked; the extension passes its known-secrets list. */
export type Scrub = (text: string) => string;

/** How a run went, as the runner saw it. */
export interface RunFacts {
  readonly ranAt: number;
  readonly status: number;
  readonly durationMs: number;
  /** Rows shown, when the response had rows. */
  readonly rows?: number;
}

/** The shape kept in globalState. */
export interface StoredHistoryEntry {
  readonly text: string;
  readonly ranAt?: number;
  readonly status?: number;
  readonly durationMs?: number;
  readonly rows?: number;
}

export interface RequestSummary {
  /** GET, POST…; "FETCH" for a bare <fetch> block. */
  readonly method: string;
  /** The target as written (`accounts?$top=5`), the entity of a <fetch>, or `$batch`. */
  readonly target: string;
  readonly access: Access;
}

// Header lines that carry credentials (secretHeaders.ts) are dropped whole: the value is the secret
// and the request runs without them (the extension signs it).
// The org is the history's key, and "Open in Scratchpad" writes its own line.
const CONNECTION_LINE = /^\s*@connection\s*=/i;

/**
 * The text to keep: CRLF made LF, credential headers and the connection line dropped, then every
 * value a secret's name or shape gives away masked (`@clientSecret = [REDACTED]`, a pasted JWT).
 * Undefined when nothing is left or it is too long to keep.
 */
export function historyText(text: string, scrub: Scrub = redact): string | undefined {
  const kept = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => !SECRET_HEADER_LINE.test(line) && !CONNECTION_LINE.test(line));
  const clean = scrub(kept.join('\n'))
    .replace(/[ \t]+$/gm, '')
    .trim();
  return clean && clean.length <= HISTORY_MAX_TEXT ? clean : undefined;
}

export class HistoryEntry {
  private constructor(
    readonly text: string,
    readonly request: RequestSummary,
    readonly facts: Partial<RunFacts>,
  ) {}

  /** An entry for a request that just ran; undefined when its text cannot be kept. */
  static fromRun(text: string, facts: RunFacts, scrub: Scrub = redact): HistoryEntry | undefined {
    return HistoryEntry.create(text, facts, scrub);
  }

  /** A stored entry: an object of the current shape or an old plain string; junk gives undefined. */
  static parse(value: unknown, scrub: Scrub = redact): HistoryEntry | undefined {
    if (typeof value === 'string') return HistoryEntry.create(value, {}, scrub);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v.text !== 'string') return undefined;
    const facts: { -readonly [K in keyof RunFacts]?: RunFacts[K] } = {};
    if (isCount(v.ranAt) && v.ranAt > 0) facts.ranAt = v.ranAt;
    if (isCount(v.status) && v.status >= 100 && v.status <= 599) facts.status = v.status;
    if (typeof v.durationMs === 'number' && Number.isFinite(v.durationMs) && v.durationMs >= 0) {
      facts.durationMs = v.durationMs;
    }
    if (isCount(v.rows)) facts.rows = v.rows;
    return HistoryEntry.create(v.text, facts, scrub);
  }

  private static create(text: string, facts: Partial<RunFacts>, scrub: Scrub): HistoryEntry | undefined {
    const clean = historyText(text, scrub);
    return clean === undefined ? undefined : new HistoryEntry(clean, summarize(clean), facts);
  }

  get ranAt(): number | undefined {
    return this.facts.ranAt;
  }
  get status(): number | undefined {
    return this.facts.status;
  }
  get durationMs(): number | undefined {
    return this.facts.durationMs;
  }
  get rows(): number | undefined {
    return this.facts.rows;
  }
  get access(): Access {
    return this.request.access;
  }

  /** A secret was masked: the text can be opened and completed, not sent as it is. */
  get redacted(): boolean {
    return this.text.includes(REDACTED);
  }

  /** Two runs of the same text are one entry (the newer one). */
  sameRequest(other: HistoryEntry): boolean {
    return this.text === other.text;
  }

  toJSON(): StoredHistoryEntry {
    return { text: this.text, ...this.facts };
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Method, target and read/write of the text's first request, from the scratchpad parser. */
export function summarize(text: string): RequestSummary {
  const request = parseDocument(text).requests[0];
  if (!request) {
    const first = text.split('\n').find((l) => l.trim() && !/^\s*(#|\/\/|@)/.test(l)) ?? text.split('\n')[0] ?? '';
    return { method: '', target: first.trim(), access: 'read' };
  }
  if (request.kind === 'fetchxml' && !request.line) {
    const entity = /<entity\s[^>]*\bname\s*=\s*["']([^"']*)["']/.exec(request.fetch?.text ?? '')?.[1];
    return { method: 'FETCH', target: entity ?? '<fetch>', access: 'read' };
  }
  if (request.kind === 'sql') {
    const sql = request.sql?.text ?? '';
    const first = sql.split('\n').find((l) => l.trim() && !/^\s*--/.test(l)) ?? sql.split('\n')[0] ?? '';
    return { method: 'SQL', target: first.trim(), access: classifySql(sql, request.sqlVerb).access };
  }
  const line = request.line!;
  if (request.kind === 'batch') return { method: 'POST', target: line.target.text, access: batchAccess(request) };
  return { method: line.method, target: line.target.text, access: classifyHttp(line.method, line.target.text).access };
}

function batchAccess(request: ScratchRequest): Access {
  const parts = request.batch?.parts ?? [];
  const methods = parts
    .flatMap((p) => (p.kind === 'request' ? [p.request] : p.requests))
    .map((r) => r.line?.method ?? 'GET');
  // A change set is only for writes; an unparsed batch is treated as one that writes.
  const writes = parts.some((p) => p.kind === 'changeset') || methods.some((m) => m !== 'GET') || parts.length === 0;
  return writes ? 'write' : 'read';
}

/**
 * The request's block with the file variables it uses (directly or through other variables) put
 * before it, so the kept text runs again on its own. Its own `@x = …` lines win over the
 * file's (a request in the first block has the file's as its own).
 */
export function selfContainedText(doc: QueryDocument, request: ScratchRequest, blockText: string): string {
  const own = new Set(request.variables.map((v) => v.name));
  const fileVars = new Map(doc.variables.filter((v) => v.name !== 'connection').map((v) => [v.name, v]));
  const needed = new Set<string>();
  const visit = (text: string, sqlNames: readonly string[] = []): void => {
    for (const root of [...findReferences(text).map((ref) => splitExpression(ref.expression).root), ...sqlNames]) {
      const def = fileVars.get(root);
      if (own.has(root) || !def || needed.has(root)) continue;
      needed.add(root);
      visit(def.value);
    }
  };
  // A SQL block reads variables as @name parameters too.
  visit(blockText, request.kind === 'sql' ? sqlParams(request.sql?.text ?? '').map((p) => p.name) : []);
  for (const v of request.variables) visit(v.value);
  const lines = doc.variables.filter((v) => needed.has(v.name)).map((v) => `@${v.name} = ${v.value}`);
  return lines.length > 0 ? `${lines.join('\n')}\n${blockText}` : blockText;
}
