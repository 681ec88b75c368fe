// A SQL write's output in a notebook cell: its summary (statement, table, rows affected, failed rows
// with the org's code and message, time, org) as stored in the file, as plain text and as Markdown.
import { strict as assert } from 'node:assert';
import { notebookToMarkdown } from '../../../../src/core/notebook/interop';
import { parseNotebook, serializeNotebook, type NotebookFile } from '../../../../src/core/notebook/notebookFile';
import { outputSummary, STORED_FAILURES, storedWriteOf } from '../../../../src/core/notebook/storedOutput';
import type { SqlWriteOutcome } from '../../../../src/core/results/sqlWrite';

const ORG = 'https://contoso.crm.dynamics.com';
const ranAt = new Date('2026-12-07T18:00:00.000Z');

function done(over: Partial<Extract<SqlWriteOutcome, { kind: 'done' }>>): Extract<SqlWriteOutcome, { kind: 'done' }> {
  return {
    kind: 'done',
    message: 'Updated 3 rows of 3 in account.',
    target: { statement: 'UPDATE', table: 'account' },
    total: 3,
    succeeded: 3,
    failed: 0,
    notSent: 0,
    cancelled: false,
    failures: [],
    batchesSent: 1,
    throttled: 0,
    ...over,
  };
}

describe('a SQL write in a notebook cell: its stored summary', () => {
  it('keeps the statement, the table and the rows affected, with time and org, in one line', () => {
    const output = storedWriteOf(done({}), { org: ORG, durationMs: 120.4, ranAt });
    assert.deepEqual(output, {
      org: ORG,
      status: 200,
      durationMs: 120,
      ranAt: ranAt.toISOString(),
      write: { statement: 'UPDATE', table: 'account', total: 3, affected: 3, failed: 0, notSent: 0 },
    });
    assert.equal(outputSummary(output), 'UPDATE account: 3 rows affected · 120 ms · contoso.crm.dynamics.com');
  });

  it('lists failed rows with the Dataverse code and message as plain text, and what was not sent', () => {
    const output = storedWriteOf(
      done({
        target: { statement: 'DELETE', table: 'contact' },
        total: 4,
        succeeded: 1,
        failed: 2,
        notSent: 1,
        cancelled: true,
        failures: [
          { label: 'Ann <b>Smith</b>', code: '0x80040265', status: 400, message: 'Cannot delete:\n[link](https://x)' },
          { label: 'Bob', status: 500, message: 'Server error' },
        ],
      }),
      { org: ORG, durationMs: 7 },
    );
    assert.equal(output.write?.failures?.[0]?.code, '0x80040265');
    assert.equal(
      outputSummary(output),
      [
        'DELETE contact: 1 of 4 rows affected, 2 failed, 1 not sent (cancelled) · 7 ms · contoso.crm.dynamics.com',
        '  Ann <b>Smith</b>: 0x80040265 Cannot delete: [link](https://x)',
        '  Bob: 500 Server error',
      ].join('\n'),
    );
  });

  it('keeps at most the first failed rows, and says how many more failed', () => {
    const failures = Array.from({ length: STORED_FAILURES + 5 }, (_, i) => ({ label: `row ${i}`, message: 'No' }));
    const output = storedWriteOf(done({ total: failures.length, succeeded: 0, failed: failures.length, failures }), {
      org: ORG,
      durationMs: 1,
    });
    assert.equal(output.write?.failures?.length, STORED_FAILURES);
    assert.match(outputSummary(output), /… and 5 more failed rows \(not stored\)$/);
  });

  it('says when no row matched', () => {
    const output = storedWriteOf(
      { kind: 'nothing', message: 'No row', target: { statement: 'INSERT', table: 'account' } },
      { org: ORG, durationMs: 3 },
    );
    assert.equal(
      outputSummary(output),
      'INSERT account: no row matches, nothing was written · 3 ms · contoso.crm.dynamics.com',
    );
  });

  it('round trips through the file, a failed row a line, and refuses a malformed write summary', () => {
    const output = storedWriteOf(
      done({
        succeeded: 1,
        failed: 2,
        failures: [
          { label: 'A', code: '0x1', message: 'x' },
          { label: 'B', message: 'y' },
        ],
      }),
      { org: ORG, durationMs: 9, ranAt },
    );
    const file: NotebookFile = {
      org: ORG,
      cells: [{ kind: 'query', source: 'UPDATE account SET x = 1 WHERE y = 2', output }],
    };
    const text = serializeNotebook(file);
    assert.deepEqual(parseNotebook(text), file);
    assert.equal(serializeNotebook(parseNotebook(text)), text);
    assert.ok(text.includes('\n            {"code":"0x1","message":"x","row":"A"},\n'), text);
    assert.throws(
      () => parseNotebook(text.replace('"statement":"UPDATE"', '"statement":"MERGE"')),
      /the output's "write" must be/,
    );
  });

  it('exports the summary as Markdown with every failed row escaped, nothing a link', () => {
    const output = storedWriteOf(
      done({ succeeded: 2, failed: 1, failures: [{ label: 'Evil', message: 'see [here](https://evil.example)' }] }),
      { org: ORG, durationMs: 5 },
    );
    const markdown = notebookToMarkdown({ cells: [{ kind: 'query', source: 'UPDATE …', output }] });
    assert.match(markdown, /_UPDATE account: 2 of 3 rows affected, 1 failed · 5 ms · contoso\.crm\.dynamics\.com_/);
    assert.ok(markdown.includes('- Evil: see \\[here\\]\\(https:&#47;&#47;evil.example\\)'), markdown);
  });
});
