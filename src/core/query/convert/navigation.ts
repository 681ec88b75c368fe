// A single-valued navigation property as the outer link-entity FetchXML reads it through: the
// relationship's lookup joined to the related table's id, one link per property however often used.
import * as l10n from '@vscode/l10n';
import type { TableIndex } from '../language/metadataIndex';
import { ConvertError, indexOf, type TableSource } from './conversion';
import type { FetchLinkNode } from './fetchModel';

export type Navigations = Map<string, { link: FetchLinkNode; index: TableIndex }>;

/** The outer link-entity for a single-valued navigation property (one per property, shared by $filter). */
export async function navigationLink(
  nav: string,
  root: TableIndex,
  source: TableSource,
  navs: Navigations,
): Promise<{ link: FetchLinkNode; index: TableIndex }> {
  const known = navs.get(nav.toLowerCase());
  if (known) return known;
  const rel = root.navigation(nav);
  if (!rel) {
    throw new ConvertError(l10n.t("Table '{0}' has no navigation property '{1}'.", root.table.logicalName, nav));
  }
  if (rel.kind !== 'manyToOne' || !rel.lookupColumn) {
    throw new ConvertError(
      l10n.t(
        "'{0}' is a collection: OData nests its rows, FetchXML would repeat the {1} row for each.",
        nav,
        root.table.logicalName,
      ),
    );
  }
  const index = await indexOf(source, rel.relatedTable);
  const link: FetchLinkNode = {
    name: index.table.logicalName,
    from: index.table.primaryIdAttribute ?? `${index.table.logicalName}id`,
    to: rel.lookupColumn,
    alias: rel.navigationProperty!,
    linkType: 'outer',
    attributes: [],
    filters: [],
    orders: [],
    links: [],
  };
  const entry = { link, index };
  navs.set(nav.toLowerCase(), entry);
  return entry;
}
