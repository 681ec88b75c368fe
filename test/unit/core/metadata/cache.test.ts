import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CACHE_VERSION,
  decodeDetails,
  decodeIndex,
  encodeDetails,
  encodeIndex,
  type CacheIndex,
} from '../../../../src/core/metadata/cacheFile';
import {
  cacheKeyFor,
  detailsKeyFor,
  FsMetadataCacheStore,
  type MetadataCacheStore,
} from '../../../../src/core/metadata/cacheStore';
import { CacheWriter } from '../../../../src/core/metadata/cacheWriter';
import type { TableDetails, TableInfo } from '../../../../src/core/metadata/model';
import { MemoryLogSink, RedactingLogger } from '../../../../src/core/log/logger';

const ORG = 'https://contoso.crm.dynamics.com';
const account: TableInfo = {
  logicalName: 'account',
  schemaName: 'Account',
  entitySetName: 'accounts',
  displayName: 'Account',
  isCustom: false,
  isActivity: false,
  isIntersect: false,
  ownership: 'UserOwned',
  objectTypeCode: 1,
  metadataId: '70816501-edb9-4740-a16c-6a5efbc05d84',
};
const accountDetails: TableDetails = {
  table: account,
  columns: [
    {
      logicalName: 'name',
      schemaName: 'Name',
      displayName: 'Account Name',
      attributeTypeName: 'StringType',
      kind: 'string',
      requiredLevel: 'ApplicationRequired',
      maxLength: 160,
      isPrimaryId: false,
      isPrimaryName: true,
      isCustom: false,
      isValidForRead: true,
      isValidForCreate: true,
      isValidForUpdate: true,
      metadataId: 'c1',
    },
    {
      logicalName: 'industrycode',
      schemaName: 'IndustryCode',
      displayName: 'Industry',
      attributeTypeName: 'PicklistType',
      kind: 'choice',
      requiredLevel: 'None',
      optionSetName: 'account_industrycode',
      isPrimaryId: false,
      isPrimaryName: false,
      isCustom: false,
      isValidForRead: true,
      isValidForCreate: true,
      isValidForUpdate: true,
      metadataId: 'c2',
    },
  ],
  relationships: [
    {
      kind: 'manyToOne',
      schemaName: 'account_primary_contact',
      relatedTable: 'contact',
      navigationProperty: 'primarycontactid',
      lookupColumn: 'primarycontactid',
      isCustom: false,
      metadataId: 'r1',
    },
  ],
  keys: [
    {
      logicalName: 'k',
      schemaName: 'k',
      displayName: 'K',
      columns: ['accountnumber'],
      status: 'Active',
      metadataId: 'k1',
    },
  ],
  choices: [
    {
      name: 'account_industrycode',
      displayName: 'Industry',
      isGlobal: false,
      columns: ['industrycode'],
      options: [{ value: 1, label: 'Accounting' }],
    },
  ],
};
const index: CacheIndex = {
  orgUrl: ORG,
  lcid: 1033,
  serverVersionStamp: '74812162!10/09/2022 22:10:22',
  tables: [account],
  details: new Map([['account', { stale: true }]]),
};
const expect = { orgUrl: ORG, lcid: 1033 };

