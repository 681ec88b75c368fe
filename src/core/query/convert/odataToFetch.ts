// An OData GET on an entity set → FetchXML that returns the same rows: $select as attributes, $filter
// as conditions (navigation paths through outer link-entities), single-valued $expand as link-entities,
// $orderby, $top, $count, Prefer odata.maxpagesize as count, and $apply as aggregate FetchXML.
import * as l10n from '@vscode/l10n';
import { parseExpand, parseOrderby, parseTarget, type QueryOption } from '../syntax/odataPath';
import type { TableIndex } from '../language/metadataIndex';
import { ConvertError, columnOf, converting, indexOf, type ConvertResult, type TableSource } from './conversion';
import type { FetchAttr, FetchDoc, FetchLinkNode } from './fetchModel';
import { writeFetchXml } from './fetchWriter';
import { parseODataFilter } from './odataFilter';
import { FilterBuilder } from './odataConditions';
import { navigationLink, type Navigations } from './navigation';
import { applyToFetch } from './odataAggregate';

const ORDERED_BY_LABEL = new Set(['lookup', 'customer', 'owner', 'choice', 'state', 'status', 'multiChoice']);

/** The value of an option as Dataverse reads it: %XX escapes the scratchpad keeps are decoded. */
function valueOf(o: QueryOption): string {
  const raw = o.value?.text ?? '';
  if (!/%[0-9a-fA-F]{2}/.test(raw)) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `target` is a request line (`GET accounts?…`) or its target; `maxPageSize` comes from a Prefer header. */
export async function odataToFetchXml(
  target: string,
  source: TableSource,
  maxPageSize?: number,
): Promise<ConvertResult> {
  return converting(async () => {
    const text = target.trim().replace(/^GET\s+/i, '');
    if (/^(POST|PATCH|PUT|DELETE)\s/i.test(text)) {
      throw new ConvertError(l10n.t('Only a GET query can become FetchXML.'));
    }
    const parts = parseTarget(text);
    const seg = parts.segments[0];
    if (parts.segments.length !== 1 || !seg || seg.args) {
      throw new ConvertError(
        l10n.t('FetchXML reads an entity set: a path to one record, a property or a function cannot be converted.'),
      );
    }
    const table = source.byEntitySet(seg.name.text);
    if (!table) {
      throw new ConvertError(l10n.t("There is no entity set '{0}' in this organization's metadata.", seg.name.text));
    }
    const root = await indexOf(source, table.logicalName);
    const options = new Map<string, string>();
    for (const o of parts.options) {
      const name = o.name.text;
      if (!['$select', '$filter', '$orderby', '$top', '$expand', '$count', '$apply'].includes(name)) {
        throw new ConvertError(l10n.t('FetchXML has no equivalent of the query option {0}.', name));
      }
      options.set(name, valueOf(o));
    }
    const doc = options.has('$apply')
      ? await applyToFetch(options, root, source)
      : await plainFetch(options, root, source);
    if (maxPageSize !== undefined && !options.has('$apply')) doc.options['count'] = String(maxPageSize);
    return writeFetchXml(doc);
  });
}

async function plainFetch(options: Map<string, string>, root: TableIndex, source: TableSource): Promise<FetchDoc> {
  const navs: Navigations = new Map();
  const select = options.get('$select');
  const entity: FetchDoc['entity'] = {
    name: root.table.logicalName,
    attributes: select ? attributesOf(select, root) : 'all',
    filters: [],
    orders: [],
    links: [],
  };
  const expand = options.get('$expand');
  if (expand) await expandLinks(expand, root, source, navs);
  const filter = options.get('$filter');
  if (filter) entity.filters.push(await new FilterBuilder(root, source, navs).build(parseODataFilter(filter)));
  const orderby = options.get('$orderby');
  if (orderby) {
    entity.orders = parseOrderby(orderby, { text: orderby, start: 0, end: orderby.length }).map((o) => {
      if (o.path.text.includes('/')) {
        throw new ConvertError(l10n.t("FetchXML cannot order by a navigation path ('{0}').", o.path.text));
      }
      const entry = columnOf(root, o.path.text);
      if (ORDERED_BY_LABEL.has(entry.column.kind)) {
        throw new ConvertError(
          l10n.t(
            "OData orders {0} column '{1}' by its value and FetchXML by its label; the order would differ.",
            entry.column.kind,
            o.path.text,
          ),
        );
      }
      const dir = o.direction?.text.toLowerCase();
      if (dir && dir !== 'asc' && dir !== 'desc') {
        throw new ConvertError(l10n.t("'{0}' is not asc or desc.", o.direction!.text));
      }
      return { attribute: entry.column.logicalName, descending: dir === 'desc' };
    });
  }
  entity.links = [...navs.values()].map((n) => n.link);
  const doc: FetchDoc = { options: {}, entity };
  const top = options.get('$top');
  if (top !== undefined) {
    if (!/^\d+$/.test(top) || Number(top) < 1) {
      throw new ConvertError(l10n.t('{0}={1} is not a whole number above zero.', '$top', top));
    }
    doc.options['top'] = top;
  }
  const count = options.get('$count');
  if (count === 'true') doc.options['returntotalrecordcount'] = 'true';
  else if (count !== undefined && count !== 'false') {
    throw new ConvertError(l10n.t('{0}={1} is not true or false.', '$count', count));
  }
  return doc;
}

export function attributesOf(select: string, index: TableIndex): FetchAttr[] {
  return select
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((name) => {
      if (name.includes('/')) {
        throw new ConvertError(l10n.t("{0} cannot hold a navigation path ('{1}').", '$select', name));
      }
      return { name: columnOf(index, name).column.logicalName };
    });
}

/** Single-valued navigations become outer link-entities; a collection would repeat the row in FetchXML. */
async function expandLinks(expand: string, root: TableIndex, source: TableSource, navs: Navigations): Promise<void> {
  for (const item of parseExpand(expand, { text: expand, start: 0, end: expand.length })) {
    const nav = item.nav.text;
    const link = await navigationLink(nav, root, source, navs);
    let attributes: FetchLinkNode['attributes'] = 'all';
    for (const o of item.options) {
      if (o.name.text !== '$select') {
        throw new ConvertError(l10n.t('FetchXML cannot convert {0} inside {1}={2}(…).', o.name.text, '$expand', nav));
      }
      attributes = attributesOf(o.value?.text ?? '', link.index);
    }
    link.link.attributes = attributes;
  }
}
