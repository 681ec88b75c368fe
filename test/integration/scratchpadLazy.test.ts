// The scratchpad's language features in a real VS Code, asked for the way the editor asks: the
// providers registered at start-up load the scratchpad engine (dist/lazy/scratchpad.js) on first use
// and answer from it. No organization is needed: methods, query options and request errors are
// known without metadata.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { activatedExtension, extensionId } from './extension';

const TEXT = 'GET accounts?$top=abc&$select=name\n\n### Who am I\nGET WhoAmI\n\n###\nPOST\n\n';

/** Whether this extension host has loaded the extension's `dist/<file>` through require. */
function loaded(file: string): boolean {
  const dist = fs.realpathSync(path.join(vscode.extensions.getExtension(extensionId)!.extensionPath, 'dist'));
  return Object.keys(require.cache).some((f) => f === path.join(dist, file));
}

async function until<T>(what: string, read: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('scratchpad language features (engine loaded on first use)', function () {
  this.timeout(60_000);
  let document: vscode.TextDocument;

  before(async () => {
    await activatedExtension();
    document = await vscode.workspace.openTextDocument({ language: 'dataverse-query', content: TEXT });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('puts a "Run" CodeLens above every request (not above a method with no URL)', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments?.[1]]),
      [
        [0, 'dynamics365.runQuery', 0],
        [3, 'dynamics365.runQuery', 1],
      ],
    );
    assert.match(lenses[0]!.command!.title, /Run/);
  });

  it('completes methods at the start of a line and query options after "?"', async () => {
    const atStart = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(8, 0),
    );
    const methods = atStart.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const m of ['GET', 'POST', 'PATCH', 'DELETE']) assert.ok(methods.includes(m), `${m} in ${methods.join(', ')}`);
    const options = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(0, 14),
    );
    assert.ok(
      options.items.some((i) => i.label === '$select'),
      'no $select offered after "?"',
    );
  });

  it('explains a query option on hover, as plain text', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(0, 15),
    );
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    // Plain text reaches the hover escaped (appendText): spaces as &nbsp;, punctuation behind a backslash.
    const text = markdown.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(text, /\$top/);
    assert.match(text, /At most this many rows \(no paging\)/);
    assert.match(markdown, /\\\(no/);
  });

  it('reports a request with no URL as an error in the Problems view', async () => {
    const found = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(document.uri).filter((x) => x.source === 'Dynamics 365');
      return d.length ? d : undefined;
    });
    const empty = found.find((d) => d.code === 'empty-target');
    assert.ok(empty, `no empty-target diagnostic in ${found.map((d) => d.code).join(', ')}`);
    assert.equal(empty.range.start.line, 6);
    assert.equal(empty.severity, vscode.DiagnosticSeverity.Error);
  });

  it('has loaded the engine from its own chunk', () => {
    assert.equal(loaded(path.join('lazy', 'scratchpad.js')), true, 'the engine chunk was not loaded through require');
  });
});
