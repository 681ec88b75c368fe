// Checks the property names of a create (POST) or update (PATCH) body against the table's metadata
// before anything is sent: unknown or miscased columns, a lookup written as a value instead of
// `nav@odata.bind`, `@odata.bind` on something that is not a navigation property, columns that cannot
// be set on create or update; deep inserts are checked with the related table. Quick fixes rename.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import { rowTarget, type WriteMode } from './bodyCompletion';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import { jsonOutline, type JsonOutline, type JsonProperty } from './jsonOutline';
import { caseMessage, noColumnMessage } from './columnCheck';
import { isLookup, type TableIndex } from './metadataIndex';
import { closest } from '../syntax/names';
import { blockPosition, type BlockText, type RequestLineSyntax } from '../syntax/syntax';
import { relatedTable } from './targetContext';
import type { QuickFix } from '../syntax/text';

const BIND = '@odata.bind';

/** A property of a row in a body, with the table (and operation) it writes to. */
export interface RowProperty {
  readonly property: JsonProperty;
  readonly table: TableIndex;
  readonly mode: WriteMode;
}

/**
 * Every property of the rows a create or update body writes: the top-level object's, then (deep
 * insert) those of objects under a navigation property, with the related table. Empty when the body
 * is not JSON, the request writes no row, or the table is unknown.
 */
export function rowProperties(line: RequestLineSyntax, body: BlockText, metadata: MetadataSnapshot): RowProperty[] {
  const target = rowTarget(line, metadata);
  const outline = target ? jsonOutline(body.text) : undefined;
  if (!target || outline?.kind !== 'object') return [];
  const out: RowProperty[] = [];
  const visit = (object: Extract<JsonOutline, { kind: 'object' }>, t: TableIndex, m: WriteMode): void => {
    for (const property of object.properties) {
      // Names built from variables are only known when the request runs.
      if (body.text.slice(property.nameStart, property.nameEnd).includes('{{')) continue;
      out.push({ property, table: t, mode: m });
      const related = t.navigation(property.name) ? relatedTable(t, property.name, metadata) : undefined;
      const value = property.value;
      const objects = value.kind === 'object' ? [value] : value.kind === 'array' ? value.items : [];
      for (const o of objects) if (related && o.kind === 'object') visit(o, related, 'create');
    }
  };
  visit(outline, target.table, target.mode);
  return out;
}

export function bodyDiagnostics(line: RequestLineSyntax, body: BlockText, metadata: MetadataSnapshot): Diagnostic[] {
  const c: Check = { body, metadata, out: [] };
  for (const { property: p, table, mode } of rowProperties(line, body, metadata)) {
    if (p.name.startsWith('@')) continue;
    const at = p.name.indexOf('@');
    if (at === -1) checkColumn(p, table, mode, c);
    else if (p.name.slice(at).toLowerCase() === BIND) checkBind(p, p.name.slice(0, at), table, c);
  }
  return c.out;
}

interface Check {
  readonly body: BlockText;
  readonly metadata: MetadataSnapshot;
  readonly out: Diagnostic[];
}

function checkColumn(p: JsonProperty, table: TableIndex, mode: WriteMode, c: Check): void {
  const nav = table.navigation(p.name);
  if (nav && (p.value.kind === 'object' || p.value.kind === 'array')) {
    // A deep insert: the related rows are created with this one (rowProperties visits them).
    if (nav.navigationProperty !== p.name) {
      report(
        c,
        p,
        'schema-name',
        'error',
        l10n.t('Navigation property names are case-sensitive: use "{0}".', nav.navigationProperty!),
        [nav.navigationProperty!],
      );
    }
    return;
  }
  const entry = table.column(p.name);
  if (!entry) {
    if (nav) {
      report(
        c,
        p,
        'lookup-needs-bind',
        'error',
        l10n.t(
          '"{0}" is a navigation property: set it with "{1}": "/{2}(<id>)".',
          p.name,
          `${nav.navigationProperty}${BIND}`,
          entitySet(c, nav.relatedTable),
        ),
        [`${nav.navigationProperty}${BIND}`],
      );
      return;
    }
    const alternatives = closest(p.name, writableNames(table, mode));
    report(
      c,
      p,
      'unknown-column',
      'warning',
      noColumnMessage(p.name, table.table.logicalName, alternatives),
      alternatives,
    );
    return;
  }
  const column = entry.column;
  if (isLookup(column)) {
    const binds = bindNames(table, column.logicalName);
    report(
      c,
      p,
      'lookup-needs-bind',
      'error',
      binds.length
        ? l10n.t(
            '"{0}" is a lookup: set it with "{1}": "/{2}(<id>)", not with its value.',
            p.name,
            binds[0]!,
            entitySet(c, bindTarget(table, binds[0]!)),
          )
        : l10n.t('"{0}" is a lookup: set it with its navigation property and {1}, not with its value.', p.name, BIND),
      binds,
    );
    return;
  }
  if (p.name !== column.logicalName) {
    report(c, p, 'schema-name', 'error', caseMessage(column.logicalName, p.name), [column.logicalName]);
    return;
  }
  if (!entry.inWebApi || !(mode === 'create' ? column.isValidForCreate : column.isValidForUpdate)) {
    report(
      c,
      p,
      'column-not-writable',
      'warning',
      mode === 'create'
        ? l10n.t(
            '"{0}" cannot be set when creating a row of {1}: Dataverse does not accept a value for it.',
            p.name,
            table.table.logicalName,
          )
        : l10n.t(
            '"{0}" cannot be set when updating a row of {1}: Dataverse does not accept a value for it.',
            p.name,
            table.table.logicalName,
          ),
    );
  }
}

