// The explorer's table filter: what people type to narrow 900+ tables. Parsed once into a
// predicate; matching is case-insensitive over the names a developer knows a table by.
import type { TableInfo } from '../metadata/model';

export interface TableFilter {
  /** The text as typed, trimmed; empty means no filter. */
  readonly text: string;
  matches(table: TableInfo): boolean;
}

/**
 * Terms are separated by commas or spaces and any one may match. A term with `*` is a wildcard
 * pattern over whole names (`new_*` is a prefix); a plain term matches anywhere in a name.
 */
export function parseTableFilter(input: string): TableFilter {
  const text = input.trim().replace(/\s+/g, ' ');
  const terms = text
    .split(/[,\s]+/)
    .map((t) => t.toLowerCase())
    .filter((t) => t && t !== '*');
  if (terms.length === 0) return { text: '', matches: () => true };
  const tests = terms.map(termTest);
  return {
    text,
    matches: (table) => {
      const names = namesOf(table);
      return tests.some((test) => names.some(test));
    },
  };
}

function namesOf(table: TableInfo): string[] {
  return [table.logicalName, table.schemaName, table.entitySetName ?? '', table.displayName].map((n) =>
    n.toLowerCase(),
  );
}

function termTest(term: string): (name: string) => boolean {
  if (!term.includes('*')) return (name) => name.includes(term);
  const pattern = new RegExp(`^${term.split('*').map(escapeRegExp).join('.*')}$`);
  return (name) => pattern.test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
