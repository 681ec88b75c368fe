// The one place the Prefer header is built and read: preferences merge into the caller's, none is
// dropped or doubled, and the page size a request asked for is read back for its later pages.
import * as assert from 'node:assert/strict';
import { pageSizeOf, splitPreferences, withDefaultAnnotations, withPrefer } from '../../../../src/core/webapi/prefer';

describe('Prefer header', () => {
  it("merges with the caller's Prefer, ours replacing the same preference", () => {
    assert.deepEqual(
      withPrefer(
        { prefer: 'return=representation, odata.maxpagesize=10', Accept: 'x' },
        { maxPageSize: 50, annotations: '*' },
      ),
      { Accept: 'x', Prefer: 'return=representation,odata.include-annotations="*",odata.maxpagesize=50' },
    );
    assert.deepEqual(withPrefer({ Prefer: 'odata.include-annotations="A,B"' }, { maxPageSize: 5 }), {
      Prefer: 'odata.include-annotations="A,B",odata.maxpagesize=5',
    });
    assert.deepEqual(withPrefer(undefined, { annotations: false }), {});
  });

  it("adds continue-on-error once, keeping the caller's other preferences", () => {
    assert.deepEqual(withPrefer({ Prefer: 'odata.include-annotations="*"' }, { continueOnError: true }), {
      Prefer: 'odata.include-annotations="*",odata.continue-on-error',
    });
    assert.deepEqual(withPrefer({ Prefer: 'odata.continue-on-error' }, { continueOnError: true }), {
      Prefer: 'odata.continue-on-error',
    });
    assert.deepEqual(withPrefer({ Prefer: 'return=representation' }, { continueOnError: false }), {
      Prefer: 'return=representation',
    });
  });

  it('asks for every annotation only when the request states no preference', () => {
    assert.deepEqual(withDefaultAnnotations({ Accept: 'x' }), { Accept: 'x', Prefer: 'odata.include-annotations="*"' });
    assert.deepEqual(withDefaultAnnotations({ prefer: 'return=representation' }), { prefer: 'return=representation' });
    assert.deepEqual(withDefaultAnnotations(undefined), { Prefer: 'odata.include-annotations="*"' });
  });

  it('splits at commas outside quotes', () => {
    assert.deepEqual(splitPreferences(' a=1, odata.include-annotations="A,B" ,,b '), [
      'a=1',
      'odata.include-annotations="A,B"',
      'b',
    ]);
  });

  it('reads the page size of a Prefer header', () => {
    const table: [Record<string, string>, number | undefined][] = [
      [{}, undefined],
      [{ Prefer: 'odata.maxpagesize=1000' }, 1000],
      [{ prefer: 'odata.include-annotations="*", odata.maxpagesize=250' }, 250],
      [{ Prefer: 'odata.maxpagesize=0' }, undefined],
      [{ Prefer: 'odata.maxpagesize=9000' }, undefined],
      [{ Prefer: 'return=representation' }, undefined],
    ];
    for (const [headers, size] of table) assert.equal(pageSizeOf(headers), size, JSON.stringify(headers));
  });
});
