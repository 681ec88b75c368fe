// A SQL write from its text to the org, through the real parser and translator, against the
// Dataverse emulator: the question names the org, table, count and first names; a yes changes the
// rows (values also from a joined table), a no sends nothing; an UPDATE or DELETE without WHERE
// and a read-only connection are refused before a single request; option lines reach the org.
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http/httpClient';
import type { DmlPrompt } from '../../../../src/core/query/sql/dml/confirm';
import { parseSql } from '../../../../src/core/query/sql/parser';
import { translateSelect } from '../../../../src/core/query/sql/translate';
import { runSqlWrite, type SqlWriteEnv, type SqlWriteOutcome } from '../../../../src/core/results/sqlWrite';
import { DataverseClient } from '../../../../src/core/webapi/client';
import { readPage } from '../../../../src/core/webapi/paging';
import { startTestOrg, type TestOrg } from '../../../emulator/test/support/dataverse-server';
import { csdlSnapshot } from '../query/csdlSnapshot';

type Row = Record<string, unknown>;

describe('SQL writes from text against the emulator', function () {
  this.timeout(60_000);
  let org: TestOrg;
  let client: DataverseClient;
  let asked: DmlPrompt[];

  before(async () => {
    org = await startTestOrg({ accountRecords: 60 });
    client = new DataverseClient(new HttpClient({}, { sleep: async () => undefined }), org.url, {
      getToken: async () => 'good:tester',
    });
  });
  after(async () => {
    await org.close();
  });
  beforeEach(() => {
    asked = [];
  });

  function env(answer: boolean, connection: SqlWriteEnv['connection'] = {}): SqlWriteEnv {
    const snapshot = csdlSnapshot();
    return {
      client,
      where: 'Sandbox (https://sandbox)',
      connection,
      snapshot,
      loadDetails: async (table) => {
        const details = snapshot.details(table);
        if (!details) throw new Error(`no table ${table}`);
        return details;
      },
      translateSelect,
      limits: { batchSize: 3, parallelism: 2, maxRows: 10_000 },
      ui: {
        confirm: async (prompt) => {
          asked.push(prompt);
          return answer;
        },
        progress: (_title, work) => work(() => undefined, new AbortController().signal),
      },
    };
  }

  function run(e: SqlWriteEnv, text: string, headers: Record<string, string> = {}): Promise<SqlWriteOutcome> {
    const parsed = parseSql(text);
    assert.deepEqual(parsed.errors, []);
    return runSqlWrite(e, { statement: parsed.statement!, text, params: { p: 'A%' }, headers, origin: 'document' });
  }

  async function rows(query: string): Promise<Row[]> {
    return (await readPage<Row>(client, query)).value;
  }

  const requests = (): number => Object.values(org.stats.dataverseRequests).reduce((a, b) => a + b, 0);

  it('asks with the org, table, count and first names, then updates exactly the matching rows', async () => {
    const matching = await rows(`accounts?$select=accountid,name&$filter=startswith(name,'A')&$orderby=accountid`);
    assert.ok(matching.length > 1);
    const outcome = await run(env(true), `UPDATE account SET description = 'from SQL' WHERE name LIKE @p`);
    assert.equal(asked.length, 1);
    assert.equal(
      asked[0]!.message,
      `This SQL will update ${matching.length} rows of account in Sandbox (https://sandbox). Continue?`,
    );
    assert.ok(asked[0]!.detail.includes(`• ${String(matching[0]!['name'])}`), asked[0]!.detail);
    assert.equal(outcome.kind, 'done');
    assert.equal(outcome.kind === 'done' && outcome.succeeded, matching.length);
    const changed = await rows(`accounts?$select=accountid&$filter=description eq 'from SQL'`);
    assert.equal(changed.length, matching.length);
  });

  it('sends nothing when the question is answered no', async () => {
    const before = requests();
    const batches = org.stats.dataverseResources['POST $batch'] ?? 0;
    const outcome = await run(env(false), `DELETE FROM account WHERE name LIKE 'F%'`);
    assert.equal(outcome.kind, 'cancelled');
    assert.equal(org.stats.dataverseResources['POST $batch'] ?? 0, batches, 'no write went out');
    assert.ok(requests() > before, 'the rows were read to count them');
    assert.ok((await rows(`accounts?$select=accountid&$filter=startswith(name,'F')`)).length > 0);
  });

  it('refuses UPDATE and DELETE without WHERE before any request, unless the block allows all rows', async () => {
    const before = requests();
    await assert.rejects(run(env(true), `DELETE FROM account`), /this DELETE has no WHERE/);
    await assert.rejects(run(env(true), `UPDATE account SET description = 'all'`), /this UPDATE has no WHERE/);
    assert.equal(requests(), before, 'nothing was read or written');
    const outcome = await run(env(false), `-- allow: all rows\nUPDATE account SET description = 'all'`);
    assert.equal(outcome.kind, 'cancelled');
    assert.match(asked[0]!.message, /update \d+ rows of account/);
  });

  it('refuses any write on a read-only connection before a single request', async () => {
    const before = requests();
    await assert.rejects(
      run(env(true, { readOnly: true }), `INSERT INTO account (name) VALUES ('Nope')`),
      /Sandbox \(https:\/\/sandbox\) is read-only: this INSERT on account was not run/,
    );
    assert.equal(requests(), before);
    assert.equal(asked.length, 0);
  });

  it('refuses a number it would send rounded, typed or from a parameter, before anything is sent', async () => {
    const before = requests();
    await assert.rejects(
      run(env(true), `INSERT INTO account (name, revenue) VALUES ('Big', 123456789012345678.25)`),
      /The number 123456789012345678\.25 has more digits than can be sent exactly/,
    );
    const text = `INSERT INTO account (name, revenue) VALUES ('Big', @big)`;
    await assert.rejects(
      runSqlWrite(env(true), {
        statement: parseSql(text).statement!,
        text,
        params: { big: '9007199254740993' },
        headers: {},
        origin: 'document',
      }),
      /Row 1: revenue: the number 9007199254740993 has more digits than can be sent exactly/,
    );
    assert.equal(requests(), before, 'nothing was read or written');
    assert.equal(asked.length, 0);
  });

  it('asks on production with the stronger button', async () => {
    await run(env(false, { production: true }), `INSERT INTO account (name) VALUES ('P1'), ('P2')`);
    assert.match(asked[0]!.message, /insert 2 rows of account in the PRODUCTION organization/);
    assert.equal(asked[0]!.send, 'Insert 2 rows in Production');
    assert.equal(asked[0]!.detail, '• P1\n• P2');
  });

  it('takes values from a joined table', async () => {
    const outcome = await run(
      env(true),
      `UPDATE c SET description = a.name FROM contact c JOIN account a ON a.accountid = c.parentcustomerid WHERE a.name LIKE 'C%'`,
    );
    assert.equal(outcome.kind, 'done');
    const linked = await rows(
      `contacts?$select=description&$expand=parentcustomerid_account($select=name)&$filter=startswith(parentcustomerid_account/name,'C')`,
    );
    assert.ok(linked.length > 0 && outcome.kind === 'done' && outcome.succeeded === linked.length);
    for (const c of linked) {
      assert.equal(c['description'], (c['parentcustomerid_account'] as Row)['name']);
    }
  });

  it('inserts the rows of a SELECT, each once', async () => {
    const source = await rows(`accounts?$select=name&$filter=startswith(name,'N')`);
    const lastnames = async (): Promise<unknown[]> =>
      (await rows(`contacts?$select=lastname&$filter=startswith(lastname,'N')`)).map((r) => r['lastname']);
    const before = await lastnames();
    const outcome = await run(
      env(true),
      `INSERT INTO contact (lastname) SELECT name FROM account WHERE name LIKE 'N%'`,
    );
    assert.ok(source.length > 0);
    assert.equal(outcome.kind === 'done' && outcome.succeeded, source.length);
    const added = await lastnames();
    for (const name of before) added.splice(added.indexOf(name), 1);
    assert.deepEqual(added.sort(), source.map((r) => r['name']).sort());
  });

  it('sends the option lines as headers on every write (an unknown CallerObjectId fails each row)', async () => {
    const outcome = await run(env(true), `INSERT INTO account (name) VALUES ('Imp 1'), ('Imp 2')`, {
      CallerObjectId: '0d9e8f7a-1111-2222-3333-444455556666',
      'MSCRM.BypassCustomPluginExecution': 'true',
    });
    assert.equal(outcome.kind === 'done' && outcome.failed, 2);
    assert.ok(outcome.kind === 'done' && outcome.failures.every((f) => /Does Not Exist|0d9e8f7a/i.test(f.message)));
    assert.equal((await rows(`accounts?$select=name&$filter=startswith(name,'Imp ')`)).length, 0);
  });
});
