// The metadata tools inside a real VS Code against two emulator orgs that differ by known edits
// (the emulator's --second-org, edited through its control endpoint): types generated for three
// tables, then a rerun that writes nothing; the comparison finds exactly the edits, also against a
// saved snapshot; the report and the diff editor show them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { EnvironmentDiff } from '../../src/core/metadata/diff/compare';
import { activatedExtension } from './extension';
import { request, sandbox } from './sandbox';
import { signInWithDeviceCode } from './signInSteps';

const info = sandbox();
const TABLES = 'account, contact, lead';

async function editSecondOrg(action: string, body: unknown): Promise<void> {
  const reply = await request(`${info.secondOrgControlUrl}/metadata/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(reply.status, 200, reply.body);
}

/** What a comparison found, as plain lines: "table section name status field:left->right…". */
function findings(diff: EnvironmentDiff): string[] {
  return diff.tables.flatMap((t) =>
    t.items.length
      ? t.items.map(
          (i) =>
            `${t.logicalName} ${i.section} ${i.name} ${i.status}` +
            (i.status === 'changed' ? ` ${i.changes.map((c) => `${c.field}:${c.left}->${c.right}`).join(',')}` : ''),
        )
      : [`${t.logicalName} ${t.status}`],
  );
}

describe('metadata tools: typed Web API code and a diff of two environments', function () {
  this.timeout(300_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-metatools-'));
  let originalLabel = '';

  before(async function () {
    if (!info.secondOrgUrl) this.skip();
    await activatedExtension();
    // The edits come before the extension first reads the second org, so no cache predates them.
    await editSecondOrg('add-column', { table: 'contact', logicalName: 'new_score', type: 'IntegerType' });
    await editSecondOrg('set-max-length', { table: 'contact', column: 'jobtitle', maxLength: 250 });
    await editSecondOrg('relabel-option', {
      table: 'contact',
      column: 'preferredcontactmethodcode',
      value: 2,
      label: 'E-mail only',
    });
    await signInWithDeviceCode();
    await signInWithDeviceCode(undefined, info.secondOrgUrl);
  });

  after(async () => {
    if (info.secondOrgUrl) {
      await vscode.commands.executeCommand('dynamics365.removeConnection', info.secondOrgUrl, { confirm: false });
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('generates types for three tables into one file, and a rerun writes nothing', async () => {
    const target = path.join(dir, 'dataverse.ts');
    const args = { org: info.orgUrl, tables: TABLES, target, layout: 'file' };
    const first = await vscode.commands.executeCommand<{ written: number; unchanged: number }>(
      'dynamics365.generateTypes',
      args,
    );
    assert.deepEqual(first, { files: [target], written: 1, unchanged: 0 });
    const text = fs.readFileSync(target, 'utf8');
    assert.match(text, new RegExp(`^// Dataverse Web API types for ${info.orgUrl.replace(/[.]/g, '\\.')}`));
    assert.match(text, /from metadata version \S+!/);
    for (const name of ['Account', 'Contact', 'Lead']) {
      assert.match(text, new RegExp(`export interface ${name} \\{`));
      assert.match(text, new RegExp(`export interface ${name}Create \\{`));
      assert.match(text, new RegExp(`export interface ${name}Update \\{`));
    }
    assert.match(text, /account: "accounts",/);
    assert.match(
      text,
      /"_parentcustomerid_value@Microsoft\.Dynamics\.CRM\.lookuplogicalname"\?: ("account" \| "contact"|"contact" \| "account");/,
    );
    assert.match(text, /export enum ContactPreferred\w+ \{/);
    const mtime = fs.statSync(target).mtimeMs;
    const again = await vscode.commands.executeCommand('dynamics365.generateTypes', args);
    assert.deepEqual(again, { files: [target], written: 0, unchanged: 1 });
    assert.equal(fs.readFileSync(target, 'utf8'), text);
    assert.equal(fs.statSync(target).mtimeMs, mtime);
  });

  it('compares the two orgs and finds exactly the known edits', async () => {
    const diff = await vscode.commands.executeCommand<EnvironmentDiff>('dynamics365.compareEnvironments', {
      left: info.orgUrl,
      right: info.secondOrgUrl,
      tables: TABLES,
      prefixes: '',
    });
    assert.equal(diff.compared, 3);
    const found = findings(diff);
    const relabel = found.find((f) => f.startsWith('contact choice '));
    originalLabel = /option 2:(.*)->E-mail only$/.exec(relabel ?? '')?.[1] ?? '';
    assert.ok(originalLabel, found.join('\n'));
    // Columns come before choices, each by name.
    assert.deepEqual(found, [
      'contact column jobtitle changed maxLength:100->250',
      'contact column new_score added',
      relabel,
    ]);
  });

  it('finds the same edits against a saved snapshot of the second org, and with a publisher prefix only the new column', async () => {
    const snapshot = path.join(dir, 'second.metadata.json');
    await vscode.commands.executeCommand('dynamics365.saveMetadataSnapshot', {
      org: info.secondOrgUrl,
      tables: TABLES,
      target: snapshot,
    });
    const diff = await vscode.commands.executeCommand<EnvironmentDiff>('dynamics365.compareEnvironments', {
      left: info.orgUrl,
      snapshot,
      tables: TABLES,
      prefixes: '',
    });
    assert.equal(findings(diff).length, 3);
    assert.match(diff.rightLabel, /second\.metadata\.json/);
    const prefixed = await vscode.commands.executeCommand<EnvironmentDiff>('dynamics365.compareEnvironments', {
      left: info.orgUrl,
      snapshot,
      tables: TABLES,
      prefixes: 'new',
    });
    assert.deepEqual(findings(prefixed), ['contact column new_score added']);
  });

  it('saves the differences as Markdown and opens a diff editor on a table', async () => {
    await vscode.commands.executeCommand('dynamics365.compareEnvironments', {
      left: info.orgUrl,
      right: info.secondOrgUrl,
      tables: TABLES,
      prefixes: '',
    });
    const report = path.join(dir, 'differences.md');
    await vscode.commands.executeCommand('dynamics365.metadataDiff.saveReport', report);
    const md = fs.readFileSync(report, 'utf8');
    assert.match(md, /- column \*\*jobtitle\*\* changed\n {2}- maxLength: 100 → 250/);
    assert.match(md, /Tables added: 0, removed: 0, changed: 1\./);
    await vscode.commands.executeCommand('dynamics365.metadataDiff.openTable', 'contact');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is open');
    const input = tab.input as vscode.TabInputTextDiff;
    const left = (await vscode.workspace.openTextDocument(input.original)).getText();
    const right = (await vscode.workspace.openTextDocument(input.modified)).getText();
    assert.match(left, /\ncolumn jobtitle\n(?: {2}.*\n)* {2}maxLength: 100\n/);
    assert.match(right, /\ncolumn jobtitle\n(?: {2}.*\n)* {2}maxLength: 250\n/);
    assert.ok(right.includes('\ncolumn new_score\n') && !left.includes('\ncolumn new_score\n'));
    assert.ok(right.includes('option 2: E-mail only') && left.includes(`option 2: ${originalLabel}`));
  });
});
