// The SQL parser: the tree of each statement kind, exact offsets on nodes and errors, comments kept
// for callers (`-- allow: all rows`), and recovery that still yields a statement while typing.
import { strict as assert } from 'node:assert';
import { parseSql } from '../../../../../src/core/query/sql/parser';
import { looksLikeSql } from '../../../../../src/core/query/sql/lexer';
import type {
  SelectStatement,
  UpdateStatement,
  DeleteStatement,
  InsertStatement,
  Span,
} from '../../../../../src/core/query/sql/ast';

const text = (src: string, s: Span): string => src.slice(s.start, s.end);

function select(sql: string): SelectStatement {
  const r = parseSql(sql);
  assert.deepEqual(r.errors, [], JSON.stringify(r.errors));
  assert.equal(r.statement?.type, 'select');
  return r.statement as SelectStatement;
}

describe('SQL parser', () => {
  it('reads a SELECT with every clause, with exact ranges', () => {
    const sql =
      "SELECT DISTINCT TOP 10 a.name AS n, c.* FROM account a LEFT OUTER JOIN contact c ON c.parentcustomerid = a.accountid WHERE a.name LIKE 'x!%' ESCAPE '!' AND c.x IS NOT NULL GROUP BY a.name ORDER BY n DESC OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY";
    const s = select(sql);
    assert.equal(s.distinct, true);
    assert.equal(text(sql, s.top!.span), 'TOP 10');
    assert.equal(text(sql, s.columns[0]!.span), 'a.name AS n');
    assert.equal(text(sql, s.columns[0]!.expr.span), 'a.name');
    assert.equal(text(sql, s.columns[0]!.alias!.span), 'n');
    assert.equal(s.columns[1]!.expr.type, 'star');
    assert.equal(text(sql, s.from!.span), 'account a');
    assert.equal(s.joins[0]!.kind, 'left');
    assert.equal(text(sql, s.joins[0]!.kindSpan), 'LEFT OUTER JOIN');
    assert.equal(text(sql, s.joins[0]!.on!.span), 'c.parentcustomerid = a.accountid');
    assert.equal(s.where!.type, 'and');
    const like = (s.where as unknown as { operands: SelectStatement['columns'][0]['expr'][] }).operands[0]!;
    assert.equal(like.type, 'like');
    assert.equal(text(sql, like.span), "a.name LIKE 'x!%' ESCAPE '!'");
    assert.equal(text(sql, s.groupBy[0]!.span), 'a.name');
    assert.equal(s.orderBy[0]!.descending, true);
    assert.equal(text(sql, s.offset!.span), 'OFFSET 10 ROWS');
    assert.equal(text(sql, s.fetch!.span), 'FETCH NEXT 5 ROWS ONLY');
    assert.equal(text(sql, s.span), sql);
  });

  it('gives AND and OR their precedence, and NOT its operand', () => {
    const s = select('SELECT x FROM t WHERE a = 1 OR b = 2 AND NOT c = 3');
    assert.equal(s.where!.type, 'or');
    const or = s.where as unknown as { operands: { type: string; operands?: { type: string }[] }[] };
    assert.deepEqual(
      or.operands.map((o) => o.type),
      ['compare', 'and'],
    );
    assert.equal(or.operands[1]!.operands![1]!.type, 'not');
  });

  it('reads IN lists, BETWEEN, IS NULL, parameters, casts, calls and quoted names', () => {
    const s = select(
      "SELECT COUNT(DISTINCT [my col]), CAST(x AS date), CONVERT(date, y, 120) FROM [t] WHERE a NOT IN (1, 'b', @p) AND b BETWEEN -1 AND 2 AND c IS NULL AND d = lastxdays(3) AND e = CURRENT_USER",
    );
    const call = s.columns[0]!.expr;
    assert.ok(
      call.type === 'call' &&
        call.distinct &&
        call.args[0]!.type === 'column' &&
        call.args[0]!.column.name === 'my col',
    );
    assert.equal(s.columns[1]!.expr.type, 'cast');
    assert.equal(s.columns[2]!.expr.type, 'cast');
    const ops = (s.where as unknown as { operands: { type: string; negated?: boolean }[] }).operands;
    assert.deepEqual(
      ops.map((o) => o.type),
      ['in', 'between', 'isNull', 'compare', 'compare'],
    );
    assert.equal(ops[0]!.negated, true);
  });

  it('keeps comments, leading ones too, for callers to read', () => {
    const sql = '-- allow: all rows\n/* note */ DELETE FROM account -- trailing';
    const r = parseSql(sql);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.comments.map((c) => c.text),
      ['allow: all rows', 'note', 'trailing'],
    );
    assert.equal(text(sql, r.comments[0]!.span), '-- allow: all rows');
  });

  it('reads INSERT … VALUES and INSERT … SELECT', () => {
    const sql = "INSERT INTO account (name, revenue) VALUES ('a', 1), ('b', 2)";
    const r = parseSql(sql);
    assert.deepEqual(r.errors, []);
    const i = r.statement as InsertStatement;
    assert.deepEqual(
      i.columns.map((c) => c.name),
      ['name', 'revenue'],
    );
    assert.equal(i.rows!.length, 2);
    assert.equal(text(sql, i.rows![1]![0]!.span), "'b'");
    const j = parseSql('INSERT account (name) SELECT fullname FROM contact').statement as InsertStatement;
    assert.equal(j.select?.from?.table.name, 'contact');
  });

  it('reads UPDATE … SET … FROM … JOIN … WHERE and DELETE with FROM and TOP', () => {
    const sql =
      "UPDATE a SET a.name = c.fullname, revenue = revenue + 1 FROM account a JOIN contact c ON c.contactid = a.primarycontactid WHERE a.name = 'x'";
    const r = parseSql(sql);
    assert.deepEqual(r.errors, []);
    const u = r.statement as UpdateStatement;
    assert.equal(u.target.table.name, 'a');
    assert.equal(u.set.length, 2);
    assert.equal(text(sql, u.set[0]!.span), 'a.name = c.fullname');
    assert.equal(u.set[1]!.value.type, 'arithmetic');
    assert.equal(u.from?.alias?.name, 'a');
    assert.equal(u.joins.length, 1);
    const d = parseSql('DELETE TOP (5) FROM account WHERE statecode = 1').statement as DeleteStatement;
    assert.equal(d.target.table.name, 'account');
    assert.ok(d.where && d.top);
    const d2 = parseSql('DELETE a FROM account a JOIN contact c ON c.contactid = a.primarycontactid')
      .statement as DeleteStatement;
    assert.equal(d2.target.table.name, 'a');
    assert.equal(d2.from?.table.name, 'account');
    assert.equal(parseSql('UPDATE account SET name = 1').statement?.type, 'update');
  });

  it('records refused constructs with their range', () => {
    const sql = 'SELECT name FROM account GROUP BY name HAVING COUNT(*) > 1 UNION SELECT name FROM contact';
    const s = parseSql(sql).statement as SelectStatement;
    assert.deepEqual(
      s.refused.map((r) => [r.construct, text(sql, r.span)]),
      [
        ['HAVING', 'HAVING COUNT(*) > 1'],
        ['UNION', 'UNION SELECT name FROM contact'],
      ],
    );
  });

  describe('errors and recovery', () => {
    const cases: [string, string, string][] = [
      // [sql, text the first error covers ('' = empty range at the end), message fragment]
      ['SELECT name FROM account WHERE', '', 'Expected a value or a column'],
      ['SELECT a. FROM account a', 'FROM', 'column name after "."'],
      ["SELECT * FROM account WHERE name = 'abc", "'abc", 'not closed'],
      ['SELECT * FROM [account', '[account', 'not closed'],
      ['SELECT FROM account', 'FROM', 'Expected a column'],
      ['SELECT name FROM', '', 'Expected a table name'],
      ['SELECT name FROM account a JOIN contact c', '', 'Expected ON'],
      ['SELECT name FROM account WHERE a IN (1, 2', '', 'close the IN list'],
      ['SELECT name FROM account WHERE a BETWEEN 1', '', 'Expected AND'],
      ['SELECT name FROM account ORDER name', 'name', 'Expected BY'],
      ['SELECT name FROM account; SELECT 1', 'SELECT 1', 'One statement per block'],
      ['FROM account', 'FROM', 'Expected SELECT, INSERT, UPDATE or DELETE'],
      ['', '', 'Expected SELECT'],
      ['SELECT name FROM account WHERE name = ?', '?', 'Unexpected character'],
      ['UPDATE account name = 1', 'name', 'Expected SET'],
      ['INSERT INTO account (name VALUES (1)', 'VALUES', 'close the column list'],
      ['SELECT name FROM account WHERE @ = 1', '@', 'parameter needs a name'],
      ['SELECT name FROM account /* open', '/* open', 'comment is not closed'],
      ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH', 'Common table expressions'],
    ];
    for (const [sql, at, message] of cases) {
      it(`${JSON.stringify(sql)} → error on ${JSON.stringify(at)}`, () => {
        const r = parseSql(sql);
        const e = r.errors[0];
        assert.ok(e, 'an error');
        assert.ok(e.message.includes(message), e.message);
        if (at === '') assert.deepEqual(e.span, { start: sql.length, end: sql.length });
        else assert.equal(text(sql, e.span), at);
      });
    }

    it('still gives the tables of a half-typed query', () => {
      const s = parseSql('SELECT c. FROM account a JOIN contact c ON c.').statement as SelectStatement;
      assert.equal(s.from?.table.name, 'account');
      assert.equal(s.joins[0]?.table.alias?.name, 'c');
      const w = parseSql('SELECT name FROM account WHERE name = AND revenue > 1 ORDER BY name')
        .statement as SelectStatement;
      assert.equal(w.orderBy.length, 1);
    });
  });

  it('tells SQL blocks from Web API requests', () => {
    assert.equal(looksLikeSql('SELECT 1'), true);
    assert.equal(looksLikeSql('  select name from account'), true);
    assert.equal(looksLikeSql('-- allow: all rows\nDELETE FROM account'), true);
    assert.equal(looksLikeSql('/* x */\nUPDATE account SET name = 1'), true);
    assert.equal(looksLikeSql('GET accounts'), false);
    assert.equal(looksLikeSql('<fetch><entity name="account"/></fetch>'), false);
    assert.equal(looksLikeSql('SELECTED'), false);
  });
});
