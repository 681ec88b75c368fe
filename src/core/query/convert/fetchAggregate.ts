// Aggregate FetchXML → OData $apply: groupby((columns),aggregate(…)) after filter(…), for what $apply
// computes the same way (count, countcolumn distinct, sum, avg, min, max over the root table).
import type { TableIndex } from '../language/metadataIndex';
import { ConvertError, columnOf } from './conversion';
import type { FetchDoc } from './fetchModel';
import { filterText, wrap, type Scope } from './fetchFilter';

const METHODS: Readonly<Record<string, string>> = { sum: 'sum', avg: 'average', min: 'min', max: 'max' };

export async function aggregateToApply(doc: FetchDoc, root: TableIndex): Promise<string[]> {
  const e = doc.entity;
  if (e.links.length) throw new ConvertError('OData $apply cannot aggregate over a link-entity.');
  if (e.orders.length) throw new ConvertError('OData cannot order $apply results by an aggregate alias.');
  if (doc.options['top']) throw new ConvertError('OData cannot combine top with an aggregate here.');
  if (e.attributes === 'all') throw new ConvertError('An aggregate FetchXML needs its attributes listed.');
  const groups: string[] = [];
  const aggregates: string[] = [];
  for (const a of e.attributes) {
    const entry = columnOf(root, a.name);
    if (a.groupby) {
      if (a.dategrouping) {
        throw new ConvertError(`OData $apply cannot group by the ${a.dategrouping} of a date ('${a.name}').`);
      }
      groups.push(entry.webName);
      continue;
    }
    if (!a.alias) throw new ConvertError(`The aggregate on '${a.name}' needs an alias.`);
    if (a.aggregate === 'count') aggregates.push(`$count as ${a.alias}`);
    else if (a.aggregate === 'countcolumn' && a.distinct) {
      aggregates.push(`${entry.webName} with countdistinct as ${a.alias}`);
    } else if (a.aggregate && METHODS[a.aggregate] && !a.distinct) {
      aggregates.push(`${entry.webName} with ${METHODS[a.aggregate]} as ${a.alias}`);
    } else {
      throw new ConvertError(
        `OData $apply has no equivalent of aggregate="${a.aggregate ?? ''}"${a.distinct ? ' distinct' : ''} on '${a.name}'.`,
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
  else throw new ConvertError('An aggregate FetchXML needs at least one aggregate or groupby attribute.');
  return [`$apply=${steps.join('/')}`];
}
