// SQL INSERT / UPDATE / DELETE in notebook cells inside a real VS Code against the sandbox org: they
// take the scratchpad's SQL write path (rows counted, one question, batches sent once), and the
// cell's output is the write summary. An UPDATE confirmed on a normal connection changes the rows
// (read back from the org); production, a file's cell not edited here, and a "no" send nothing; a
// read-only connection refuses without asking. The test answers the modal question (messages.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { parseNotebook, serializeNotebook } from '../../src/core/notebook/notebookFile';
import { activatedExtension } from './extension';
import { watching, type Shown } from './messages';
import { outputText, runCells, stored, untitled } from './notebookCells';
import { control, sandbox } from './sandbox';
import { setSafety } from './safety';
import { signInWithDeviceCode } from './signInSteps';
import { sandboxRows as rows } from './sandboxReads';

const org = OrgUrl.from(sandbox().orgUrl);

async function stats(): Promise<{ batches: number; posts: number; all: number }> {
  const s = await control<{ dataverseResources: Record<string, number>; dataverseRequests: Record<string, number> }>(
    '/stats',
  );
  return {
    batches: s.dataverseResources['POST $batch'] ?? 0,
    posts: s.dataverseRequests['POST'] ?? 0,
    all: Object.values(s.dataverseRequests).reduce((a, b) => a + b, 0),
  };
}

const modal = (calls: Shown[]): Shown[] => calls.filter((c) => c.options?.modal);

