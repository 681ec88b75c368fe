// "Convert FetchXML to OData" and "Convert OData to FetchXML" inside a real VS Code against the sandbox
// org: the code action is offered on the block, the command writes the converted block below the
// source, and running both blocks returns the same number of rows; a query OData cannot express is
// refused with the document left as it was.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { parseDocument } from '../../src/core/query/syntax/parser';
import type { RunOutcome } from '../../src/scratchpad/runner';
import type { ConvertOutcome } from '../../src/scratchpad/convertActions';
import { activatedExtension } from './extension';
import { control, sandbox } from './sandbox';
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

async function run(document: vscode.TextDocument, index: number): Promise<RunOutcome> {
  const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>(
    'dynamics365.runQuery',
    document.uri,
    index,
  );
  assert.ok(outcome, `running request #${index} failed (see the log)`);
  assert.equal(outcome.status, 200, outcome.error);
  return outcome;
}

async function titlesAt(document: vscode.TextDocument, line: number): Promise<string[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    new vscode.Range(line, 0, line, 0),
    vscode.CodeActionKind.RefactorRewrite.value,
  );
  return (actions ?? []).map((a) => a.title);
}

describe('scratchpad: converting between FetchXML and OData', function () {
  this.timeout(180_000);
  let sessionId: string | undefined;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('converts a FetchXML block with a join to OData below it, and both return the same rows', async () => {
    const document = await scratchpad(`### fetch
<fetch top="20">
  <entity name="account">
    <attribute name="name" />
    <filter><condition attribute="name" operator="like" value="%a%" /></filter>
    <order attribute="name" />
    <link-entity name="contact" from="contactid" to="primarycontactid" link-type="outer">
      <attribute name="fullname" />
    </link-entity>
  </entity>
</fetch>
`);
    assert.ok((await titlesAt(document, 4)).includes('Convert FetchXML to OData'));
    const source = await run(document, 0);
    assert.ok(source.rows > 0);
    const converted = await vscode.commands.executeCommand<ConvertOutcome | undefined>(
      'dynamics365.convertFetchXmlToOData',
      document.uri,
      0,
    );
    assert.ok(converted, 'the conversion failed (see the log)');
    assert.equal(
      converted.text,
      "GET accounts?$select=name&$expand=primarycontactid($select=fullname)&$filter=contains(name,'a')&$orderby=name&$top=20",
    );
    const requests = parseDocument(document.getText()).requests;
    assert.equal(requests.length, 2, 'the converted block is added; the source stays');
    assert.equal(requests[1]!.line?.target.text, converted.text.replace(/^GET /, ''));
    const result = await run(document, converted.index);
    assert.equal(result.rows, source.rows);
  });

  it('converts an OData query to FetchXML below it, and both return the same rows', async () => {
    const document = await scratchpad(`### odata
GET contacts?$select=fullname,_parentcustomerid_value&$filter=startswith(fullname,'J') or lastname eq null&$top=15
`);
    assert.ok((await titlesAt(document, 3)).includes('Convert OData to FetchXML'));
    const source = await run(document, 0);
    const converted = await vscode.commands.executeCommand<ConvertOutcome | undefined>(
      'dynamics365.convertODataToFetchXml',
      document.uri,
      0,
    );
    assert.ok(converted, 'the conversion failed (see the log)');
    assert.match(converted.text, /^<fetch top="15">/);
    assert.match(converted.text, /<condition attribute="fullname" operator="like" value="J%" \/>/);
    const result = await run(document, converted.index);
    assert.equal(result.rows, source.rows);
  });

  it('refuses what OData cannot express and leaves the document as it was', async () => {
    const document = await scratchpad(`<fetch distinct="true">
  <entity name="account"><attribute name="name" /></entity>
</fetch>
`);
    const before = document.getText();
    const converted = await vscode.commands.executeCommand<ConvertOutcome | undefined>(
      'dynamics365.convertFetchXmlToOData',
      document.uri,
      0,
    );
    assert.equal(converted, undefined);
    assert.equal(document.getText(), before);
  });
});
