// Aggregate FetchXML → OData $apply: groupby((columns),aggregate(…)) after filter(…), for what $apply
// computes the same way (count, countcolumn distinct, sum, avg, min, max over the root table).
import * as l10n from '@vscode/l10n';
import type { TableIndex } from '../language/metadataIndex';
import { ConvertError, columnOf } from './conversion';
import type { FetchDoc } from './fetchModel';
import { filterText, wrap, type Scope } from './fetchFilter';

const METHODS: Readonly<Record<string, string>> = { sum: 'sum', avg: 'average', min: 'min', max: 'max' };

export async function aggregateToApply(doc: FetchDoc, root: TableIndex): Promise<string[]> {
  const e = doc.entity;
  if (e.links.length) throw new ConvertError(l10n.t('OData {0} cannot aggregate over a link-entity.', '$apply'));
  if (e.orders.length) {
    throw new ConvertError(l10n.t('OData cannot order {0} results by an aggregate alias.', '$apply'));
  }
  if (doc.options['top']) throw new ConvertError(l10n.t('OData cannot combine top with an aggregate here.'));
  if (e.attributes === 'all') throw new ConvertError(l10n.t('An aggregate FetchXML needs its attributes listed.'));
  const groups: string[] = [];
  const aggregates: string[] = [];
  for (const a of e.attributes) {
    const entry = columnOf(root, a.name);
    if (a.groupby) {
      if (a.dategrouping) {
        throw new ConvertError(
          l10n.t("OData {0} cannot group by the {1} of a date ('{2}').", '$apply', a.dategrouping, a.name),
        );
      }
      groups.push(entry.webName);
      continue;
    }
    if (!a.alias) throw new ConvertError(l10n.t("The aggregate on '{0}' needs an alias.", a.name));
    if (a.aggregate === 'count') aggregates.push(`$count as ${a.alias}`);
    else if (a.aggregate === 'countcolumn' && a.distinct) {
      aggregates.push(`${entry.webName} with countdistinct as ${a.alias}`);
    } else if (a.aggregate && METHODS[a.aggregate] && !a.distinct) {
      aggregates.push(`${entry.webName} with ${METHODS[a.aggregate]} as ${a.alias}`);
    } else {
      throw new ConvertError(
        l10n.t(
          "OData {0} has no equivalent of {1} on '{2}'.",
          '$apply',
          `aggregate="${a.aggregate ?? ''}"${a.distinct ? ' distinct' : ''}`,
          a.name,
        ),
      );
    }
  }
  const own: Scope = { index: root, prefix: '' };
  const filters = e.filters.map((f) => filterText(f, own, new Map(), true)).filter((f) => f !== '');
  const steps: string[] = [];
  if (filters.length) steps.push(`filter(${filters.map((f) => (filters.length > 1 ? wrap(f) : f)).join(' and ')})`);
  const agg = aggregates.length ? `aggregate(${aggregates.join(',')})` : '';
  if (groups.length) steps.push(`groupby((${groups.join(',')})${agg ? `,${agg}` : ''})`);
  else if (agg) steps.push(agg);
  else throw new ConvertError(l10n.t('An aggregate FetchXML needs at least one aggregate or groupby attribute.'));
  return [`$apply=${steps.join('/')}`];
}
