// Editor support in SQL blocks against the real CSDL: completion of tables, an alias's columns,
// join conditions from relationships, functions, keywords and @variables; hover with a column's
// type; diagnostics for syntax errors, unknown names (with the closest name as a quick fix) and
// constructs FetchXML cannot express, each with the range of what was typed.
import { strict as assert } from 'node:assert';
import { csdlSnapshot } from './csdlSnapshot';
import { completer } from './completeText';
import { withCursor } from './cursorText';
import { hoverAt } from '../../../../src/core/query/language/hover';
import { diagnoseDocument } from '../../../../src/core/query/language/diagnostics';
import { referencedTables } from '../../../../src/core/query/language/references';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import type { MetadataSnapshot } from '../../../../src/core/metadata/model';

const metadata = csdlSnapshot();
const { labels, replaced, complete } = completer(metadata);

function diagnostics(text: string, m: MetadataSnapshot | undefined = metadata): string[] {
  const doc = parseDocument(text);
  return diagnoseDocument(doc, m ? { metadata: m } : {}).map(
    (d) => `${d.code} ${d.severity}@${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`,
  );
}

describe('SQL completion (real CSDL metadata)', () => {
  it('offers tables after FROM and JOIN, replacing the word typed', () => {
    assert.ok(labels('SELECT name FROM acc|').includes('account'));
    assert.equal(replaced('SELECT name FROM acc|'), '0:17-0:20');
    assert.ok(labels('SELECT a.name FROM account a JOIN con|').includes('contact'));
  });

  it("offers only an alias's columns after `alias.`", () => {
    const items = labels('SELECT c.| FROM contact c JOIN account a ON a.accountid = c.parentcustomerid');
    assert.ok(items.includes('fullname'));
    assert.ok(items.includes('parentcustomerid'));
    assert.ok(!items.includes('accountnumber'), 'no account column after c.');
  });

  it('offers columns and functions in the select list of one table, and aliases with several', () => {
    const one = labels('SELECT | FROM account');
    assert.ok(one.includes('name') && one.includes('COUNT'));
    const two = labels('SELECT | FROM account a JOIN contact c ON c.parentcustomerid = a.accountid');
    assert.ok(two.includes('a') && two.includes('c'), 'the aliases');
    assert.ok(two.includes('a.name') && two.includes('c.fullname'), 'qualified columns');
  });

  it('offers join conditions from the relationships between the joined table and those before it', () => {
    const items = labels('SELECT a.name FROM account a JOIN contact c ON |');
    assert.ok(items.includes('c.parentcustomerid = a.accountid'), items.slice(0, 10).join(' | '));
    const reverse = labels('SELECT c.fullname FROM contact c JOIN account a ON |');
    assert.ok(reverse.includes('a.accountid = c.parentcustomerid'), reverse.slice(0, 10).join(' | '));
  });

  it("offers the block's @variables after @", () => {
    const result = complete('@city = Redmond\n###\n@top = 5\nSELECT name FROM account WHERE address1_city = @c|');
    assert.deepEqual(
      result?.items.map((i) => i.label),
      ['@top', '@city'],
    );
    assert.equal(replaced('@city = Redmond\n###\nSELECT name FROM account WHERE address1_city = @c|'), '2:47-2:49');
  });

  it('offers keywords after a complete clause', () => {
    const items = labels('SELECT name FROM account |');
    assert.ok(items.includes('WHERE'), items.join(' '));
  });

  it('offers SQL statements on an empty line', () => {
    assert.ok(labels('|').includes('SELECT'));
  });
});

describe('SQL hover (real CSDL metadata)', () => {
  function hover(src: string) {
    const { text, position } = withCursor(src);
    return hoverAt(text, position, { metadata });
  }

  it("shows a column's type, through its alias", () => {
    const info = hover('SELECT a.na|me FROM account a');
    assert.ok(info);
    assert.match(info.title, /^name — /);
    assert.match(info.lines[0]!, /^Text/);
    assert.equal(info.lines[1], 'Column of account');
    assert.deepEqual(info.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 13 } });
  });

  it('shows a table', () => {
    const info = hover('SELECT name FROM acc|ount');
    assert.match(info!.title, /^account — /);
    assert.match(info!.lines[0]!, /entity set accounts/);
  });
});

describe('SQL diagnostics (real CSDL metadata)', () => {
  it('reports a syntax error with its range, also without metadata', () => {
    assert.deepEqual(diagnostics('SELECT name FROM', undefined), ['sql-syntax error@0:16-16']);
  });

  it('reports unknown tables and columns with the closest name as a quick fix', () => {
    const doc = parseDocument('###\nSELECT nmae FROM account\n###\nSELECT name FROM acount');
    const found = diagnoseDocument(doc, { metadata });
    assert.deepEqual(
      found.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`),
      ['sql-unknown-column@1:7', 'sql-unknown-table@3:17'],
    );
    assert.equal(found[0]!.fixes![0]!.edits[0]!.newText, 'name');
    assert.equal(found[1]!.fixes![0]!.edits[0]!.newText, 'account');
  });

  it('names a construct FetchXML cannot express', () => {
    const found = diagnoseDocument(parseDocument('SELECT name FROM account UNION SELECT fullname FROM contact'), {
      metadata,
    });
    assert.ok(found.some((d) => d.code === 'sql-unsupported' && /UNION/.test(d.message)));
  });

  it('checks UPDATE and DELETE too, and takes @variables the block sees as defined', () => {
    assert.deepEqual(diagnostics("UPDATE account SET nmae = 'x' WHERE name = 'y'").length, 1);
    assert.deepEqual(diagnostics('@n = x\n###\nSELECT name FROM account WHERE name = @n'), []);
  });

  it('reports {{…}} inside SQL: values go in as @name', () => {
    assert.deepEqual(diagnostics("@n = x\n###\nSELECT name FROM account WHERE name = '{{n}}'"), [
      'sql-template error@2:39-44',
    ]);
  });

  it('waits for the details of the tables the query names instead of reporting their columns', () => {
    const loading = { ...metadata, details: () => undefined, tables: metadata.tables };
    assert.deepEqual(diagnostics('SELECT nmae FROM account', loading), []);
    const doc = parseDocument('SELECT a.name FROM account a JOIN contact c ON c.parentcustomerid = a.accountid');
    assert.deepEqual(referencedTables(doc.requests[0]!, metadata).sort(), ['account', 'contact']);
  });
});
