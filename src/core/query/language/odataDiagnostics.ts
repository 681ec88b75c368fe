// Checks a request URL against metadata before anything is sent: the entity set (case, logical name
// written instead, typos), navigation segments, query options ($skip, unknown ones) and the names
// in $select, $orderby, $expand and $filter, recursing into $expand=nav(…) with the related table.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import { AGGREGATE_METHODS, parseApply, TRANSFORMATIONS } from '../syntax/applyModel';
import { QUERY_OPTIONS, SERVICE_NAMES } from './catalog';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import { filterDiagnostics } from './filterDiagnostics';
import { indexFor, type TableIndex } from './metadataIndex';
import { closest } from '../syntax/names';
import {
  parseExpand,
  parseOrderby,
  parseTarget,
  splitTopLevel,
  type QueryOption,
  type Span,
} from '../syntax/odataPath';
import type { HttpMethod, TargetSyntax } from '../syntax/syntax';
import { TargetReporter } from './targetReporter';
import { relatedTable } from './targetContext';
import type { QuickFix } from '../syntax/text';

const KNOWN_OPTIONS = new Set(QUERY_OPTIONS.map((o) => o.name.toLowerCase()));
const PATH_KEYWORDS = new Set(['$ref', '$value', '$count', '$batch', '$metadata']);

export function targetDiagnostics(target: TargetSyntax, method: HttpMethod, metadata: MetadataSnapshot): Diagnostic[] {
  if (metadata.tables.length === 0) return [];
  const r = new TargetReporter(target, metadata);
  const parts = parseTarget(target.text);
  const first = parts.segments[0];
  let table = first ? entitySet(r, first.name, first.args !== undefined, method) : undefined;
  for (const seg of parts.segments.slice(1)) {
    if (!table) break;
    table = navigationSegment(r, table, seg.name);
  }
  checkOptions(r, parts.options, table, '&');
  return r.out;
}

function entitySet(r: TargetReporter, name: Span, hasArgs: boolean, method: HttpMethod): TableIndex | undefined {
  const text = name.text;
  if (
    !text ||
    /^[$@]/.test(text) ||
    text.includes('{{') ||
    SERVICE_NAMES.has(text) ||
    text.startsWith('Microsoft.Dynamics.CRM.')
  ) {
    return undefined;
  }
  const { metadata } = r;
  const bySet = metadata.tableByEntitySetName(text);
  if (bySet?.entitySetName) {
    if (bySet.entitySetName !== text) {
      r.problem(
        {
          code: 'entity-set-case',
          severity: 'error',
          replacement: bySet.entitySetName,
          message: l10n.t('Entity set names are case-sensitive: use "{0}".', bySet.entitySetName),
        },
        name,
      );
    }
    return indexFor(metadata, bySet);
  }
  const byLogical = metadata.tableByLogicalName(text);
  if (byLogical?.entitySetName) {
    r.problem(
      {
        code: 'logical-name-as-entity-set',
        severity: 'error',
        replacement: byLogical.entitySetName,
        message:
          byLogical.logicalName === text
            ? l10n.t(
                '"{0}" is the table\'s logical name; the Web API addresses it by its entity set name "{1}".',
                text,
                byLogical.entitySetName,
              )
            : l10n.t(
                '"{0}" is the table\'s schema name; the Web API addresses it by its entity set name "{1}".',
                text,
                byLogical.entitySetName,
              ),
      },
      name,
    );
    return indexFor(metadata, byLogical);
  }
  // Unbound functions and actions (WhoAmI, custom APIs) are not in the table list: only a GET
  // of a plain name, or a name close to an entity set, is taken for a table.
  if (hasArgs || /^[A-Z][a-z]+[A-Z]/.test(text)) return undefined;
  const alternatives = closest(
    text,
    metadata.tables.flatMap((t) => (t.entitySetName ? [t.entitySetName] : [])),
  );
  if (method !== 'GET' && alternatives.length === 0) return undefined;
  r.problem(
    {
      code: 'unknown-entity-set',
      severity: 'warning',
      alternatives,
      message: alternatives.length
        ? l10n.t(
            'No table has the entity set name "{0}" in this organization\'s metadata. Did you mean "{1}"?',
            text,
            alternatives[0]!,
          )
        : l10n.t(
            'No table has the entity set name "{0}" in this organization\'s metadata. Refresh the metadata if the table is new.',
            text,
          ),
    },
    name,
  );
  return undefined;
}

