// The pure half of keeping windows in step: what changed between two versions of the session list.
import { strict as assert } from 'node:assert';
import { diffSessionLists, isEmptyChange, parseSessionList } from '../../../../src/core/auth/sessionListDiff';

interface Rec {
  id: string;
  label: string;
  clientId?: string;
}
const alice: Rec = { id: 'a', label: 'alice' };
const bob: Rec = { id: 'b', label: 'bob' };
const aliceOtherClient: Rec = { id: 'a', label: 'alice', clientId: 'other' };

describe('diffSessionLists', () => {
  const table: { name: string; before: Rec[]; after: Rec[]; added: string[]; removed: string[]; changed: string[] }[] =
    [
      { name: 'nothing before or after', before: [], after: [], added: [], removed: [], changed: [] },
      { name: 'a sign-in elsewhere', before: [alice], after: [alice, bob], added: ['b'], removed: [], changed: [] },
      { name: 'a sign-out elsewhere', before: [alice, bob], after: [bob], added: [], removed: ['a'], changed: [] },
      { name: 'the last sign-out elsewhere', before: [alice], after: [], added: [], removed: ['a'], changed: [] },
      {
        name: 'signed in again with another client',
        before: [alice, bob],
        after: [bob, aliceOtherClient],
        added: [],
        removed: [],
        changed: ['a'],
      },
      {
        name: 'order alone is no change',
        before: [alice, bob],
        after: [bob, alice],
        added: [],
        removed: [],
        changed: [],
      },
      { name: 'one out, one in', before: [alice], after: [bob], added: ['b'], removed: ['a'], changed: [] },
    ];
  for (const row of table) {
    it(row.name, () => {
      const change = diffSessionLists(row.before, row.after);
      assert.deepEqual(
        change.added.map((r) => r.id),
        row.added,
      );
      assert.deepEqual(
        change.removed.map((r) => r.id),
        row.removed,
      );
      assert.deepEqual(
        change.changed.map((r) => r.id),
        row.changed,
      );
      assert.equal(isEmptyChange(change), !row.added.length && !row.removed.length && !row.changed.length);
    });
  }

  it('hands back the records themselves, the removed ones as they were', () => {
    const change = diffSessionLists([alice], [aliceOtherClient]);
    assert.equal(change.changed[0], aliceOtherClient);
    assert.equal(diffSessionLists([alice], []).removed[0], alice);
  });
});

describe('parseSessionList', () => {
  it('reads a stored list', () => {
    assert.deepEqual(parseSessionList<Rec>(JSON.stringify([alice, bob])), [alice, bob]);
  });
  for (const [name, text] of [
    ['nothing stored', undefined],
    ['empty text', ''],
    ['not JSON', '{oops'],
    ['not a list', '{"id":"a"}'],
    ['null', 'null'],
  ] as const) {
    it(`treats ${name} as no sessions`, () => assert.deepEqual(parseSessionList(text), []));
  }
  it('drops entries without a string id', () => {
    assert.deepEqual(parseSessionList<Rec>(JSON.stringify([alice, null, 3, { label: 'x' }, { id: 7 }])), [alice]);
  });
});
