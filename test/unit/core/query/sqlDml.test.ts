// The SQL write planner against the real CSDL: values encoded for the column they go to (lookups as
// @odata.bind, choices as numbers, dates as ISO), option lines as headers, batching, and the guard
// that refuses an UPDATE or DELETE without WHERE unless the block allows every row.
import * as assert from 'node:assert/strict';
import { csdlSnapshot } from './csdlSnapshot';
import {
  batchesOf,
  columnsToRead,
  planWrites,
  readValue,
  type PlanContext,
} from '../../../../src/core/query/sql/dml/plan';
import {
  checkGuards,
  DmlError,
  parseDmlBlock,
  type DmlOptions,
  type DmlStatement,
} from '../../../../src/core/query/sql/dml/statement';
import { dmlPrompt, summaryText } from '../../../../src/core/query/sql/dml/confirm';

const NO_OPTIONS: DmlOptions = { bypassCustomPlugins: false, allowAllRows: false };
const ID1 = '11111111-2222-3333-4444-555555555555';
const ID2 = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

function ctx(table: string, options: DmlOptions = NO_OPTIONS): PlanContext {
  const snapshot = csdlSnapshot();
  return {
    details: snapshot.details(table)!,
    entitySetOf: (name) => snapshot.tableByLogicalName(name)?.entitySetName,
    options,
  };
}

