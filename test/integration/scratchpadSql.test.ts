// SQL blocks in a real VS Code against the sandbox org: a SELECT with a join and an aggregate run
// through "Run Query" (what the CodeLens calls), its rows checked against the org's own data read
// over OData, the FetchXML that ran sent to the results view; SQL → FetchXML as a code action whose
// block returns the same rows; completion, hover and diagnostics in a SQL block.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { parseDocument } from '../../src/core/query/syntax/parser';
import type { GridColumn, GridRow, HostMessage } from '../../src/core/results/protocol';
import type { RunOutcome } from '../../src/scratchpad/runner';
import { activatedExtension } from './extension';
import { request, sandbox, waitFor } from './sandbox';
import { signInWithDeviceCode } from './signInSteps';

const org = OrgUrl.from(sandbox().orgUrl);
const scopes = [`${org.url}/user_impersonation`];
const api = `${org.url}/api/data/v9.2/`;

const JOIN_AGGREGATE = `SELECT a.name, COUNT(c.contactid) AS contacts
FROM account a
INNER JOIN contact c ON c.parentcustomerid = a.accountid
WHERE a.name LIKE @prefix
GROUP BY a.name
ORDER BY a.name`;

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
  assert.ok(outcome, 'the run failed (the command showed an error; see the log)');
  return outcome;
}

/** Every row of an OData query, following nextLink. */
async function readAll(path: string): Promise<Record<string, unknown>[]> {
  const s = await vscode.authentication.getSession('dynamics365', scopes, { silent: true });
  assert.ok(s, 'signed in');
  const rows: Record<string, unknown>[] = [];
  for (let url: string | undefined = `${api}${path}`; url;) {
    const reply = await request(url, {
      headers: {
        Authorization: `Bearer ${s.accessToken}`,
        Accept: 'application/json',
        Prefer: 'odata.maxpagesize=5000',
      },
    });
    assert.equal(reply.status, 200, reply.body);
    const body = JSON.parse(reply.body) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
    rows.push(...body.value);
    url = body['@odata.nextLink'];
  }
  return rows;
}

/** The messages the results views created from now on are sent. */
function watchResults(): { messages: HostMessage[]; restore(): void } {
  const messages: HostMessage[] = [];
  const create = vscode.window.createWebviewPanel;
  vscode.window.createWebviewPanel = (...args: Parameters<typeof create>) => {
    const panel = create(...args);
    const post = panel.webview.postMessage.bind(panel.webview);
    panel.webview.postMessage = (message: HostMessage) => {
      messages.push(message);
      return post(message);
    };
    return panel;
  };
  return { messages, restore: () => (vscode.window.createWebviewPanel = create) };
}

/** name → count from a result's grid: the raw `name` and `contacts` columns. */
function counts(columns: readonly GridColumn[], rows: readonly GridRow[]): Map<string, number> {
  const name = columns.find((c) => c.property === 'name' && !c.formatted)!;
  const count = columns.find((c) => c.property === 'contacts' && !c.formatted)!;
  assert.ok(name && count, `columns: ${columns.map((c) => c.id).join(', ')}`);
  return new Map(rows.map((r) => [String(r[name.slot]), Number(r[count.slot])]));
}

