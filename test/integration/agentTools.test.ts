// The Dataverse agent tools inside a real VS Code (1.139: the language-model tools API as chat uses
// it) against the sandbox org: every tool through vscode.lm.invokeTool (results, caps, errors as
// text), the write tool refused on a read-only connection and sent only after the person's yes, and
// the MCP server started by its setting, refusing a client without the secret. Modal questions are
// answered by watching vscode.window.showWarningMessage: extension tests cannot click a dialog.
import assert from 'node:assert/strict';
import http from 'node:http';
import * as vscode from 'vscode';
import { CHAT_AUTO_APPROVE_SETTINGS, chatConfirmedWrite } from '../../src/core/agents/chatApproval';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { autoApproveValues } from '../../src/agents/lmTools';
import { activatedExtension } from './extension';
import { control, sandbox } from './sandbox';
import { setSafety } from './safety';
import { signInWithDeviceCode } from './signInSteps';

const org = OrgUrl.from(sandbox().orgUrl);

interface Asked {
  message: string;
  options: vscode.MessageOptions | undefined;
  items: unknown[];
}

/** Answers the window's warning messages with `answer` while `body` runs, and records them. */
async function answering<T>(answer: (asked: Asked) => unknown, body: (asked: Asked[]) => Promise<T>): Promise<T> {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window['showWarningMessage'];
  const asked: Asked[] = [];
  window['showWarningMessage'] = (message: string, ...rest: unknown[]) => {
    const options =
      rest[0] !== null && typeof rest[0] === 'object' && !('title' in (rest[0] as object))
        ? (rest.shift() as vscode.MessageOptions)
        : undefined;
    const shown = { message, options, items: rest };
    asked.push(shown);
    return Promise.resolve(answer(shown));
  };
  try {
    return await body(asked);
  } finally {
    window['showWarningMessage'] = original;
  }
}

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

async function requests(): Promise<Record<string, number>> {
  return (await control<{ dataverseRequests: Record<string, number> }>('/stats')).dataverseRequests;
}

