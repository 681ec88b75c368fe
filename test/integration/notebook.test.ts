// Query notebooks inside a real VS Code against the sandbox org: cells run through the extension's
// kernel for the org (outputs hold the rows), variables and named responses of earlier cells (read
// only under the account that fetched them), the write guards (production asks; a notebook from a
// file, not edited here, asks on any connection), and a saved notebook reopened with its outputs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { escapeText } from '../../src/core/notebook/interop';
import { parseNotebook, serializeNotebook, type StoredOutput } from '../../src/core/notebook/notebookFile';
import { activatedExtension } from './extension';
import { outputText, runCells, stored, untitled } from './notebookCells';
import { control, sandbox, waitFor } from './sandbox';
import { signInWithDeviceCode } from './signInSteps';
import { setSafety } from './safety';

const org = OrgUrl.from(sandbox().orgUrl);
async function posts(): Promise<number> {
  return (await control<{ dataverseRequests: Record<string, number> }>('/stats')).dataverseRequests.POST ?? 0;
}

function names(output: StoredOutput | undefined): unknown[] {
  const column = output?.columns?.findIndex((c) => c.id === 'name') ?? -1;
  assert.ok(column >= 0, 'a name column');
  return output!.rows!.map((r) => r[column]);
}

describe('query notebooks in a real VS Code', function () {
  this.timeout(180_000);
  let sessionId: string | undefined;
  let dir: string;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-notebook-'));
  });

  after(async () => {
    await setSafety(org.url, 'normal');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('runs cells through the org kernel: outputs hold the rows, later cells see variables and named responses', async () => {
    const notebook = await untitled([
      '@top = 3',
      '# @name list\nGET accounts?$select=name&$orderby=name&$top={{top}}',
      "GET accounts?$select=name&$filter=name eq '{{list.response.body.value[1].name}}'",
    ]);
    await runCells(notebook, 0, 3);
    const [vars, list, filtered] = notebook.getCells();
    assert.match(outputText(vars!), /variables: top/);
    const rows = stored(list!);
    assert.ok(rows, outputText(list!));
    assert.equal(rows.status, 200);
    assert.equal(rows.rows?.length, 3, 'three rows, from {{top}} of the cell above');
    assert.equal(rows.rowCount, 3);
    assert.equal(rows.org, org.url);
    const second = rows.rows![1]![rows.columns!.findIndex((c) => c.id === 'name')];
    const one = stored(filtered!);
    assert.ok(one, outputText(filtered!));
    assert.ok(one.rows!.length >= 1);
    assert.ok(
      one.rows!.every((r) => r[one.columns!.findIndex((c) => c.id === 'name')] === second),
      'the filter used the name from the named response of the cell above',
    );
    assert.ok(list!.executionSummary?.executionOrder !== undefined, 'an execution order');
    assert.match(outputText(list!), /3 rows · 200 · [\d,]+ ms · /);
  });

  it('a cell does not read a named response another account fetched before it signed out', async function () {
    this.timeout(300_000);
    const notebook = await untitled([
      '# @name list\nGET accounts?$select=name&$orderby=name&$top=2',
      "GET accounts?$select=name&$filter=name eq '{{list.response.body.value[1].name}}'",
    ]);
    await runCells(notebook, 0, 2);
    const [, filtered] = notebook.getCells();
    assert.equal(stored(filtered!)?.status, 200, outputText(filtered!));
    let otherId: string | undefined;
    try {
      assert.equal(await vscode.commands.executeCommand('dynamics365.signOut', sessionId), 1);
      sessionId = undefined;
      otherId = (await signInWithDeviceCode(sandbox().users[1]!.username)).sessionId;
      await runCells(notebook, 1, 2);
      assert.equal(stored(filtered!), undefined, 'the cell ran with the response of the account that signed out');
      assert.match(outputText(filtered!), /reads the response of "list" .*which has not run yet/);
    } finally {
      if (otherId) {
        await vscode.commands.executeCommand('dynamics365.signOut', otherId).then(undefined, () => undefined);
      }
      sessionId ??= (await signInWithDeviceCode()).sessionId;
    }
  });

  it('keeps at most the stored-rows setting of an answer in the output, and says N of M', async () => {
    const config = vscode.workspace.getConfiguration('dynamics365');
    await config.update('notebook.storedRows', 2, vscode.ConfigurationTarget.Global);
    try {
      const notebook = await untitled(['GET accounts?$select=name&$top=7']);
      await runCells(notebook, 0, 1);
      const output = stored(notebook.cellAt(0))!;
      assert.equal(output.rows?.length, 2);
      assert.equal(output.rowCount, 7);
      assert.match(outputText(notebook.cellAt(0)), /2 of 7 rows stored/);
    } finally {
      await config.update('notebook.storedRows', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('does not send a write to a production connection without confirmation', async () => {
    await setSafety(org.url, 'production');
    try {
      const notebook = await untitled(['POST accounts\n\n{"name": "Must not be created"}']);
      const before = await posts();
      await runCells(notebook, 0, 1);
      // Extension tests cannot answer a modal dialog: VS Code refuses to show it, which is a "no".
      assert.notEqual(notebook.cellAt(0).executionSummary?.success, true);
      assert.equal(stored(notebook.cellAt(0)), undefined);
      // The question was asked (and refused: the test host refuses every modal dialog).
      assert.match(outputText(notebook.cellAt(0)), /PRODUCTION organization Sandbox/);
      assert.equal(await posts(), before, 'no POST reached the org');
    } finally {
      await setSafety(org.url, 'normal');
    }
  });

  it('asks before a write from a notebook file not edited in this window, even on a normal connection', async () => {
    const file = path.join(dir, 'shared.dvnb');
    fs.writeFileSync(
      file,
      serializeNotebook({
        org: org.url,
        cells: [{ kind: 'query', source: 'POST accounts\n\n{"name": "From a shared notebook"}' }],
      }),
    );
    const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
    const before = await posts();
    await runCells(notebook, 0, 1);
    assert.notEqual(notebook.cellAt(0).executionSummary?.success, true, outputText(notebook.cellAt(0)));
    assert.match(outputText(notebook.cellAt(0)), /This notebook cell, not edited in this window, creates a row/);
    assert.equal(await posts(), before, 'no POST reached the org');
  });

  it('saves the outputs in the file and shows them again when the notebook is reopened', async () => {
    const file = path.join(dir, 'kept.dvnb');
    fs.writeFileSync(
      file,
      serializeNotebook({ org: org.url, cells: [{ kind: 'query', source: 'GET accounts?$select=name&$top=2' }] }),
    );
    const uri = vscode.Uri.file(file);
    let notebook = await vscode.workspace.openNotebookDocument(uri);
    await runCells(notebook, 0, 1);
    const ran = stored(notebook.cellAt(0))!;
    assert.equal(ran.rows?.length, 2);
    assert.ok(await notebook.save(), 'saved');
    const saved = parseNotebook(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(saved.cells[0]!.output?.rows, ran.rows, 'the file holds the rows');
    assert.equal(saved.org, org.url);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the notebook to close', async () => (notebook.isClosed ? true : undefined)).catch(() => undefined);
    notebook = await vscode.workspace.openNotebookDocument(uri);
    assert.deepEqual(stored(notebook.cellAt(0))?.rows, ran.rows, 'reopened with its output');
  });

  it('converts a scratchpad to a notebook and back with the same text', async () => {
    const text = `@connection = ${org.url}\n@top = 2\n\n### List\nGET accounts?$top={{top}}\n\n### Who\nGET WhoAmI\n`;
    const scratchpad = await vscode.workspace.openTextDocument({ language: 'dataverse-query', content: text });
    await vscode.window.showTextDocument(scratchpad);
    const notebookUri = await vscode.commands.executeCommand<string>('dynamics365.convertScratchpadToNotebook');
    const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === notebookUri)!;
    assert.equal(notebook.cellCount, 3);
    assert.equal(notebook.metadata.org, org.url);
    await vscode.window.showNotebookDocument(notebook);
    const back = await vscode.commands.executeCommand<string>('dynamics365.convertNotebookToScratchpad');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === back)!;
    assert.equal(document.getText(), text);
  });

  it('exports a run notebook as Markdown and opens a cell in the results view', async () => {
    const notebook = await untitled(['GET accounts?$select=name&$orderby=name&$top=2']);
    await runCells(notebook, 0, 1);
    const output = stored(notebook.cellAt(0))!;
    const first = String(output.rows![0]![output.columns!.findIndex((c) => c.id === 'name')]);
    const markdownUri = await vscode.commands.executeCommand<string>('dynamics365.exportNotebookAsMarkdown');
    const markdown = vscode.workspace.textDocuments.find((d) => d.uri.toString() === markdownUri)!.getText();
    assert.match(markdown, /```http\nGET accounts/);
    assert.match(markdown, /\| name \|/);
    assert.ok(markdown.includes(`| ${escapeText(first)} |`), markdown);
    await vscode.commands.executeCommand('dynamics365.openCellInResults', notebook.cellAt(0));
    await waitFor('the results view', async () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('dynamics365.results'))
        ? true
        : undefined,
    );
  });

  it('runs a SQL SELECT cell: its output holds the rows OData gives for the same question', async () => {
    const notebook = await untitled([
      'GET accounts?$select=name&$orderby=name&$top=3',
      'SELECT TOP 3 name FROM account ORDER BY name',
    ]);
    await runCells(notebook, 0, 2);
    const odata = stored(notebook.cellAt(0));
    const sql = stored(notebook.cellAt(1));
    assert.ok(odata, outputText(notebook.cellAt(0)));
    assert.ok(sql, outputText(notebook.cellAt(1)));
    assert.equal(notebook.cellAt(1).executionSummary?.success, true);
    assert.equal(sql.rows?.length, 3);
    assert.deepEqual(names(sql), names(odata));
    assert.equal(sql.org, org.url);
    assert.match(outputText(notebook.cellAt(1)), /3 rows · 200 · /);
  });

  it('feeds variables of earlier cells into a SQL cell as parameters', async () => {
    const notebook = await untitled(['GET accounts?$select=name&$orderby=name&$top=4']);
    await runCells(notebook, 0, 1);
    const all = names(stored(notebook.cellAt(0)));
    assert.equal(all.length, 4);
    const from = String(all[1]);
    const withName = await untitled([
      '@n = 2',
      `@name = ${from}`,
      'SELECT TOP @n name FROM account WHERE name >= @name ORDER BY name',
    ]);
    await runCells(withName, 0, 3);
    const sql = stored(withName.cellAt(2));
    assert.ok(sql, outputText(withName.cellAt(2)));
    assert.deepEqual(names(sql), all.slice(1, 3), 'TOP @n from the cell above, rows from @name on');
  });

  it('completes {{ in a cell with the variables and request names of the cells above it', async () => {
    const notebook = await untitled([
      '@top = 3\n@who = me',
      '# @name list\nGET accounts?$top={{top}}',
      'GET accounts?$top={{',
      'SELECT name FROM account WHERE name = @',
      '@later = 1',
    ]);
    await vscode.window.showNotebookDocument(notebook);
    const labelsAt = async (cell: number, line: number, character: number): Promise<string[]> => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        notebook.cellAt(cell).document.uri,
        new vscode.Position(line, character),
      );
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const inBraces = await labelsAt(2, 0, 'GET accounts?$top={{'.length);
    for (const name of ['top', 'who', 'list']) assert.ok(inBraces.includes(name), `${name} in ${inBraces.join(', ')}`);
    const inSql = await labelsAt(3, 0, 'SELECT name FROM account WHERE name = @'.length);
    assert.ok(inSql.includes('@top') && inSql.includes('@who'), inSql.join(', '));
    // A cell sees only the cells above it.
    assert.ok(!inBraces.includes('later'), inBraces.join(', '));
  });

  it('refuses to open a malformed notebook with the reason, and leaves the file as it was', async () => {
    const file = path.join(dir, 'broken.dvnb');
    const text = '{ "format": "dynamics365-notebook", "cells": [ { "kind": "query", "source": ["GET accounts"] }, ';
    fs.writeFileSync(file, text);
    await assert.rejects(
      Promise.resolve(vscode.workspace.openNotebookDocument(vscode.Uri.file(file))),
      (err: Error) => {
        assert.match(err.message, /cannot be opened: The file is not valid JSON/);
        assert.match(err.message, /Reopen it with the Text Editor/);
        return true;
      },
    );
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });
});
