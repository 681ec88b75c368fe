// FetchXML filters → an OData $filter expression over the root table and its many-to-one navigations:
// comparisons, null, in, between, like as contains/startswith/endswith, valueof on the root table, and
// the Web API query functions for the operators OData has no symbol for.
import * as l10n from '@vscode/l10n';
import type { TableIndex } from '../language/metadataIndex';
import { ConvertError, columnOf } from './conversion';
import { isCondition, type FetchCond, type FetchFilterNode } from './fetchModel';
import { LIST_OPERATORS, NO_VALUE_OPERATORS, NUMBER_OPERATORS, QUERY_FUNCTIONS, odataLiteral } from './operators';

/** Where a condition's column lives: a table and the path prefix that reaches it from the root. */
export interface Scope {
  index: TableIndex;
  prefix: string;
}

/** Parenthesizes a compound expression (extra parentheses around a literal holding ' and ' are harmless). */
export function wrap(f: string): string {
  return /\s(and|or)\s/.test(f) ? `(${f})` : f;
}

export function filterText(f: FetchFilterNode, own: Scope, links: Map<string, Scope>, root: boolean): string {
  const parts = f.items
    .map((i) => (isCondition(i) ? condition(i, own, links, root) : filterText(i, own, links, root)))
    .filter((p) => p !== '');
  if (parts.length <= 1) return parts[0] ?? '';
  return parts.map(wrap).join(` ${f.type} `);
}

function condition(c: FetchCond, own: Scope, links: Map<string, Scope>, root: boolean): string {
  const scope = c.entityname ? links.get(c.entityname) : own;
  if (!scope) {
    throw new ConvertError(
      l10n.t(
        "The condition on '{0}' names link-entity '{1}', which OData cannot reach.",
        c.attribute,
        c.entityname ?? '',
      ),
    );
  }
  const entry = columnOf(scope.index, c.attribute);
  const path = `${scope.prefix}${entry.webName}`;
  const op = c.operator === 'neq' ? 'ne' : c.operator;
  if (c.valueof) {
    if (!root || c.entityname || c.valueof.includes('.') || !['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) {
      throw new ConvertError(
        l10n.t("OData compares two columns of the root table only; valueof='{0}' cannot be converted.", c.valueof),
      );
    }
    return `${path} ${op} ${columnOf(scope.index, c.valueof).webName}`;
  }
  const lit = (v: string | undefined): string => odataLiteral(entry, v ?? '');
  if (['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) return `${path} ${op} ${lit(c.values[0])}`;
  if (op === 'null' || op === 'not-null') return `${path} ${op === 'null' ? 'eq' : 'ne'} null`;
  if (op === 'in') return c.values.map((v) => `${path} eq ${lit(v)}`).join(' or ');
  if (op === 'between') return `${path} ge ${lit(c.values[0])} and ${path} le ${lit(c.values[1])}`;
  const text = textOperator(op, path, c.values[0] ?? '');
  if (text) return text;
  const fn = QUERY_FUNCTIONS[op];
  if (!fn) throw new ConvertError(l10n.t("OData has no equivalent of the FetchXML operator '{0}'.", op));
  if (scope.prefix) {
    throw new ConvertError(l10n.t('OData query functions such as {0} read columns of the root table only.', fn));
  }
  const args = [`PropertyName='${entry.webName}'`];
  if (LIST_OPERATORS.has(op)) {
    args.push(`PropertyValues=[${c.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`);
  } else if (!NO_VALUE_OPERATORS.has(op)) args.push(`PropertyValue=${functionValue(op, c.values[0] ?? '')}`);
  return `Microsoft.Dynamics.CRM.${fn}(${args.join(',')})`;
}

function functionValue(op: string, raw: string): string {
  if (NUMBER_OPERATORS.has(op)) {
    if (!/^\d+$/.test(raw.trim())) {
      throw new ConvertError(l10n.t("The operator '{0}' needs a whole number, not '{1}'.", op, raw));
    }
    return raw.trim();
  }
  return `'${raw.replace(/'/g, "''")}'`;
}

const PLAIN = /^[^%_[\]]*$/;

/** like / begins-with / ends-with as contains/startswith/endswith, when the pattern has no inner wildcard. */
function textOperator(op: string, path: string, raw: string): string | undefined {
  const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  const negate = op.startsWith('not-');
  const base = negate ? op.slice(4) : op;
  const call = ((): string | undefined => {
    if (base === 'begin-with' || base === 'begins-with') {
      return PLAIN.test(raw) ? `startswith(${path},${q(raw)})` : undefined;
    }
    if (base === 'end-with' || base === 'ends-with') return PLAIN.test(raw) ? `endswith(${path},${q(raw)})` : undefined;
    if (base !== 'like') return undefined;
    const m = /^(%?)([^%_[\]]*)(%?)$/.exec(raw);
    if (!m || (!m[1] && !m[3])) {
      throw new ConvertError(l10n.t("OData has no LIKE: the pattern '{0}' has wildcards it cannot express.", raw));
    }
    const fn = m[1] && m[3] ? 'contains' : m[1] ? 'endswith' : 'startswith';
    return `${fn}(${path},${q(m[2]!)})`;
  })();
  if (!call && ['like', 'begins-with', 'begin-with', 'ends-with', 'end-with'].includes(base)) {
    throw new ConvertError(l10n.t("The value '{0}' of operator '{1}' holds wildcards OData cannot express.", raw, op));
  }
  return call && (negate ? `not ${call}` : call);
}