describe('metadata cache files', () => {
  const text = encodeIndex(index, new Date('2026-11-30T00:00:00Z'));
  const detailsText = encodeDetails(accountDetails, expect);

  it('the index round-trips tables, stamp and which details exist (with staleness)', () => {
    const r = decodeIndex(text, expect);
    assert.ok(r.ok);
    assert.deepEqual(r.value.tables, [account]);
    assert.deepEqual([...r.value.details], [['account', { stale: true }]]);
    assert.equal(r.value.serverVersionStamp, index.serverVersionStamp);
    const doc = JSON.parse(text) as { version: number; savedAt: string };
    assert.equal(doc.version, CACHE_VERSION);
    assert.equal(doc.savedAt, '2026-11-30T00:00:00.000Z');
  });

  it('a details file round-trips and is linked to the table of the index', () => {
    const r = decodeDetails(detailsText, { ...expect, table: account });
    assert.ok(r.ok);
    assert.deepEqual(r.value, accountDetails);
    assert.equal(r.value.table, account);
    assert.ok(!detailsText.includes('"schemaName":"Account"'), 'the table itself is stored once, in the index');
  });

  const refusals: Array<[string, string, RegExp]> = [
    ['truncated', text.slice(0, text.length / 2), /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['garbage', '\u0000\u0001binary', /not valid JSON/],
    ['another JSON document', '{"hello":"world"}', /not a metadata cache file/],
    ['an array', '[]', /not a metadata cache file/],
    ['a details file', detailsText, /not a metadata cache file/],
    [
      'an older format version',
      text.replace(`"version":${CACHE_VERSION}`, '"version":0'),
      /format version 0, expected/,
    ],
    ['a newer format version', text.replace(`"version":${CACHE_VERSION}`, '"version":99'), /format version 99/],
    ['another org', text.replace(ORG, 'https://fabrikam.crm.dynamics.com'), /another organization/],
    ['a malformed table', text.replace('"displayName":"Account",', '"displayName":7,'), /malformed table list/],
    [
      'a malformed stamp',
      text.replace('"serverVersionStamp":"74812162!10/09/2022 22:10:22"', '"serverVersionStamp":5'),
      /malformed version stamp/,
    ],
  ];
  for (const [name, input, reason] of refusals) {
    it(`ignores an index that is ${name}, with a reason`, () => {
      const r = decodeIndex(input, expect);
      assert.ok(!r.ok);
      assert.match(r.reason, reason);
    });
  }

  const detailRefusals: Array<[string, string, RegExp]> = [
    ['truncated', detailsText.slice(0, 100), /not valid JSON/],
    ['for another table', detailsText.replace('"table":"account"', '"table":"contact"'), /another table \(contact\)/],
    ['malformed', detailsText.replace('"kind":"string"', '"kind":5'), /malformed details/],
    ['an index', text, /not a metadata cache file/],
    ['for another language', encodeDetails(accountDetails, { orgUrl: ORG, lcid: 1031 }), /another display language/],
  ];
  for (const [name, input, reason] of detailRefusals) {
    it(`ignores a details file that is ${name}`, () => {
      const r = decodeDetails(input, { ...expect, table: account });
      assert.ok(!r.ok);
      assert.match(r.reason, reason);
    });
  }

  it('ignores an index written for another display language', () => {
    const r = decodeIndex(text, { orgUrl: ORG, lcid: 1031 });
    assert.ok(!r.ok && /another display language/.test(r.reason));
    const none = encodeIndex({ ...index, lcid: undefined }, new Date());
    assert.ok(decodeIndex(none, { orgUrl: ORG, lcid: undefined }).ok);
    assert.ok(!decodeIndex(none, expect).ok);
  });

  it('refuses a table with any field of the wrong type, and one missing a required field', () => {
    const full: Required<TableInfo> = {
      ...account,
      entitySetName: 'accounts',
      ownership: 'UserOwned',
      objectTypeCode: 1,
      displayCollectionName: 'Accounts',
      description: 'd',
      primaryIdAttribute: 'accountid',
      primaryNameAttribute: 'name',
    };
    assert.ok(decodeIndex(encodeIndex({ ...index, tables: [full] }, new Date()), expect).ok);
    for (const field of Object.keys(full)) {
      const wrong = encodeIndex({ ...index, tables: [{ ...full, [field]: [] } as unknown as TableInfo] }, new Date());
      assert.deepEqual(decodeIndex(wrong, expect), { ok: false, reason: 'malformed table list' }, field);
    }
    for (const field of [
      'logicalName',
      'schemaName',
      'displayName',
      'isCustom',
      'isActivity',
      'isIntersect',
      'metadataId',
    ]) {
      const { [field as keyof TableInfo]: _, ...rest } = full;
      assert.equal(
        decodeIndex(encodeIndex({ ...index, tables: [rest as TableInfo] }, new Date()), expect).ok,
        false,
        field,
      );
    }
  });

  it('forgets details entries of tables the index no longer lists', () => {
    const doc = JSON.parse(text) as { details: Array<Record<string, unknown>> };
    doc.details.push({ table: 'ghost', stale: false }, { table: 7 });
    const r = decodeIndex(JSON.stringify(doc), expect);
    assert.ok(r.ok);
    assert.deepEqual([...r.value.details.keys()], ['account']);
  });
});

describe('metadata cache store (fs)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'd365-meta-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes, reads, overwrites and deletes a blob; a missing one reads as undefined', async () => {
    const store = new FsMetadataCacheStore(join(dir, 'nested', 'metadata'));
    const key = cacheKeyFor(ORG);
    assert.equal(await store.read(key), undefined);
    await store.write(key, 'one');
    await store.write(key, 'two');
    assert.equal(await store.read(key), 'two');
    assert.deepEqual(await readdir(join(dir, 'nested', 'metadata')), [`${key}.json`], 'no temp file left behind');
    await store.delete(key);
    assert.equal(await store.read(key), undefined);
    await store.delete(key);
  });

  it('concurrent writers never leave a mixed file', async () => {
    const store = new FsMetadataCacheStore(dir);
    const blobs = ['a', 'b', 'c', 'd'].map((c) => c.repeat(200_000));
    await Promise.all(blobs.map((b) => store.write('k', b)));
    assert.ok(blobs.includes((await store.read('k'))!));
    assert.deepEqual(await readdir(dir), ['k.json']);
  });

  it("deleteOrg removes the org's index, every table's details file and stray temp files, and nothing of another org", async () => {
    const store = new FsMetadataCacheStore(dir);
    const key = cacheKeyFor(ORG);
    // An org whose host begins with this org's whole key: its files share the prefix `${key}.`.
    const lookalike = cacheKeyFor(`https://${key}.example.com`);
    assert.ok(lookalike.startsWith(`${key}.`));
    for (const k of [
      key,
      detailsKeyFor(ORG, 'account'),
      detailsKeyFor(ORG, 'new_project'),
      cacheKeyFor('https://other.crm.dynamics.com'),
      lookalike,
      `${lookalike}.account`,
    ]) {
      await store.write(k, 'x');
    }
    await writeFile(join(dir, `${key}.contact.json.123-abcd1234.tmp`), 'half');
    await store.deleteOrg(key);
    assert.deepEqual(
      (await readdir(dir)).sort(),
      [
        `${cacheKeyFor('https://other.crm.dynamics.com')}.json`,
        `${lookalike}.account.json`,
        `${lookalike}.json`,
      ].sort(),
    );
    await store.deleteOrg(key);
    await new FsMetadataCacheStore(join(dir, 'never-created')).deleteOrg(key);
    await assert.rejects(store.deleteOrg('../x'), /Not a cache key/);
  });

  it('keys are file-name safe, readable and distinct per URL', () => {
    const a = cacheKeyFor('https://contoso.crm.dynamics.com');
    const b = cacheKeyFor('https://127.0.0.1:8443');
    assert.match(a, /^contoso\.crm\.dynamics\.com-[0-9a-f]{12}$/);
    assert.match(b, /^127\.0\.0\.1_8443-[0-9a-f]{12}$/);
    assert.notEqual(cacheKeyFor('https://contoso.crm4.dynamics.com'), cacheKeyFor('https://contoso.crm.dynamics.com'));
    assert.equal(detailsKeyFor('https://contoso.crm.dynamics.com', 'New_Project'), `${a}.new_project`);
  });

  it('refuses keys that could leave the folder', async () => {
    const store = new FsMetadataCacheStore(dir);
    await assert.rejects(store.read('../x'), /Not a cache key/);
    await assert.rejects(store.write('.hidden', 'x'), /Not a cache key/);
  });

  it('a read error other than "missing" surfaces (the caller logs it and loads from the server)', async () => {
    await writeFile(join(dir, 'k.json'), 'x');
    const store = new FsMetadataCacheStore(join(dir, 'k.json'));
    await assert.rejects(store.read('k'));
    assert.equal(await readFile(join(dir, 'k.json'), 'utf8'), 'x');
  });
});

