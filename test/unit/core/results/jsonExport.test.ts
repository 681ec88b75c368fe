// The JSON export: always one parseable array, rows in order and unchanged, written in chunks.
import assert from 'node:assert/strict';
import { writeJsonRows } from '../../../../src/core/results/jsonExport';

async function exported(
  rows: unknown[],
  chunkRows?: number,
): Promise<{ text: string; chunks: string[]; count: number }> {
  const chunks: string[] = [];
  const count = await writeJsonRows(
    rows,
    (c) => {
      chunks.push(c);
    },
    { chunkRows },
  );
  return { text: chunks.join(''), chunks, count };
}

describe('core/results/jsonExport', () => {
  for (const n of [0, 1, 2, 999, 1000, 1001, 2500]) {
    it(`writes ${n} rows as one array that parses back to the same rows`, async () => {
      const rows = Array.from({ length: n }, (_, i) => ({
        accountid: `id-${i}`,
        name: `Row "${i}"\n`,
        revenue: i * 1.5,
        'statecode@OData.Community.Display.V1.FormattedValue': 'Active',
        parent: null,
      }));
      const { text, count } = await exported(rows);
      assert.equal(count, n);
      assert.deepEqual(JSON.parse(text), rows);
      assert.ok(text.endsWith('\n'));
    });
  }

  it('puts one row on each line between the brackets', async () => {
    const { text } = await exported([{ a: 1 }, { a: 2 }, { a: 3 }], 2);
    assert.equal(text, '[\n{"a":1},\n{"a":2},\n{"a":3}\n]\n');
  });

  it('hands the writer one chunk per chunkRows rows, plus the brackets', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ i }));
    const { chunks } = await exported(rows, 10);
    assert.equal(chunks.length, 2 + 3);
    assert.equal(chunks[0], '[\n');
    assert.equal(chunks.at(-1), '\n]\n');
  });

  it('keeps the count when a row cannot be expressed in JSON', async () => {
    const { text, count } = await exported([{ a: 1 }, undefined, { b: 2 }]);
    assert.equal(count, 3);
    assert.deepEqual(JSON.parse(text), [{ a: 1 }, null, { b: 2 }]);
  });

  it('waits for an asynchronous writer before writing the next chunk', async () => {
    const order: string[] = [];
    let pending = 0;
    await writeJsonRows(
      Array.from({ length: 5 }, (_, i) => i),
      async (c) => {
        assert.equal(pending, 0, 'a chunk was written while the previous write was pending');
        pending++;
        await new Promise((r) => setTimeout(r, 1));
        pending--;
        order.push(c);
      },
      { chunkRows: 2 },
    );
    assert.deepEqual(JSON.parse(order.join('')), [0, 1, 2, 3, 4]);
  });
});
