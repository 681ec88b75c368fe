// "Run Query": the request under the cursor of a scratchpad, or one of a scratchpad's requests by
// index (CodeLens). With no scratchpad open it asks for a query, offering the recent ones.
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/query/historyEntry';
import { UserError } from '../../core/userError';
import { isScratchpad } from '../../scratchpad/language';
import type { RunOutcome } from '../../scratchpad/runner';
import type { ScratchpadParts } from '../../scratchpad/setup';
import type { Command } from '../command';
import { escapeIcons, historyItemText, refuseRedacted } from './historyItems';

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
      if (typeof textArg === 'string') return runner.runText(org, textArg);
      const query = await askForQuery(scratchpad.history.recent(org));
      if (query.entry) refuseRedacted(query.entry);
      return runner.runText(org, query.text, { fromHistory: !!query.entry });
    },
  };
}

type QueryItem = vscode.QuickPickItem & { text: string; entry?: HistoryEntry };

/** A quick input: what is typed runs as it is (first entry); the recent queries are below it. */
async function askForQuery(recent: readonly HistoryEntry[]): Promise<{ text: string; entry?: HistoryEntry }> {
  const quick = vscode.window.createQuickPick<QueryItem>();
  quick.title = 'Dynamics 365: Run Query';
  quick.placeholder = 'accounts?$select=name&$top=10, GET WhoAmI or a <fetch> — or pick a recent query';
  const now = Date.now();
  const recentItems: QueryItem[] = recent.map((entry) => ({ ...historyItemText(entry, now), text: entry.text, entry }));
  quick.items = recentItems;
  quick.onDidChangeValue((value) => {
    const typed: QueryItem[] = value.trim() ? [{ label: `$(play) ${escapeIcons(value.trim())}`, description: 'run what you typed', alwaysShow: true, text: value.trim() }] : [];
    quick.items = [...typed, ...recentItems];
  });
  try {
    const picked = await new Promise<{ text: string; entry?: HistoryEntry } | undefined>((resolve) => {
      quick.onDidAccept(() => resolve(quick.selectedItems[0] ?? { text: quick.value }));
      quick.onDidHide(() => resolve(undefined));
      quick.show();
    });
    if (!picked?.text.trim()) throw new vscode.CancellationError();
    return { text: picked.text.trim(), ...(picked.entry ? { entry: picked.entry } : {}) };
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
