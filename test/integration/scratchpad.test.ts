// The Web API scratchpad inside a real VS Code against the sandbox org: each request kind run through
// "Run Query" from a .dvq document, named responses, $batch with a change set, paging 10k rows and a
// CSV export compared with the org's own data, throttling, the production and read-only safety,
// and Dataverse errors. Paging and export are driven on a runner built from the extension's own
// classes (as explorerTree.test.ts builds the tree): they are what the results view's buttons call.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { MemoryLogSink, RedactingLogger } from '../../src/core/log/logger';
import { parseDocument } from '../../src/core/query/syntax/parser';
import type { HostMessage } from '../../src/core/results/protocol';
import { Configuration } from '../../src/platform/config/configuration';
import { ConnectionsService } from '../../src/connections/connectionsService';
import { MetadataService } from '../../src/connections/metadataService';
import { HttpClientFactory } from '../../src/platform/net/httpClientFactory';
import { DocumentOrgs } from '../../src/scratchpad/documentOrgs';
import { ScratchpadDocuments } from '../../src/scratchpad/documents';
import { QueryHistory } from '../../src/scratchpad/history';
import { ScratchpadRunner, type RunOutcome } from '../../src/scratchpad/runner';
import { activatedExtension } from './extension';
import { control, request, sandbox, waitFor } from './sandbox';
import { setSafety } from './safety';
import { signInWithDeviceCode } from './signInSteps';
import { watching } from './messages';
import type { SessionSource } from '../../src/core/ports';
import { sandboxToken as token } from './sandboxReads';

const info = sandbox();
const org = OrgUrl.from(info.orgUrl);
const scopes = [`${org.url}/user_impersonation`];
const api = `${org.url}/api/data/v9.2/`;

/** Sessions of the real provider, read the way another extension reads them. */
const sessionSource: SessionSource = {
  onDidChangeSessions: (listener) =>
    vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === 'dynamics365') listener();
    }),
  sessions: async () => {
    const s = await vscode.authentication.getSession('dynamics365', scopes, { silent: true });
    return s ? [{ id: s.id, orgUrl: org.url, account: s.account.label, application: false }] : [];
  },
  accessToken: token,
};

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

/** A runner of the extension's own classes, so a test can press the results view's buttons. */
function buildRunner(extensionUri: vscode.Uri, cacheDir: string): { runner: ScratchpadRunner; dispose(): void } {
  const log = new RedactingLogger(new MemoryLogSink(), () => 'debug');
  const configuration = new Configuration();
  const http = new HttpClientFactory(configuration, log, 'scratchpad-test');
  const connections = new ConnectionsService(
    () => configuration.settings,
    configuration.onDidChange,
    sessionSource,
    () => http.get(),
    log,
  );
  const metadata = new MetadataService(connections, cacheDir, log);
  const documents = new ScratchpadDocuments();
  const orgs = new DocumentOrgs(documents, connections);
  const runner = new ScratchpadRunner({
    extensionUri,
    settings: () => configuration.settings,
    connections,
    metadata,
    documents,
    orgs,
    history: new QueryHistory(new MemoryMemento(), async (org) => (await connections.session(org))?.id),
    onError: (err) => {
      throw err;
    },
  });
  return {
    runner,
    dispose: () => {
      runner.dispose();
      orgs.dispose();
      documents.dispose();
      metadata.dispose();
      connections.dispose();
      http.dispose();
      configuration.dispose();
    },
  };
}

async function scratchpad(body: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({
    language: 'dataverse-query',
    content: `@connection = ${org.url}\n\n${body}`,
  });
}

/** Runs the request whose line starts with `startsWith`, through the command CodeLens calls. */
async function run(document: vscode.TextDocument, startsWith: string): Promise<RunOutcome> {
  const index = parseDocument(document.getText()).requests.findIndex((r) =>
    document.lineAt(r.lensRange.start.line).text.startsWith(startsWith),
  );
  assert.ok(index >= 0, `no request "${startsWith}" in the scratchpad`);
  // As the CodeLens runs it: from an editor showing the scratchpad (a write in a document no editor
  // shows asks first, as one passed by another extension would).
  await vscode.window.showTextDocument(document, { preview: false });
  const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>(
    'dynamics365.runQuery',
    document.uri,
    index,
  );
  assert.ok(outcome, `running "${startsWith}" failed (the command showed an error; see the log)`);
  return outcome;
}

