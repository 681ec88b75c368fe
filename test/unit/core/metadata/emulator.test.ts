// The metadata engine through the real DataverseClient and HttpClient against the in-process
// emulator (seeded with the real CSDL and the recorded EntityDefinitions). Relies on the emulator
// answering EntityDefinitions with $select / $expand(…($select)) and Attributes casts with
// $expand=OptionSet,GlobalOptionSet. The delta tests need RetrieveMetadataChanges and the run-time
// metadata edits (TestOrg.metadata); on an emulator without them they are skipped (pending).
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../../../../src/core/http/httpClient';
import { FsMetadataCacheStore } from '../../../../src/core/metadata/cacheStore';
import { OrgMetadata } from '../../../../src/core/metadata/orgMetadata';
import { DataverseClient } from '../../../../src/core/webapi/client';
import { startTestOrg, type TestOrg } from '../../../emulator/test/support/dataverse-server';

/** The emulator's run-time metadata edits, where it has them (read structurally so this compiles without). */
interface MetadataEdits {
  addColumn(input: { table: string; logicalName: string; type?: string }): unknown;
  renameLabel(input: { table: string; label: string }): unknown;
  deleteTable(input: { table: string }): unknown;
  expireStamps(): unknown;
}

describe('metadata engine against the emulator', function () {
  let org: TestOrg;
  let dir: string;
  let client: DataverseClient;
  const paths: string[] = [];

  before(async () => {
    org = await startTestOrg();
    dir = await mkdtemp(join(tmpdir(), 'd365-meta-emu-'));
    const http = new HttpClient();
    client = new DataverseClient(
      {
        request: (req) => {
          paths.push(decodeURIComponent(new URL(req.url).pathname + new URL(req.url).search));
          return http.request(req);
        },
      },
      org.url,
      { getToken: async () => 'good:metadata' },
    );
  });
  after(async () => {
    await org.close();
    await rm(dir, { recursive: true, force: true });
  });

  // Every engine finishes its background refresh before the next test: they share one cache folder.
  const engines: OrgMetadata[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) {
      await e.whenIdle();
      e.dispose();
    }
  });
  const engine = (): OrgMetadata => {
    const e = new OrgMetadata({ orgUrl: org.url, transport: client, store: new FsMetadataCacheStore(dir), lcid: 1033 });
    engines.push(e);
    return e;
  };

  it('lists every table from one trimmed request, with display names and groups', async () => {
    paths.length = 0;
    const m = engine();
    const snap = await m.open();
    assert.ok(snap.tables.length > 200, `${snap.tables.length} tables`);
    assert.equal(snap.tableByLogicalName('account')!.displayName, 'Account');
    assert.equal(snap.tableByEntitySetName('contacts')!.primaryNameAttribute, 'fullname');
    assert.ok(snap.groups.get('activity')!.some((t) => t.logicalName === 'task'));
    assert.ok(snap.groups.get('intersect')!.some((t) => t.logicalName === 'accountleads'));
    assert.equal(paths.filter((p) => p.includes('EntityDefinitions?')).length, 1);
    await m.whenIdle();
    const files = await readdir(dir);
    assert.equal(files.length, 1, 'one cache file, no temp files');
    assert.match(files[0]!, /^127\.0\.0\.1_\d+-[0-9a-f]{12}\.json$/);
  });

  it('expands account: typed columns with their facts, the recorded relationships, a key and choices', async () => {
    const m = engine();
    await m.open();
    const d = await m.loadDetails('account');
    const col = (n: string) => d.columns.find((c) => c.logicalName === n)!;
    assert.equal(col('name').kind, 'string');
    assert.equal(col('name').requiredLevel, 'ApplicationRequired');
    assert.ok(col('name').maxLength! > 0);
    assert.deepEqual(col('primarycontactid').targets, ['contact']);
    assert.equal(col('ownerid').kind, 'owner');
    assert.deepEqual(col('ownerid').targets, ['systemuser', 'team']);
    assert.equal(col('revenue').kind, 'money');
    assert.equal(col('revenue').precision, 2);
    assert.equal(col('statuscode').kind, 'status');
    assert.equal(col('entityimage').kind, 'image');
    assert.deepEqual(
      [
        d.relationships.filter((r) => r.kind === 'oneToMany').length,
        d.relationships.filter((r) => r.kind === 'manyToOne').length,
        d.relationships.filter((r) => r.kind === 'manyToMany').length,
      ],
      [46, 20, 1],
    );
    assert.deepEqual(
      d.keys.map((k) => k.columns),
      [['accountnumber']],
    );
    assert.equal(m.snapshot.choiceOfColumn('account', 'statecode')!.options.length, 2);
    assert.ok(m.snapshot.choiceOfColumn('account', 'industrycode')!.options.length > 1);
    assert.equal(m.snapshot.navigationProperty('account', 'primarycontactid')!.isCollection, false);
  });

  it('reads customer columns of contact with both targets', async () => {
    const m = engine();
    await m.open();
    const d = await m.loadDetails('contact');
    const parent = d.columns.find((c) => c.logicalName === 'parentcustomerid')!;
    assert.equal(parent.kind, 'customer');
    assert.deepEqual(parent.targets, ['account', 'contact']);
  });

  it('a second window paints tables and details from the cache with no metadata request', async () => {
    const first = engine();
    await first.open();
    // Where the org cannot report changes, each open reloads the list in the background and cannot
    // vouch for details loaded before it: load them after that refresh.
    await first.whenIdle();
    await first.loadDetails('account');
    await first.whenIdle();
    paths.length = 0;
    const m = engine();
    await m.open();
    assert.equal(m.status.source, 'cache');
    assert.equal(paths.length, 0, 'the list painted before any request');
    const d = await m.loadDetails('account');
    assert.ok(d.columns.length > 100);
    assert.equal(
      paths.filter((p) => p.includes('EntityDefinitions(')).length,
      0,
      "account's details came from their file",
    );
    m.dispose();
    await m.whenIdle();
  });

  describe('only changes travel (RetrieveMetadataChanges)', () => {
    let edits: MetadataEdits;
    let deltaDir: string;
    before(async function () {
      const found = (org as unknown as { metadata?: MetadataEdits }).metadata;
      const probe = await fetch(
        `${org.url}/api/data/v9.2/RetrieveMetadataChanges(Query=@q)?@q=${encodeURIComponent('{"Properties":{"AllProperties":false,"PropertyNames":["LogicalName"]},"Criteria":{"FilterOperator":"And","Conditions":[]}}')}`,
        { headers: { Authorization: 'Bearer good:probe', Accept: 'application/json' } },
      );
      if (!found || probe.status !== 200) this.skip();
      edits = found;
      deltaDir = await mkdtemp(join(tmpdir(), 'd365-meta-delta-'));
    });
    after(async () => {
      if (deltaDir) await rm(deltaDir, { recursive: true, force: true });
    });

    const deltaEngine = (): OrgMetadata => {
      const e = new OrgMetadata({
        orgUrl: org.url,
        transport: client,
        store: new FsMetadataCacheStore(deltaDir),
        lcid: 1033,
      });
      engines.push(e);
      return e;
    };

    it('a reopen after edits sends one RetrieveMetadataChanges and shows the renamed, added and deleted tables', async () => {
      const first = deltaEngine();
      await first.open();
      await first.loadDetails('account');
      await first.whenIdle();
      const victim = first.snapshot.tables.find(
        (t) => t.logicalName !== 'account' && t.logicalName !== 'contact' && !t.isIntersect,
      )!.logicalName;
      edits.addColumn({ table: 'account', logicalName: 'new_deltacode', type: 'StringType' });
      edits.renameLabel({ table: 'contact', label: 'Person' });
      edits.deleteTable({ table: victim });
      paths.length = 0;
      const m = deltaEngine();
      await m.open();
      await m.whenIdle();
      assert.deepEqual(
        paths.map((p) => p.replace(/\(.*$/, '')),
        ['/api/data/v9.2/RetrieveMetadataChanges'],
      );
      assert.equal(m.snapshot.tableByLogicalName('contact')!.displayName, 'Person');
      assert.equal(m.snapshot.tableByLogicalName(victim), undefined);
      const d = await m.loadDetails('account');
      assert.ok(
        d.columns.some((c) => c.logicalName === 'new_deltacode'),
        "the changed table's details were reloaded",
      );
      await m.whenIdle();
    });

    it('an expired stamp (0x80044352) ends in a full reload', async () => {
      edits.expireStamps();
      paths.length = 0;
      const m = deltaEngine();
      await m.open();
      await m.whenIdle();
      assert.equal(paths.filter((p) => p.startsWith('/api/data/v9.2/EntityDefinitions?')).length, 1);
      assert.equal(m.status.refreshError, undefined);
    });
  });
});
