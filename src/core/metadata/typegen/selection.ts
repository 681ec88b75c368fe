// Which tables "Generate TypeScript Types" and "Compare Environments" work on: names matching a
// filter the user typed, or the tables of a solution (its components of type Entity).
import * as l10n from '@vscode/l10n';
import { UserError } from '../../userError';
import type { TableInfo } from '../model';

/**
 * Tables whose logical name matches one of the patterns: separated by commas or spaces, `*` matching
 * any run of characters ("account, contoso_*"). Case-insensitive; sorted by logical name.
 */
export function matchTables(tables: readonly TableInfo[], filter: string): TableInfo[] {
  const matches = nameMatcher(filter);
  return tables.filter((t) => matches(t.logicalName)).sort((a, b) => (a.logicalName < b.logicalName ? -1 : 1));
}

/** The test matchTables applies to a logical name; nothing matches an empty filter. */
export function nameMatcher(filter: string): (logicalName: string) => boolean {
  const patterns = filter
    .split(/[\s,;]+/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (name) => patterns.some((re) => re.test(name.toLowerCase()));
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The visible solutions, newest first. */
export function solutionsPath(): string {
  return 'solutions?$select=solutionid,uniquename,friendlyname,version&$filter=isvisible eq true&$orderby=friendlyname asc';
}

/** A solution's tables: components of type 1 (Entity), whose objectid is the table's MetadataId. */
export function solutionTablesPath(solutionId: string): string {
  if (!GUID.test(solutionId)) throw new UserError(l10n.t('"{0}" is not a solution id.', solutionId.slice(0, 40)));
  return `solutioncomponents?$select=objectid&$filter=_solutionid_value eq ${solutionId.toLowerCase()} and componenttype eq 1`;
}

/** The tables whose MetadataId is among the components' object ids. */
export function tablesOfComponents(tables: readonly TableInfo[], objectIds: readonly string[]): TableInfo[] {
  const ids = new Set(objectIds.map((id) => id.toLowerCase()));
  return tables
    .filter((t) => ids.has(t.metadataId.toLowerCase()))
    .sort((a, b) => (a.logicalName < b.logicalName ? -1 : 1));
}