function navigationSegment(r: TargetReporter, table: TableIndex, name: Span): TableIndex | undefined {
  const text = name.text;
  if (
    !text ||
    PATH_KEYWORDS.has(text) ||
    text.includes('{{') ||
    text.startsWith('Microsoft.Dynamics.CRM.') ||
    (/^[A-Z]/.test(text) && !table.navigation(text))
  ) {
    return undefined;
  }
  const nav = table.navigation(text);
  if (nav) {
    if (nav.navigationProperty !== text) {
      r.problem(
        {
          code: 'unknown-navigation',
          severity: 'error',
          replacement: nav.navigationProperty!,
          message: l10n.t('Navigation properties are case-sensitive: use "{0}".', nav.navigationProperty!),
        },
        name,
      );
    }
    return relatedTable(table, text, r.metadata);
  }
  if (table.column(text)) return undefined;
  unknownNavigation(r, table, name);
  return undefined;
}

function unknownNavigation(r: TargetReporter, table: TableIndex, name: Span): void {
  const alternatives = closest(
    name.text,
    table.details.relationships.flatMap((x) => (x.navigationProperty ? [x.navigationProperty] : [])),
  );
  r.problem(
    {
      code: 'unknown-navigation',
      severity: 'warning',
      alternatives,
      message: alternatives.length
        ? l10n.t(
            'No navigation property "{0}" on {1}. Did you mean "{2}"?',
            name.text,
            table.table.logicalName,
            alternatives[0]!,
          )
        : l10n.t('No navigation property "{0}" on {1}.', name.text, table.table.logicalName),
    },
    name,
  );
}

function checkOptions(
  r: TargetReporter,
  options: readonly QueryOption[],
  table: TableIndex | undefined,
  sep: '&' | ';',
): void {
  for (const option of options) {
    const name = option.name.text;
    const lower = name.toLowerCase();
    if (!name || name.startsWith('@') || name.includes('{{')) continue;
    if (lower === '$skip') {
      r.out.push(
        diagnostic(
          'skip-not-supported',
          'error',
          l10n.t(
            'Dataverse does not support $skip. Page with Prefer: odata.maxpagesize=N and follow @odata.nextLink, or use $top.',
          ),
          r.range(option.item),
          [
            {
              title: l10n.t('Remove {0}', '$skip'),
              edits: [{ range: r.range(removalSpan(r.target.text, option.item, sep)), newText: '' }],
            },
          ],
        ),
      );
      continue;
    }
    if (!KNOWN_OPTIONS.has(lower)) {
      if (!name.startsWith('$')) continue;
      const alternatives = closest(
        name,
        QUERY_OPTIONS.map((o) => o.name),
      );
      r.problem(
        {
          code: 'unknown-query-option',
          severity: 'warning',
          alternatives,
          message: l10n.t('Dataverse does not know the query option "{0}".', name),
        },
        option.name,
      );
      continue;
    }
    if (!table || !option.value) continue;
    const value = option.value;
    if (lower === '$select') checkSelect(r, table, options, option, value, sep);
    else if (lower === '$orderby') checkOrderby(r, table, options, value);
    else if (lower === '$expand') checkExpand(r, table, value);
    else if (lower === '$filter') filterDiagnostics(r, table, value);
    else if (lower === '$apply') checkApply(r, table, value);
  }
}

function checkOrderby(r: TargetReporter, table: TableIndex, options: readonly QueryOption[], value: Span): void {
  const apply = options.find((o) => o.name.text.toLowerCase() === '$apply' && o.value);
  const aliases = new Set(
    apply?.value
      ? parseApply(r.target.text, apply.value).aggregates.flatMap((a) => (a.alias ? [a.alias.text] : []))
      : [],
  );
  for (const item of parseOrderby(r.target.text, value)) {
    if (aliases.has(item.path.text)) {
      r.out.push(
        diagnostic(
          'aggregate-orderby',
          'error',
          l10n.t(
            'Dataverse cannot order by an aggregated value ("{0}"); order by a grouped column, or sort the results in the grid.',
            item.path.text,
          ),
          r.range(item.path),
        ),
      );
    } else {
      r.column(table, item.path, 'orderby');
    }
  }
}

