// A query notebook whose file changes on disk while it is open (a `git pull`, another tool): VS Code
// reloads the open notebook in place, and the cells it brought in were not typed in this window, so a
// write in one asks first even on a normal connection (so does one a revert read from the changed
// file); a cell typed here still runs without asking.
// The test answers the modal question (messages.ts) and counts what reached the emulator.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { serializeNotebook } from '../../src/core/notebook/notebookFile';
import { activatedExtension } from './extension';
import { watching, type Shown } from './messages';
import { outputText, runCells } from './notebookCells';
import { control, sandbox, waitFor } from './sandbox';
import { signInWithDeviceCode } from './signInSteps';
import { sandboxRows as rows } from './sandboxReads';
import { setSafety } from './safety';

const org = OrgUrl.from(sandbox().orgUrl);
const NOT_EDITED = /This notebook cell, not edited in this window, creates a row/;

async function posts(): Promise<number> {
  return (await control<{ dataverseRequests: Record<string, number> }>('/stats')).dataverseRequests.POST ?? 0;
}

const modal = (calls: Shown[]): Shown[] => calls.filter((c) => c.options?.modal);
const post = (name: string): string => `POST accounts\n\n{"name": "${name}"}`;

/** Writes a notebook of these cells to the file, as another tool would. */
function writeFile(file: string, cells: string[]): void {
  fs.writeFileSync(
    file,
    serializeNotebook({ org: org.url, cells: cells.map((source) => ({ kind: 'query', source })) }),
  );
}

/** Waits until the open notebook shows the file's new text in its first cell (VS Code reloaded it). */
async function reloaded(notebook: vscode.NotebookDocument, text: string): Promise<void> {
  await waitFor(
    'the open notebook to reload the file',
    async () => (notebook.cellCount > 0 && notebook.cellAt(0).document.getText() === text ? true : undefined),
    60_000,
  );
  assert.equal(notebook.isDirty, false);
}

async function created(name: string): Promise<number> {
  return (await rows(`accounts?$select=accountid&$filter=name eq '${name}'`)).length;
}

/** Runs the notebook's first cell (a POST of `name`), answers "no", and checks it asked once and sent nothing. */
async function askedAndRefused(notebook: vscode.NotebookDocument, name: string): Promise<void> {
  const before = await posts();
  const calls = await watching(
    () => undefined,
    async (shown) => {
      await runCells(notebook, 0, 1);
      return shown;
    },
  );
  // Both at once, so a failure says whether the write also reached the org.
  assert.deepEqual(
    { asked: modal(calls).length, posts: (await posts()) - before, created: await created(name) },
    { asked: 1, posts: 0, created: 0 },
    JSON.stringify(calls),
  );
  assert.match(modal(calls)[0]!.message, NOT_EDITED);
  assert.match(outputText(notebook.cellAt(0)), /Not sent: cancelled/);
}

describe('query notebooks changed on disk while open', function () {
  this.timeout(180_000);
  let sessionId: string | undefined;
  let dir: string;
  const stamp = Date.now();

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
    await setSafety(org.url, 'normal');
    // In the workspace folder: VS Code watches it, so a change on disk reloads an open notebook.
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the harness opens a folder');
    dir = fs.mkdtempSync(path.join(folder.uri.fsPath, 'notebook-reload-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('asks before a write of a cell the file brought in on a reload from disk, and sends nothing on "no"', async () => {
    const file = path.join(dir, 'pulled.dvnb');
    writeFile(file, ['GET accounts?$select=name&$top=1']);
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    await vscode.window.showNotebookDocument(notebook);
    const name = `Reloaded from disk ${stamp}`;
    writeFile(file, [post(name)]);
    await reloaded(notebook, post(name));
    await askedAndRefused(notebook, name);
  });

  it('runs a cell typed here without asking, and asks again once a change on disk replaced it', async () => {
    const file = path.join(dir, 'typed.dvnb');
    writeFile(file, ['GET accounts?$select=name&$top=1']);
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    await vscode.window.showNotebookDocument(notebook);
    const typed = `Typed in this window ${stamp}`;
    const edit = new vscode.WorkspaceEdit();
    const cell = notebook.cellAt(0).document;
    edit.replace(cell.uri, new vscode.Range(0, 0, cell.lineCount, 0), post(typed));
    assert.ok(await vscode.workspace.applyEdit(edit), 'typed');
    // Saved, the typed cell is still the person's own.
    assert.ok(await notebook.save(), 'saved');
    const before = await posts();
    await watching(
      () => assert.fail('asked about a cell typed in this window'),
      () => runCells(notebook, 0, 1),
    );
    assert.equal(notebook.cellAt(0).executionSummary?.success, true, outputText(notebook.cellAt(0)));
    assert.equal(await posts(), before + 1, 'one POST');
    assert.equal(await created(typed), 1);
    // Saved with its output, then changed on disk by someone else: the new cell is not this window's.
    assert.ok(await notebook.save(), 'saved');
    const pulled = `Pulled over a typed cell ${stamp}`;
    writeFile(file, [post(pulled)]);
    await reloaded(notebook, post(pulled));
    await askedAndRefused(notebook, pulled);
  });
  it('asks before a write of a cell a revert brought in from the file changed on disk meanwhile', async () => {
    const file = path.join(dir, 'reverted.dvnb');
    writeFile(file, ['GET accounts?$select=name&$top=1']);
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    await vscode.window.showNotebookDocument(notebook);
    const edit = new vscode.WorkspaceEdit();
    const cell = notebook.cellAt(0).document;
    edit.replace(cell.uri, new vscode.Range(0, 0, cell.lineCount, 0), post(`Typed, then reverted ${stamp}`));
    assert.ok(await vscode.workspace.applyEdit(edit), 'typed');
    assert.equal(notebook.isDirty, true);
    // A dirty notebook is not reloaded; "Revert File" then reads what the file holds now.
    const name = `Pulled under a dirty notebook ${stamp}`;
    writeFile(file, [post(name)]);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await reloaded(notebook, post(name));
    await askedAndRefused(notebook, name);
  });
});