describe('scratchpad SQL blocks in a real VS Code', function () {
  this.timeout(240_000);
  let sessionId: string | undefined;
  let expected: Map<string, number>;

  before(async () => {
    await activatedExtension();
    sessionId = (await signInWithDeviceCode()).sessionId;
    // The same question over OData: contacts whose parent customer is an account named A…, per account name.
    const accounts = await readAll(`accounts?$select=name,accountid&$filter=startswith(name,'A')`);
    const nameOf = new Map(accounts.map((a) => [String(a.accountid), String(a.name)]));
    const contacts = await readAll('contacts?$select=contactid,_parentcustomerid_value');
    expected = new Map();
    for (const c of contacts) {
      const name = nameOf.get(String(c._parentcustomerid_value));
      if (name !== undefined) expected.set(name, (expected.get(name) ?? 0) + 1);
    }
    assert.ok(expected.size > 0, 'the sandbox has accounts named A… with contacts');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it("runs a SELECT with a join and an aggregate as FetchXML: the rows are the org's, the view shows the FetchXML", async () => {
    const document = await scratchpad(`@prefix = A%\n\n### per account\n${JOIN_AGGREGATE}\n`);
    const watch = watchResults();
    try {
      const outcome = await run(document, 0);
      assert.equal(outcome.status, 200, outcome.error);
      assert.equal(outcome.rows, expected.size);
      const result = await waitFor('the result in the view', async () =>
        watch.messages.find((m) => m.type === 'result'),
      );
      assert.ok(result.type === 'result');
      assert.deepEqual(counts(result.columns, result.rows), expected);
      assert.match(result.fetchXml ?? '', /<fetch aggregate="true">/);
      assert.match(
        result.fetchXml ?? '',
        /<link-entity name="contact" from="parentcustomerid" to="accountid" link-type="inner"/,
      );
      assert.match(result.fetchXml ?? '', /<condition attribute="name" operator="like" value="A%"/);
      assert.equal(result.summary.method, 'GET');
      assert.match(result.summary.target, /^accounts\?fetchXml=/);
    } finally {
      watch.restore();
    }
  });

  it('converts the SELECT to FetchXML with a code action, and the new block returns the same rows', async () => {
    const document = await scratchpad(`@prefix = A%\n\n### per account\n${JOIN_AGGREGATE}\n`);
    const at = new vscode.Position(document.getText().split('\n').indexOf('FROM account a'), 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      new vscode.Range(at, at),
      vscode.CodeActionKind.RefactorRewrite.value,
    );
    const convert = actions.find((a) => a.title === 'Convert SQL to FetchXML');
    assert.ok(convert?.command, `code actions: ${actions.map((a) => a.title).join(', ')}`);
    const before = document.getText();
    await vscode.commands.executeCommand(convert.command.command, ...(convert.command.arguments ?? []));
    assert.ok(document.getText().startsWith(before.trimEnd()), 'the SQL block is kept as it was');
    const doc = parseDocument(document.getText());
    assert.deepEqual(
      doc.requests.map((r) => r.kind),
      ['sql', 'fetchxml'],
    );
    assert.equal(doc.requests[1]!.title, 'per account as FetchXML');
    const watch = watchResults();
    try {
      const outcome = await run(document, 1);
      assert.equal(outcome.rows, expected.size);
      const result = await waitFor('the result in the view', async () =>
        watch.messages.find((m) => m.type === 'result'),
      );
      assert.ok(result.type === 'result');
      assert.deepEqual(counts(result.columns, result.rows), expected);
      assert.equal(result.fetchXml, undefined, 'a FetchXML block shows no FetchXML tab');
    } finally {
      watch.restore();
    }
  });

  it("completes tables, an alias's columns and join conditions, hovers a column's type, and reports an unknown column with a fix", async () => {
    const document = await scratchpad(
      'SELECT c.fu FROM contact c JOIN account a ON \n###\nSELECT a.name FROM acc\n###\nSELECT nmae FROM account\n',
    );
    const text = document.getText();
    const labels = async (marker: string, expected: string): Promise<string[]> =>
      waitFor(
        `"${expected}" after "${marker}"`,
        async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider',
            document.uri,
            document.positionAt(text.indexOf(marker) + marker.length),
          );
          const found = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
          return found.includes(expected) ? found : undefined;
        },
        60_000,
      );
    await labels('FROM acc', 'account');
    const columns = await labels('SELECT c.fu', 'fullname');
    assert.ok(!columns.includes('name'), "only contact's columns after c.");
    await labels('JOIN account a ON ', 'a.accountid = c.parentcustomerid');
    const hover = await waitFor(
      'a hover on c.fullname',
      async () => {
        const found = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          document.positionAt(text.indexOf('a.name') + 3),
        );
        return found.length ? found : undefined;
      },
      60_000,
    );
    const shown = hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(shown, /Text/);
    const diagnostic = await waitFor(
      'the unknown column',
      async () => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'sql-unknown-column'),
      60_000,
    );
    assert.equal(document.getText(diagnostic.range), 'nmae');
    const fixes = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = fixes.find((a) => a.title === 'Change to name');
    assert.ok(fix?.edit, `quick fixes: ${fixes.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /SELECT name FROM account/);
  });
});