class SlowStore implements MetadataCacheStore {
  readonly writes: string[] = [];
  readonly deletes: string[] = [];
  failNext = false;
  private release: (() => void) | undefined;
  async read(): Promise<string | undefined> {
    return undefined;
  }
  async delete(key: string): Promise<void> {
    this.deletes.push(key);
  }
  async deleteOrg(key: string): Promise<void> {
    this.deletes.push(`${key}.*`);
  }
  async write(key: string, data: string): Promise<void> {
    await new Promise<void>((r) => {
      this.release = r;
      setImmediate(() => this.release?.());
    });
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    this.writes.push(`${key}=${data}`);
  }
}

describe('metadata cache writer', () => {
  it('coalesces changes made during a write into one more write of the newest state, per file', async () => {
    const store = new SlowStore();
    let state = 0;
    const writer = new CacheWriter(store);
    state = 1;
    writer.schedule('k', () => `state ${state}`);
    await new Promise((r) => setImmediate(r));
    state = 2;
    writer.schedule('k', () => `state ${state}`);
    writer.schedule('other', () => 'x');
    state = 3;
    writer.schedule('k', () => `state ${state}`);
    await writer.flush();
    assert.deepEqual(store.writes, ['k=state 1', 'k=state 3', 'other=x']);
  });

  it('an encoder returning undefined deletes the file', async () => {
    const store = new SlowStore();
    const writer = new CacheWriter(store);
    writer.schedule('gone', () => undefined);
    await writer.flush();
    assert.deepEqual(store.deletes, ['gone']);
  });

  it('logs a failed write and keeps going', async () => {
    const store = new SlowStore();
    store.failNext = true;
    const sink = new MemoryLogSink();
    const writer = new CacheWriter(store, new RedactingLogger(sink, () => 'debug'));
    writer.schedule('k', () => 'data');
    await writer.flush();
    assert.deepEqual(store.writes, []);
    assert.ok(sink.lines.some((l) => /Could not save the metadata cache \(disk full\)/.test(l)));
    writer.schedule('k', () => 'data');
    await writer.flush();
    assert.deepEqual(store.writes, ['k=data']);
  });
});
