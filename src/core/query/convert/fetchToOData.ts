// FetchXML → an OData GET that returns the same rows: $select, $filter (lookups as _x_value, query
// functions for the operators OData has no symbol for), $expand for many-to-one link-entities,
// $orderby, $top, $count and aggregates as $apply. Anything else is refused with the construct named.
import * as l10n from '@vscode/l10n';
import type { TableIndex } from '../language/metadataIndex';
import { ConvertError, columnOf, converting, indexOf, type ConvertResult, type TableSource } from './conversion';
import { parseFetchDoc, type FetchDoc } from './fetchModel';
import { aggregateToApply } from './fetchAggregate';
import { filterText, wrap, type Scope } from './fetchFilter';

const IGNORED_OPTIONS = new Set(['mapping', 'version', 'output-format', 'no-lock', 'latematerialize', 'options']);
const ORDERED_BY_LABEL = new Set(['lookup', 'customer', 'owner', 'choice', 'state', 'status', 'multiChoice']);

export async function fetchXmlToOData(xml: string, source: TableSource): Promise<ConvertResult> {
  return converting(async () => {
    const doc = parseFetchDoc(xml);
    const root = await indexOf(source, doc.entity.name);
    const set = root.table.entitySetName;
    if (!set) throw new ConvertError(l10n.t("Table '{0}' has no entity set in the Web API.", root.table.logicalName));
    const prefer = checkOptions(doc);
    const query = isTrue(doc.options['aggregate'])
      ? await aggregateToApply(doc, root)
      : await plainQuery(doc, root, source);
    const target = `GET ${set}${query.length ? `?${query.join('&')}` : ''}`;
    return prefer ? `${target}\nPrefer: ${prefer}` : target;
  });
}

const isTrue = (v: string | undefined): boolean => v === 'true' || v === '1';

/** The fetch element's own attributes; returns a Prefer header value for a page size. */
function checkOptions(doc: FetchDoc): string | undefined {
  const o = doc.options;
  for (const key of Object.keys(o)) {
    if (IGNORED_OPTIONS.has(key)) continue;
    if (key === 'page' && o[key] !== '1') {
      throw new ConvertError(l10n.t('OData cannot start at page {0}; it pages by link.', o[key]));
    }
    if (key === 'paging-cookie') throw new ConvertError(l10n.t('OData cannot continue from a FetchXML paging cookie.'));
    if (key === 'distinct' && isTrue(o[key]) && !isTrue(o['aggregate'])) {
      throw new ConvertError(
        l10n.t('OData has no distinct rows outside {0}=groupby; distinct="true" cannot be converted.', '$apply'),
      );
    }
    if (key === 'aggregatelimit') {
      throw new ConvertError(l10n.t('OData has no aggregatelimit; it cannot be converted.'));
    }
    if (!['page', 'distinct', 'aggregate', 'top', 'count', 'returntotalrecordcount'].includes(key)) {
      throw new ConvertError(l10n.t('The fetch attribute {0}="{1}" has no OData equivalent.', key, o[key]));
    }
  }
  return o['count'] && !o['top'] ? `odata.maxpagesize=${o['count']}` : undefined;
}