describe('agent tools in VS Code (1.139)', function () {
  this.timeout(180_000);
  let sessionId: string | undefined;
  const [major, minor] = vscode.version.split('.').map(Number);
  const supported = major! > 1 || minor! >= 139;

  before(async function () {
    if (!supported) this.skip();
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
  });

  after(async () => {
    if (!supported) return;
    await setSafety(org.url, 'normal');
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('registers every tool of the manifest', () => {
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('dataverse_')).map((t) => t.name);
    assert.deepEqual(ours.sort(), [
      'dataverse_count',
      'dataverse_describe_table',
      'dataverse_explain',
      'dataverse_list_orgs',
      'dataverse_list_tables',
      'dataverse_query',
      'dataverse_write',
    ]);
  });

  it('answers every read tool from the sandbox org', async () => {
    assert.match(await invoke('dataverse_list_orgs', {}), new RegExp(`${org.url} \\| .* \\| signed in as `));
    assert.match(
      await invoke('dataverse_list_tables', { org: org.url, search: 'account' }),
      /^account \| accounts \| /m,
    );
    assert.match(
      await invoke('dataverse_describe_table', { org: org.url, table: 'account' }),
      /^statecode \| state \|/m,
    );
    const rows = await invoke('dataverse_query', {
      org: org.url,
      language: 'odata',
      query: 'accounts?$select=name,statecode',
      maxRows: 3,
    });
    assert.match(rows, /^3 rows from accounts .*more rows exist/);
    assert.match(rows, /<untrusted-data id="[0-9a-f]{12}">\n\{.*"statecode@formatted":"(Active|Inactive)"/);
    const fetched = await invoke('dataverse_query', {
      org: org.url,
      language: 'fetchxml',
      query: '<fetch top="2"><entity name="contact"><attribute name="fullname"/></entity></fetch>',
    });
    assert.match(fetched, /^2 rows from contacts/);
    assert.match(await invoke('dataverse_count', { org: org.url, table: 'account' }), /^\d+ rows in accounts\.$/);
    assert.match(
      await invoke('dataverse_explain', { org: org.url, language: 'odata', query: 'accounts?$top=1' }),
      new RegExp(`It is sent as: GET ${org.url}/api/data/v9.2/accounts\\?\\$top=1`),
    );
    const sql = await invoke('dataverse_query', {
      org: org.url,
      language: 'sql',
      query:
        'SELECT TOP 2 c.fullname, a.name FROM contact c LEFT OUTER JOIN account a ON c.parentcustomerid = a.accountid',
    });
    assert.match(sql, /^2 rows from contacts/);
    assert.match(
      await invoke('dataverse_explain', { org: org.url, language: 'sql', query: 'SELECT name FROM account' }),
      /^The SQL translated to FetchXML \(whitespace between tags removed\): <fetch><entity name="account">/m,
    );
    assert.match(
      await invoke('dataverse_query', {
        org: org.url,
        language: 'sql',
        query: 'SELECT name FROM account UNION SELECT fullname FROM contact',
      }),
      /^Not run: .*UNION/,
    );
  });

  it('answers bad input and unknown tables as text', async () => {
    assert.match(
      await invoke('dataverse_query', { org: org.url, language: 'tsql', query: 'select 1' }),
      /The input is not valid: language: must be one of odata, fetchxml, sql/,
    );
    assert.match(
      await invoke('dataverse_describe_table', { org: org.url, table: 'nosuchtable' }),
      /^No table "nosuchtable"/,
    );
  });

  it('refuses a write on a read-only connection without asking or sending', async () => {
    await setSafety(org.url, 'readOnly');
    try {
      const posts = (await requests()).POST ?? 0;
      const answer = await answering(
        () => assert.fail('asked about a write a read-only connection refuses'),
        () => invoke('dataverse_write', { org: org.url, request: 'POST accounts\n\n{"name":"Refused by agent"}' }),
      );
      assert.match(answer, /read-only connection/);
      assert.equal((await requests()).POST ?? 0, posts);
    } finally {
      await setSafety(org.url, 'normal');
    }
  });

  it('sends a write only after the person confirms it, once', async () => {
    const request = 'POST accounts\n\n{"name":"Created by an agent"}';
    const posts = (await requests()).POST ?? 0;
    const declined = await answering(
      () => undefined,
      async (asked) => {
        const text = await invoke('dataverse_write', { org: org.url, request });
        assert.equal(asked.length, 1);
        assert.match(asked[0]!.message, /^An agent asks to send a request that creates a row in accounts to /);
        assert.equal(asked[0]!.options?.modal, true);
        assert.match(asked[0]!.options?.detail ?? '', /POST accounts/);
        return text;
      },
    );
    assert.match(declined, /declined: the request was not sent/);
    assert.equal((await requests()).POST ?? 0, posts, 'a POST reached the org without consent');
    const sent = await answering(
      (asked) => asked.items[0],
      () => invoke('dataverse_write', { org: org.url, request }),
    );
    assert.match(sent, /^Sent once: 204/);
    assert.equal((await requests()).POST ?? 0, posts + 1);
  });

  it('runs a SQL UPDATE only after the modal names the org, table, row count and statement', async () => {
    const statement = "UPDATE account SET telephone1 = '555-0199' WHERE name = 'Created by an agent'";
    const before = await requests();
    const declined = await answering(
      () => undefined,
      async (asked) => {
        const text = await invoke('dataverse_write', { org: org.url, language: 'sql', request: statement });
        assert.equal(asked.length, 1);
        assert.match(asked[0]!.message, /^An agent asks to send a request that will update 1 row of account to /);
        assert.equal(asked[0]!.options?.modal, true);
        assert.ok((asked[0]!.options?.detail ?? '').includes(statement));
        return text;
      },
    );
    assert.match(declined, /^The person declined: nothing was written \(1 row matched\)/);
    assert.equal((await requests()).POST ?? 0, before.POST ?? 0, 'a $batch went out without consent');
    const sent = await answering(
      (asked) => asked.items[0],
      () => invoke('dataverse_write', { org: org.url, language: 'sql', request: statement }),
    );
    assert.equal(sent, 'Updated 1 row of 1 in account.');
    assert.equal((await requests()).POST ?? 0, (before.POST ?? 0) + 1, 'one $batch');
  });

  it('refuses a SQL write on a read-only connection without reading, asking or sending', async () => {
    await setSafety(org.url, 'readOnly');
    try {
      const before = await requests();
      const answer = await answering(
        () => assert.fail('asked about a write a read-only connection refuses'),
        () =>
          invoke('dataverse_write', { org: org.url, language: 'sql', request: "DELETE FROM account WHERE name = 'x'" }),
      );
      assert.match(answer, /read-only connection, and this SQL DELETE changes account/);
      const after = await requests();
      for (const method of ['POST', 'PATCH', 'DELETE']) assert.equal(after[method] ?? 0, before[method] ?? 0, method);
    } finally {
      await setSafety(org.url, 'normal');
    }
  });
});

// On every supported version: VS Code 1.100 has an earlier MCP API that must not break activation.
describe('agent tools: the MCP server (every version)', function () {
  this.timeout(60_000);
  before(async () => {
    await activatedExtension();
  });
  after(async () => {
    const config = vscode.workspace.getConfiguration('dynamics365');
    await config.update('agents.mcpServer.enabled', undefined, vscode.ConfigurationTarget.Global);
  });

  it('serves the MCP server on 127.0.0.1 once enabled, and refuses a client without the secret', async () => {
    assert.equal(await vscode.commands.executeCommand('dynamics365.agents.showMcpServerAddress'), undefined);
    const config = vscode.workspace.getConfiguration('dynamics365');
    await config.update('agents.mcpServer.enabled', true, vscode.ConfigurationTarget.Global);
    const url = await vscode.commands.executeCommand<string | undefined>('dynamics365.agents.showMcpServerAddress');
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(url!, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"jsonrpc":"2.0","id":1,"method":"tools/list"}');
    });
    assert.equal(status, 401);
    // The secret reaches the clipboard only after the person says yes.
    const declined = await answering(
      () => undefined,
      () => Promise.resolve(vscode.commands.executeCommand<boolean>('dynamics365.agents.copyMcpServerConfig')),
    );
    assert.equal(declined, false);
    await config.update('agents.mcpServer.enabled', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('dynamics365.agents.showMcpServerAddress'), undefined);
  });
});

