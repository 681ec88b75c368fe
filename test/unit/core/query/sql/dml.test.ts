// What INSERT, UPDATE and DELETE read before writing: the matching rows of an UPDATE or DELETE as
// FetchXML (primary key, primary name, the joined columns SET takes), the target's columns checked.
import { strict as assert } from 'node:assert';
import { parseSql } from '../../../../../src/core/query/sql/parser';
import { translateTargetRows } from '../../../../../src/core/query/sql/dml';
import { tablesOf } from '../../../../../src/core/query/sql/scope';
import type { DeleteStatement, InsertStatement, UpdateStatement } from '../../../../../src/core/query/sql/ast';
import { csdlSnapshot } from '../csdlSnapshot';
import { normalize } from './sqlTestKit';
import { attr, cond, entity, fetch, link, where } from './translateCases';

function rows(sql: string, params = {}) {
  const r = parseSql(sql);
  assert.deepEqual(r.errors, []);
  return translateTargetRows(
    r.statement as UpdateStatement | DeleteStatement | InsertStatement,
    csdlSnapshot(),
    params,
  );
}

describe('SQL DML: the rows read before writing', () => {
  before(function () {
    this.timeout(60_000);
    csdlSnapshot();
  });

  it('DELETE reads the primary key and name of the rows its WHERE matches', () => {
    const t = rows('DELETE FROM account WHERE statecode = 1');
    assert.equal(t.target, 'account');
    assert.equal(
      normalize(t.fetchXml!),
      normalize(fetch({}, entity('account', attr('accountid'), attr('name'), where(cond('statecode', 'eq', '1'))))),
    );
  });

  it('DELETE without WHERE reads every row (the caller refuses it unless allowed)', () => {
    const t = rows('-- allow: all rows\nDELETE account');
    assert.equal(normalize(t.fetchXml!), normalize(fetch({}, entity('account', attr('accountid'), attr('name')))));
  });

  it('UPDATE … FROM … JOIN reads the joined columns SET takes', () => {
    const t = rows(
      'UPDATE a SET a.name = c.fullname, telephone1 = @phone FROM account a JOIN contact c ON c.contactid = a.primarycontactid WHERE c.statecode = 0',
      { phone: '1' },
    );
    assert.deepEqual(
      t.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(
      normalize(t.fetchXml!),
      normalize(
        fetch(
          {},
          entity(
            'account',
            attr('accountid'),
            attr('name'),
            where(cond('statecode', 'eq', '0', 'c')),
            link('contact', 'contactid', 'primarycontactid', 'inner', 'c', attr('fullname')),
          ),
        ),
      ),
    );
    assert.deepEqual(
      t.columns.map((c) => c.key),
      ['accountid', 'name', 'c.fullname'],
    );
  });

  it('UPDATE TOP (n) reads at most n rows', () => {
    assert.match(
      rows("UPDATE TOP (10) contact SET jobtitle = 'x' WHERE jobtitle IS NULL").fetchXml!,
      /<fetch top="10">/,
    );
  });

  it('refuses what cannot be written: unknown or computed columns, another table than the first after FROM', () => {
    const unknown = rows("UPDATE account SET nmae = 'x' WHERE name = 'y'");
    assert.equal(unknown.fetchXml, undefined);
    assert.deepEqual(unknown.diagnostics[0]?.suggestions?.[0], 'name');
    const computed = rows("UPDATE account SET createdon = '2024-01-01'");
    assert.ok(
      computed.diagnostics.some((d) => d.code === 'sql-type' && /computes it/.test(d.message)),
      JSON.stringify(computed.diagnostics),
    );
    const other = rows(
      "UPDATE c SET c.jobtitle = 'x' FROM account a JOIN contact c ON c.contactid = a.primarycontactid",
    );
    assert.ok(other.diagnostics.some((d) => /first table after FROM/.test(d.message)));
  });

  it('INSERT checks columns and row widths; INSERT … SELECT translates its SELECT', () => {
    const ok = rows("INSERT INTO account (name, revenue) VALUES ('a', 1), ('b', 2)");
    assert.equal(ok.target, 'account');
    assert.deepEqual(ok.diagnostics, []);
    const bad = rows("INSERT INTO account (name, revenue) VALUES ('a')");
    assert.ok(bad.diagnostics.some((d) => /1 values for 2 columns/.test(d.message)));
    const sel = rows('INSERT INTO account (name) SELECT fullname FROM contact WHERE statecode = 0');
    assert.equal(
      normalize(sel.fetchXml!),
      normalize(fetch({}, entity('contact', attr('fullname'), where(cond('statecode', 'eq', '0'))))),
    );
  });

  it('lists the tables a statement names, for the caller to load first', () => {
    assert.deepEqual(
      tablesOf(parseSql('SELECT * FROM account a JOIN contact c ON c.contactid = a.primarycontactid').statement!),
      ['account', 'contact'],
    );
    assert.deepEqual(tablesOf(parseSql('UPDATE account SET name = 1').statement!), ['account']);
    assert.deepEqual(
      tablesOf(
        parseSql('UPDATE a SET name = 1 FROM account a JOIN contact c ON c.contactid = a.primarycontactid').statement!,
      ),
      ['account', 'contact'],
    );
    assert.deepEqual(tablesOf(parseSql('INSERT INTO account (name) SELECT fullname FROM contact').statement!), [
      'account',
      'contact',
    ]);
  });
});
