// One decision for "is this a good column name here?", shared by $select, $orderby, $filter,
// PropertyName='…' and FetchXML: the classic mistakes (schema name, lookup without _x_value, a
// navigation property, a lookup's name column, _x_value where a logical name belongs) each with
// the replacement a quick fix writes.
import * as l10n from '@vscode/l10n';
import type { DiagnosticCode, Severity } from '../syntax/diagnostic';
import { isLookup, type TableIndex } from './metadataIndex';
import { closest } from '../syntax/names';

/** Web API names (`_x_value`) in $select/$orderby/$filter; logical names in FetchXML and PropertyName. */
export type ColumnDialect = 'select' | 'orderby' | 'filter' | 'fetch' | 'propertyName';

export interface NameProblem {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** The name to write instead (a quick fix). */
  readonly replacement?: string;
  /** Close names, for "did you mean" fixes. */
  readonly alternatives?: readonly string[];
}

/** "Column names are case-sensitive…", also for the columns of a body (bodyDiagnostics). */
export function caseMessage(right: string, written: string): string {
  return l10n.t('Column names are case-sensitive logical names: use "{0}", not "{1}".', right, written);
}

/** "No column "x" in t.", with the closest name when there is one. */
export function noColumnMessage(name: string, table: string, alternatives: readonly string[]): string {
  return alternatives.length > 0
    ? l10n.t('No column "{0}" in {1}. Did you mean "{2}"?', name, table, alternatives[0]!)
    : l10n.t('No column "{0}" in {1}.', name, table);
}

function tableLabel(table: TableIndex): string {
  return `${table.table.logicalName} (${table.table.displayName})`;
}

export function checkColumn(table: TableIndex, name: string, dialect: ColumnDialect): NameProblem | undefined {
  return dialect === 'fetch' || dialect === 'propertyName'
    ? checkLogical(table, name, dialect)
    : checkWeb(table, name, dialect);
}

function checkWeb(table: TableIndex, name: string, dialect: ColumnDialect): NameProblem | undefined {
  const entry = table.column(name);
  if (entry) {
    const c = entry.column;
    if (!entry.inWebApi) {
      const owner = c.attributeOf ? table.column(c.attributeOf) : undefined;
      return {
        code: 'not-a-web-api-property',
        severity: 'error',
        message: owner
          ? l10n.t(
              '"{0}" is not available in the Web API. Use "{1}": its name comes as the OData.Community.Display.V1.FormattedValue annotation (Prefer: odata.include-annotations="*").',
              name,
              owner.webName,
            )
          : l10n.t('"{0}" is not available in the Web API.', name),
        ...(owner ? { replacement: owner.webName } : {}),
      };
    }
    if (name === entry.webName) return undefined;
    if (isLookup(c) && name.toLowerCase() === c.logicalName.toLowerCase()) {
      return {
        code: 'lookup-without-value',
        severity: 'error',
        replacement: entry.webName,
        message:
          dialect === 'select'
            ? l10n.t(
                '"{0}" is a lookup column: the Web API names its value "{1}". To read the related row\'s columns, use $expand={0}($select=…).',
                name,
                entry.webName,
              )
            : l10n.t('"{0}" is a lookup column: the Web API names its value "{1}".', name, entry.webName),
      };
    }
    return {
      code: 'schema-name',
      severity: 'error',
      replacement: entry.webName,
      message: caseMessage(entry.webName, name),
    };
  }
  const nav = table.navigation(name);
  if (nav) {
    if (dialect === 'filter') {
      return {
        code: 'unknown-column',
        severity: 'error',
        message:
          nav.kind === 'manyToOne'
            ? l10n.t(
                '"{0}" is a navigation property (to {1}); filter on one of its columns, e.g. {2}/….',
                name,
                nav.relatedTable,
                nav.navigationProperty!,
              )
            : l10n.t(
                '"{0}" is a navigation property (to {1}); filter on one of its columns, e.g. {2}/… with any(x:x/…).',
                name,
                nav.relatedTable,
                nav.navigationProperty!,
              ),
      };
    }
    return {
      code: 'navigation-in-select',
      severity: 'error',
      message: l10n.t(
        '"{0}" is a navigation property (to {1}), not a column. Use $expand={2}($select=…).',
        name,
        nav.relatedTable,
        nav.navigationProperty!,
      ),
    };
  }
  const alternatives = closest(
    name,
    table.entries.filter((e) => e.inWebApi).map((e) => e.webName),
  );
  return {
    code: 'unknown-column',
    severity: 'warning',
    alternatives,
    message: noColumnMessage(name, tableLabel(table), alternatives),
  };
}

function checkLogical(table: TableIndex, name: string, dialect: ColumnDialect): NameProblem | undefined {
  const code: DiagnosticCode = dialect === 'fetch' ? 'fetch-unknown-attribute' : 'unknown-column';
  const entry = table.column(name);
  if (entry) {
    const logical = entry.column.logicalName;
    if (name === logical) return undefined;
    if (name.toLowerCase() === entry.webName.toLowerCase() && entry.webName !== logical) {
      return {
        code,
        severity: 'error',
        replacement: logical,
        message:
          dialect === 'fetch'
            ? l10n.t('FetchXML names columns by logical name: use "{0}", not "{1}".', logical, name)
            : l10n.t('Query functions name columns by logical name: use "{0}", not "{1}".', logical, name),
      };
    }
    return {
      code: 'schema-name',
      severity: 'error',
      replacement: logical,
      message: caseMessage(logical, name),
    };
  }
  const alternatives = closest(
    name,
    table.entries.map((e) => e.column.logicalName),
  );
  return {
    code,
    severity: 'warning',
    alternatives,
    message: noColumnMessage(name, tableLabel(table), alternatives),
  };
}
