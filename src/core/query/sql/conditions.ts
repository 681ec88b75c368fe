// WHERE (and the extra conditions of a join's ON) as a FetchXML filter tree. NOT is pushed down to
// the negated operator (eq↔ne, like↔not-like…); the negative operators, which Dataverse also
// matches on empty columns, get a not-null beside them, so the answer is SQL's three-valued one; a
// form with no FetchXML operator is a diagnostic naming it.
import * as l10n from '@vscode/l10n';
import type { BetweenExpr, CompareExpr, CompareOp, InExpr, LikeExpr, SqlExpr } from './ast';
import { dateFunction, describeUnsupported } from './dateOperators';
import { resolveColumn, type Ctx, type ResolvedColumn, type ScopeEntry } from './scope';
import { dateValue, isValueExpr, valueText } from './values';
import { el, type XmlElement } from './xml';

const OPERATOR: Record<CompareOp, string> = { '=': 'eq', '<>': 'ne', '<': 'lt', '>': 'gt', '<=': 'le', '>=': 'ge' };
const FLIP: Record<CompareOp, CompareOp> = { '=': '=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };
const NEGATED: Record<string, string> = {
  eq: 'ne',
  ne: 'eq',
  lt: 'ge',
  ge: 'lt',
  gt: 'le',
  le: 'gt',
  like: 'not-like',
  'not-like': 'like',
  in: 'not-in',
  'not-in': 'in',
  between: 'not-between',
  'not-between': 'between',
  null: 'not-null',
  'not-null': 'null',
  'eq-userid': 'ne-userid',
  'ne-userid': 'eq-userid',
};
/**
 * Operators Dataverse also matches on an empty column ("does not equal" returns blanks, as the
 * emulator models it), where SQL's `<>`, NOT LIKE, NOT IN and NOT BETWEEN never match NULL.
 */
const MATCHES_NULL = new Set(['ne', 'not-like', 'not-in', 'not-between']);
/** The `(op AND not-null)` filters made for MATCHES_NULL, merged into an enclosing AND. */
const withNotNull = new WeakSet<XmlElement>();
const CAST_DATE: Partial<Record<CompareOp, string>> = {
  '=': 'on',
  '>=': 'on-or-after',
  '<=': 'on-or-before',
};

export interface FilterScope {
  readonly ctx: Ctx;
  readonly scope: readonly ScopeEntry[];
  /** The entity whose filter this is: its conditions need no entityname. */
  readonly home: ScopeEntry;
  /** In a join's ON: only the joined table's columns may be tested. */
  readonly onlyHome?: boolean;
}

/** The filter for an expression, or undefined after diagnostics. */
export function filterFor(f: FilterScope, e: SqlExpr): XmlElement | undefined {
  const node = condition(f, e, false);
  if (!node) return undefined;
  return node.name === 'filter' ? node : el('filter', { type: 'and' }, [node]);
}

function condition(f: FilterScope, e: SqlExpr, negate: boolean): XmlElement | undefined {
  switch (e.type) {
    case 'and':
    case 'or': {
      const type = (e.type === 'and') !== negate ? 'and' : 'or';
      const children = e.operands.map((o) => condition(f, o, negate));
      if (children.some((c) => !c)) return undefined;
      const flat = (children as XmlElement[]).flatMap((c) => (type === 'and' && withNotNull.has(c) ? c.children : [c]));
      return el('filter', { type }, type === 'and' ? withoutRepeatedNotNull(flat) : flat);
    }
    case 'not':
      return condition(f, e.operand, !negate);
    case 'compare':
      return compare(f, e, negate);
    case 'like':
      return like(f, e, negate);
    case 'in':
      return inList(f, e, negate);
    case 'between':
      return between(f, e, negate);
    case 'isNull': {
      const col = column(f, e.operand, 'IS NULL');
      return col && make(f, col, e.negated !== negate ? 'not-null' : 'null');
    }
    case 'error':
      return undefined;
    case 'column':
      f.ctx.error(
        'sql-unsupported',
        l10n.t('A column alone is not a condition: compare it (for Yes/No columns, = 1).'),
        e.span,
      );
      return undefined;
    default:
      f.ctx.error(
        'sql-unsupported',
        l10n.t('{0} has no FetchXML form in a condition.', describeUnsupported(e)),
        e.span,
      );
      return undefined;
  }
}

/** `x <> 1 AND x IS NOT NULL` (as FetchXML → SQL writes it back) asks for not-null once. */
function withoutRepeatedNotNull(conditions: readonly XmlElement[]): XmlElement[] {
  const seen = new Set<string>();
  return conditions.filter((c) => {
    if (c.name !== 'condition' || !c.attrs.some(([k, v]) => k === 'operator' && v === 'not-null')) return true;
    const key = JSON.stringify(c.attrs);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function column(f: FilterScope, e: SqlExpr, what: string): ResolvedColumn | undefined {
  if (e.type !== 'column') {
    if (e.type !== 'error') {
      f.ctx.error(
        'sql-unsupported',
        l10n.t('{0} has no FetchXML form: {1} needs a column on its left.', describeUnsupported(e), what),
        e.span,
      );
    }
    return undefined;
  }
  const col = resolveColumn(f.ctx, f.scope, e);
  if (col && f.onlyHome && col.entry !== f.home) {
    f.ctx.error(
      'sql-join',
      l10n.t(
        "A join's {0} may only add conditions on the joined table ({1}); move this one to {2}.",
        'ON',
        f.home.alias,
        'WHERE',
      ),
      e.span,
    );
    return undefined;
  }
  return col;
}

function make(f: FilterScope, col: ResolvedColumn, operator: string, value?: string, values?: string[]): XmlElement {
  const node = el('condition', {
    entityname: col.entry === f.home ? undefined : col.entry.alias,
    attribute: col.column.logicalName,
    operator,
    value,
  });
  for (const v of values ?? []) {
    const child = el('value');
    child.text = v;
    node.children.push(child);
  }
  if (!MATCHES_NULL.has(operator)) return node;
  const notNull = el('condition', {
    entityname: col.entry === f.home ? undefined : col.entry.alias,
    attribute: col.column.logicalName,
    operator: 'not-null',
  });
  const both = el('filter', { type: 'and' }, [node, notNull]);
  withNotNull.add(both);
  return both;
}

function negatedOperator(f: FilterScope, operator: string, negate: boolean, e: SqlExpr): string | undefined {
  if (!negate) return operator;
  const n = NEGATED[operator];
  if (!n) {
    f.ctx.error(
      'sql-unsupported',
      l10n.t('{0} of this condition ({1}) has no FetchXML operator.', 'NOT', operator),
      e.span,
    );
  }
  return n;
}

function compare(f: FilterScope, e: CompareExpr, negate: boolean): XmlElement | undefined {
  let { left, right, op } = e;
  const leftIsColumnish = left.type === 'column' || (left.type === 'cast' && left.operand.type === 'column');
  if (!leftIsColumnish && (right.type === 'column' || right.type === 'cast')) {
    [left, right] = [right, left];
    op = FLIP[op];
  }
  if (left.type === 'cast' && left.operand.type === 'column') {
    return castDate(f, left.operand, left.to.name, op, right, negate, e);
  }
  const col = column(f, left, l10n.t('a comparison'));
  if (!col) return undefined;
  if (right.type === 'column') return valueOf(f, col, op, right, negate);
  if (right.type === 'call') {
    const fn = dateFunction(f.ctx, right, col.column, op);
    if (!fn) return undefined;
    const operator = negatedOperator(f, fn.operator, negate, e);
    return operator ? make(f, col, operator, fn.value) : undefined;
  }
  if (right.type === 'null') {
    f.ctx.error(
      'sql-unsupported',
      l10n.t('"{0}" is never true in SQL: write {1}.', `${op} NULL`, op === '=' ? 'IS NULL' : 'IS NOT NULL'),
      e.span,
    );
    return undefined;
  }
  const value = valueText(f.ctx, right, col.column);
  if (value === undefined) return undefined;
  if (value === null) {
    f.ctx.error(
      'sql-parameter',
      l10n.t('This parameter is {0}; a comparison with {1} is never true: use {2}.', 'NULL', 'NULL', 'IS NULL'),
      right.span,
    );
    return undefined;
  }
  const operator = negatedOperator(f, OPERATOR[op], negate, e);
  return operator ? make(f, col, operator, value) : undefined;
}

function castDate(
  f: FilterScope,
  operand: SqlExpr & { type: 'column' },
  type: string,
  op: CompareOp,
  right: SqlExpr,
  negate: boolean,
  e: SqlExpr,
): XmlElement | undefined {
  const operator = CAST_DATE[op];
  if (type.toLowerCase() !== 'date' || !operator) {
    f.ctx.error(
      'sql-unsupported',
      l10n.t(
        '{0} has no FetchXML operator; {1} maps with {2}, {3} and {4} ({5}, {6}, {7}); FetchXML documents no operator for "not on a day".',
        `CAST(… AS ${type}) ${op}`,
        'CAST(column AS date)',
        '=',
        '>=',
        '<=',
        'on',
        'on-or-after',
        'on-or-before',
      ),
      e.span,
    );
    return undefined;
  }
  const col = column(f, operand, 'CAST');
  if (!col) return undefined;
  if (col.column.kind !== 'dateTime') {
    f.ctx.error('sql-type', l10n.t('{0} is not a date and time column.', col.column.logicalName), operand.span);
    return undefined;
  }
  const text =
    right.type === 'string' ? right.value : right.type === 'param' ? valueText(f.ctx, right, undefined) : undefined;
  const value = typeof text === 'string' ? dateValue(text, true) : undefined;
  if (!value) {
    if (text !== undefined) {
      f.ctx.error(
        'sql-type',
        l10n.t('Compare {0} with a date such as {1}.', 'CAST(… AS date)', "'2024-01-31'"),
        right.span,
      );
    }
    return undefined;
  }
  const negated = negatedOperator(f, operator, negate, e);
  return negated ? make(f, col, negated, value) : undefined;
}

function valueOf(
  f: FilterScope,
  col: ResolvedColumn,
  op: CompareOp,
  right: SqlExpr & { type: 'column' },
  negate: boolean,
) {
  const other = resolveColumn(f.ctx, f.scope, right);
  if (!other) return undefined;
  let [a, b] = [col, other];
  if (a.entry !== f.home && b.entry === f.home) {
    [a, b] = [b, a];
    op = FLIP[op];
  }
  if (f.onlyHome && b.entry !== f.home) {
    f.ctx.error(
      'sql-join',
      l10n.t("A join's {0} may only add conditions on the joined table ({1}).", 'ON', f.home.alias),
      right.span,
    );
    return undefined;
  }
  if (a.entry !== b.entry && a.entry !== f.home) {
    f.ctx.error(
      'sql-unsupported',
      l10n.t(
        'FetchXML compares two columns of the same table, or a column of the main table with a joined one; not two joined tables.',
      ),
      right.span,
    );
    return undefined;
  }
  if (family(a.column.kind) !== family(b.column.kind)) {
    f.ctx.error(
      'sql-type',
      l10n.t(
        'Dataverse compares columns of the same type only: {0} and {1} are not.',
        a.column.logicalName,
        b.column.logicalName,
      ),
      right.span,
    );
    return undefined;
  }
  const operator = negate ? NEGATED[OPERATOR[op]]! : OPERATOR[op];
  const valueof = a.entry === b.entry ? b.column.logicalName : `${b.entry.alias}.${b.column.logicalName}`;
  return el('condition', {
    entityname: a.entry === f.home ? undefined : a.entry.alias,
    attribute: a.column.logicalName,
    operator,
    valueof,
  });
}

/** Column kinds Dataverse lets `valueof` compare with each other. */
function family(kind: string): string {
  if (['integer', 'bigInt', 'decimal', 'double', 'money'].includes(kind)) return 'number';
  if (['string', 'memo'].includes(kind)) return 'text';
  if (['lookup', 'customer', 'owner', 'uniqueIdentifier'].includes(kind)) return 'id';
  if (['choice', 'state', 'status'].includes(kind)) return 'choice';
  return kind;
}

/** `LIKE … ESCAPE 'x'`: FetchXML has no ESCAPE, so escaped wildcards become [%], [_], [[]. */
function likePattern(pattern: string, escape: string | undefined): string {
  if (!escape) return pattern;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === escape && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      out += next === '%' || next === '_' || next === '[' ? `[${next}]` : next;
    } else out += ch;
  }
  return out;
}

function like(f: FilterScope, e: LikeExpr, negate: boolean): XmlElement | undefined {
  const col = column(f, e.left, 'LIKE');
  if (!col) return undefined;
  const pattern = valueText(f.ctx, e.pattern, undefined);
  let escape: string | undefined;
  if (e.escape) {
    const ch = valueText(f.ctx, e.escape, undefined);
    if (typeof ch !== 'string' || ch.length !== 1) {
      if (ch !== undefined) f.ctx.error('sql-type', l10n.t('{0} takes one character.', 'ESCAPE'), e.escape.span);
      return undefined;
    }
    escape = ch;
  }
  if (typeof pattern !== 'string') {
    if (pattern === null) f.ctx.error('sql-parameter', l10n.t('{0} is never true.', 'LIKE NULL'), e.pattern.span);
    return undefined;
  }
  const operator = negatedOperator(f, e.negated ? 'not-like' : 'like', negate, e);
  return operator ? make(f, col, operator, likePattern(pattern, escape)) : undefined;
}

function inList(f: FilterScope, e: InExpr, negate: boolean): XmlElement | undefined {
  const col = column(f, e.left, 'IN');
  if (!col) return undefined;
  const values: string[] = [];
  for (const v of e.values) {
    if (v.type === 'subquery') {
      f.ctx.error(
        'sql-unsupported',
        l10n.t('{0}: subqueries have no FetchXML form; use a {1}.', 'IN (SELECT …)', 'JOIN'),
        v.span,
      );
      return undefined;
    }
    if (!isValueExpr(v) && v.type !== 'error') {
      f.ctx.error('sql-unsupported', l10n.t('{0} lists take literal values and @parameters only.', 'IN'), v.span);
      return undefined;
    }
    const text = valueText(f.ctx, v, col.column);
    if (text === null) {
      f.ctx.error(
        'sql-unsupported',
        l10n.t(
          '{0} in an {1} list changes its meaning ({2} with {3} is never true); use {4}.',
          'NULL',
          'IN',
          'NOT IN',
          'NULL',
          'IS NULL',
        ),
        v.span,
      );
      return undefined;
    }
    if (text === undefined) return undefined;
    values.push(text);
  }
  if (values.length === 0) return undefined;
  const operator = negatedOperator(f, e.negated ? 'not-in' : 'in', negate, e);
  return operator ? make(f, col, operator, undefined, values) : undefined;
}

function between(f: FilterScope, e: BetweenExpr, negate: boolean): XmlElement | undefined {
  const col = column(f, e.left, 'BETWEEN');
  if (!col) return undefined;
  const low = valueText(f.ctx, e.low, col.column);
  const high = valueText(f.ctx, e.high, col.column);
  if (low === null || high === null) {
    f.ctx.error(
      'sql-unsupported',
      l10n.t('{0} with {1} is never true.', 'BETWEEN', 'NULL'),
      (low === null ? e.low : e.high).span,
    );
    return undefined;
  }
  if (low === undefined || high === undefined) return undefined;
  const operator = negatedOperator(f, e.negated ? 'not-between' : 'between', negate, e);
  return operator ? make(f, col, operator, undefined, [low, high]) : undefined;
}
