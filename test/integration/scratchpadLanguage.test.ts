// The scratchpad's language features as VS Code serves them, against the sandbox org's metadata:
// completion (entity sets, $select columns, JSON body property names), hover, diagnostics before
// anything is sent, and a quick fix applied as an edit. Text from the org is plain text in the hover.
// New scratchpads open as untitled documents titled by their first line.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { activatedExtension } from './extension';
import { sandbox, waitFor } from './sandbox';
import { signInWithDeviceCode } from './signInSteps';

const org = OrgUrl.from(sandbox().orgUrl);

async function scratchpad(body: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({
    language: 'dataverse-query',
    content: `@connection = ${org.url}\n\n${body}`,
  });
  await vscode.window.showTextDocument(document);
  return document;
}

/** The position just after `marker`'s first occurrence (the marker is the text before the cursor). */
function cursorAfter(document: vscode.TextDocument, marker: string): vscode.Position {
  const offset = document.getText().indexOf(marker);
  assert.ok(offset >= 0, `no "${marker}" in the scratchpad`);
  return document.positionAt(offset + marker.length);
}

/** Completion labels once the org's metadata is in (the first answers may come before it is). */
async function labelsAt(document: vscode.TextDocument, position: vscode.Position, expected: string): Promise<string[]> {
  return waitFor(
    `"${expected}" in the completion list`,
    async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        position,
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.includes(expected) ? labels : undefined;
    },
    60_000,
  );
}

function codes(document: vscode.TextDocument): string[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.source === 'Dynamics 365')
    .map((d) => `${String(d.code)} ${document.getText(d.range)}`);
}

describe('scratchpad language features in a real VS Code', function () {
  this.timeout(180_000);
  let sessionId: string | undefined;

  before(async () => {
    await activatedExtension();
    sessionId = (await signInWithDeviceCode()).sessionId;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('completes entity sets, $select columns and the property names of a create body', async () => {
    const document = await scratchpad('GET acc\n###\nGET accounts?$select=na\n###\nPOST contacts\n\n{\n  "la"\n}\n');
    await labelsAt(document, cursorAfter(document, 'GET acc'), 'accounts');
    const columns = await labelsAt(document, cursorAfter(document, '$select=na'), 'name');
    assert.ok(columns.includes('_primarycontactid_value'), 'lookups by their Web API name');
    const body = await labelsAt(document, cursorAfter(document, '"la'), 'lastname');
    assert.ok(body.includes('parentcustomerid_account@odata.bind'), 'a lookup as a bind');
    assert.ok(!body.includes('createdon'), 'no read-only column');
  });

  it("shows a column's type as plain text on hover", async () => {
    const document = await scratchpad('GET accounts?$select=name\n');
    const hovers = await waitFor(
      'a hover on name',
      async () => {
        const found = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          cursorAfter(document, '$select=na'),
        );
        return found.length ? found : undefined;
      },
      60_000,
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /name/);
    assert.match(text, /Text/);
  });

  it('reports unknown names in the URL and the body before sending, and a quick fix corrects one', async () => {
    const document = await scratchpad(
      'GET accounts?$select=nmae\n###\nPATCH accounts(00000000-0000-0000-0000-000000000001)\n\n{ "Name": "x", "primarycontactid": "1" }\n',
    );
    const found = await waitFor(
      'the diagnostics',
      async () => {
        const c = codes(document);
        return c.length >= 3 ? c : undefined;
      },
      60_000,
    );
    assert.deepEqual(found.sort(), ['lookup-needs-bind primarycontactid', 'schema-name Name', 'unknown-column nmae']);
    const shown = vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'schema-name')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      shown.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Change to "name"');
    assert.ok(fix?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /\{ "name": "x"/);
    await waitFor(
      'the schema-name diagnostic to go',
      async () => (codes(document).some((c) => c.startsWith('schema-name')) ? undefined : true),
      30_000,
    );
  });

  it('opens new scratchpads as untitled documents titled by the organization or table', async () => {
    const example = vscode.Uri.parse(
      await vscode.commands.executeCommand<string>('dynamics365.newScratchpad', { orgUrl: org.url }),
    );
    const table = vscode.Uri.parse(
      await vscode.commands.executeCommand<string>('dynamics365.newScratchpad', {
        orgUrl: org.url,
        entitySetName: 'accounts',
      }),
    );
    const [exampleDoc, tableDoc] = [example, table].map((u) =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString())!,
    );
    for (const d of [exampleDoc!, tableDoc!]) {
      assert.equal(d.uri.scheme, 'untitled');
      assert.equal(d.languageId, 'dataverse-query');
      assert.ok(d.isDirty, 'unsaved, so closing it asks and a reload restores it');
      assert.ok(d.getText().split('\n').includes(`@connection = ${org.url}`));
    }
    // VS Code titles an unsaved editor with its first line.
    assert.equal(exampleDoc!.lineAt(0).text, `# Web API scratchpad for ${org.shortName}`);
    assert.equal(tableDoc!.lineAt(0).text, `# accounts in ${org.shortName}`);
    assert.match(tableDoc!.getText(), /^GET accounts\?\$top=10$/m);
    assert.equal(
      vscode.window.activeTextEditor?.selection.active.line,
      tableDoc!
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('GET')),
      'the cursor is on the request',
    );
  });
});