/** What the results views created from now on are sent, in order (the messages their webviews get). */
function watchResultsViews(): { messages: HostMessage[]; panels: vscode.WebviewPanel[]; restore(): void } {
  const messages: HostMessage[] = [];
  const panels: vscode.WebviewPanel[] = [];
  const create = vscode.window.createWebviewPanel;
  vscode.window.createWebviewPanel = (...args: Parameters<typeof create>) => {
    const panel = create(...args);
    const webview = panel.webview;
    const post = webview.postMessage.bind(webview);
    webview.postMessage = (message: HostMessage) => {
      messages.push(message);
      return post(message);
    };
    panels.push(panel);
    return panel;
  };
  return {
    messages,
    panels,
    restore: () => {
      vscode.window.createWebviewPanel = create;
    },
  };
}

async function stats(): Promise<{
  dataverseRequests: Record<string, number>;
  dataverseResources: Record<string, number>;
  dataverseStatuses: Record<string, number>;
}> {
  return control('/stats');
}

async function direct(url: string): Promise<{ value: Record<string, unknown>[]; '@odata.nextLink'?: string }> {
  const reply = await request(url, {
    headers: { Authorization: `Bearer ${await token()}`, Accept: 'application/json', Prefer: 'odata.maxpagesize=5000' },
  });
  assert.equal(reply.status, 200, reply.body);
  return JSON.parse(reply.body) as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
}

