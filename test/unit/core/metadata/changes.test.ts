import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges, mergeTable, parseChanges, type MetadataChanges } from '../../../../src/core/metadata/changes';
import type { TableDetails, TableInfo } from '../../../../src/core/metadata/model';

const answer = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'retrievemetadatachanges.json'), 'utf8')) as unknown;

function table(logicalName: string, extra: Partial<TableInfo> = {}): TableInfo {
  return {
    logicalName,
    schemaName: logicalName,
    displayName: logicalName,
    isCustom: false,
    isActivity: false,
    isIntersect: false,
    metadataId: `${logicalName}-id`,
    ...extra,
  };
}

function details(t: TableInfo, columnIds: string[] = []): TableDetails {
  return {
    table: t,
    relationships: [],
    keys: [],
    choices: [],
    columns: columnIds.map((id) => ({
      logicalName: id,
      schemaName: id,
      displayName: id,
      attributeTypeName: 'StringType',
      kind: 'string',
      requiredLevel: 'None',
      isPrimaryId: false,
      isPrimaryName: false,
      isCustom: false,
      isValidForRead: true,
      isValidForCreate: true,
      isValidForUpdate: true,
      metadataId: id,
    })),
  };
}

describe('metadata changes: parsing RetrieveMetadataChanges', () => {
  it('reads the stamp, the entities and every deleted id', () => {
    const c = parseChanges(answer);
    assert.equal(c.serverVersionStamp, '74812162!10/09/2022 22:10:22');
    assert.deepEqual(
      c.entities.map((e) => e['LogicalName']),
      ['contact', 'account', 'new_project'],
    );
    assert.deepEqual([...c.deletedIds], ['6f1c8f2e-0000-4000-8000-0000000000dd']);
  });

  it('finds deleted ids however DeletedMetadata.Values nests them', () => {
    const id = 'AAAAAAAA-0000-4000-8000-000000000001';
    for (const values of [[[id]], [{ Values: [id] }], [id], { Default: [id] }]) {
      assert.deepEqual(
        [
          ...parseChanges({ ServerVersionStamp: 's', DeletedMetadata: { Keys: ['Default'], Values: values } })
            .deletedIds,
        ],
        [id.toLowerCase()],
      );
    }
    assert.equal(
      parseChanges({ ServerVersionStamp: 's', DeletedMetadata: { Values: ['not-a-guid'] } }).deletedIds.size,
      0,
    );
  });

  it('refuses an answer without a stamp', () => {
    assert.throws(() => parseChanges({ EntityMetadata: [] }), /no ServerVersionStamp/);
    assert.throws(() => parseChanges('x'), /no ServerVersionStamp/);
  });
});

describe('metadata changes: merging a changed table', () => {
  const old = table('contact', {
    displayName: 'Contact',
    entitySetName: 'contacts',
    primaryIdAttribute: 'contactid',
    ownership: 'UserOwned',
    objectTypeCode: 2,
  });

  it('takes what the delta sends and keeps what it sends as null', () => {
    const merged = mergeTable(
      old,
      {
        LogicalName: 'contact',
        DisplayName: { LocalizedLabels: [], UserLocalizedLabel: { Label: 'Person' } },
        EntitySetName: null,
        ObjectTypeCode: null,
      },
      1033,
    );
    assert.equal(merged!.displayName, 'Person');
    assert.equal(merged!.entitySetName, 'contacts');
    assert.equal(merged!.objectTypeCode, 2);
    assert.equal(merged!.primaryIdAttribute, 'contactid');
  });

  it('maps a new table in full', () => {
    assert.equal(mergeTable(undefined, { LogicalName: 'new_x', SchemaName: 'new_X' }, 1033)!.schemaName, 'new_X');
    assert.equal(mergeTable(old, { SchemaName: 'nameless' }, 1033), undefined);
  });
});

describe('metadata changes: applying a delta', () => {
  const contact = table('contact', { displayName: 'Contact', entitySetName: 'contacts' });
  const account = table('account', { displayName: 'Account', metadataId: '70816501-edb9-4740-a16c-6a5efbc05d84' });
  const gone = table('new_gone', { metadataId: '6f1c8f2e-0000-4000-8000-0000000000dd' });
  const lead = table('lead');
  const cachedDetails = new Map<string, TableDetails>([
    ['account', details(account)],
    ['lead', details(lead, ['lead-col'])],
    ['contact', details(contact)],
  ]);

  it('adds, changes and removes tables, and names the details to reload', () => {
    const applied = applyChanges([account, contact, gone, lead], cachedDetails, parseChanges(answer), 1033);
    assert.deepEqual(
      applied.tables.map((t) => t.logicalName),
      ['account', 'contact', 'lead', 'new_project'],
    );
    assert.equal(applied.tables.find((t) => t.logicalName === 'contact')!.displayName, 'Person');
    assert.equal(applied.tables.find((t) => t.logicalName === 'contact')!.entitySetName, 'contacts');
    assert.equal(
      applied.tables.find((t) => t.logicalName === 'account')!.displayName,
      'Account',
      'HasChanged false: the table itself is untouched',
    );
    assert.equal(applied.tables.find((t) => t.logicalName === 'new_project')!.entitySetName, 'new_projects');
    assert.deepEqual(applied.changedTables, ['contact', 'new_gone', 'new_project']);
    assert.deepEqual([...applied.invalidated].sort(), ['account', 'contact', 'new_gone', 'new_project']);
  });

  it('drops details that carry a deleted column, relationship or key', () => {
    const changes: MetadataChanges = { serverVersionStamp: 's', entities: [], deletedIds: new Set(['lead-col']) };
    const applied = applyChanges([account, lead], cachedDetails, changes, 1033);
    assert.deepEqual([...applied.invalidated], ['lead']);
    assert.deepEqual(applied.changedTables, []);
    assert.equal(applied.tables.length, 2);
  });

  it('says when a deletion matches nothing loaded (it may be in a details file not read yet)', () => {
    const known = applyChanges(
      [account, lead],
      cachedDetails,
      { serverVersionStamp: 's', entities: [], deletedIds: new Set(['lead-col']) },
      1033,
    );
    assert.equal(known.unmatchedDeletions, false);
    const unknown = applyChanges(
      [account, lead],
      cachedDetails,
      { serverVersionStamp: 's', entities: [], deletedIds: new Set(['lead-col', 'elsewhere']) },
      1033,
    );
    assert.equal(unknown.unmatchedDeletions, true);
  });

  it('an empty delta changes nothing', () => {
    const applied = applyChanges(
      [account, lead],
      cachedDetails,
      { serverVersionStamp: 's', entities: [], deletedIds: new Set() },
      1033,
    );
    assert.deepEqual(applied.changedTables, []);
    assert.equal(applied.invalidated.size, 0);
    assert.equal(applied.unmatchedDeletions, false);
  });
});