function checkBind(p: JsonProperty, name: string, table: TableIndex, c: Check): void {
  const nav = table.navigation(name);
  if (nav) {
    if (nav.navigationProperty !== name) {
      report(
        c,
        p,
        'schema-name',
        'error',
        l10n.t('Navigation property names are case-sensitive: use "{0}".', `${nav.navigationProperty}${BIND}`),
        [`${nav.navigationProperty}${BIND}`],
      );
    }
    return;
  }
  const entry = table.column(name);
  const binds = entry && isLookup(entry.column) ? bindNames(table, entry.column.logicalName) : [];
  if (binds.length) {
    report(
      c,
      p,
      'unknown-navigation',
      'error',
      binds.length === 1
        ? l10n.t('"{0}" is the lookup column; {1} takes its navigation property: "{2}".', name, BIND, binds[0]!)
        : l10n.t(
            '"{0}" is the lookup column; {1} takes one of its navigation properties: {2}.',
            name,
            BIND,
            binds.map((b) => `"${b}"`).join(', '),
          ),
      binds,
    );
    return;
  }
  const alternatives = closest(
    name,
    table.details.relationships.flatMap((r) =>
      r.kind === 'manyToOne' && r.navigationProperty ? [r.navigationProperty] : [],
    ),
  ).map((n) => `${n}${BIND}`);
  report(
    c,
    p,
    'unknown-navigation',
    'warning',
    alternatives.length
      ? l10n.t(
          'No navigation property "{0}" in {1}. Did you mean "{2}"?',
          name,
          table.table.logicalName,
          alternatives[0]!,
        )
      : l10n.t('No navigation property "{0}" in {1}.', name, table.table.logicalName),
    alternatives,
  );
}

/** The `nav@odata.bind` names that set a lookup column, one per target table. */
function bindNames(table: TableIndex, lookup: string): string[] {
  return table.details.relationships
    .filter(
      (r) => r.kind === 'manyToOne' && r.navigationProperty && r.lookupColumn?.toLowerCase() === lookup.toLowerCase(),
    )
    .map((r) => `${r.navigationProperty!}${BIND}`);
}

function bindTarget(table: TableIndex, bind: string): string {
  return table.navigation(bind.slice(0, -BIND.length))?.relatedTable ?? '';
}

function entitySet(c: Check, logicalName: string): string {
  return c.metadata.tableByLogicalName(logicalName)?.entitySetName ?? logicalName;
}

function writableNames(table: TableIndex, mode: WriteMode): string[] {
  return table.entries
    .filter(
      (e) =>
        e.inWebApi &&
        !isLookup(e.column) &&
        (mode === 'create' ? e.column.isValidForCreate : e.column.isValidForUpdate),
    )
    .map((e) => e.column.logicalName);
}

function report(
  c: Check,
  p: JsonProperty,
  code: Diagnostic['code'],
  severity: Diagnostic['severity'],
  message: string,
  replacements: readonly string[] = [],
): void {
  const range = { start: blockPosition(c.body, p.nameStart), end: blockPosition(c.body, p.nameEnd) };
  const fixes: QuickFix[] = replacements.map((r) => ({
    title: l10n.t('Change to "{0}"', r),
    edits: [{ range, newText: r }],
  }));
  c.out.push(diagnostic(code, severity, message, range, fixes));
}
