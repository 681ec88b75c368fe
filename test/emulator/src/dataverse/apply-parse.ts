// Reads an OData `$apply` value into the transformations Dataverse runs: `filter(…)`, `groupby((…))`,
// `groupby((…),aggregate(…))` and `aggregate(…)` chained with `/`. Text only; apply.ts binds the names.
// Microsoft documents no error code or message for malformed `$apply` text, so these carry the code the
// emulator uses for other malformed query options (0x80060888) with a message naming what is wrong.
import { badQuery, type ODataError } from './errors';
import { splitTop } from './options';

/** OData's aggregation methods Dataverse takes (the aggregate-data page's examples, plus countdistinct). */
export const APPLY_METHODS = ['sum', 'min', 'max', 'average', 'countdistinct'] as const;
export type ApplyMethod = (typeof APPLY_METHODS)[number] | '$count';

export interface ApplyAggregate {
  /** Web API name or path; undefined for `$count`. */
  column?: string;
  method: ApplyMethod;
  alias: string;
}

export interface ApplyPlan {
  /** `filter(…)` expressions, in order, all before any grouping. */
  filters: string[];
  /** `groupby((…))` columns as written; undefined when there is no groupby. */
  groupBy?: string[];
  aggregates: ApplyAggregate[];
}

function invalid(text: string, why: string): ODataError {
  return badQuery(`The $apply expression '${text}' is not valid: ${why}.`);
}

/** Index of the `)` closing the `(` at `open`, outside quotes; -1 when it is never closed. */
function closing(text: string, open: number): number {
  let depth = 0,
    quoted = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** `name(inner)` with the parentheses balanced and nothing after them. */
function call(whole: string, part: string): { name: string; inner: string } {
  const open = part.indexOf('(');
  const name = part.slice(0, Math.max(open, 0)).trim();
  if (open < 0 || closing(part, open) !== part.length - 1) {
    throw invalid(whole, `'${part}' is not a transformation of the form name(…)`);
  }
  return { name, inner: part.slice(open + 1, -1).trim() };
}

const ITEM_RE = /^(\$count|[A-Za-z_][\w/]*)(?:\s+with\s+([A-Za-z]+))?\s+as\s+([A-Za-z_]\w*)$/;

function aggregateItems(whole: string, inner: string): ApplyAggregate[] {
  const out: ApplyAggregate[] = [];
  for (const item of splitTop(inner, ',')) {
    const m = ITEM_RE.exec(item);
    if (!m) throw invalid(whole, `'${item}' should be 'column with method as alias' or '$count as alias'`);
    const [, column, method, alias] = m as unknown as [string, string, string | undefined, string];
    if (column === '$count') {
      if (method) throw invalid(whole, `'$count' takes no method ('$count as ${alias}')`);
      out.push({ method: '$count', alias });
    } else if (!method) {
      throw invalid(whole, `'${item}' needs a method: ${column} with ${APPLY_METHODS.join('|')} as ${alias}`);
    } else if (!(APPLY_METHODS as readonly string[]).includes(method)) {
      throw invalid(whole, `'${method}' is not an aggregation method; use one of ${APPLY_METHODS.join(', ')}`);
    } else {
      out.push({ column, method: method as ApplyMethod, alias });
    }
  }
  if (!out.length) throw invalid(whole, 'aggregate() needs at least one item');
  const seen = new Set<string>();
  for (const a of out) {
    if (seen.has(a.alias.toLowerCase())) throw invalid(whole, `the alias '${a.alias}' is used twice`);
    seen.add(a.alias.toLowerCase());
  }
  return out;
}

function groupBy(whole: string, plan: ApplyPlan, inner: string): void {
  const [columns, aggregate, ...rest] = splitTop(inner, ',');
  if (!columns?.startsWith('(') || closing(columns, 0) !== columns.length - 1) {
    throw invalid(whole, 'groupby takes its columns in parentheses: groupby((column1,column2))');
  }
  plan.groupBy = splitTop(columns.slice(1, -1), ',');
  if (!plan.groupBy.length) throw invalid(whole, 'groupby() needs at least one column');
  if (rest.length) throw invalid(whole, `groupby takes the columns and one aggregate(…), not '${rest.join(',')}'`);
  if (aggregate === undefined) return;
  const agg = call(whole, aggregate);
  if (agg.name !== 'aggregate') {
    throw invalid(whole, `groupby takes aggregate(…) after its columns, not '${agg.name}(…)'`);
  }
  plan.aggregates = aggregateItems(whole, agg.inner);
}

export function parseApply(text: string): ApplyPlan {
  const whole = text.trim();
  if (!whole) throw invalid(text, 'it is empty');
  const plan: ApplyPlan = { filters: [], aggregates: [] };
  let grouped = false;
  for (const part of splitTop(whole, '/')) {
    const { name, inner } = call(whole, part);
    // Dataverse runs $apply as one aggregate query, so filters can only narrow the rows before grouping.
    if (grouped) throw invalid(whole, `'${name}(…)' after groupby or aggregate is not supported`);
    if (name === 'filter') {
      if (!inner) throw invalid(whole, 'filter() needs an expression');
      plan.filters.push(inner);
    } else if (name === 'groupby') {
      groupBy(whole, plan, inner);
      grouped = true;
    } else if (name === 'aggregate') {
      plan.aggregates = aggregateItems(whole, inner);
      grouped = true;
    } else {
      throw invalid(whole, `'${name}' is not a supported transformation; use groupby, aggregate or filter`);
    }
  }
  return plan;
}
