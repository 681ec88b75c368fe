import * as assert from 'node:assert/strict';
import { SharedLoads } from '../../../../src/core/metadata/sharedLoads';
import { IndexedSnapshot } from '../../../../src/core/metadata/snapshot';
import type { RelationshipInfo, TableDetails, TableInfo } from '../../../../src/core/metadata/model';
import { isCancellation } from '../../../../src/core/userError';

const t = (logicalName: string, extra: Partial<TableInfo> = {}): TableInfo => ({
  logicalName,
  schemaName: logicalName,
  displayName: logicalName,
  isCustom: false,
  isActivity: false,
  isIntersect: false,
  metadataId: logicalName,
  ...extra,
});
const rel = (
  kind: RelationshipInfo['kind'],
  navigationProperty: string | undefined,
  relatedTable: string,
): RelationshipInfo => ({
  kind,
  schemaName: `${kind}_${navigationProperty}`,
  relatedTable,
  navigationProperty,
  isCustom: false,
  metadataId: String(navigationProperty),
});

const account = t('account', { entitySetName: 'accounts' });
const details: TableDetails = {
  table: account,
  columns: [
    {
      logicalName: 'name',
      schemaName: 'Name',
      displayName: 'Name',
      attributeTypeName: 'StringType',
      kind: 'string',
      requiredLevel: 'None',
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
    rel('oneToMany', 'contact_customer_accounts', 'contact'),
    rel('manyToOne', 'primarycontactid', 'contact'),
    rel('manyToMany', 'accountleads_association', 'lead'),
    rel('oneToMany', undefined, 'x'),
    rel('manyToOne', 'PrimaryContactId', 'contact'),
  ],
  keys: [],
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

describe('metadata snapshot', () => {
  const tables = [
    account,
    t('contact', { entitySetName: 'contacts' }),
    t('new_x', { isCustom: true }),
    t('task', { isActivity: true }),
    t('accountleads', { isIntersect: true, isCustom: true }),
    t('nosetname'),
  ];
  const snap = new IndexedSnapshot(tables, new Map([['account', details]]));

  it('finds tables by logical or entity-set name, in any case', () => {
    assert.equal(snap.tableByLogicalName('Account'), account);
    assert.equal(snap.tableByEntitySetName('ACCOUNTS'), account);
    assert.equal(snap.tableByEntitySetName('account'), undefined);
    assert.equal(snap.tableByLogicalName('nope'), undefined);
  });

  it('groups tables the way the explorer shows them', () => {
    const names = (g: 'custom' | 'standard' | 'activity' | 'intersect') =>
      snap.groups.get(g)!.map((x) => x.logicalName);
    assert.deepEqual(names('custom'), ['new_x']);
    assert.deepEqual(names('standard'), ['account', 'contact', 'nosetname']);
    assert.deepEqual(names('activity'), ['task']);
    assert.deepEqual(names('intersect'), ['accountleads']);
    assert.equal(snap.groups, snap.groups, 'built once');
  });

  it('answers columns, navigation properties and choices of loaded tables', () => {
    assert.equal(snap.columns('ACCOUNT')!.length, 2);
    assert.equal(snap.column('account', 'Name')!.isPrimaryName, true);
    assert.deepEqual(
      snap.navigationProperties('account')!.map((n) => [n.name, n.isCollection, n.relatedTable]),
      [
        ['contact_customer_accounts', true, 'contact'],
        ['primarycontactid', false, 'contact'],
        ['accountleads_association', true, 'lead'],
      ],
    );
    assert.equal(snap.navigationProperty('account', 'PRIMARYCONTACTID')!.relationship.kind, 'manyToOne');
    assert.equal(snap.choiceOfColumn('account', 'industrycode')!.options[0]!.label, 'Accounting');
    assert.equal(snap.choiceOfColumn('account', 'name'), undefined);
    assert.equal(snap.choices('account')!.length, 1);
  });

  it('says "not loaded" for tables whose details are not in memory', () => {
    assert.equal(snap.details('contact'), undefined);
    assert.equal(snap.columns('contact'), undefined);
    assert.equal(snap.navigationProperties('contact'), undefined);
    assert.equal(snap.column('contact', 'x'), undefined);
  });

  it('shares the table maps with a snapshot that only adds details', () => {
    const next = snap.withDetails(new Map());
    assert.equal(next.tables, snap.tables);
    assert.equal(next.groups, snap.groups);
    assert.equal(next.details('account'), undefined);
    assert.equal(snap.details('account'), details, 'the older snapshot is unchanged');
  });
});

describe('metadata shared loads', () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void;
    const promise = new Promise<T>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  };

  it('concurrent callers share one load', async () => {
    const loads = new SharedLoads<number>();
    let calls = 0;
    const gate = deferred<number>();
    const a = loads.run('k', () => {
      calls++;
      return gate.promise;
    });
    const b = loads.run('k', () => {
      calls++;
      return gate.promise;
    });
    gate.resolve(7);
    assert.deepEqual(await Promise.all([a, b]), [7, 7]);
    assert.equal(calls, 1);
    assert.equal(loads.size, 0);
  });

  it('a cancelling caller stops waiting; the load goes on for the others', async () => {
    const loads = new SharedLoads<number>();
    const gate = deferred<number>();
    let seen: AbortSignal | undefined;
    const ac = new AbortController();
    const a = loads.run(
      'k',
      (s) => {
        seen = s;
        return gate.promise;
      },
      ac.signal,
    );
    const b = loads.run('k', () => gate.promise);
    await Promise.resolve();
    ac.abort();
    await assert.rejects(a, (e: unknown) => isCancellation(e));
    assert.equal(seen!.aborted, false);
    gate.resolve(3);
    assert.equal(await b, 3);
  });

  it('the load is aborted when every caller cancelled, and a later caller starts afresh', async () => {
    const loads = new SharedLoads<string>();
    const signals: AbortSignal[] = [];
    const work = (s: AbortSignal) => {
      signals.push(s);
      return new Promise<string>((_ok, fail) => s.addEventListener('abort', () => fail(new Error('aborted'))));
    };
    const a1 = new AbortController();
    const a2 = new AbortController();
    const p1 = loads.run('k', work, a1.signal);
    const p2 = loads.run('k', work, a2.signal);
    await Promise.resolve();
    a1.abort();
    a2.abort();
    await assert.rejects(p1, (e: unknown) => isCancellation(e));
    await assert.rejects(p2, (e: unknown) => isCancellation(e));
    assert.equal(signals[0]!.aborted, true);
    assert.equal(loads.has('k'), false);
    const p3 = loads.run('k', () => Promise.resolve('fresh'));
    assert.equal(await p3, 'fresh');
  });

  it('an already-cancelled caller is refused at once; a failed load is not kept', async () => {
    const loads = new SharedLoads<number>();
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(
      loads.run('k', () => Promise.resolve(1), ac.signal),
      (e: unknown) => isCancellation(e),
    );
    await assert.rejects(
      loads.run('k', () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await loads.run('k', () => Promise.resolve(2)), 2);
  });
});
