// The cap on the rows a results view holds: a page is cut at the cap, loading stops there with a
// note that names the setting, and a last page that just fits stops nothing.
import * as assert from 'node:assert/strict';
import { capPage } from '../../../../src/core/results/rowLimit';

describe('results: row limit', () => {
  const page = Array.from({ length: 1000 }, (_, i) => i);

  it('keeps a page that fits, with no note', () => {
    assert.deepEqual(capPage(page, 0, 5000, true), { rows: page });
    assert.deepEqual(capPage(page, 4000, 5000, false), { rows: page }, 'the last page just reaching the limit');
  });

  it('cuts the page that crosses the limit and says why loading stopped, naming the setting', () => {
    const capped = capPage(page, 4500, 5000, true);
    assert.equal(capped.rows.length, 500);
    assert.deepEqual(capped.rows, page.slice(0, 500));
    assert.equal(
      capped.note,
      'Stopped at 5,000 rows, the limit of the setting dynamics365.results.maxRows (exports write the rows loaded). Raise it to load more.',
    );
    assert.equal(capPage(page, 4000, 5000, true).note, capped.note, 'reaching it with more rows to come');
    assert.equal(capPage(page, 5000, 5000, true).rows.length, 0);
    assert.equal(capPage(page, 100, 100, false).rows.length, 0, 'already full: nothing more is held');
  });
});
