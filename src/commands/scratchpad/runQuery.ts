// "Run Query": the request under the cursor of a scratchpad, or one of a scratchpad's requests by
// index (CodeLens). With no scratchpad open it asks for a query, offering the recent ones.
import * as vscode from 'vscode';
import { UserError } from '../../core/userError';
import { isScratchpad } from '../../scratchpad/language';
import type { RunOutcome } from '../../scratchpad/runner';
import type { ScratchpadParts } from '../../scratchpad/setup';
import type { Command } from '../command';

export function runQueryCommand(scratchpad: ScratchpadParts): Command {
  return {
    id: 'dynamics365.runQuery',
    run: async (uriArg?: unknown, indexArg?: unknown, textArg?: unknown): Promise<RunOutcome> => {
      if (uriArg instanceof vscode.Uri) {
        const document = await vscode.workspace.openTextDocument(uriArg);
        const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
        return (await scratchpad.engine()).runner.runInDocument(document, typeof indexArg === 'number' ? indexArg : undefined, editor?.selection.active);
      }
      const editor = vscode.window.activeTextEditor;
      const { runner, orgs } = await scratchpad.engine();
      if (isScratchpad(editor?.document) && typeof textArg !== 'string') {
        return runner.runInDocument(editor.document, undefined, editor.selection.active);
      }
      const org = await orgs.pick(undefined);
      const text = typeof textArg === 'string' ? textArg : await askForQuery(scratchpad.history.recent(org));
      return runner.runText(org, text);
    },
  };
}

type QueryItem = vscode.QuickPickItem & { text: string };

/** A quick input: what is typed runs as it is (first entry); the recent queries are below it. */
async function askForQuery(recent: string[]): Promise<string> {
  const quick = vscode.window.createQuickPick<QueryItem>();
  quick.title = 'Dynamics 365: Run Query';
  quick.placeholder = 'accounts?$select=name&$top=10, GET WhoAmI or a <fetch> — or pick a recent query';
  const recentItems: QueryItem[] = recent.map((text) => ({ label: text.split('\n')[0]!, description: 'recent', detail: text.includes('\n') ? text.split('\n').slice(1).join(' ⏎ ').slice(0, 120) : undefined, text }));
  quick.items = recentItems;
  quick.onDidChangeValue((value) => {
    const typed: QueryItem[] = value.trim() ? [{ label: `$(play) ${value.trim()}`, description: 'run what you typed', alwaysShow: true, text: value.trim() }] : [];
    quick.items = [...typed, ...recentItems];
  });
  try {
    const text = await new Promise<string | undefined>((resolve) => {
      quick.onDidAccept(() => resolve(quick.selectedItems[0]?.text ?? quick.value));
      quick.onDidHide(() => resolve(undefined));
      quick.show();
    });
    if (!text?.trim()) throw new vscode.CancellationError();
    return text.trim();
  } finally {
    quick.dispose();
  }
}

export function pickScratchpadOrgCommand(scratchpad: ScratchpadParts): Command {
  return {
    id: 'dynamics365.pickScratchpadOrg',
    run: async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!isScratchpad(document)) throw new UserError('Open a Dynamics 365 scratchpad (.dvq) first.');
      const { orgs } = await scratchpad.engine();
      const org = await orgs.pick(orgs.known(document));
      await orgs.setConnectionLine(document, org);
      return org.url;
    },
  };
}
