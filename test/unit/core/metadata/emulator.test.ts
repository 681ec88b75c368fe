// The metadata engine through the real DataverseClient and HttpClient against the in-process
// emulator (seeded with the real CSDL and the recorded EntityDefinitions). Relies on what the
// emulator answers today: EntityDefinitions with $select/$expand(…($select)), Attributes casts with
// $expand=OptionSet,GlobalOptionSet; RetrieveMetadataChanges is not served yet, so the engine's
// "cannot report changes" path is the one exercised here.
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../../../../src/core/http/httpClient';
import { FsMetadataCacheStore } from '../../../../src/core/metadata/cacheStore';
import { OrgMetadata } from '../../../../src/core/metadata/orgMetadata';
import { DataverseClient } from '../../../../src/core/webapi/client';
import { startTestOrg, type TestOrg } from '../../../emulator/dataverse/test-server';

describe('metadata engine against the emulator', function () {
  let org: TestOrg;
  let dir: string;
  let client: DataverseClient;
  const paths: string[] = [];

  before(async () => {
    org = await startTestOrg();
    dir = await mkdtemp(join(tmpdir(), 'd365-meta-emu-'));
    const http = new HttpClient();
    client = new DataverseClient({ request: (req) => { paths.push(decodeURIComponent(new URL(req.url).pathname + new URL(req.url).search)); return http.request(req); } },
      org.url, { getToken: async () => 'good:metadata' });
  });
  after(async () => {
    await org.close();
    await rm(dir, { recursive: true, force: true });
  });

  const engine = (): OrgMetadata => new OrgMetadata({ orgUrl: org.url, transport: client, store: new FsMetadataCacheStore(dir), lcid: 1033 });

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
    assert.deepEqual([d.relationships.filter((r) => r.kind === 'oneToMany').length, d.relationships.filter((r) => r.kind === 'manyToOne').length,
      d.relationships.filter((r) => r.kind === 'manyToMany').length], [46, 20, 1]);
    assert.deepEqual(d.keys.map((k) => k.columns), [['accountnumber']]);
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
    // This emulator cannot report changes, so each open reloads the list in the background and
    // cannot vouch for details loaded before it: load them after that reload.
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
    assert.equal(paths.filter((p) => p.includes('EntityDefinitions(')).length, 0, 'account\'s details came from their file');
    m.dispose();
    await m.whenIdle();
  });
});