describe('SQL writes in notebook cells', function () {
  this.timeout(180_000);
  let sessionId: string | undefined;
  let prefix: string;
  let rawPrefix: string;
  let matching: Record<string, unknown>[];
  let dir: string;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
    await setSafety(org.url, 'normal');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-notebook-sql-'));
    // A few accounts named alike: the last account's first three letters (the scratchpad's SQL test takes the first).
    const last = String((await rows('accounts?$select=name&$top=1&$orderby=name desc'))[0]!['name']);
    rawPrefix = last.slice(0, 3);
    prefix = rawPrefix.replace(/'/g, "''");
    matching = await rows(`accounts?$select=accountid,name&$filter=startswith(name,'${prefix}')`);
    assert.ok(matching.length > 0);
  });

  after(async () => {
    await setSafety(org.url, 'normal');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('an UPDATE cell confirmed on a normal connection changes the rows, once, and its output is the write summary', async () => {
    // A variable of the cell above feeds the statement, as in a scratchpad.
    const file = path.join(dir, 'update.dvnb');
    fs.writeFileSync(
      file,
      serializeNotebook({
        org: org.url,
        cells: [
          { kind: 'query', source: `@pattern = ${rawPrefix}%` },
          { kind: 'query', source: "UPDATE account SET description = 'from a notebook' WHERE name LIKE @pattern" },
        ],
      }),
    );
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    const before = await stats();
    await watching(
      (shown) => shown.items[0],
      async (calls) => {
        await runCells(notebook, 0, 2);
        const asked = modal(calls);
        assert.equal(asked.length, 1, JSON.stringify(calls));
        assert.match(asked[0]!.message, new RegExp(`update ${matching.length} rows? of account in `));
        // The output is the summary: no closing notification beside it.
        assert.equal(calls.filter((c) => !c.options?.modal).length, 0, JSON.stringify(calls));
      },
    );
    const cell = notebook.cellAt(1);
    assert.equal(cell.executionSummary?.success, true, outputText(cell));
    const output = stored(cell);
    assert.deepEqual(output?.write, {
      statement: 'UPDATE',
      table: 'account',
      total: matching.length,
      affected: matching.length,
      failed: 0,
      notSent: 0,
    });
    assert.equal(output?.org, org.url);
    assert.match(
      outputText(cell),
      new RegExp(
        `^UPDATE account: ${matching.length} rows? affected · [\\d,]+ ms · ${org.host.replace(/\./g, '\\.')}$`,
      ),
    );
    const changed = await rows(`accounts?$select=accountid&$filter=description eq 'from a notebook'`);
    assert.deepEqual(changed.map((r) => r['accountid']).sort(), matching.map((r) => r['accountid']).sort());
    const batchSize = vscode.workspace.getConfiguration('dynamics365').get<number>('sql.writeBatchSize') ?? 100;
    assert.equal((await stats()).batches - before.batches, Math.ceil(matching.length / batchSize), 'each batch once');
    // Saved, the file keeps the summary.
    assert.ok(await notebook.save(), 'saved');
    assert.deepEqual(parseNotebook(fs.readFileSync(file, 'utf8')).cells[1]!.output, output);
  });

  it('lists the rows the org refused with its code and message, as plain text, and sends the batch once', async () => {
    const hostile = 'Blocked by a plug-in: see [the policy](https://evil.example) <b>now</b>';
    await control('/faults', { pluginErrorPath: '$batch', pluginErrorMessage: hostile });
    try {
      const notebook = await untitled([`UPDATE account SET description = 'refused' WHERE name LIKE '${prefix}%'`]);
      const before = await stats();
      await watching(
        (shown) => shown.items[0],
        () => runCells(notebook, 0, 1),
      );
      const cell = notebook.cellAt(0);
      assert.equal(cell.executionSummary?.success, false, outputText(cell));
      const write = stored(cell)?.write;
      assert.equal(write?.affected, 0);
      assert.equal(write?.failed, matching.length);
      assert.equal(write?.failures?.[0]?.code, '0x80040265');
      // The org's message as the client keeps it: one line, a markdown link broken apart, HTML as text.
      const message = write?.failures?.[0]?.message ?? '';
      assert.ok(message.includes('Blocked by a plug-in: see [the policy]') && message.includes('<b>now</b>'), message);
      assert.ok(!message.includes(']('), message);
      const lines = outputText(cell).split('\n');
      assert.match(
        lines[0]!,
        new RegExp(`^UPDATE account: 0 of ${matching.length} rows affected, ${matching.length} failed · `),
      );
      assert.ok(lines[1]!.includes(`0x80040265 `) && lines[1]!.includes(message), lines[1]);
      assert.equal((await stats()).batches - before.batches, 1, 'the refused batch was not sent again');
    } finally {
      await control('/faults/reset', {});
    }
    assert.equal((await rows(`accounts?$select=accountid&$filter=description eq 'refused'`)).length, 0);
  });

  it('does not send a production write without confirmation', async () => {
    await setSafety(org.url, 'production');
    try {
      const notebook = await untitled([`UPDATE account SET description = 'production' WHERE name LIKE '${prefix}%'`]);
      const before = await stats();
      await watching(
        () => undefined,
        async (calls) => {
          await runCells(notebook, 0, 1);
          const asked = modal(calls);
          assert.equal(asked.length, 1, JSON.stringify(calls));
          assert.match(asked[0]!.message, /PRODUCTION organization/);
        },
      );
      const cell = notebook.cellAt(0);
      assert.notEqual(cell.executionSummary?.success, true);
      assert.equal(stored(cell), undefined);
      assert.match(outputText(cell), /Not sent: cancelled/);
      assert.equal((await stats()).batches, before.batches, 'no $batch reached the org');
      assert.equal((await rows(`accounts?$select=accountid&$filter=description eq 'production'`)).length, 0);
    } finally {
      await setSafety(org.url, 'normal');
    }
  });

  it('refuses on a read-only connection without asking, reading or writing anything', async () => {
    await setSafety(org.url, 'readOnly');
    try {
      const notebook = await untitled(["INSERT INTO account (name) VALUES ('Read-only notebook')"]);
      const before = await stats();
      await watching(
        () => assert.fail('asked on a read-only connection'),
        () => runCells(notebook, 0, 1),
      );
      const cell = notebook.cellAt(0);
      assert.equal(cell.executionSummary?.success, false, outputText(cell));
      assert.match(outputText(cell), /is read-only: this INSERT on account was not run/);
      assert.equal((await stats()).all, before.all, 'nothing reached the org');
      assert.equal((await rows(`accounts?$select=accountid&$filter=name eq 'Read-only notebook'`)).length, 0);
    } finally {
      await setSafety(org.url, 'normal');
    }
  });

  it("asks before a write of a file's cell not edited here, and a refused DELETE without WHERE sends nothing", async () => {
    const file = path.join(dir, 'shared.dvnb');
    fs.writeFileSync(
      file,
      serializeNotebook({
        org: org.url,
        cells: [
          { kind: 'query', source: `DELETE FROM account WHERE name LIKE '${prefix}%'` },
          { kind: 'query', source: 'DELETE FROM account' },
        ],
      }),
    );
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    const before = await stats();
    await watching(
      () => undefined,
      async (calls) => {
        await runCells(notebook, 0, 1);
        assert.equal(modal(calls).length, 1, JSON.stringify(calls));
        await runCells(notebook, 1, 2);
        assert.equal(modal(calls).length, 1, 'no question for a DELETE without WHERE: it is refused');
      },
    );
    assert.match(outputText(notebook.cellAt(0)), /Not sent: cancelled/);
    assert.match(outputText(notebook.cellAt(1)), /no WHERE/);
    assert.equal((await stats()).batches, before.batches, 'no $batch reached the org');
    assert.equal(
      (await rows(`accounts?$select=accountid&$filter=startswith(name,'${prefix}')`)).length,
      matching.length,
    );
    assert.equal(parseNotebook(fs.readFileSync(file, 'utf8')).cells.length, 2);
  });
});
