import * as assert from 'node:assert/strict';
import { MemoryLogSink, RedactingLogger } from '../../../../src/core/log/logger';
import { cacheKeyFor } from '../../../../src/core/metadata/cacheStore';
import { OrgMetadata, type MetadataChangeEvent } from '../../../../src/core/metadata/orgMetadata';
import { isCancellation } from '../../../../src/core/userError';
import { FakeDataverse, label, MemoryStore, stampOf, type J } from './fakes';

const ORG = 'https://contoso.crm.dynamics.com';

function setup(store = new MemoryStore(), dv = new FakeDataverse()) {
  const sink = new MemoryLogSink();
  const events: MetadataChangeEvent[] = [];
  const make = (): OrgMetadata => {
    const org = new OrgMetadata({
      orgUrl: ORG,
      transport: dv,
      store,
      lcid: 1033,
      logger: new RedactingLogger(sink, () => 'debug'),
      now: () => new Date('2026-11-30T00:00:00Z'),
    });
    org.onDidChange((e) => events.push(e));
    return org;
  };
  return { store, dv, sink, events, make };
}

const names = (org: OrgMetadata): string[] => org.snapshot.tables.map((t) => t.logicalName);

describe('OrgMetadata: opening', () => {
  it('cold: takes a version stamp, lists tables with the trimmed request, and saves the cache', async () => {
    const { dv, store, events, make } = setup();
    const org = make();
    const snap = await org.open();
    assert.deepEqual(
      snap.tables.map((t) => t.logicalName),
      ['account', 'businessunit', 'contact'],
    );
    assert.equal(snap.tableByEntitySetName('contacts')!.displayName, 'Contact');
    assert.deepEqual(
      dv.requests.map((r) => r.path.slice(0, 24)),
      ['RetrieveMetadataChanges(', 'EntityDefinitions?$selec'],
    );
    assert.deepEqual(org.status, { state: 'ready', source: 'server', refreshing: false });
    await org.whenIdle();
    const file = store.only();
    assert.equal(file['serverVersionStamp'], 'stamp-1');
    assert.equal(file['orgUrl'], ORG);
    assert.ok(!JSON.stringify(file).includes('Bearer'), 'no token in the cache');
    assert.ok(events.some((e) => e.kind === 'tables' && e.source === 'server'));
  });

  it('warm: paints from the cache before any request, then asks only for changes since its stamp', async () => {
    const { dv, store, make } = setup();
    const first = make();
    await first.open();
    await first.whenIdle();
    dv.requests.length = 0;
    const org = make();
    const snap = await org.open();
    assert.deepEqual(
      snap.tables.map((t) => t.logicalName),
      ['account', 'businessunit', 'contact'],
    );
    assert.equal(org.status.source, 'cache');
    assert.equal(dv.requests.length, 0, 'painted before any request');
    await org.whenIdle();
    assert.deepEqual(
      dv.requests.map((r) => stampOf(r.path)),
      ['stamp-1'],
    );
    assert.equal(dv.count('EntityDefinitions'), 0, 'no table list travels when nothing changed');
    assert.equal(store.only()['serverVersionStamp'], 'stamp-2');
  });

  it('applies a delta: renamed, added and deleted tables; listeners hear which', async () => {
    const { dv, make, events } = setup();
    await make().open();
    const accountId = String(dv.tables[2]!['MetadataId']);
    dv.delta = {
      EntityMetadata: [
        { LogicalName: 'contact', HasChanged: true, DisplayName: label('Person'), SchemaName: null },
        {
          LogicalName: 'new_project',
          HasChanged: true,
          SchemaName: 'new_Project',
          EntitySetName: 'new_projects',
          DisplayName: label('Project'),
          IsCustomEntity: true,
          MetadataId: 'p-1',
        },
      ],
      DeletedMetadata: { Keys: ['Default'], Values: [[accountId]] },
    };
    events.length = 0;
    const org = make();
    await org.open();
    await org.whenIdle();
    assert.deepEqual(names(org), ['businessunit', 'contact', 'new_project']);
    assert.equal(org.snapshot.tableByLogicalName('contact')!.displayName, 'Person');
    assert.equal(org.snapshot.tableByLogicalName('contact')!.schemaName, 'Contact');
    assert.equal(org.snapshot.groups.get('custom')![0]!.logicalName, 'new_project');
    const server = events.find((e) => e.kind === 'tables' && e.source === 'server');
    assert.deepEqual(server && server.kind === 'tables' ? server.changedTables : undefined, [
      'account',
      'contact',
      'new_project',
    ]);
  });

  it('reloads everything when Dataverse says the stamp has expired (0x80044352)', async () => {
    const { dv, sink, make } = setup();
    await make().open();
    dv.delta = 'expired';
    dv.tables = dv.tables.slice(0, 1);
    dv.requests.length = 0;
    const org = make();
    await org.open();
    assert.equal(names(org).length, 3, 'the cached list first');
    await org.whenIdle();
    assert.deepEqual(names(org), ['contact']);
    assert.equal(dv.count('EntityDefinitions?'), 1);
    assert.ok(sink.lines.some((l) => /version stamp .* has expired; reloading all tables/.test(l)));
  });

  it('works where RetrieveMetadataChanges is unknown: every refresh reloads the list', async () => {
    const { dv, sink, make, store } = setup();
    dv.changesUnsupported = true;
    await make().open();
    assert.equal(store.only()['serverVersionStamp'], null);
    assert.ok(sink.lines.some((l) => /cannot report metadata changes/.test(l)));
    dv.requests.length = 0;
    const org = make();
    await org.open();
    await org.whenIdle();
    assert.equal(dv.count('EntityDefinitions?'), 1);
  });

  it('ignores a corrupt cache file, says why, and rebuilds it', async () => {
    const { store, sink, make, dv } = setup();
    store.blobs.set(
      cacheKeyFor(ORG),
      '{"format":"dynamics365-metadata-cache","version":1,"orgUrl":"https://contoso.crm.dyn',
    );
    const org = make();
    await org.open();
    await org.whenIdle();
    assert.equal(org.status.source, 'server');
    assert.equal(dv.count('EntityDefinitions?'), 1);
    assert.ok(
      sink.lines.some((l) =>
        /Ignoring the metadata cache of https:\/\/contoso.crm.dynamics.com: not valid JSON/.test(l),
      ),
    );
    assert.equal((store.only()['tables'] as unknown[]).length, 3);
  });

  it('ignores an unreadable cache (the server is the truth)', async () => {
    const { store, sink, make } = setup();
    store.failReads = true;
    const org = make();
    await org.open();
    assert.equal(org.status.source, 'server');
    assert.ok(sink.lines.some((l) => /Could not read the metadata cache .*EACCES/.test(l)));
  });

  it('a failed first load is an error state with the reason; opening again retries', async () => {
    const { dv, make } = setup();
    dv.failing.add('EntityDefinitions?');
    const org = make();
    await assert.rejects(org.open(), /503/);
    assert.equal(org.status.state, 'failed');
    assert.match(String((org.status.error as Error).message), /Service unavailable/);
    dv.failing.clear();
    await org.open();
    assert.equal(org.status.state, 'ready');
  });

  it('a cold open cancelled by its only caller is not a failure, and can be opened again', async () => {
    const { dv, make } = setup();
    let release!: () => void;
    dv.gate = new Promise((r) => {
      release = r;
    });
    const org = make();
    const ac = new AbortController();
    const p = org.open(ac.signal);
    await new Promise((r) => setImmediate(r));
    ac.abort();
    await assert.rejects(p, (e: unknown) => isCancellation(e));
    release();
    dv.gate = undefined;
    await new Promise((r) => setImmediate(r));
    assert.equal(org.status.state, 'empty');
    await org.open();
    assert.equal(org.status.state, 'ready');
  });

  it('a failed background refresh keeps the cached list and reports why', async () => {
    const { dv, make, sink } = setup();
    await make().open();
    dv.failing.add('RetrieveMetadataChanges(');
    const org = make();
    await org.open();
    await org.whenIdle();
    assert.equal(names(org).length, 3);
    assert.equal(org.status.state, 'ready');
    assert.equal(org.status.refreshing, false);
    assert.match((org.status.refreshError as Error).message, /503/);
    assert.ok(sink.lines.some((l) => /Could not refresh the tables .* showing the cached list/.test(l)));
  });

  it('concurrent opens share one load; a memory-only engine works without a store', async () => {
    const dv = new FakeDataverse();
    const org = new OrgMetadata({ orgUrl: ORG, transport: dv });
    await Promise.all([org.open(), org.open(), org.open()]);
    assert.equal(dv.count('EntityDefinitions?'), 1);
    assert.equal(org.snapshot.tableByLogicalName('account')!.displayName, 'Account');
  });

  it('refresh({ full: true }) reloads the list; refresh() asks for changes', async () => {
    const { dv, make } = setup();
    const org = make();
    await org.open();
    dv.requests.length = 0;
    await org.refresh();
    assert.deepEqual(
      dv.requests.map((r) => stampOf(r.path)),
      ['stamp-1'],
    );
    await org.refresh({ full: true });
    assert.equal(dv.count('EntityDefinitions?'), 1);
  });

  it('the background refresh starts after open() has resolved; dispose stops it in flight', async () => {
    const { dv, make } = setup();
    await make().open();
    let release!: () => void;
    dv.gate = new Promise((r) => {
      release = r;
    });
    dv.requests.length = 0;
    const org = make();
    await org.open();
    assert.equal(dv.requests.length, 0, 'nothing sent before the caller could paint');
    while (dv.requests.length === 0) await new Promise((r) => setTimeout(r, 1));
    org.dispose();
    release();
    await org.whenIdle();
    assert.equal(dv.requests.at(-1)!.signal!.aborted, true);
  });

  it('disposed right after opening, it sends nothing', async () => {
    const { dv, make } = setup();
    await make().open();
    dv.requests.length = 0;
    const org = make();
    await org.open();
    org.dispose();
    await org.whenIdle();
    assert.equal(dv.requests.length, 0);
  });
});

