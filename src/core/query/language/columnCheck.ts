// One decision for "is this a good column name here?", shared by $select, $orderby, $filter,
// PropertyName='…' and FetchXML: the classic mistakes (schema name, lookup without _x_value, a
// navigation property, a lookup's name column, _x_value where a logical name belongs) each with
// the replacement a quick fix writes.
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
        message: `"${name}" is not available in the Web API.${owner ? ` Use "${owner.webName}": its name comes as the OData.Community.Display.V1.FormattedValue annotation (Prefer: odata.include-annotations="*").` : ''}`,
        ...(owner ? { replacement: owner.webName } : {}),
      };
    }
    if (name === entry.webName) return undefined;
    if (isLookup(c) && name.toLowerCase() === c.logicalName.toLowerCase()) {
      return {
        code: 'lookup-without-value',
        severity: 'error',
        replacement: entry.webName,
        message: `"${name}" is a lookup column: the Web API names its value "${entry.webName}".${dialect === 'select' ? ` To read the related row's columns, use $expand=${name}($select=…).` : ''}`,
      };
    }
    return {
      code: 'schema-name',
      severity: 'error',
      replacement: entry.webName,
      message: `Column names are case-sensitive logical names: use "${entry.webName}", not "${name}".`,
    };
  }
  const nav = table.navigation(name);
  if (nav) {
    if (dialect === 'filter') {
      return {
        code: 'unknown-column',
        severity: 'error',
        message: `"${name}" is a navigation property (to ${nav.relatedTable}); filter on one of its columns, e.g. ${nav.navigationProperty}/…${nav.kind === 'manyToOne' ? '' : ' with any(x:x/…)'}.`,
      };
    }
    return {
      code: 'navigation-in-select',
      severity: 'error',
      message: `"${name}" is a navigation property (to ${nav.relatedTable}), not a column. Use $expand=${nav.navigationProperty}($select=…).`,
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
    message: `No column "${name}" in ${tableLabel(table)}.${alternatives.length ? ` Did you mean "${alternatives[0]}"?` : ''}`,
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
        message: `${dialect === 'fetch' ? 'FetchXML' : 'Query functions'} name columns by logical name: use "${logical}", not "${name}".`,
      };
    }
    return {
      code: 'schema-name',
      severity: 'error',
      replacement: logical,
      message: `Column names are case-sensitive logical names: use "${logical}", not "${name}".`,
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
    message: `No column "${name}" in ${tableLabel(table)}.${alternatives.length ? ` Did you mean "${alternatives[0]}"?` : ''}`,
  };
}