/** RFC 4180 reading, enough for the export's quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r') continue;
    else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe('scratchpad: running queries in a real VS Code', function () {
  this.timeout(180_000);
  let sessionId: string | undefined;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
  });

  after(async () => {
    await control('/faults/reset', {});
    await setSafety(org.url, 'normal');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('runs a GET of a collection, WhoAmI and a FetchXML block', async () => {
    const document = await scratchpad(`### accounts
GET accounts?$select=name&$top=5

### who
GET WhoAmI

### fetch
<fetch top="3">
  <entity name="account">
    <attribute name="name" />
  </entity>
</fetch>
`);
    const [text, version] = [document.getText(), document.version];
    const list = await run(document, 'GET accounts');
    assert.equal(list.status, 200);
    assert.equal(list.rows, 5);
    assert.equal(list.error, undefined);
    const who = await run(document, 'GET WhoAmI');
    assert.equal(who.status, 200);
    assert.equal(who.rows, 1, 'WhoAmI shows as one row');
    const fetch = await run(document, '<fetch');
    assert.equal(fetch.status, 200);
    assert.equal(fetch.rows, 3);
    assert.equal(document.getText(), text, 'a run never changes the document');
    assert.equal(document.version, version);
  });

  it('creates a record and reads it back through {{create.id}}', async () => {
    const name = `Scratchpad ${Date.now()}`;
    const document = await scratchpad(`###
# @name create
POST accounts

{ "name": "${name}" }

###
GET accounts({{create.id}})?$select=name
`);
    const before = (await stats()).dataverseRequests.POST ?? 0;
    const created = await run(document, 'POST accounts');
    assert.equal(created.status, 204, created.error);
    assert.equal((await stats()).dataverseRequests.POST ?? 0, before + 1, 'the create was sent once');
    const read = await run(document, 'GET accounts({{create.id}})');
    assert.equal(read.status, 200, read.error);
    assert.equal(read.rows, 1);
    const rows = (await direct(`${api}accounts?$select=name&$filter=name eq '${name}'`)).value;
    assert.equal(rows.length, 1, 'the org has the created account');
  });

  it('sends a $batch with a change set', async () => {
    const document = await scratchpad(`###
POST $batch

GET accounts?$select=name&$top=1

--- changeset
POST accounts

{"name": "Batch A"}

POST accounts

{"name": "Batch B"}
--- end
`);
    const outcome = await run(document, 'POST $batch');
    assert.equal(outcome.status, 200, outcome.error);
    assert.equal(outcome.rows, 3, 'one row per part');
    assert.equal(outcome.error, undefined);
    const created = (await direct(`${api}accounts?$select=name&$filter=startswith(name,'Batch ')`)).value
      .map((r) => r.name)
      .sort();
    assert.deepEqual(created, ['Batch A', 'Batch B']);
  });

  it('runs a $batch as the user MSCRMCallerID names under POST $batch (the org records who wrote)', async () => {
    const auth = { Authorization: `Bearer ${await token()}`, Accept: 'application/json' };
    const me = (JSON.parse((await request(`${api}WhoAmI`, { headers: auth })).body) as { UserId: string }).UserId;
    // The crm8 CSDL keys systemuser by ownerid (systemuserid in later versions).
    const other = (await direct(`${api}systemusers?$select=fullname&$top=3`)).value
      .map((u) => String(u['systemuserid'] ?? u['ownerid']))
      .find((id) => id !== me)!;
    const name = `Impersonated ${Date.now()}`;
    const document = await scratchpad(`###
POST $batch
MSCRMCallerID: ${other}

--- changeset
POST accounts

{"name": "${name}"}
--- end
`);
    const outcome = await run(document, 'POST $batch');
    assert.equal(outcome.status, 200, outcome.error);
    assert.equal(outcome.error, undefined);
    const rows = (
      await direct(`${api}accounts?$select=name,_createdby_value,_createdonbehalfby_value&$filter=name eq '${name}'`)
    ).value;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!['_createdby_value'], other, 'created as the impersonated user');
    assert.equal(rows[0]!['_createdonbehalfby_value'], me, 'on behalf of the signed-in user');
  });

  it('waits out a throttled request and then succeeds', async () => {
    const document = await scratchpad('GET accounts?$select=name&$top=2\n');
    await control('/faults', { throttleNext: 2, throttleRetryAfterSeconds: 1 });
    const throttledBefore = (await stats()).dataverseStatuses['429'] ?? 0;
    const outcome = await run(document, 'GET accounts');
    assert.equal(outcome.status, 200, outcome.error);
    assert.equal(outcome.rows, 2);
    assert.equal(
      ((await stats()).dataverseStatuses['429'] ?? 0) - throttledBefore,
      2,
      'both 429s were answered and waited out',
    );
  });

  it('shows the Dataverse error of an invalid query', async () => {
    const document = await scratchpad(`###
GET accounts?$select=nosuchcolumn

###
GET nosuchtables
`);
    const column = await run(document, 'GET accounts');
    assert.equal(column.status, 400);
    // Dataverse sends the generic code 0x0 for an unknown property (web-api-client-errors).
    assert.match(column.error ?? '', /\(0x0\)/, `error: ${column.error}`);
    assert.match(column.error ?? '', /nosuchcolumn/);
    const table = await run(document, 'GET nosuchtables');
    assert.equal(table.status, 404);
    assert.match(table.error ?? '', /0x8006088a/i, `error: ${table.error}`);
    assert.match(table.error ?? '', /nosuchtables/);
  });

  it('runs an aggregation with $apply and shows the Dataverse error of a malformed one', async () => {
    const document = await scratchpad(`###
GET accounts?$apply=groupby((statecode),aggregate($count as n))

###
GET accounts?$apply=groupby((nosuchcolumn),aggregate($count as n))

###
GET accounts?$apply=groupby((statecode),aggregate($count as n))&$orderby=n desc
`);
    // One grid row per state that has accounts, read from the org without $apply.
    const present = await Promise.all(
      [0, 1].map(
        async (s) => (await direct(`${api}accounts?$select=statecode&$filter=statecode eq ${s}&$top=1`)).value.length,
      ),
    );
    // The first request whose line starts so (the third one only adds $orderby).
    const grouped = await run(document, 'GET accounts?$apply=groupby((statecode),aggregate($count as n))');
    assert.equal(grouped.status, 200, grouped.error);
    assert.equal(grouped.error, undefined);
    assert.equal(grouped.rows, present.filter((n) => n > 0).length);
    assert.equal(grouped.moreRows, false);
    const unknown = await run(document, 'GET accounts?$apply=groupby((nosuchcolumn)');
    assert.equal(unknown.status, 400);
    assert.match(unknown.error ?? '', /\(0x0\)/, `error: ${unknown.error}`);
    assert.match(unknown.error ?? '', /nosuchcolumn/);
    const byAlias = await run(document, 'GET accounts?$apply=groupby((statecode),aggregate($count as n))&$orderby');
    assert.equal(byAlias.status, 400);
    assert.match(byAlias.error ?? '', /SingleValueOpenPropertyAccess/, `error: ${byAlias.error}`);
  });

  describe('connection safety', () => {
    let built: ReturnType<typeof buildRunner>;
    let cacheDir: string;
    const write = `###
POST accounts

{"name": "Must not be created"}
`;

    before(async () => {
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-scratchpad-'));
      built = buildRunner((await activatedExtension()).extensionUri, cacheDir);
    });
    after(async () => {
      built?.dispose();
      fs.rmSync(cacheDir, { recursive: true, force: true });
      await setSafety(org.url, 'normal');
    });

    it('does not send a write to a production connection without confirmation', async () => {
      await setSafety(org.url, 'production');
      const document = await scratchpad(write);
      const posts = (await stats()).dataverseRequests.POST ?? 0;
      // Extension tests cannot answer a modal dialog: VS Code refuses to show it, which is a "no".
      await assert.rejects(built.runner.runInDocument(document, 0), (err: Error) => {
        assert.match(err.message, /PRODUCTION organization Sandbox|Canceled/, err.message);
        return true;
      });
      assert.equal(await vscode.commands.executeCommand('dynamics365.runQuery', document.uri, 0), undefined);
      assert.equal((await stats()).dataverseRequests.POST ?? 0, posts, 'no POST reached the org');
      const reads = await run(await scratchpad('GET accounts?$top=1\n'), 'GET accounts');
      assert.equal(reads.status, 200, 'reads are sent as usual');
    });

    it('refuses a write to a read-only connection with a clear error', async () => {
      await setSafety(org.url, 'readOnly');
      const document = await scratchpad(write);
      const posts = (await stats()).dataverseRequests.POST ?? 0;
      await assert.rejects(built.runner.runInDocument(document, 0), (err: Error) => {
        assert.match(err.message, /read-only/);
        assert.match(err.message, /not sent/);
        assert.ok(err.message.includes(org.url), err.message);
        return true;
      });
      assert.equal((await stats()).dataverseRequests.POST ?? 0, posts, 'no POST reached the org');
    });

    it('refuses a GET function that changes data, and reads every entry for the org, on a read-only connection', async () => {
      await setSafety(org.url, 'normal');
      const config = vscode.workspace.getConfiguration('dynamics365');
      const written = config.inspect<unknown[]>('connections')?.globalValue ?? [];
      // A second entry for the same org, read-only, after one that is not.
      await config.update(
        'connections',
        [...written, { name: 'Read-only twin', orgUrl: org.url, readOnly: true }],
        vscode.ConfigurationTarget.Global,
      );
      try {
        // The function's own GETs: the metadata of the opened scratchpads may load meanwhile.
        const gets = (await stats()).dataverseResources['GET CalculateRollupField'] ?? 0;
        const posts = (await stats()).dataverseRequests.POST ?? 0;
        const rollup = await scratchpad(
          "GET CalculateRollupField(Target=@t,FieldName='openrevenue')?@t={'@odata.id':'accounts(00000000-0000-0000-0000-000000000001)'}\n",
        );
        await assert.rejects(built.runner.runInDocument(rollup, 0), (err: Error) => {
          assert.match(
            err.message,
            /read-only: this request calls the function CalculateRollupField, which recalculates and saves a rollup column and was not sent/,
          );
          return true;
        });
        await assert.rejects(built.runner.runInDocument(await scratchpad(write), 0), /read-only/);
        assert.equal(
          (await stats()).dataverseResources['GET CalculateRollupField'] ?? 0,
          gets,
          'no GET reached the org',
        );
        assert.equal((await stats()).dataverseRequests.POST ?? 0, posts, 'no POST reached the org');
      } finally {
        await config.update('connections', written, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('named responses belong to their scratchpad and its organization', () => {
    let built: ReturnType<typeof buildRunner>;
    let cacheDir: string;
    const named = `###
# @name who
GET WhoAmI

###
GET systemusers({{who.response.body.UserId}})?$select=fullname
`;
    const notRun = (err: Error): boolean => {
      assert.match(
        err.message,
        /\{\{who\.response\.body\.UserId\}\} reads the response of "who" \(line 4\), which has not run yet\. Run it first\./,
        err.message,
      );
      return true;
    };

    before(async () => {
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-scratchpad-'));
      built = buildRunner((await activatedExtension()).extensionUri, cacheDir);
    });
    after(() => {
      built?.dispose();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    });

    it("a new Untitled scratchpad at a closed one's URI does not read the closed one's responses", async () => {
      const first = await scratchpad(named);
      await vscode.window.showTextDocument(first);
      assert.equal((await built.runner.runInDocument(first, 0)).status, 200);
      assert.equal((await built.runner.runInDocument(first, 1)).status, 200, 'the scratchpad itself reads {{who.…}}');
      const uri = first.uri.toString();
      const closed = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${uri} was not closed`)), 10_000);
        const s = vscode.workspace.onDidCloseTextDocument((d) => {
          if (d.uri.toString() === uri) {
            clearTimeout(timer);
            s.dispose();
            resolve();
          }
        });
      });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await closed;
      const second = await scratchpad(named);
      assert.equal(second.uri.toString(), uri, "VS Code gives the new scratchpad the closed one's URI");
      await assert.rejects(built.runner.runInDocument(second, 1), notRun);
    });

    it('a scratchpad whose @connection moves to another organization drops its responses', async () => {
      const document = await scratchpad(named);
      assert.equal((await built.runner.runInDocument(document, 0)).status, 200);
      const connectTo = async (url: string): Promise<void> => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, document.lineAt(0).range, `@connection = ${url}`);
        assert.ok(await vscode.workspace.applyEdit(edit));
      };
      await connectTo('https://fabrikam.crm4.dynamics.com');
      await connectTo(org.url);
      await assert.rejects(built.runner.runInDocument(document, 1), notRun);
      assert.equal((await built.runner.runInDocument(document, 0)).status, 200);
      assert.equal(
        (await built.runner.runInDocument(document, 1)).status,
        200,
        'run again on this org, it is read again',
      );
    });

    it('a response fetched by one account is not read after another account signs in to the org, nor after its own sign-out', async function () {
      this.timeout(300_000);
      const document = await scratchpad(named);
      await vscode.window.showTextDocument(document, { preview: false });
      // Through "Run Query", as the CodeLens runs it: the extension's own runner and sessions.
      const runAt = (index: number): Thenable<RunOutcome | undefined> =>
        vscode.commands.executeCommand<RunOutcome | undefined>('dynamics365.runQuery', document.uri, index);
      const readsNothing = (why: string): Promise<void> =>
        watching(
          () => undefined,
          async (calls) => {
            assert.equal(await runAt(1), undefined, why);
            assert.ok(
              calls.some((c) => /reads the response of "who" \(line 4\), which has not run yet/.test(c.message)),
              `${why}: ${JSON.stringify(calls)}`,
            );
          },
        );
      const signOut = async (id: string | undefined): Promise<void> => {
        assert.equal(await vscode.commands.executeCommand('dynamics365.signOut', id), 1);
      };
      const bob = info.users[1]!.username;
      let bobId: string | undefined;
      try {
        assert.equal((await runAt(0))?.status, 200);
        assert.equal((await runAt(1))?.status, 200, 'the account reads its own response');
        // The first account signs out and another signs in to the same org, in this window.
        await signOut(sessionId);
        bobId = (await signInWithDeviceCode(bob)).sessionId;
        assert.notEqual(bobId, sessionId);
        await readsNothing("the second account read the first one's response");
        // Its own response it reads; once it signs out and the first signs in again, that is gone too.
        assert.equal((await runAt(0))?.status, 200);
        assert.ok(await runAt(1), 'the second account does not read its own response');
        await signOut(bobId);
        bobId = undefined;
        sessionId = (await signInWithDeviceCode()).sessionId;
        await readsNothing("the first account read the second one's response");
        // The same account signing out and in again (the same session id) finds nothing of before.
        assert.equal((await runAt(0))?.status, 200);
        await signOut(sessionId);
        assert.equal((await signInWithDeviceCode()).sessionId, sessionId);
        await readsNothing('a response outlived the sign-out of the account that fetched it');
      } finally {
        if (bobId) await vscode.commands.executeCommand('dynamics365.signOut', bobId).then(undefined, () => undefined);
        if (!(await vscode.authentication.getSession('dynamics365', scopes, { silent: true }))) {
          sessionId = (await signInWithDeviceCode()).sessionId;
        }
      }
    });
  });

  describe('paging and export', () => {
    let built: ReturnType<typeof buildRunner>;
    let cacheDir: string;

    before(async () => {
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-scratchpad-'));
      built = buildRunner((await activatedExtension()).extensionUri, cacheDir);
    });
    after(() => {
      built?.dispose();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    });

    it('stops "All pages" at dynamics365.results.maxRows, cutting the page that crosses it, and exports those rows', async () => {
      const settings = vscode.workspace.getConfiguration('dynamics365');
      await settings.update('results.maxRows', 2500, vscode.ConfigurationTarget.Global);
      try {
        const document = await scratchpad(`### capped
GET contacts?$select=fullname
Prefer: odata.maxpagesize=1000
`);
        const first = await built.runner.runInDocument(document, 0);
        assert.equal(first.rows, 1000);
        const session = built.runner.session(document)!;
        // Pages of contacts only: the metadata of the scratchpad's tables may load meanwhile.
        const pagesAsked = async (): Promise<number> => (await stats()).dataverseResources['GET contacts'] ?? 0;
        const before = await pagesAsked();
        await session.allPages();
        assert.equal(session.rowCount, 2500, 'the third page is cut at the limit');
        assert.equal((await pagesAsked()) - before, 2, 'no page is asked for past the limit');
        await session.nextPage();
        assert.equal(session.rowCount, 2500, 'Next page loads nothing more');
        assert.equal((await pagesAsked()) - before, 2);
        const file = path.join(cacheDir, 'capped.json');
        assert.equal(await session.exportTo(file, 'json'), 2500);
        assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[]).length, 2500);
      } finally {
        await settings.update('results.maxRows', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('pages through 10k rows with "All pages" and exports them as CSV and JSON equal to the org\'s data', async () => {
      const document = await scratchpad(`### contacts
GET contacts?$select=fullname,emailaddress1
Prefer: odata.include-annotations="*"
Prefer: odata.maxpagesize=1000
`);
      const first = await built.runner.runInDocument(document, 0);
      assert.equal(first.status, 200, first.error);
      assert.equal(first.rows, 1000);
      assert.equal(first.moreRows, true);
      const session = built.runner.session(document);
      assert.ok(session, 'the run has a result session');
      await session.nextPage();
      assert.equal(session.rowCount, 2000);
      await session.allPages();
      assert.ok(session.rowCount >= 10_000, `only ${session.rowCount} rows after "All pages"`);

      const expected: Record<string, unknown>[] = [];
      for (let url: string | undefined = `${api}contacts?$select=fullname,emailaddress1`; url;) {
        const page = await direct(url);
        expected.push(...page.value);
        url = page['@odata.nextLink'];
      }
      assert.equal(session.rowCount, expected.length, 'every row of the org was loaded');

      const file = path.join(cacheDir, 'contacts.csv');
      assert.equal(await session.exportTo(file, 'csv'), expected.length);
      const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
      const col = (name: string): number => {
        const i = header!.indexOf(name);
        assert.ok(i >= 0, `no ${name} in ${header!.join(',')}`);
        return i;
      };
      const [id, fullname, email] = [col('contactid'), col('fullname'), col('emailaddress1')];
      assert.equal(rows.length, expected.length);
      const unquote = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);
      rows.forEach((r, i) => {
        const e = expected[i]!;
        assert.equal(r[id], e.contactid, `row ${i} id`);
        assert.equal(unquote(r[fullname]!), e.fullname ?? '', `row ${i} fullname`);
        assert.equal(unquote(r[email]!), e.emailaddress1 ?? '', `row ${i} email`);
      });

      // JSON: the rows as the org sent them (annotations included), in the same order.
      const jsonFile = path.join(cacheDir, 'contacts.json');
      assert.equal(await session.exportTo(jsonFile, 'json'), expected.length);
      const exportedRows = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as Record<string, unknown>[];
      assert.equal(exportedRows.length, expected.length);
      exportedRows.forEach((r, i) => {
        const e = expected[i]!;
        assert.equal(r.contactid, e.contactid, `JSON row ${i} id`);
        assert.equal(r.fullname, e.fullname, `JSON row ${i} fullname`);
        assert.equal(r.emailaddress1, e.emailaddress1, `JSON row ${i} email`);
      });
    });

    it('a new run while "All pages" is loading cancels it: none of its rows or messages reach the new run\'s view', async () => {
      const watch = watchResultsViews();
      try {
        // Slow pages, so that "All pages" (20 pages) is still loading when the second run starts.
        await control('/faults', { latencyMs: 250 });
        const document = await scratchpad(`### contacts
GET contacts?$select=fullname
Prefer: odata.maxpagesize=500

### accounts
GET accounts?$select=name&$top=3
`);
        assert.equal((await built.runner.runInDocument(document, 0)).rows, 500);
        const old = built.runner.session(document)!;
        await waitFor(
          'the results view to take the first run',
          async () => (watch.messages.some((m) => m.type === 'result') ? true : undefined),
          60_000,
        );
        const loading = old.allPages();
        await waitFor('a page of "All pages"', async () => (old.rowCount >= 1000 ? true : undefined), 60_000);

        const second = await built.runner.runInDocument(document, 1);
        assert.equal(second.rows, 3);
        // Ends without an error, and early: the new run stopped it.
        await loading;
        assert.ok(old.rowCount < 10_000, `the old run went on to load ${old.rowCount} rows`);
        const shown = watch.messages.map((m) => m.type).lastIndexOf('result');
        const result = watch.messages[shown] as Extract<HostMessage, { type: 'result' }>;
        assert.deepEqual(
          result.columns.map((c) => c.property).filter((p) => p === 'fullname' || p === 'contactid'),
          [],
          "the new grid has the accounts' columns",
        );
        assert.equal(result.rows.length, 3);
        const after = watch.messages.slice(shown + 1);
        assert.deepEqual(
          after.map((m) => m.type),
          [],
          `the old run posted after the new one was shown: ${after.map((m) => (m.type === 'append' ? `append of ${m.rows.length} rows` : m.type)).join(', ')}`,
        );
        assert.equal(built.runner.session(document)!.rowCount, 3);
      } finally {
        watch.restore();
        await control('/faults/reset', {});
      }
    });

    it('closing the results view while "All pages" is loading stops it, with no "Webview is disposed"', async () => {
      const watch = watchResultsViews();
      try {
        await control('/faults', { latencyMs: 250 });
        const document = await scratchpad('GET contacts?$select=fullname\nPrefer: odata.maxpagesize=500\n');
        await built.runner.runInDocument(document, 0);
        const old = built.runner.session(document)!;
        await waitFor(
          'the results view to take the run',
          async () => (watch.messages.some((m) => m.type === 'result') ? true : undefined),
          60_000,
        );
        const loading = old.allPages();
        await waitFor('a page of "All pages"', async () => (old.rowCount >= 1000 ? true : undefined), 60_000);
        const posted = watch.messages.length;
        watch.panels.at(-1)!.dispose();
        // The load ends quietly: posting to the closed view would throw "Webview is disposed".
        await loading;
        assert.ok(old.rowCount < 10_000, `the closed view's run went on to load ${old.rowCount} rows`);
        assert.equal(watch.messages.length, posted, 'nothing was posted to the closed view');
        assert.equal(built.runner.session(document), undefined);
      } finally {
        watch.restore();
        await control('/faults/reset', {});
      }
    });

    it('an export to a folder or into a missing folder says so, leaves no file, and the rows export afterwards', async () => {
      const document = await scratchpad('GET accounts?$select=name&$top=5\n');
      assert.equal((await built.runner.runInDocument(document, 0)).rows, 5);
      const session = built.runner.session(document)!;
      const dir = fs.mkdtempSync(path.join(cacheDir, 'export-'));
      const folder = path.join(dir, 'accounts.csv');
      fs.mkdirSync(folder);
      await assert.rejects(session.exportTo(folder, 'csv'), (err: Error) => {
        assert.equal(
          err.message,
          `Could not export to ${folder}: that is a folder. Choose a file name in it. Nothing was written; the rows are still in the results view.`,
        );
        return true;
      });
      const missing = path.join(dir, 'missing', 'accounts.json');
      await assert.rejects(session.exportTo(missing, 'json'), (err: Error) =>
        err.message.startsWith(`Could not export to ${missing}: its folder does not exist.`),
      );
      assert.deepEqual(fs.readdirSync(dir), ['accounts.csv'], 'no partial or temporary file');
      assert.deepEqual(fs.readdirSync(folder), []);
      const file = path.join(dir, 'accounts.json');
      assert.equal(await session.exportTo(file, 'json'), 5);
      assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[]).length, 5);
    });
  });
});