// On every supported version: chat's auto-approve has another name before ~1.104; the write tool must
// see it under the name this VS Code has, or it would take a skipped confirmation for a given one.
describe('agent tools: chat auto-approve under either name (every version)', function () {
  this.timeout(60_000);
  const [, minor] = vscode.version.split('.').map(Number);
  const name = minor! >= 104 ? 'chat.tools.global.autoApprove' : 'chat.tools.autoApprove';
  const toolNames = ['dataverse_write', 'dataverseWrite'];
  const confirmedByChat = (): boolean => chatConfirmedWrite(true, autoApproveValues(), toolNames);

  afterEach(async () => {
    await vscode.workspace.getConfiguration().update(name, undefined, vscode.ConfigurationTarget.Global);
  });

  it(`takes ${name} (all tools or the write tool) as a confirmation chat skipped`, async () => {
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration();
    // The name this version declares (default false); the other one it does not know.
    const other = CHAT_AUTO_APPROVE_SETTINGS.find((n) => n !== name)!;
    assert.equal(config().inspect(name)?.defaultValue, false, `${name} is declared`);
    assert.equal(config().inspect(other)?.defaultValue, undefined, `${other} is not declared`);
    assert.equal(confirmedByChat(), true, 'off: chat showed its confirmation');
    await config().update(name, true, vscode.ConfigurationTarget.Global);
    assert.equal(config().get(name), true, `${name} is a setting this VS Code knows`);
    assert.equal(confirmedByChat(), false, 'on for every tool');
    await config().update(name, { dataverse_write: true }, vscode.ConfigurationTarget.Global);
    assert.equal(confirmedByChat(), false, 'on for the write tool');
    await config().update(name, { dataverse_query: true }, vscode.ConfigurationTarget.Global);
    assert.equal(confirmedByChat(), true, 'on for another tool only');
  });
});
