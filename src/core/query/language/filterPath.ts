// How a name in a $filter finds its table: lambda variables (`nav/any(x: …)` binds x to nav's
// table) and navigation paths (`a/b/col`). One walk for completion, hover and diagnostics, so a
// path that one of them understands, all of them do.
import type { MetadataSnapshot } from '../../metadata/model';
import type { FilterToken } from '../syntax/filterLexer';
import type { TableIndex } from './metadataIndex';
import { relatedTable } from './targetContext';

export type LambdaScopes = ReadonlyMap<string, TableIndex>;

/** `nav/any(x:` at tokens[i]: the navigation token and the variable, else undefined. */
export function lambdaAt(
  tokens: readonly FilterToken[],
  i: number,
): { nav: FilterToken; variable: FilterToken } | undefined {
  const [nav, slash, fn, open, variable, colon] = tokens.slice(i, i + 6);
  if (
    nav?.kind !== 'identifier' ||
    slash?.kind !== 'slash' ||
    fn?.kind !== 'identifier' ||
    !/^(any|all)$/.test(fn.text)
  ) {
    return undefined;
  }
  if (open?.kind !== 'open' || variable?.kind !== 'identifier' || colon?.kind !== 'colon') return undefined;
  return { nav, variable };
}

/** Every lambda variable bound in the tokens, with the table it ranges over. */
export function lambdaScopes(
  tokens: readonly FilterToken[],
  table: TableIndex | undefined,
  metadata: MetadataSnapshot | undefined,
): LambdaScopes {
  const scopes = new Map<string, TableIndex>();
  if (!table || !metadata) return scopes;
  for (let i = 0; i < tokens.length; i++) {
    const lambda = lambdaAt(tokens, i);
    if (!lambda) continue;
    // `x/nav/any(y:` inside an outer lambda starts from x's table.
    const owner = tokens[i - 1]?.kind === 'slash' ? scopes.get(tokens[i - 2]?.text ?? '') : undefined;
    const related = relatedTable(owner ?? table, lambda.nav.text, metadata);
    if (related) scopes.set(lambda.variable.text, related);
  }
  return scopes;
}

/** The names of the `a/b/` path that ends the tokens (each followed by a slash). */
export function pathBefore(tokens: readonly FilterToken[]): string[] {
  const names: string[] = [];
  for (
    let i = tokens.length - 1;
    i >= 1 && tokens[i]!.kind === 'slash' && tokens[i - 1]!.kind === 'identifier';
    i -= 2
  ) {
    names.unshift(tokens[i - 1]!.text);
  }
  return names;
}

/**
 * The table a path of navigation properties leads to from `table`, a leading lambda variable
 * starting at its own table; `collection` says whether the last step was to-many.
 */
export function pathTable(
  names: readonly string[],
  table: TableIndex | undefined,
  scopes: LambdaScopes,
  metadata: MetadataSnapshot | undefined,
): { table?: TableIndex; collection: boolean } {
  const scoped = names.length > 0 ? scopes.get(names[0]!) : undefined;
  let current = scoped ?? table;
  let collection = false;
  for (let i = scoped ? 1 : 0; i < names.length && current && metadata; i++) {
    collection = current.navigation(names[i]!)?.kind !== 'manyToOne';
    current = relatedTable(current, names[i]!, metadata);
  }
  return current ? { table: current, collection } : { collection };
}
