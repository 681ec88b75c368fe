// SQL writes inside a real VS Code against the sandbox org, run from a .dvq block through "Run
// Query": an UPDATE confirmed in the modal question changes the rows it named, one cancelled
// changes nothing, a DELETE without WHERE is refused, and a read-only connection refuses an
// INSERT. The window's message functions are watched (and answered) by the test: extension tests
// cannot see a notification or answer a modal dialog.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { parseDocument } from '../../src/core/query/syntax/parser';
import type { RunOutcome } from '../../src/scratchpad/runner';
import { activatedExtension } from './extension';
import { watching } from './messages';
import { control, sandbox } from './sandbox';
import { setSafety } from './safety';
import { signInWithDeviceCode } from './signInSteps';
import { sandboxRows as rows } from './sandboxReads';

const info = sandbox();
const org = OrgUrl.from(info.orgUrl);

async function batchPosts(): Promise<number> {
  return (
    (await control<{ dataverseResources: Record<string, number> }>('/stats')).dataverseResources['POST $batch'] ?? 0
  );
}

/** Runs the scratchpad's first request through the command CodeLens calls. */
async function runBlock(sql: string): Promise<RunOutcome | undefined> {
  const document = await vscode.workspace.openTextDocument({
    language: 'dataverse-query',
    content: `@connection = ${org.url}\n\n###\n${sql}\n`,
  });
  const index = parseDocument(document.getText()).requests.length - 1;
  return vscode.commands.executeCommand<RunOutcome | undefined>('dynamics365.runQuery', document.uri, index);
}

describe('SQL INSERT, UPDATE and DELETE in a scratchpad', function () {
  this.timeout(120_000);
  let sessionId: string | undefined;
  let prefix: string;
  let matching: Record<string, unknown>[];

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
    await setSafety(org.url, 'normal');
    // A few accounts named alike: the first account's first three letters.
    const first = String((await rows('accounts?$select=name&$top=1&$orderby=name'))[0]!['name']);
    prefix = first.slice(0, 3).replace(/'/g, "''");
    matching = await rows(`accounts?$select=accountid,name&$filter=startswith(name,'${prefix}')`);
    assert.ok(matching.length > 0);
  });

  after(async () => {
    await setSafety(org.url, 'normal');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('an UPDATE cancelled in the question changes nothing', async () => {
    const posts = await batchPosts();
    const outcome = await watching(
      () => undefined,
      async (calls) => {
        const result = await runBlock(`UPDATE account SET description = 'cancelled' WHERE name LIKE '${prefix}%'`);
        const asked = calls.filter((c) => c.options?.modal);
        assert.equal(asked.length, 1, JSON.stringify(calls));
        assert.match(
          asked[0]!.message,
          new RegExp(
            `update ${matching.length} rows? of account in .*${org.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          ),
        );
        assert.ok(asked[0]!.options?.detail?.includes(String(matching[0]!['name'])), asked[0]!.options?.detail);
        return result;
      },
    );
    assert.equal(outcome, undefined);
    assert.equal(await batchPosts(), posts, 'no $batch reached the org');
    assert.equal((await rows(`accounts?$select=accountid&$filter=description eq 'cancelled'`)).length, 0);
  });

  it('an UPDATE confirmed in the question changes exactly the rows it named', async () => {
    const outcome = await watching(
      (shown) => shown.items[0],
      () => runBlock(`UPDATE account SET description = 'confirmed' WHERE name LIKE '${prefix}%'`),
    );
    assert.equal(outcome?.rows, matching.length);
    assert.equal(outcome?.error, undefined);
    const changed = await rows(`accounts?$select=accountid&$filter=description eq 'confirmed'`);
    assert.deepEqual(changed.map((r) => r['accountid']).sort(), matching.map((r) => r['accountid']).sort());
  });

  it('a DELETE without WHERE is refused before anything is read or written', async () => {
    const before = await control<{ dataverseRequests: Record<string, number> }>('/stats');
    const outcome = await watching(
      () => assert.fail('asked about a DELETE without WHERE'),
      async (calls) => {
        const result = await runBlock('DELETE FROM account');
        const errors = calls.filter((c) => /no WHERE/.test(c.message));
        assert.equal(errors.length, 1, JSON.stringify(calls));
        assert.match(errors[0]!.message, /-- allow: all rows/);
        return result;
      },
    );
    assert.equal(outcome, undefined);
    const after = await control<{ dataverseRequests: Record<string, number> }>('/stats');
    assert.equal(after.dataverseRequests['DELETE'] ?? 0, before.dataverseRequests['DELETE'] ?? 0);
    assert.equal(after.dataverseRequests['POST'] ?? 0, before.dataverseRequests['POST'] ?? 0);
    assert.ok((await rows('accounts?$select=accountid&$top=1')).length > 0);
  });

  it('a read-only connection refuses an INSERT', async () => {
    await setSafety(org.url, 'readOnly');
    try {
      const posts =
        (await control<{ dataverseRequests: Record<string, number> }>('/stats')).dataverseRequests['POST'] ?? 0;
      const outcome = await watching(
        () => assert.fail('asked on a read-only connection'),
        async (calls) => {
          const result = await runBlock(`INSERT INTO account (name) VALUES ('Read-only SQL')`);
          assert.ok(
            calls.some((c) => /read-only/.test(c.message) && c.message.includes(org.url)),
            JSON.stringify(calls),
          );
          return result;
        },
      );
      assert.equal(outcome, undefined);
      assert.equal(
        (await control<{ dataverseRequests: Record<string, number> }>('/stats')).dataverseRequests['POST'] ?? 0,
        posts,
      );
      assert.equal((await rows(`accounts?$select=accountid&$filter=name eq 'Read-only SQL'`)).length, 0);
    } finally {
      await setSafety(org.url, 'normal');
    }
  });
});
