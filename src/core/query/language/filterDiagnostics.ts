// Checks the names in a $filter: property paths (following navigation properties and lambda
// variables), the PropertyName of Microsoft.Dynamics.CRM query functions, and numbers compared
// with a choice column that are not among its values.
import * as l10n from '@vscode/l10n';
import { QUERY_FUNCTION_PREFIX, QUERY_FUNCTIONS } from './catalog';
import { diagnostic } from '../syntax/diagnostic';
import { COMPARISON_OPERATORS, isKeyword, lexFilter, type FilterToken } from '../syntax/filterLexer';
import type { TableIndex } from './metadataIndex';
import { closest } from '../syntax/names';
import type { TargetReporter } from './targetReporter';
import type { Span } from '../syntax/odataPath';
import { relatedTable } from './targetContext';
import { lambdaAt } from './filterPath';

const QUERY_FUNCTION_NAMES = new Set(QUERY_FUNCTIONS.map((f) => f.name));
const STRING_FUNCTION_NAMES = new Set(['contains', 'startswith', 'endswith', 'any', 'all']);

export function filterDiagnostics(r: TargetReporter, table: TableIndex, value: Span): void {
  const tokens = lexFilter(r.target.text, value.start, value.end);
  const scopes = new Map<string, TableIndex>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'string' && tokens[i - 1]?.kind === 'equals' && tokens[i - 2]?.text === 'PropertyName') {
      const name = t.text.replace(/^'|'$/g, '');
      r.column(table, { text: name, start: t.start + 1, end: t.start + 1 + name.length }, 'propertyName');
      continue;
    }
    if (t.kind !== 'identifier' || tokens[i - 1]?.kind === 'slash') continue;
    const next = tokens[i + 1];
    if (next?.kind === 'open') {
      functionName(r, t);
      continue;
    }
    if (
      next?.kind === 'colon' ||
      next?.kind === 'equals' ||
      isKeyword(t.text) ||
      t.text.startsWith('@') ||
      t.text.startsWith('$')
    ) {
      continue;
    }
    i = propertyPath(r, tokens, i, table, scopes);
  }
}

function functionName(r: TargetReporter, t: FilterToken): void {
  if (t.text.startsWith(QUERY_FUNCTION_PREFIX)) {
    const name = t.text.slice(QUERY_FUNCTION_PREFIX.length);
    if (QUERY_FUNCTION_NAMES.has(name)) return;
    const alternatives = closest(name, QUERY_FUNCTION_NAMES).map((a) => QUERY_FUNCTION_PREFIX + a);
    r.problem(
      {
        code: 'unknown-operator',
        severity: 'warning',
        alternatives,
        message: l10n.t('"{0}" is not a Dataverse query function.', name),
      },
      t,
    );
  } else if (!STRING_FUNCTION_NAMES.has(t.text) && !t.text.includes('.')) {
    r.out.push(
      diagnostic(
        'unknown-operator',
        'warning',
        l10n.t(
          'Dataverse $filter supports contains, startswith and endswith (and the Microsoft.Dynamics.CRM query functions), not "{0}".',
          t.text,
        ),
        r.range(t),
      ),
    );
  }
}

/** Checks the path starting at tokens[i]; returns the index of its last token. */
function propertyPath(
  r: TargetReporter,
  tokens: readonly FilterToken[],
  i: number,
  table: TableIndex,
  scopes: Map<string, TableIndex>,
): number {
  let current: TableIndex | undefined = table;
  let j = i;
  const first = tokens[i]!;
  if (scopes.has(first.text) && tokens[i + 1]?.kind === 'slash') {
    current = scopes.get(first.text);
    j = i + 2;
  }
  for (; current && j < tokens.length; j += 2) {
    const t = tokens[j]!;
    if (t.kind !== 'identifier') return j;
    const slash = tokens[j + 1]?.kind === 'slash';
    if (!slash) {
      r.column(current, t, 'filter');
      choiceValue(r, tokens, j, current);
      return j;
    }
    const lambda = lambdaAt(tokens, j);
    if (lambda) {
      const related = navigation(r, current, t);
      if (related) scopes.set(lambda.variable.text, related);
      return j + 4;
    }
    current = navigation(r, current, t);
  }
  return j;
}

function navigation(r: TargetReporter, table: TableIndex, t: FilterToken): TableIndex | undefined {
  const nav = table.navigation(t.text);
  if (!nav) {
    const alternatives = closest(
      t.text,
      table.details.relationships.flatMap((x) => (x.navigationProperty ? [x.navigationProperty] : [])),
    );
    r.problem(
      {
        code: 'unknown-navigation',
        severity: 'warning',
        alternatives,
        message: l10n.t('No navigation property "{0}" on {1}.', t.text, table.table.logicalName),
      },
      t,
    );
    return undefined;
  }
  return relatedTable(table, t.text, r.metadata);
}

/** `industrycode eq 42` where 42 is not one of the choice's values. */
function choiceValue(r: TargetReporter, tokens: readonly FilterToken[], j: number, table: TableIndex): void {
  const op = tokens[j + 1];
  const value = tokens[j + 2];
  if (!op || !value || value.kind !== 'number' || !(COMPARISON_OPERATORS as readonly string[]).includes(op.text)) {
    return;
  }
  const entry = table.column(tokens[j]!.text);
  if (!entry || !['choice', 'state', 'status'].includes(entry.column.kind)) return;
  const options = table.choiceOf(entry.column)?.options;
  if (!options || options.length === 0 || options.some((o) => String(o.value) === value.text)) return;
  const list = options
    .slice(0, 6)
    .map((o) => `${o.value} ${o.label}`)
    .join(', ');
  r.out.push(
    diagnostic(
      'unknown-choice-value',
      'warning',
      l10n.t(
        '{0} is not a value of {1} ({2}).',
        value.text,
        entry.column.logicalName,
        `${list}${options.length > 6 ? ', …' : ''}`,
      ),
      r.range(value),
    ),
  );
}