describe('SQL writes: planning', () => {
  describe('encoding', () => {
    it('encodes text, numbers, choices, dates and a lookup for an INSERT', () => {
      const statement: DmlStatement = {
        kind: 'insertValues',
        table: 'account',
        columns: ['name', 'numberofemployees', 'revenue', 'industrycode', 'lastusedincampaign', 'primarycontactid'],
        rows: [['Contoso', '12', 1.5, 3, '2024-05-31 12:30:00Z', ID1]],
      };
      const [op] = planWrites(statement, [], ctx('account'));
      assert.equal(op!.method, 'POST');
      assert.equal(op!.url, 'accounts');
      assert.deepEqual(op!.body, {
        name: 'Contoso',
        numberofemployees: 12,
        revenue: 1.5,
        industrycode: 3,
        lastusedincampaign: '2024-05-31T12:30:00.000Z',
        'primarycontactid@odata.bind': `/contacts(${ID1})`,
      });
      assert.equal(op!.label, 'Contoso');
    });

    it('takes a choice by its label, and says which choices there are when it is neither', () => {
      const c = ctx('account');
      const options = c.details.choices.find((ch) => ch.columns.includes('industrycode'))!.options;
      const [op] = planWrites(
        {
          kind: 'insertValues',
          table: 'account',
          columns: ['industrycode'],
          rows: [[options[1]!.label.toUpperCase()]],
        },
        [],
        c,
      );
      assert.equal(op!.body!['industrycode'], options[1]!.value);
      assert.throws(
        () =>
          planWrites({ kind: 'insertValues', table: 'account', columns: ['industrycode'], rows: [['Nope']] }, [], c),
        (e: Error) =>
          e instanceof DmlError &&
          /Row 1: industrycode takes a choice/.test(e.message) &&
          e.message.includes(options[0]!.label),
      );
    });

    it('binds a lookup with several targets only when the table is named, and NULL clears it', () => {
      const c = ctx('contact');
      assert.throws(
        () =>
          planWrites({ kind: 'insertValues', table: 'contact', columns: ['parentcustomerid'], rows: [[ID1]] }, [], c),
        /can point to account, contact: write the table too/,
      );
      const [named, cleared] = planWrites(
        {
          kind: 'insertValues',
          table: 'contact',
          columns: ['lastname', 'parentcustomerid'],
          rows: [
            ['A', `account(${ID1.toUpperCase()})`],
            ['B', null],
          ],
        },
        [],
        c,
      );
      assert.equal(named!.body!['parentcustomerid_account@odata.bind'], `/accounts(${ID1})`);
      assert.ok(Object.keys(cleared!.body!).some((k) => k.endsWith('@odata.bind') && cleared!.body![k] === null));
    });

    it('refuses bad values, unknown and read-only columns before anything is planned', () => {
      const c = ctx('account');
      const insert = (column: string, value: string | number | null): DmlStatement => ({
        kind: 'insertValues',
        table: 'account',
        columns: [column],
        rows: [[value]],
      });
      assert.throws(() => planWrites(insert('numberofemployees', 'many'), [], c), /numberofemployees takes a number/);
      assert.throws(() => planWrites(insert('numberofemployees', 1.5), [], c), /takes a whole number/);
      assert.throws(() => planWrites(insert('lastusedincampaign', 'soon'), [], c), /takes a date/);
      assert.throws(() => planWrites(insert('primarycontactid', 'Bob'), [], c), /takes the id \(a GUID\)/);
      assert.throws(() => planWrites(insert('nosuchcolumn', 1), [], c), /account has no column "nosuchcolumn"/);
      assert.throws(() => planWrites(insert('createdon', '2024-01-01'), [], c), /cannot be set on insert/);
      assert.throws(
        () =>
          planWrites({ kind: 'insertValues', table: 'account', columns: ['name', 'revenue'], rows: [['x']] }, [], c),
        /Row 1 of the VALUES has 1 value for 2 columns/,
      );
    });

    it('keeps a date-only value as a date', () => {
      const [op] = planWrites(
        { kind: 'insertValues', table: 'account', columns: ['lastusedincampaign'], rows: [['2024-02-29']] },
        [],
        ctx('account'),
      );
      assert.equal(op!.body!['lastusedincampaign'], '2024-02-29');
    });
  });

  describe('UPDATE, DELETE and INSERT … SELECT from rows read', () => {
    const rows = [
      {
        accountid: ID1,
        name: 'First',
        'c.fullname': 'Ann',
        'c._parentcustomerid_value': ID2,
        'c._parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
      },
      { accountid: ID2, name: '', 'c.fullname': 'Bob', 'c._parentcustomerid_value': null },
    ];

    it('PATCHes each row by id with If-Match: *, values from literals and joined columns', () => {
      const ops = planWrites(
        {
          kind: 'update',
          table: 'account',
          fetchXml: '<fetch/>',
          hasWhere: true,
          set: [
            { column: 'description', value: { column: 'c.fullname' } },
            { column: 'parentaccountid', value: { column: 'c.parentcustomerid' } },
            { column: 'numberofemployees', value: { literal: 7 } },
          ],
        },
        rows,
        ctx('account'),
      );
      assert.deepEqual(
        ops.map((o) => [o.method, o.url, o.label, o.headers['If-Match']]),
        [
          ['PATCH', `accounts(${ID1})`, 'First', '*'],
          ['PATCH', `accounts(${ID2})`, ID2, '*'],
        ],
      );
      assert.deepEqual(ops[0]!.body, {
        description: 'Ann',
        'parentaccountid@odata.bind': `/accounts(${ID2})`,
        numberofemployees: 7,
      });
      assert.equal(ops[1]!.body!['parentaccountid@odata.bind'], null);
    });

    it('DELETEs each row by id, and reads lookups from FetchXML rows', () => {
      const ops = planWrites(
        { kind: 'delete', table: 'account', fetchXml: '<fetch/>', hasWhere: true },
        rows,
        ctx('account'),
      );
      assert.deepEqual(
        ops.map((o) => [o.method, o.url, o.body]),
        [
          ['DELETE', `accounts(${ID1})`, undefined],
          ['DELETE', `accounts(${ID2})`, undefined],
        ],
      );
      assert.deepEqual(readValue(rows[0]!, 'C.ParentCustomerId'), { value: ID2, lookupTable: 'account' });
    });

    it('POSTs one row per row read for INSERT … SELECT', () => {
      const ops = planWrites(
        {
          kind: 'insertSelect',
          table: 'contact',
          columns: ['lastname', 'parentcustomerid'],
          sourceTable: 'account',
          fetchXml: '<fetch/>',
          sources: [{ column: 'name' }, { literal: `account(${ID2})` }],
        },
        [
          { accountid: ID1, name: 'First' },
          { accountid: ID2, name: 'Second' },
        ],
        ctx('contact'),
      );
      assert.deepEqual(
        ops.map((o) => [o.method, o.url, o.label, o.body]),
        // contact's primary name (fullname) is computed, so a created row is named by its position.
        ['First', 'Second'].map((name, i) => [
          'POST',
          'contacts',
          `row ${i + 1}`,
          { lastname: name, 'parentcustomerid_account@odata.bind': `/accounts(${ID2})` },
        ]),
      );
    });

    it('lists the columns the read must return', () => {
      assert.deepEqual(
        columnsToRead({
          kind: 'update',
          table: 'account',
          fetchXml: '',
          hasWhere: true,
          set: [
            { column: 'name', value: { column: 'c.fullname' } },
            { column: 'revenue', value: { literal: 1 } },
          ],
        }),
        ['c.fullname'],
      );
    });
  });

  describe('option lines and guards', () => {
    it('reads option lines into headers on every write', () => {
      const block = parseDmlBlock(
        [
          '-- a comment first',
          'MSCRM.BypassCustomPluginExecution: true',
          'mscrm.suppressduplicatedetection: false',
          `CallerObjectId: ${ID1.toUpperCase()}`,
          'DELETE FROM account WHERE name = :x',
        ].join('\n'),
      );
      assert.equal(block.sql, 'DELETE FROM account WHERE name = :x');
      assert.equal(block.sqlLine, 4);
      const [op] = planWrites(
        { kind: 'delete', table: 'account', fetchXml: '', hasWhere: true },
        [{ accountid: ID2 }],
        ctx('account', block.options),
      );
      assert.deepEqual(op!.headers, {
        'MSCRM.BypassCustomPluginExecution': 'true',
        'MSCRM.SuppressDuplicateDetection': 'false',
        CallerObjectId: ID1,
      });
    });

    it('refuses unknown option lines and bad values with the line', () => {
      assert.throws(
        () => parseDmlBlock('Prefer: return=representation\nDELETE FROM account'),
        /Line 1: "Prefer" is not an option/,
      );
      assert.throws(
        () => parseDmlBlock('\nCallerObjectId: bob\nDELETE FROM account'),
        /Line 2: CallerObjectId must be/,
      );
      assert.throws(() => parseDmlBlock('MSCRM.BypassCustomPluginExecution: yes'), /must be true or false/);
    });

    it('refuses UPDATE and DELETE without WHERE unless the block allows all rows', () => {
      const del: DmlStatement = { kind: 'delete', table: 'account', fetchXml: '', hasWhere: false };
      const upd: DmlStatement = { kind: 'update', table: 'account', fetchXml: '', hasWhere: false, set: [] };
      assert.throws(
        () => checkGuards(del, NO_OPTIONS),
        /this DELETE has no WHERE, so it would change every row of account/,
      );
      assert.throws(() => checkGuards(upd, NO_OPTIONS), /this UPDATE has no WHERE/);
      const allowed = parseDmlBlock('--   Allow:  all rows\nDELETE FROM account').options;
      assert.equal(allowed.allowAllRows, true);
      checkGuards(del, allowed);
      checkGuards({ ...del, hasWhere: true }, NO_OPTIONS);
      assert.equal(parseDmlBlock('-- allow: all rows please\nDELETE FROM account').options.allowAllRows, false);
    });
  });

  it('cuts the writes into batches of the configured size', () => {
    assert.deepEqual(
      batchesOf([1, 2, 3, 4, 5], 2).map((b) => b.length),
      [2, 2, 1],
    );
    assert.deepEqual(batchesOf([1, 2], 0), [[1], [2]]);
  });

  it('asks with the org, the table, the count and the first names; production says so', () => {
    const statement: DmlStatement = { kind: 'delete', table: 'account', fetchXml: '', hasWhere: true };
    const names = ['A', 'B', 'C', 'D', 'E', 'F'];
    const prompt = dmlPrompt(statement, 1234, names, 'Prod (https://x.crm.dynamics.com)', { production: true });
    assert.equal(
      prompt.message,
      'This SQL will delete 1,234 rows of account in the PRODUCTION organization Prod (https://x.crm.dynamics.com). Continue?',
    );
    assert.equal(prompt.detail, '• A\n• B\n• C\n• D\n• E\n… and 1,229 more');
    assert.equal(prompt.send, 'Delete 1,234 rows in Production');
    assert.equal(
      summaryText(statement, { total: 10, succeeded: 7, failed: 1, notSent: 2, cancelled: true }),
      'Deleted 7 rows of 10 in account; 1 row failed; 2 rows not sent (cancelled).',
    );
  });
});