function checkApply(r: TargetReporter, table: TableIndex, value: Span): void {
  const parts = parseApply(r.target.text, value);
  for (const t of parts.transformations) {
    if (!t.text || (TRANSFORMATIONS as readonly string[]).includes(t.text)) continue;
    const known = TRANSFORMATIONS.find((n) => n === t.text.toLowerCase());
    const alternatives = known ? [known] : closest(t.text, TRANSFORMATIONS);
    r.problem(
      {
        code: 'unknown-apply-transformation',
        severity: known ? 'error' : 'warning',
        alternatives,
        message: l10n.t('Dataverse\'s $apply takes groupby, aggregate and filter (lower case); not "{0}".', t.text),
      },
      t,
    );
  }
  for (const c of parts.groupColumns) if (!c.text.includes('/')) r.column(table, c, 'select');
  for (const a of parts.aggregates) {
    const isCount = a.column?.text.toLowerCase() === '$count';
    if (a.column && !isCount) r.column(table, a.column, 'select');
    if (!isCount && a.column && a.method && !(AGGREGATE_METHODS as readonly string[]).includes(a.method.text)) {
      r.problem(
        {
          code: 'unknown-aggregate-method',
          severity: 'error',
          alternatives: closest(a.method.text, AGGREGATE_METHODS),
          message: l10n.t('"{0}" is not an aggregation method: use {1}.', a.method.text, AGGREGATE_METHODS.join(', ')),
        },
        a.method,
      );
    }
    if (!a.alias && a.column && (isCount || a.method)) {
      r.out.push(
        diagnostic(
          'aggregate-without-alias',
          'error',
          l10n.t('Each aggregated value needs a name: add "as <alias>".'),
          r.range(a.whole),
        ),
      );
    }
  }
  for (const f of parts.filters) filterDiagnostics(r, table, f);
}

function checkSelect(
  r: TargetReporter,
  table: TableIndex,
  options: readonly QueryOption[],
  select: QueryOption,
  value: Span,
  sep: '&' | ';',
): void {
  for (const item of splitTopLevel(r.target.text, value.start, value.end, ',')) {
    if (item.text === '*') continue;
    r.column(table, item, 'select', (p) =>
      p.code === 'navigation-in-select' ? [moveToExpand(r, options, select, item, sep)] : [],
    );
  }
}

function checkExpand(r: TargetReporter, table: TableIndex, value: Span): void {
  for (const item of parseExpand(r.target.text, value)) {
    if (!item.nav.text || item.nav.text.includes('{{')) continue;
    const nav = table.navigation(item.nav.text);
    if (!nav) {
      unknownNavigation(r, table, item.nav);
      continue;
    }
    if (nav.navigationProperty !== item.nav.text) {
      r.problem(
        {
          code: 'unknown-navigation',
          severity: 'error',
          replacement: nav.navigationProperty!,
          message: l10n.t('Navigation properties are case-sensitive: use "{0}".', nav.navigationProperty!),
        },
        item.nav,
      );
    }
    const related = relatedTable(table, item.nav.text, r.metadata);
    if (item.inner) checkOptions(r, item.options, related, ';');
  }
}

/** The span to delete to remove an item with one of the separators around it. */
function removalSpan(text: string, item: Span, sep: string): Span {
  let start = item.start;
  let end = item.end;
  const after = new RegExp(`^\\s*\\${sep}`).exec(text.slice(end));
  if (after) end += after[0].length;
  else {
    const before = new RegExp(`\\${sep}\\s*$`).exec(text.slice(0, start));
    if (
      before &&
      text.slice(0, start - before[0].length).length > 0 &&
      !/[?(]$/.test(text.slice(0, start - before[0].length))
    ) {
      start -= before[0].length;
    }
  }
  return { text: text.slice(start, end), start, end };
}

function moveToExpand(
  r: TargetReporter,
  options: readonly QueryOption[],
  select: QueryOption,
  item: Span,
  sep: '&' | ';',
): QuickFix {
  const text = r.target.text;
  const items = splitTopLevel(text, select.value!.start, select.value!.end, ',');
  const remove = items.length === 1 ? removalSpan(text, select.item, sep) : removalSpan(text, item, ',');
  const expand = options.find((o) => o.name.text.toLowerCase() === '$expand' && o.value);
  if (!expand && items.length === 1) {
    return {
      title: l10n.t('Move "{0}" to $expand', item.text),
      edits: [{ range: r.range(select.item), newText: `$expand=${item.text}` }],
    };
  }
  const insertAt = expand ? expand.value!.end : Math.max(...options.map((o) => o.item.end));
  const insert = expand ? `,${item.text}` : `${sep}$expand=${item.text}`;
  const removal = { range: r.range(remove), newText: '' };
  const addition = { range: r.range({ start: insertAt, end: insertAt }), newText: insert };
  return {
    title: l10n.t('Move "{0}" to $expand', item.text),
    edits: insertAt < remove.start ? [addition, removal] : [removal, addition],
  };
}