describe('OrgMetadata: table details', () => {
  it('loads columns with the casts their kinds need, relationships, keys and choices; then answers from memory', async () => {
    const { dv, make, events } = setup();
    const org = make();
    await org.open();
    dv.requests.length = 0;
    const d = await org.loadDetails('Account');
    const casts = dv.requests.map((r) => /CRM\.(\w+)AttributeMetadata/.exec(r.path)?.[1]).filter(Boolean);
    assert.deepEqual(casts.sort(), ['Lookup', 'Picklist', 'String']);
    assert.equal(dv.requests.length, 4);
    assert.equal(d.columns.find((c) => c.logicalName === 'name')!.maxLength, 160);
    assert.deepEqual(d.columns.find((c) => c.logicalName === 'primarycontactid')!.targets, ['contact']);
    assert.equal(
      d.columns.find((c) => c.logicalName === 'preferredappointmentdaycode')!.optionSetName,
      'account_preferredappointmentdaycode',
    );
    assert.equal(d.relationships.length, 67);
    assert.deepEqual(
      d.keys.map((k) => k.columns),
      [['accountnumber']],
    );
    assert.equal(org.snapshot.navigationProperty('account', 'primarycontactid')!.relatedTable, 'contact');
    assert.equal(org.snapshot.choiceOfColumn('account', 'preferredappointmentdaycode')!.options.length, 7);
    assert.ok(events.some((e) => e.kind === 'details' && e.table === 'account'));
    assert.equal(await org.loadDetails('account'), d);
    assert.equal(dv.requests.length, 4, 'the second ask is answered from memory');
  });

  it('concurrent asks for one table share one load', async () => {
    const { dv, make } = setup();
    const org = make();
    await org.open();
    dv.requests.length = 0;
    const [a, b, c] = await Promise.all([
      org.loadDetails('account'),
      org.loadDetails('ACCOUNT'),
      org.loadDetails('account'),
    ]);
    assert.ok(a === b && b === c);
    assert.equal(dv.count("EntityDefinitions(LogicalName='account')?"), 1);
  });

  it('details survive a restart: the next window reads them from their file, without a request', async () => {
    const { dv, make, store } = setup();
    const first = make();
    await first.open();
    await first.loadDetails('account');
    await first.whenIdle();
    assert.equal(store.blobs.size, 2, 'the index and one details file');
    dv.requests.length = 0;
    const org = make();
    await org.open();
    assert.equal(org.snapshot.details('account'), undefined, 'details are read when asked for, not with the list');
    const d = await org.loadDetails('account');
    assert.equal(d.columns.length, 4);
    assert.equal(org.snapshot.columns('account')!.length, 4);
    await org.whenIdle();
    assert.equal(dv.count('EntityDefinitions('), 0);
  });

  it('a corrupt details file is ignored and the table reloaded from the server', async () => {
    const { dv, make, store, sink } = setup();
    const first = make();
    await first.open();
    await first.loadDetails('account');
    await first.whenIdle();
    const key = [...store.blobs.keys()].find((k) => k.endsWith('.account'))!;
    store.blobs.set(key, store.blobs.get(key)!.slice(0, 50));
    dv.requests.length = 0;
    const org = make();
    await org.open();
    const d = await org.loadDetails('account');
    assert.equal(d.columns.length, 4);
    assert.equal(dv.count("EntityDefinitions(LogicalName='account')?"), 1);
    assert.ok(sink.lines.some((l) => /Ignoring the cached details of account: not valid JSON/.test(l)));
    await org.whenIdle();
    assert.ok(store.blobs.get(key)!.length > 50, 'rewritten');
  });

  it('a delta that touches a table marks its details stale: the cached ones are shown, then reloaded', async () => {
    const { dv, make } = setup();
    const first = make();
    await first.open();
    await first.loadDetails('account');
    await first.whenIdle();
    dv.delta = {
      EntityMetadata: [
        { LogicalName: 'account', HasChanged: false, Attributes: [{ LogicalName: 'new_code', HasChanged: true }] },
      ],
    };
    dv.details.get('account')!['Attributes'] = [
      ...(dv.details.get('account')!['Attributes'] as J[]),
      { LogicalName: 'new_code', AttributeTypeName: { Value: 'StringType' } },
    ];
    const org = make();
    await org.open();
    await org.whenIdle();
    const shown: number[] = [];
    org.onDidChange((e) => {
      if (e.kind === 'details') shown.push(org.snapshot.columns('account')!.length);
    });
    dv.requests.length = 0;
    const d = await org.loadDetails('account');
    assert.equal(d.columns.length, 5);
    assert.deepEqual(shown, [4, 5], 'the stale details paint first, the fresh ones replace them');
    assert.equal(dv.count("EntityDefinitions(LogicalName='account')?"), 1);
    assert.equal(await org.loadDetails('account'), d, 'fresh now');
  });

  it('a deletion nothing in memory carries makes details files not read yet stale', async () => {
    const { dv, make } = setup();
    const first = make();
    await first.open();
    await first.loadDetails('account');
    await first.whenIdle();
    dv.delta = {
      EntityMetadata: [],
      DeletedMetadata: { Keys: ['Attribute'], Values: [{ Items: ['0b5e6a3c-0000-4000-8000-00000000c01d'] }] },
    };
    const org = make();
    await org.open();
    await org.whenIdle();
    dv.requests.length = 0;
    await org.loadDetails('account');
    assert.equal(
      dv.count("EntityDefinitions(LogicalName='account')?"),
      1,
      "the column may have been account's: reloaded",
    );
  });

  it('a table gone from the list loses its details file', async () => {
    const { dv, make, store } = setup();
    const first = make();
    await first.open();
    await first.loadDetails('account');
    await first.whenIdle();
    dv.delta = {
      EntityMetadata: [],
      DeletedMetadata: { Keys: ['Default'], Values: [[String(dv.tables[2]!['MetadataId'])]] },
    };
    const org = make();
    await org.open();
    await org.whenIdle();
    assert.equal(org.snapshot.tableByLogicalName('account'), undefined);
    assert.deepEqual(
      [...store.blobs.keys()].filter((k) => k.endsWith('.account')),
      [],
    );
  });

  it('a caller that cancels stops waiting, and the only caller cancelling aborts the requests', async () => {
    const { dv, make } = setup();
    const org = make();
    await org.open();
    let release!: () => void;
    dv.gate = new Promise((r) => {
      release = r;
    });
    const ac = new AbortController();
    const p = org.loadDetails('account', ac.signal);
    await new Promise((r) => setImmediate(r));
    ac.abort();
    await assert.rejects(p, (e: unknown) => isCancellation(e));
    assert.equal(dv.requests.at(-1)!.signal!.aborted, true);
    release();
    dv.gate = undefined;
    const d = await org.loadDetails('account');
    assert.equal(d.table.logicalName, 'account');
  });

  it('an unknown table is an error, and nothing is cached for it', async () => {
    const { make } = setup();
    const org = make();
    await org.open();
    await assert.rejects(org.loadDetails('nosuchtable'), /Could not find an entity/);
    assert.equal(org.snapshot.details('nosuchtable'), undefined);
    await assert.rejects(org.loadDetails("x') or 1 eq 1"), /not a table logical name/);
  });

  it('deleteCache removes the file', async () => {
    const { make, store } = setup();
    const org = make();
    await org.open();
    await org.deleteCache();
    assert.equal(store.blobs.size, 0);
  });

  it('a refresh answered after the organization was removed writes no file back', async () => {
    const { make, store, dv } = setup();
    const first = make();
    await first.open();
    await first.whenIdle();
    first.dispose();
    dv.requests.length = 0;
    let release!: () => void;
    dv.gate = new Promise((r) => {
      release = r;
    });
    // A transport that returns what arrived even after the abort, as a response already read does.
    const org = new OrgMetadata({
      orgUrl: ORG,
      transport: { send: (req: { path: string }) => dv.send({ path: req.path }) },
      store,
      lcid: 1033,
    });
    await org.open();
    while (dv.requests.length === 0) await new Promise((r) => setTimeout(r, 1));
    org.dispose();
    await org.deleteCache();
    assert.equal(store.blobs.size, 0);
    release();
    dv.gate = undefined;
    await new Promise((r) => setTimeout(r, 20));
    await org.whenIdle().catch(() => undefined);
    assert.deepEqual([...store.blobs.keys()], [], 'the index came back after the removal');
  });

  it('deleteCache in a window that never opened the org removes the details files an earlier window wrote', async () => {
    const { make, store } = setup();
    const earlier = make();
    await earlier.open();
    await earlier.loadDetails('account');
    await earlier.whenIdle();
    assert.ok(store.blobs.size >= 2, 'the index and the account details are on disk');
    earlier.dispose();
    await make().deleteCache();
    assert.deepEqual([...store.blobs.keys()], []);
  });
});
