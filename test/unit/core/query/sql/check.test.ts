// checkSql: the editor's one call, syntax errors and translation diagnostics together.
import { strict as assert } from 'node:assert';
import { checkSql } from '../../../../../src/core/query/sql/check';
import { csdlSnapshot } from '../csdlSnapshot';

describe('checkSql', () => {
  before(function () {
    this.timeout(60_000);
    csdlSnapshot();
  });

  it('reports syntax errors and unknown names of a half-typed query together', () => {
    const text = 'SELECT nme FROM account WHERE';
    const r = checkSql(text, csdlSnapshot());
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]),
      [
        ['sql-syntax', ''],
        ['sql-unknown-column', 'nme'],
      ],
    );
  });

  it('translates a valid SELECT and a DELETE; leaves missing parameters out when lenient', () => {
    assert.ok(checkSql('SELECT name FROM account', csdlSnapshot()).translation?.fetchXml);
    assert.ok(checkSql('DELETE FROM account WHERE statecode = 1', csdlSnapshot()).translation?.fetchXml);
    const strict = checkSql('SELECT name FROM account WHERE name = @x', csdlSnapshot());
    assert.equal(strict.diagnostics[0]?.code, 'sql-parameter');
    assert.deepEqual(
      checkSql('SELECT name FROM account WHERE name = @x', csdlSnapshot(), {}, { lenient: true }).diagnostics,
      [],
    );
  });

  it('says nothing about names before metadata is loaded', () => {
    const empty = {
      tables: [],
      tableByLogicalName: () => undefined,
      tableByEntitySetName: () => undefined,
      details: () => undefined,
    };
    assert.deepEqual(checkSql('SELECT nme FROM acount', empty).diagnostics, []);
  });
});
