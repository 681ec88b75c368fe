// The query history inside a real VS Code against the sandbox org, driven through the real quick
// picks with the workbench's own quick-open commands (Enter, Up, Down): a request run from a
// scratchpad is kept with the file variables it uses, opens in a new scratchpad, runs again once,
// a write from the history is not sent without confirmation, one is removed, all open as ###
// blocks, and the history is cleared after asking.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import type { HistoryOutcome } from '../../src/scratchpad/historyPicker';
import type { RunOutcome } from '../../src/scratchpad/runner';
import { activatedExtension } from './extension';
import { control, sandbox } from './sandbox';
import { signInWithDeviceCode } from './signInSteps';
import { setSafety } from './safety';

const org = OrgUrl.from(sandbox().orgUrl);
const ACCEPT = 'workbench.action.acceptSelectedQuickOpenItem';
const DOWN = 'workbench.action.quickOpenSelectNext';
const UP = 'workbench.action.quickOpenSelectPrevious';

async function stats(): Promise<{
  dataverseRequests: Record<string, number>;
  dataverseResources: Record<string, number>;
}> {
  return control('/stats');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Opens the history and presses the keys, each once the quick pick it is meant for is up. */
async function history(...keys: string[]): Promise<HistoryOutcome | undefined> {
  const done = Promise.resolve(
    vscode.commands.executeCommand<HistoryOutcome | undefined>('dynamics365.openQueryHistory', org.url),
  );
  for (const key of keys) {
    await sleep(key === ACCEPT ? 900 : 300);
    await vscode.commands.executeCommand(key);
  }
  return done;
}

/** GETs of accounts the org has answered: the history's read, not the metadata loads beside it. */
async function accountGets(): Promise<number> {
  return (await stats()).dataverseResources['GET accounts'] ?? 0;
}

async function runInScratchpad(content: string): Promise<RunOutcome> {
  const document = await vscode.workspace.openTextDocument({
    language: 'dataverse-query',
    content: `@connection = ${org.url}\n${content}`,
  });
  // Shown, as a scratchpad whose CodeLens is clicked is (a write in one no editor shows asks first).
  await vscode.window.showTextDocument(document, { preview: false });
  const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('dynamics365.runQuery', document.uri, 0);
  assert.ok(outcome, 'the run failed (see the log)');
  return outcome;
}

function documentOf(outcome: HistoryOutcome | undefined, action: 'open' | 'openAll'): vscode.TextDocument {
  assert.equal(outcome?.action, action, `expected "${action}", got ${JSON.stringify(outcome)}`);
  const uri = (outcome as { uri: string }).uri;
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  assert.ok(document, `no document ${uri}`);
  return document;
}

describe('query history in a real VS Code', function () {
  this.timeout(180_000);
  const stamp = `history test ${Date.now()}`;
  const read = `# ${stamp}\nGET accounts?$select=name&$top={{top}}`;
  const write = `# ${stamp}\nPOST accounts\n\n{"name": "From history ${Date.now()}"}`;
  let sessionId: string | undefined;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
    await setSafety(org.url, 'normal');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('keeps runs and opens one in a new scratchpad, sending nothing', async () => {
    const listed = await runInScratchpad(`@top = 3\n@unused = 1\n\n###\n${read}\n`);
    assert.equal(listed.status, 200, listed.error);
    const created = await runInScratchpad(`\n###\n${write}\n`);
    assert.equal(created.status, 204, created.error);
    const posts = (await stats()).dataverseRequests.POST ?? 0;
    // Enter on the newest entry (the write), then Enter on its first action: Open in Scratchpad.
    const document = documentOf(await history(ACCEPT, ACCEPT), 'open');
    assert.equal(document.languageId, 'dataverse-query');
    assert.equal(document.getText(), `@connection = ${org.url}\n\n${write}\n`);
    assert.equal((await stats()).dataverseRequests.POST ?? 0, posts, 'opening sent the write');
  });

  it('does not send a write from the history without confirmation, even on a development connection', async () => {
    const posts = (await stats()).dataverseRequests.POST ?? 0;
    // Extension tests cannot answer the modal confirmation: VS Code refuses it, which is a "no".
    assert.equal(await history(ACCEPT, DOWN, ACCEPT), undefined);
    assert.equal((await stats()).dataverseRequests.POST ?? 0, posts, 'the write was sent');
  });

  it('removes an entry', async () => {
    const removed = await history(ACCEPT, DOWN, DOWN, ACCEPT);
    assert.equal(removed?.action, 'remove', JSON.stringify(removed));
    // Now the read is the newest: Enter, Enter opens it.
    const document = documentOf(await history(ACCEPT, ACCEPT), 'open');
    assert.equal(
      document.getText(),
      `@connection = ${org.url}\n\n@top = 3\n${read}\n`,
      'the read, with the file variable it uses',
    );
  });

  it('runs an entry again through the runner: exactly one request reaches the org', async () => {
    // Opened scratchpads load metadata for completion in the background: only GETs of accounts count.
    const gets = await accountGets();
    const outcome = await history(ACCEPT, DOWN, ACCEPT);
    assert.equal(outcome?.action, 'run', JSON.stringify(outcome));
    const run = (outcome as { outcome: RunOutcome }).outcome;
    assert.equal(run.status, 200, run.error);
    assert.equal(run.rows, 3);
    assert.equal(await accountGets(), gets + 1);
  });

  it('opens all entries as ### blocks saying when each ran, with the file variables each uses', async () => {
    // Up from the first item wraps to the last two: "Clear History…", then "Open All in a Scratchpad".
    const all = documentOf(await history(UP, UP, ACCEPT), 'openAll').getText();
    assert.ok(
      all.startsWith(`@connection = ${org.url}\n\n### GET accounts?$select=name&$top={{top}}\n# Ran `),
      all.slice(0, 300),
    );
    assert.match(all, /# Ran \d{4}-\d\d-\d\d \d\d:\d\d · status 200 · (?:\d+ ms|[\d.,]+ s)\n@top = 3\n/);
    assert.ok(all.includes(read), 'the read is there');
    assert.ok(!all.includes('From history'), 'the removed write is still there');
  });

  it('asks before clearing, and clears', async () => {
    // "Keep the History" is the second choice of the confirmation.
    assert.equal(await history(UP, ACCEPT, DOWN, ACCEPT), undefined);
    const kept = documentOf(await history(UP, UP, ACCEPT), 'openAll').getText();
    assert.ok(kept.includes(read), 'keeping the history lost it');
    assert.deepEqual(await history(UP, ACCEPT, ACCEPT), { action: 'clear', remaining: 0 });
    // An empty history says so in a notification and opens no picker.
    assert.equal(await vscode.commands.executeCommand('dynamics365.openQueryHistory', org.url), undefined);
  });
});
