// Text from the organization never acts, inside a real VS Code against the sandbox org: a request
// passed as Run Query's text argument (what a `command:` link carries) is not sent before the user
// agrees, and an org's error message holding a `[label](command:…)` link reaches showErrorMessage
// with the link broken. The window's message functions are watched (and answered) by the test:
// extension tests cannot see a notification or answer a modal dialog.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { showError } from '../../src/platform/showError';
import { activatedExtension } from './extension';
import { control, request, sandbox } from './sandbox';
import { signInWithDeviceCode } from './signInSteps';
import { sandboxToken as token } from './sandboxReads';

const info = sandbox();
const org = OrgUrl.from(info.orgUrl);
const api = `${org.url}/api/data/v9.2/`;
/** What VS Code's notifications render as a link: `[label](target)` with an http(s), command or file target. */
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;
const PLUGIN_MESSAGE = 'This account is locked by a plug-in. [Unlock it](command:workbench.action.quit)';

interface Shown {
  message: string;
  options: unknown;
  items: unknown[];
}

/** Replaces one of vscode.window's message functions while `body` runs; records each call and answers with `answer`. */
async function watching<T>(
  name: 'showWarningMessage' | 'showErrorMessage',
  answer: (shown: Shown) => unknown,
  body: (calls: Shown[]) => Promise<T>,
): Promise<T> {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window[name];
  const calls: Shown[] = [];
  window[name] = (message: string, ...rest: unknown[]) => {
    const options =
      rest[0] !== null && typeof rest[0] === 'object' && !('title' in (rest[0] as object)) ? rest.shift() : undefined;
    const shown = { message, options, items: rest };
    calls.push(shown);
    return Promise.resolve(answer(shown));
  };
  try {
    return await body(calls);
  } finally {
    window[name] = original;
  }
}

async function stats(): Promise<{ dataverseRequests: Record<string, number> }> {
  return control('/stats');
}

async function firstId(set: string, idColumn: string): Promise<string> {
  const reply = await request(`${api}${set}?$select=${idColumn}&$top=1`, {
    headers: { Authorization: `Bearer ${await token()}`, Accept: 'application/json' },
  });
  assert.equal(reply.status, 200, reply.body);
  return (JSON.parse(reply.body) as { value: Record<string, string>[] }).value[0]![idColumn]!;
}

describe('text from the organization never acts', function () {
  this.timeout(120_000);
  let sessionId: string | undefined;

  before(async () => {
    await activatedExtension();
    await control('/faults/reset', {});
    sessionId = (await signInWithDeviceCode()).sessionId;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await control('/faults/reset', {});
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (sessionId) {
      await vscode.commands.executeCommand('dynamics365.signOut', sessionId).then(undefined, () => undefined);
    }
  });

  it('Run Query with a request as its text argument asks first, and sends nothing without a yes', async () => {
    const id = await firstId('accounts', 'accountid');
    const text = `DELETE accounts(${id})`;
    const deletes = (await stats()).dataverseRequests.DELETE ?? 0;
    // As a command link would run it: no document, no index, the request as text.
    const outcome = await watching(
      'showWarningMessage',
      () => undefined,
      async (asked) => {
        const result = await vscode.commands.executeCommand('dynamics365.runQuery', undefined, undefined, text);
        assert.equal(asked.length, 1, 'no question was asked');
        assert.match(asked[0]!.message, /^A link or another extension asks to run a request that deletes accounts\(/);
        assert.deepEqual(asked[0]!.items, ['Send']);
        assert.equal((asked[0]!.options as vscode.MessageOptions).modal, true);
        assert.match(
          (asked[0]!.options as vscode.MessageOptions).detail ?? '',
          new RegExp(`DELETE accounts\\(${id}\\)`),
        );
        return result;
      },
    );
    assert.equal(outcome, undefined, 'the command ran the request');
    assert.equal((await stats()).dataverseRequests.DELETE ?? 0, deletes, 'the DELETE reached the org without consent');

    // With the user's yes it is sent, once.
    const sent = await watching(
      'showWarningMessage',
      (shown) => shown.items[0],
      () =>
        Promise.resolve(
          vscode.commands.executeCommand<{ status: number } | undefined>(
            'dynamics365.runQuery',
            undefined,
            undefined,
            text,
          ),
        ),
    );
    assert.equal(sent?.status, 204);
    assert.equal((await stats()).dataverseRequests.DELETE ?? 0, deletes + 1);
  });

  it('Run Query naming a scratchpad no editor shows asks before its write, as for text', async () => {
    const id = await firstId('accounts', 'accountid');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Opened, never shown: what another extension can hand Run Query (a Uri and a request index).
    const document = await vscode.workspace.openTextDocument({
      language: 'dataverse-query',
      content: `@connection = ${org.url}\n\n### hidden\nDELETE accounts(${id})\n`,
    });
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document === document));
    const deletes = (await stats()).dataverseRequests.DELETE ?? 0;
    await watching(
      'showWarningMessage',
      () => undefined,
      async (asked) => {
        await vscode.commands.executeCommand('dynamics365.runQuery', document.uri, 0);
        assert.equal(asked.length, 1, 'no question was asked');
        assert.match(asked[0]!.message, /deletes accounts\(/);
      },
    );
    assert.equal((await stats()).dataverseRequests.DELETE ?? 0, deletes, 'the DELETE reached the org without consent');

    // The same request run from the CodeLens of the editor showing it goes out as before (development org).
    await vscode.window.showTextDocument(document);
    const sent = await watching(
      'showWarningMessage',
      () => assert.fail('asked about a write the user has in view'),
      () =>
        Promise.resolve(vscode.commands.executeCommand<{ status: number }>('dynamics365.runQuery', document.uri, 0)),
    );
    assert.equal(sent?.status, 204);
    assert.equal((await stats()).dataverseRequests.DELETE ?? 0, deletes + 1);
  });

  it('a read passed as text runs without a question, as reads do everywhere', async () => {
    const outcome = await watching(
      'showWarningMessage',
      () => assert.fail('asked about a read'),
      () =>
        Promise.resolve(
          vscode.commands.executeCommand<{ status: number } | undefined>(
            'dynamics365.runQuery',
            undefined,
            undefined,
            'GET accounts?$top=1',
          ),
        ),
    );
    assert.equal(outcome?.status, 200);
  });

  it('an org error message with a command link reaches showErrorMessage inert (Open Record)', async () => {
    const id = await firstId('contacts', 'contactid');
    await control('/faults', { pluginErrorMessage: PLUGIN_MESSAGE, pluginErrorPath: `contacts(${id})` });
    // Open Record's document: the extension's own provider asks the org, which answers with the plug-in's error.
    const uri = vscode.Uri.from({ scheme: 'dynamics365-record', authority: org.host, path: `/contacts/${id}.json` });
    const failure = await Promise.resolve(vscode.workspace.openTextDocument(uri)).then(
      () => assert.fail('the record opened'),
      (err: unknown) => err,
    );
    await control('/faults/reset', {});
    const shown = await watching(
      'showErrorMessage',
      () => undefined,
      async (calls) => {
        await showError(failure);
        return calls;
      },
    );
    assert.equal(shown.length, 1);
    assert.match(
      shown[0]!.message,
      /This account is locked by a plug-in\. \[Unlock it\] \(command:workbench\.action\.quit\)/,
      "the org's text is shown, literally",
    );
    assert.doesNotMatch(shown[0]!.message, NOTIFICATION_LINK);
  });
});
