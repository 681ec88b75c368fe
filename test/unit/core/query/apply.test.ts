// $apply against the real CSDL: its structure, completion at each place, and checks with fixes.
import { strict as assert } from 'node:assert';
import { parseApply } from '../../../../src/core/query/syntax/applyModel';
import { completeAt } from '../../../../src/core/query/language/completion';
import { diagnoseDocument } from '../../../../src/core/query/language/diagnostics';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { csdlSnapshot } from './csdlSnapshot';
import { withCursor } from './cursorText';

const metadata = csdlSnapshot();

function labels(src: string): string[] {
  const { text, position } = withCursor(src);
  return completeAt(text, position, { metadata })?.items.map((i) => i.label) ?? [];
}

function describeAll(text: string): string[] {
  return diagnoseDocument(parseDocument(text), { metadata }).map(
    (d) => `${d.code} "${text.slice(d.range.start.character, d.range.end.character)}"`,
  );
}

describe('$apply (real CSDL metadata)', () => {
  it('reads transformations, group columns, aggregates and filters with their offsets', () => {
    const value =
      'filter(statecode eq 0)/groupby((industrycode,ownershipcode),aggregate(revenue with sum as total,$count as n))';
    const parts = parseApply(value, { text: value, start: 0, end: value.length });
    assert.deepEqual(
      parts.transformations.map((t) => t.text),
      ['filter', 'groupby', 'aggregate'],
    );
    assert.deepEqual(
      parts.groupColumns.map((c) => c.text),
      ['industrycode', 'ownershipcode'],
    );
    assert.deepEqual(
      parts.aggregates.map((a) => [a.column?.text, a.method?.text, a.alias?.text]),
      [
        ['revenue', 'sum', 'total'],
        ['$count', undefined, 'n'],
      ],
    );
    assert.deepEqual(
      parts.filters.map((f) => f.text),
      ['statecode eq 0'],
    );
    for (const c of parts.groupColumns) assert.equal(value.slice(c.start, c.end), c.text);
  });

  it('completes transformations, columns, keywords and methods where each belongs', () => {
    assert.deepEqual(labels('GET accounts?$apply=|'), ['groupby', 'aggregate', 'filter']);
    assert.ok(labels('GET accounts?$apply=groupby((ind|').includes('industrycode'));
    assert.ok(labels('GET accounts?$apply=groupby((industrycode,|').includes('name'));
    assert.deepEqual(labels('GET accounts?$apply=groupby((industrycode),|'), ['aggregate']);
    const agg = labels('GET accounts?$apply=aggregate(|');
    assert.ok(agg.includes('$count') && agg.includes('revenue'));
    assert.deepEqual(labels('GET accounts?$apply=aggregate(revenue |'), ['with']);
    assert.deepEqual(labels('GET accounts?$apply=aggregate(revenue with |'), [
      'sum',
      'min',
      'max',
      'average',
      'countdistinct',
    ]);
    assert.deepEqual(labels('GET accounts?$apply=aggregate(revenue with sum |'), ['as']);
    assert.deepEqual(labels('GET accounts?$apply=aggregate($count |'), ['as']);
    assert.deepEqual(labels('GET accounts?$apply=aggregate(revenue with sum as |'), []);
    assert.ok(labels('GET accounts?$apply=filter(state|').includes('statecode'), 'filter(…) completes like $filter');
    assert.ok(labels('GET accounts?$apply=filter(statecode eq 0)/|').includes('groupby'));
  });

  it('accepts a correct $apply without a word', () => {
    assert.deepEqual(
      describeAll(
        'GET accounts?$apply=filter(statecode eq 0)/groupby((industrycode),aggregate(revenue with sum as total,$count as n))',
      ),
      [],
    );
  });

  it('reports unknown columns, transformations, methods and a missing alias, with fixes', () => {
    assert.deepEqual(
      describeAll('GET accounts?$apply=groupby((industrycod),aggregate(revenue with total as t,$count))'),
      ['unknown-column "industrycod"', 'unknown-aggregate-method "total"', 'aggregate-without-alias "$count"'],
    );
    assert.deepEqual(describeAll('GET accounts?$apply=GroupBy((name))'), ['unknown-apply-transformation "GroupBy"']);
    const fix = diagnoseDocument(parseDocument('GET accounts?$apply=GroupBy((name))'), { metadata })[0]!.fixes![0]!;
    assert.equal(fix.edits[0]!.newText, 'groupby');
    assert.deepEqual(describeAll('GET accounts?$apply=filter(nmae eq 1)'), ['unknown-column "nmae"']);
  });

  it('refuses ordering by an aggregated value, as Dataverse does, and still checks grouped columns', () => {
    assert.deepEqual(describeAll('GET accounts?$apply=groupby((statecode),aggregate($count as n))&$orderby=n desc'), [
      'aggregate-orderby "n"',
    ]);
    assert.deepEqual(
      describeAll('GET accounts?$apply=groupby((statecode),aggregate($count as n))&$orderby=statecode'),
      [],
    );
    assert.deepEqual(describeAll('GET accounts?$orderby=nmae'), ['unknown-column "nmae"']);
  });
});
