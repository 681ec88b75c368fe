// The structure of a `$apply` value as Dataverse takes it — transformations `groupby((cols),
// aggregate(…))`, `aggregate(col with method as alias, $count as alias)` and `filter(…)` joined by
// `/` — read once with offsets, for completion and checks. Tolerant of half-typed text: a
// parenthesis not closed yet runs to the end of the value.
import type { Span } from './odataPath';

export const TRANSFORMATIONS = ['groupby', 'aggregate', 'filter'] as const;
export const AGGREGATE_METHODS = ['sum', 'min', 'max', 'average', 'countdistinct'] as const;

/** One `col with method as alias` (or `$count as alias`) of an aggregate(…). */
export interface AggregateItem {
  readonly column?: Span;
  readonly method?: Span;
  readonly alias?: Span;
  readonly whole: Span;
}

export interface ApplyParts {
  /** Names of the transformations at the top level and inside groupby (each with its span). */
  readonly transformations: readonly Span[];
  /** Columns listed in groupby((…)). */
  readonly groupColumns: readonly Span[];
  readonly aggregates: readonly AggregateItem[];
  /** The text inside each filter(…), a $filter expression. */
  readonly filters: readonly Span[];
}

export interface Call {
  readonly name: Span;
  /** Inside the parentheses. */
  readonly inner: Span;
}

/** Every `name(` call in [from, to) with its matching `)` (or the end). */
export function applyCalls(text: string, from: number, to: number): Call[] {
  const out: Call[] = [];
  const open: { name: Span; start: number }[] = [];
  let quoted = false;
  for (let i = from; i < to; i++) {
    const ch = text[i]!;
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') {
      let s = i;
      while (s > from && /[\w$]/.test(text[s - 1]!)) s--;
      open.push({ name: { text: text.slice(s, i), start: s, end: i }, start: i + 1 });
    } else if (ch === ')') {
      const o = open.pop();
      if (o) out.push({ name: o.name, inner: { text: text.slice(o.start, i), start: o.start, end: i } });
    }
  }
  for (const o of open) out.push({ name: o.name, inner: { text: text.slice(o.start, to), start: o.start, end: to } });
  return out.sort((a, b) => a.name.start - b.name.start);
}

/** Comma-separated items of a span at its own nesting level, trimmed. */
export function items(text: string, span: Span): Span[] {
  const out: Span[] = [];
  let depth = 0;
  let start = span.start;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), start: start + lead, end: start + lead + raw.trim().length });
  };
  for (let i = span.start; i < span.end; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(span.end);
  return out;
}

/** `col with method as alias`: the words with their spans. */
function aggregateItem(item: Span): AggregateItem {
  const words: Span[] = [];
  for (const m of item.text.matchAll(/[^\s]+/g)) {
    words.push({ text: m[0], start: item.start + m.index, end: item.start + m.index + m[0].length });
  }
  const at = (word: string): number => words.findIndex((w) => w.text.toLowerCase() === word);
  const withAt = at('with');
  const asAt = at('as');
  const column = words[0] && words[0].text.toLowerCase() !== 'with' ? words[0] : undefined;
  return {
    whole: item,
    ...(column ? { column } : {}),
    ...(withAt >= 0 && words[withAt + 1] && withAt + 1 !== asAt ? { method: words[withAt + 1] } : {}),
    ...(asAt >= 0 && words[asAt + 1] ? { alias: words[asAt + 1] } : {}),
  };
}

export function parseApply(text: string, value: Span): ApplyParts {
  const all = applyCalls(text, value.start, value.end);
  const transformations: Span[] = [];
  const groupColumns: Span[] = [];
  const aggregates: AggregateItem[] = [];
  const filters: Span[] = [];
  const top = all.filter(
    (c) => !all.some((o) => o !== c && o.inner.start <= c.name.start && c.name.end <= o.inner.end),
  );
  for (const call of top) {
    transformations.push(call.name);
    const name = call.name.text.toLowerCase();
    if (name === 'filter') filters.push(call.inner);
    if (name === 'aggregate') aggregates.push(...aggregatesOf(text, call.inner));
    if (name !== 'groupby') continue;
    const [list, ...rest] = items(text, call.inner);
    if (list?.text.startsWith('(')) {
      const close = list.text.lastIndexOf(')');
      const inner = { text: '', start: list.start + 1, end: close > 0 ? list.start + close : list.end };
      groupColumns.push(...items(text, { ...inner, text: text.slice(inner.start, inner.end) }).filter((c) => c.text));
    }
    for (const r of rest) {
      const nested = all.find((c) => c.name.start === r.start);
      if (!nested) continue;
      transformations.push(nested.name);
      if (nested.name.text.toLowerCase() === 'aggregate') aggregates.push(...aggregatesOf(text, nested.inner));
    }
  }
  return { transformations, groupColumns, aggregates, filters };
}

function aggregatesOf(text: string, inner: Span): AggregateItem[] {
  return items(text, inner)
    .filter((i) => i.text)
    .map(aggregateItem);
}
