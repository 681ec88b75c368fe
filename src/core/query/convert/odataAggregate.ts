// OData $apply → aggregate FetchXML: an optional filter(…) first, then groupby((columns)[,aggregate(…)])
// or aggregate(…); `$count as x`, sum, min, max, average and countdistinct become FetchXML aggregates.
import * as l10n from '@vscode/l10n';
import { parseApply } from '../syntax/applyModel';
import type { TableIndex } from '../language/metadataIndex';
import { ConvertError, columnOf, type TableSource } from './conversion';
import type { FetchAttr, FetchDoc } from './fetchModel';
import { FilterBuilder } from './odataConditions';
import { parseODataFilter } from './odataFilter';

const METHODS: Readonly<Record<string, [string, boolean]>> = {
  sum: ['sum', false],
  min: ['min', false],
  max: ['max', false],
  average: ['avg', false],
  countdistinct: ['countcolumn', true],
};

export async function applyToFetch(
  options: Map<string, string>,
  root: TableIndex,
  source: TableSource,
): Promise<FetchDoc> {
  for (const name of options.keys()) {
    if (name !== '$apply') {
      throw new ConvertError(l10n.t('FetchXML cannot convert {0} together with {1} here.', name, '$apply'));
    }
  }
  const text = options.get('$apply')!;
  const parts = parseApply(text, { text, start: 0, end: text.length });
  const names = parts.transformations.map((t) => t.text.toLowerCase());
  const shape = names.join('/');
  if (!/^(filter\/)?(groupby(\/aggregate)?|aggregate)$/.test(shape)) {
    throw new ConvertError(l10n.t("FetchXML converts filter(…) then groupby or aggregate; not '{0}'.", shape));
  }
  const attributes: FetchAttr[] = parts.groupColumns.map((g) => {
    if (g.text.includes('/')) {
      throw new ConvertError(l10n.t("FetchXML cannot group by the navigation path '{0}' here.", g.text));
    }
    const name = columnOf(root, g.text).column.logicalName;
    return { name, alias: name, groupby: true };
  });
  for (const a of parts.aggregates) {
    const alias = a.alias?.text;
    if (!alias) throw new ConvertError(l10n.t("The aggregate '{0}' needs 'as alias'.", a.whole.text));
    if (a.column?.text === '$count') {
      attributes.push({
        name: root.table.primaryIdAttribute ?? `${root.table.logicalName}id`,
        alias,
        aggregate: 'count',
      });
      continue;
    }
    const method = METHODS[a.method?.text.toLowerCase() ?? ''];
    if (!a.column || !method) throw new ConvertError(l10n.t("FetchXML has no aggregate for '{0}'.", a.whole.text));
    const name = columnOf(root, a.column.text).column.logicalName;
    attributes.push({ name, alias, aggregate: method[0], ...(method[1] ? { distinct: true } : {}) });
  }
  const filters = [];
  const navs = new Map();
  for (const f of parts.filters) {
    filters.push(await new FilterBuilder(root, source, navs).build(parseODataFilter(f.text)));
  }
  if (navs.size) throw new ConvertError(l10n.t('FetchXML cannot aggregate over a navigation path in filter(…) here.'));
  return {
    options: { aggregate: 'true' },
    entity: { name: root.table.logicalName, attributes, filters, orders: [], links: [] },
  };
}
