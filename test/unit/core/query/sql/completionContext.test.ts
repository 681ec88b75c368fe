// What the cursor expects in a SQL block (table, column of an alias, join condition, keyword) and
// the name under it for hover, on finished and half-typed text. `|` marks the cursor.
import { strict as assert } from 'node:assert';
import { sqlCompletionContext, sqlSymbolAt } from '../../../../../src/core/query/sql/completionContext';
import { parseSql } from '../../../../../src/core/query/sql/parser';
import type { SqlStatement } from '../../../../../src/core/query/sql/ast';

function at(marked: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, context: sqlCompletionContext(text, offset) };
}

describe('SQL completion context', () => {
  it('offers statement keywords at the start', () => {
    const { context } = at('|');
    assert.equal(context.kind, 'keyword');
    assert.ok(context.kind === 'keyword' && context.keywords.includes('SELECT'));
  });

  it('offers tables after FROM, JOIN, INTO, UPDATE and DELETE FROM, replacing the word typed', () => {
    for (const marked of [
      'SELECT name FROM acc|',
      'SELECT * FROM account a JOIN |',
      'INSERT INTO |',
      'UPDATE con|',
      'DELETE FROM |',
      'SELECT * FROM a, |',
    ]) {
      const { text, context } = at(marked);
      assert.equal(context.kind, 'table', marked);
      if (context.kind === 'table') {
        assert.equal(
          text.slice(context.span.start, context.span.end),
          /(\w*)$/.exec(marked.replace('|', ''))![1],
          marked,
        );
      }
    }
  });

  it('offers the columns of an alias after "alias."', () => {
    const { context } = at('SELECT c.| FROM account a JOIN contact c ON c.parentcustomerid = a.accountid');
    assert.equal(context.kind, 'column');
    if (context.kind !== 'column') return;
    assert.equal(context.qualifier, 'c');
    assert.deepEqual(
      context.scope.map((s) => [s.table, s.alias]),
      [
        ['account', 'a'],
        ['contact', 'c'],
      ],
    );
  });

  it('offers columns of every table in scope in SELECT, WHERE, ORDER BY and SET', () => {
    for (const marked of [
      'SELECT | FROM account',
      'SELECT name, fu| FROM contact',
      'SELECT name FROM account WHERE |',
      "SELECT name FROM account WHERE name = 'a' AND re|",
      'SELECT name FROM account ORDER BY |',
      'UPDATE account SET |',
      'SELECT name FROM account WHERE revenue > |',
    ]) {
      const { context } = at(marked);
      assert.equal(context.kind, 'column', marked);
      if (context.kind === 'column') assert.equal(context.qualifier, undefined);
    }
  });

  it('offers join conditions right after ON', () => {
    const { context } = at('SELECT * FROM account a LEFT JOIN contact c ON |');
    assert.equal(context.kind, 'joinCondition');
    if (context.kind !== 'joinCondition') return;
    assert.equal(context.joined.alias, 'c');
    assert.deepEqual(
      context.scope.map((s) => s.alias),
      ['a'],
    );
  });

  it('offers clause keywords after a table and after a column', () => {
    const t = at('SELECT * FROM account a |').context;
    assert.ok(t.kind === 'keyword' && t.keywords.includes('WHERE') && t.keywords.includes('LEFT OUTER JOIN'));
    const w = at('SELECT * FROM account WHERE name |').context;
    assert.ok(w.kind === 'keyword' && w.keywords.includes('LIKE') && w.keywords.includes('IS NULL'));
  });

  it('offers nothing inside strings, comments and parameters', () => {
    assert.equal(at("SELECT * FROM account WHERE name = 'ab|c'").context.kind, 'none');
    assert.equal(at('-- a comm|ent\nSELECT 1').context.kind, 'none');
    assert.equal(at('SELECT * FROM account WHERE name = @na|').context.kind, 'none');
  });

  it('names the table or column under the cursor, through aliases', () => {
    const sql =
      'SELECT a.name, fullname FROM account a JOIN contact c ON c.parentcustomerid = a.accountid WHERE c.jobtitle IS NULL';
    const s = parseSql(sql).statement as SqlStatement;
    const on = (word: string, nth = 0) => {
      let i = -1;
      for (let k = 0; k <= nth; k++) i = sql.indexOf(word, i + 1);
      return sqlSymbolAt(s, i + 1);
    };
    assert.deepEqual(on('name'), { kind: 'column', table: 'account', column: 'name', span: { start: 9, end: 13 } });
    assert.deepEqual(on('jobtitle'), {
      kind: 'column',
      table: 'contact',
      column: 'jobtitle',
      span: { start: sql.indexOf('jobtitle'), end: sql.indexOf('jobtitle') + 8 },
    });
    assert.equal(on('fullname')?.kind, 'column');
    assert.equal(
      (on('fullname') as { table?: string }).table,
      undefined,
      'unqualified with two tables: the caller resolves it',
    );
    assert.deepEqual(on('contact'), {
      kind: 'table',
      table: 'contact',
      span: { start: sql.indexOf('contact'), end: sql.indexOf('contact') + 7 },
    });
    assert.deepEqual(on('c.', 1)?.kind, 'table');
  });

  it('answers each text for itself when asked again of the same or of another text', () => {
    const first = 'SELECT a.| FROM account a';
    const second = 'SELECT a.| FROM contact a JOIN account b ON b.accountid = a.parentcustomerid';
    const scopes = [first, second, first, second].map((marked) => {
      const { context } = at(marked);
      assert.equal(context.kind, 'column', marked);
      return context.kind === 'column' ? context.scope.map((s) => `${s.alias}:${s.table}`) : [];
    });
    assert.deepEqual(scopes, [['a:account'], ['a:contact', 'b:account'], ['a:account'], ['a:contact', 'b:account']]);
    const join = 'SELECT * FROM account a JOIN contact c ON |';
    const once = at(join).context;
    assert.deepEqual(at(join).context, once, 'the same text twice: the same answer');
    assert.ok(once.kind === 'joinCondition' && once.joined.alias === 'c' && once.scope.length === 1);
  });
});
