// SQL writes against the Dataverse emulator over real HTTP: the rows an UPDATE matches are read,
// written in $batch requests and really changed; Cancel after a batch leaves the rest untouched; a
// row that fails is reported with the org's message while the others are written; and a 429 on a
// $batch is waited out for its Retry-After and sent again, with no row written twice.
import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http/httpClient';
import { planWrites, type PlanContext, type Row } from '../../../../src/core/query/sql/dml/plan';
import type { DmlStatement } from '../../../../src/core/query/sql/dml/statement';
import { readTargets } from '../../../../src/core/results/dmlRead';
import { runWrites } from '../../../../src/core/results/dmlRun';
import { DataverseClient } from '../../../../src/core/webapi/client';
import { readPage } from '../../../../src/core/webapi/paging';
import { startTestOrg, type TestOrg } from '../../../emulator/test/support/dataverse-server';
import { csdlSnapshot } from '../query/csdlSnapshot';

const OPTIONS = { bypassCustomPlugins: false, allowAllRows: false };

function planContext(table: string): PlanContext {
  const snapshot = csdlSnapshot();
  return {
    details: snapshot.details(table)!,
    entitySetOf: (name) => snapshot.tableByLogicalName(name)?.entitySetName,
    options: OPTIONS,
  };
}

const WHERE_A = `<fetch><entity name="account"><attribute name="accountid"/><attribute name="name"/><filter><condition attribute="name" operator="like" value="A%"/></filter><order attribute="accountid"/></entity></fetch>`;

describe('SQL writes against the emulator', function () {
  this.timeout(60_000);
  let org: TestOrg;
  let client: DataverseClient;

  beforeEach(async () => {
    org = await startTestOrg({ accountRecords: 120 });
    client = new DataverseClient(new HttpClient({}, { sleep: async () => undefined }), org.url, {
      getToken: async () => 'good:tester',
    });
  });
  afterEach(async () => {
    await org.close();
  });

  async function accounts(filter: string): Promise<Row[]> {
    const page = await readPage<Row>(
      client,
      `accounts?$select=accountid,name,description&$filter=${encodeURIComponent(filter)}`,
    );
    return page.value;
  }

  async function plannedUpdate(description: string): Promise<{ rows: Row[]; ops: ReturnType<typeof planWrites> }> {
    const statement: DmlStatement = {
      kind: 'update',
      table: 'account',
      fetchXml: WHERE_A,
      hasWhere: true,
      set: [{ column: 'description', value: { literal: description } }],
    };
    const rows = await readTargets(client, 'accounts', WHERE_A, { columns: ['accountid', 'name'], maxRows: 10_000 });
    return { rows, ops: planWrites(statement, rows, planContext('account')) };
  }

  it('reads the matching rows, then changes exactly those, in batches', async () => {
    const { rows, ops } = await plannedUpdate('touched');
    assert.ok(rows.length >= 5, `some accounts start with A (${rows.length})`);
    const posts = org.stats.dataverseResources['POST $batch'] ?? 0;
    const result = await runWrites(client, ops, { batchSize: 2, parallelism: 2 });
    assert.deepEqual(
      { succeeded: result.succeeded, failed: result.failed, notSent: result.notSent },
      { succeeded: rows.length, failed: 0, notSent: 0 },
    );
    assert.equal((org.stats.dataverseResources['POST $batch'] ?? 0) - posts, Math.ceil(rows.length / 2));
    const changed = await accounts("description eq 'touched'");
    assert.deepEqual(changed.map((r) => r['accountid']).sort(), rows.map((r) => r['accountid']).sort());
  });

  it('stops after the current batch on Cancel and leaves the rest untouched', async () => {
    const { rows, ops } = await plannedUpdate('first batch only');
    const abort = new AbortController();
    const result = await runWrites(client, ops, {
      batchSize: 2,
      parallelism: 1,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.succeeded, 2);
    assert.equal(result.notSent, rows.length - 2);
    assert.equal((await accounts("description eq 'first batch only'")).length, 2);
  });

  it('reports a failing row with the org error and writes the others', async () => {
    const { rows, ops } = await plannedUpdate('after a failure');
    // The second row is deleted after it was read: its PATCH (If-Match: *) answers 404, not an upsert.
    await client.send({ method: 'DELETE', path: `accounts(${String(rows[1]!['accountid'])})` });
    const result = await runWrites(client, ops, { batchSize: 3, parallelism: 1 });
    assert.equal(result.failed, 1);
    assert.equal(result.succeeded, rows.length - 1);
    assert.equal(result.failures[0]!.label, rows[1]!['name']);
    assert.equal(result.failures[0]!.status, 404);
    assert.match(result.failures[0]!.message, /Does Not Exist|not exist/i);
    assert.equal((await accounts("description eq 'after a failure'")).length, rows.length - 1);
    assert.equal((await accounts(`accountid eq ${String(rows[1]!['accountid'])}`)).length, 0, 'not re-created');
  });

  it('waits out a 429 on a $batch for its Retry-After and sends it again: every row inserted once', async () => {
    const statement: DmlStatement = {
      kind: 'insertValues',
      table: 'account',
      columns: ['name'],
      rows: Array.from({ length: 9 }, (_, i) => [`Throttled ${i}`]),
    };
    const ops = planWrites(statement, [], planContext('account'));
    org.faults.throttleNext = 3;
    org.faults.throttleRetryAfterSeconds = 7;
    const waits: number[] = [];
    const posts = org.stats.dataverseResources['POST $batch'] ?? 0;
    const result = await runWrites(client, ops, {
      batchSize: 2,
      parallelism: 2,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    assert.equal(result.succeeded, 9);
    assert.equal(result.throttled, 3);
    assert.ok(
      waits.length >= 1 && waits.every((ms) => ms > 5_000 && ms <= 7_000),
      `waited the Retry-After: ${waits.join()}`,
    );
    // 5 batches, 3 of them refused once: 8 requests, and each name exactly once.
    assert.equal((org.stats.dataverseResources['POST $batch'] ?? 0) - posts, 8);
    assert.equal(result.batchesSent, 8);
    const created = await accounts("startswith(name,'Throttled ')");
    assert.deepEqual(created.map((r) => r['name']).sort(), statement.rows.map((r) => r[0]).sort());
  });

  it('never resends a batch whose outcome is unknown', async () => {
    const { rows, ops } = await plannedUpdate('maybe');
    org.faults.serverErrorRate = 1;
    const posts = org.stats.dataverseResources['POST $batch'] ?? 0;
    const result = await runWrites(client, ops, { batchSize: 2, parallelism: 1 });
    org.faults.serverErrorRate = 0;
    assert.equal((org.stats.dataverseResources['POST $batch'] ?? 0) - posts, 1, 'one $batch, sent once');
    assert.equal(result.failed, 2);
    assert.match(result.failures[0]!.message, /Unknown whether it was written \(not sent again\)/);
    assert.equal(result.notSent, rows.length - 2);
  });
});