async function plainQuery(doc: FetchDoc, root: TableIndex, source: TableSource): Promise<string[]> {
  const e = doc.entity;
  const scopes = new Map<string, Scope>();
  const filters: string[] = [];
  const expands: string[] = [];
  for (const link of e.links) {
    const plan = await linkPlan(link, root, source);
    scopes.set(plan.alias, plan.scope);
    if (plan.expand) expands.push(plan.expand);
    filters.push(...plan.filters);
  }
  const own: Scope = { index: root, prefix: '' };
  const rootFilters = e.filters.map((f) => filterText(f, own, scopes, true));
  const all = [...rootFilters, ...filters].filter((f) => f !== '');
  const options: string[] = [];
  if (e.attributes !== 'all') options.push(`$select=${selectList(e.attributes, root)}`);
  if (expands.length) options.push(`$expand=${expands.join(',')}`);
  if (all.length) options.push(`$filter=${all.map((f) => (all.length > 1 ? wrap(f) : f)).join(' and ')}`);
  const orders = e.orders.map((o) => {
    if (o.entityname) {
      throw new ConvertError(l10n.t("OData cannot order by a column of link-entity '{0}'.", o.entityname));
    }
    if (!o.attribute) throw new ConvertError(l10n.t('An order by alias exists only in aggregate FetchXML.'));
    const entry = columnOf(root, o.attribute);
    if (ORDERED_BY_LABEL.has(entry.column.kind)) {
      throw new ConvertError(
        l10n.t(
          "FetchXML orders {0} column '{1}' by its label and OData by its value; the order would differ.",
          entry.column.kind,
          o.attribute,
        ),
      );
    }
    return `${entry.webName}${o.descending ? ' desc' : ''}`;
  });
  if (orders.length) options.push(`$orderby=${orders.join(',')}`);
  if (doc.options['top']) options.push(`$top=${doc.options['top']}`);
  if (isTrue(doc.options['returntotalrecordcount'])) options.push('$count=true');
  return options;
}

export function selectList(attrs: { name: string; alias?: string }[], index: TableIndex): string {
  return attrs
    .map((a) => {
      if (a.alias) {
        throw new ConvertError(
          l10n.t("OData cannot rename a column: attribute '{0}' has alias '{1}'.", a.name, a.alias),
        );
      }
      const entry = columnOf(index, a.name);
      if (!entry.inWebApi) throw new ConvertError(l10n.t("Column '{0}' is not in the Web API.", a.name));
      return entry.webName;
    })
    .join(',');
}

interface LinkPlan {
  alias: string;
  scope: Scope;
  expand?: string;
  filters: string[];
}

/** A root link-entity as a navigation: many-to-one only, since OData nests a collection FetchXML repeats. */
async function linkPlan(
  link: FetchDoc['entity']['links'][number],
  root: TableIndex,
  source: TableSource,
): Promise<LinkPlan> {
  const name = `link-entity '${link.alias ?? link.name}'`;
  if (link.links.length) {
    throw new ConvertError(l10n.t('OData cannot express the nested link-entity inside {0}.', name));
  }
  if (link.orders.length) throw new ConvertError(l10n.t('OData cannot order by a column of {0}.', name));
  const target = await indexOf(source, link.name);
  const rel = root.details.relationships.find(
    (r) =>
      r.kind === 'manyToOne' &&
      r.navigationProperty &&
      r.relatedTable.toLowerCase() === link.name.toLowerCase() &&
      r.lookupColumn?.toLowerCase() === link.to.toLowerCase(),
  );
  if (!rel || link.from.toLowerCase() !== target.table.primaryIdAttribute?.toLowerCase()) {
    throw new ConvertError(
      l10n.t(
        '{0} (from {1} to {2}) is not a many-to-one relationship: FetchXML repeats the row for each related row, OData would nest them.',
        name,
        link.from,
        link.to,
      ),
    );
  }
  const nav = rel.navigationProperty!;
  const scope: Scope = { index: target, prefix: `${nav}/` };
  const semi = ['exists', 'in', 'any'].includes(link.linkType);
  if (!['inner', 'outer', 'matchfirstrowusingcrossapply'].includes(link.linkType) && !semi) {
    throw new ConvertError(l10n.t('OData has no equivalent of link-type="{0}" on {1}.', link.linkType, name));
  }
  const outer = link.linkType === 'outer';
  if (outer && link.filters.length) {
    throw new ConvertError(l10n.t('OData cannot keep rows without a match while filtering inside outer {0}.', name));
  }
  const filters = outer ? [] : [`${columnOf(root, link.to).webName} ne null`];
  filters.push(...link.filters.map((f) => filterText(f, scope, new Map(), false)).filter((f) => f !== ''));
  let expand: string | undefined;
  if (semi) expand = undefined;
  else if (link.attributes === 'all') expand = nav;
  else if (link.attributes.length) expand = `${nav}($select=${selectList(link.attributes, target)})`;
  return { alias: link.alias ?? link.name, scope, ...(expand ? { expand } : {}), filters };
}
