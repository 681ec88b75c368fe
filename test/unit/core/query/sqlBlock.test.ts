// SQL blocks in a scratchpad: which requests are SQL (and which look alike but stay HTTP), their
// text and ranges, and their read/write classification, on which the production and read-only
// guards act.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { isSqlStart, sqlVerb, sqlWords, sqlWrites } from '../../../../src/core/query/syntax/sqlBlock';
import { classifySql } from '../../../../src/core/query/run/safety';
import { runConsent } from '../../../../src/core/query/run/runConsent';
import { summarize } from '../../../../src/core/query/history/historyEntry';

describe('SQL blocks', () => {
  it('a request starting with SELECT, INSERT, UPDATE, DELETE FROM or a -- comment is SQL', () => {
    const text = [
      'SELECT name FROM account', // 0
      '###',
      'select top 5 *',
      '  from contact',
      '###',
      'INSERT INTO account (name) VALUES (1)',
      '###',
      'update account set name = 1 where name = 2',
      '###',
      'DELETE FROM account WHERE name = 1',
      '###',
      '-- the open ones',
      'SELECT name FROM account WHERE statecode = 0',
      '###',
      'delete',
      '  from account',
    ].join('\n');
    const doc = parseDocument(text);
    assert.deepEqual(
      doc.requests.map((r) => r.kind),
      ['sql', 'sql', 'sql', 'sql', 'sql', 'sql'],
    );
    assert.deepEqual(
      doc.requests.map((r) => r.sqlVerb),
      ['select', 'select', 'insert', 'update', 'delete', 'select'],
    );
    assert.equal(doc.requests[1]!.sql!.text, 'select top 5 *\n  from contact');
    assert.deepEqual(doc.requests[1]!.lensRange, { start: { line: 2, character: 0 }, end: { line: 2, character: 14 } });
    assert.equal(doc.requests[5]!.sql!.text, '-- the open ones\nSELECT name FROM account WHERE statecode = 0');
    // "delete" alone is the HTTP method with no URL: not SQL (the DELETE FROM must be on one line).
    assert.deepEqual(
      doc.diagnostics.map((d) => d.code),
      ['empty-target'],
    );
  });

  it('keeps the HTTP DELETE, bare targets, $batch markers and FetchXML as they were', () => {
    const doc = parseDocument(
      [
        'DELETE accounts(00000000-0000-0000-0000-000000000001)',
        '###',
        'selections?$top=1',
        '###',
        'POST $batch',
        '',
        '--- changeset',
        'DELETE accounts(00000000-0000-0000-0000-000000000001)',
        '--- end',
        '###',
        '<fetch><entity name="account"/></fetch>',
      ].join('\n'),
    );
    assert.deepEqual(
      doc.requests.map((r) => r.kind),
      ['http', 'http', 'batch', 'fetchxml'],
    );
    assert.equal(doc.requests[0]!.line!.method, 'DELETE');
    assert.deepEqual(doc.diagnostics, []);
  });

  it('a SQL block runs to its last non-blank line, blank lines inside it included, and may follow headers and variables', () => {
    const doc = parseDocument(
      [
        '###',
        '# @name open',
        '@city = Redmond',
        'Prefer: odata.include-annotations="*"',
        'SELECT name',
        '',
        'FROM account WHERE address1_city = @city',
        '',
        '',
        '###',
        'GET WhoAmI',
      ].join('\n'),
    );
    const sql = doc.requests[0]!;
    assert.equal(sql.kind, 'sql');
    assert.equal(sql.name?.value, 'open');
    assert.deepEqual(
      sql.variables.map((v) => v.name),
      ['city'],
    );
    assert.deepEqual(
      sql.headers.map((h) => h.name),
      ['Prefer'],
    );
    assert.equal(sql.sql!.text, 'SELECT name\n\nFROM account WHERE address1_city = @city');
    assert.deepEqual(sql.sql!.range, { start: { line: 4, character: 0 }, end: { line: 6, character: 40 } });
    assert.equal(sql.lensRange.start.line, 3);
    assert.equal(doc.requests[1]!.kind, 'http');
    assert.deepEqual(doc.diagnostics, []);
  });

  it('isSqlStart tells a -- comment from a --- batch marker, and DELETE FROM from DELETE url', () => {
    assert.ok(isSqlStart('-- comment'));
    assert.ok(isSqlStart('--'));
    assert.ok(!isSqlStart('--- changeset'));
    assert.ok(isSqlStart('  DELETE   FROM account'));
    assert.ok(!isSqlStart('DELETE fromages(1)'));
    assert.ok(!isSqlStart('DELETE accounts(1)'));
    assert.ok(isSqlStart('SELECT*FROM account'));
    assert.ok(isSqlStart('/* open ones */ SELECT name FROM account'));
    assert.ok(!isSqlStart('selections'));
    assert.ok(!isSqlStart('updates?$top=1'));
  });

  it('words skip comments, strings, quoted names and @variables', () => {
    assert.deepEqual(
      sqlWords('-- update\nSELECT [delete], "insert" /* drop */ FROM t WHERE n = \'update\' AND m = @update'),
      ['select', 'from', 't', 'where', 'n', 'and', 'm'],
    );
    assert.equal(sqlVerb('/* x */ -- y\n  Update t set a = 1'), 'update');
    assert.equal(sqlVerb('-- only a comment'), undefined);
  });
});

describe('SQL read or write', () => {
  it('a plain SELECT is a read; INSERT, UPDATE, DELETE are writes', () => {
    assert.deepEqual(classifySql('SELECT name FROM account', 'select', 'account'), {
      access: 'read',
      operation: 'sql',
      summary: 'reads account with SQL',
      writes: 0,
    });
    assert.equal(
      classifySql('UPDATE account SET name = 1', 'update', 'account').summary,
      'updates rows of account with SQL',
    );
    assert.equal(classifySql('INSERT INTO account (name) VALUES (1)', 'insert').access, 'write');
    assert.equal(classifySql('DELETE FROM account', 'delete').access, 'write');
  });

  it('anything that is not only a SELECT counts as a write', () => {
    for (const text of [
      'SELECT name INTO x FROM account',
      'SELECT name FROM account; DELETE FROM account',
      '-- nothing here',
      '',
      'WITH x AS (SELECT 1) UPDATE account SET name = 1',
    ]) {
      assert.equal(sqlWrites(text), true, text);
      assert.equal(classifySql(text, sqlVerb(text)).access, 'write', text);
    }
    assert.equal(sqlWrites("SELECT name FROM account WHERE name = 'delete me' -- update"), false);
  });

  it('the guards hold: a read-only connection refuses a SQL write, production asks, a SELECT is sent', () => {
    const update = classifySql('UPDATE account SET name = 1 WHERE name = 2', 'update').access;
    assert.deepEqual(runConsent(update, 'document', { readOnly: true }), { kind: 'refuse' });
    assert.deepEqual(runConsent(update, 'document', { production: true }), {
      kind: 'ask',
      production: true,
      origin: 'document',
    });
    assert.deepEqual(runConsent(classifySql('SELECT 1', 'select').access, 'document', { readOnly: true }), {
      kind: 'send',
    });
  });

  it('the history summarizes a SQL block by its statement and access', () => {
    assert.deepEqual(summarize('-- open accounts\nSELECT name FROM account'), {
      method: 'SQL',
      target: 'SELECT name FROM account',
      access: 'read',
    });
    assert.equal(summarize('DELETE FROM account WHERE name = 1').access, 'write');
  });
});
