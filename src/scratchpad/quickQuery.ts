// "Run Query" with no scratchpad open: a quick input where what is typed runs as it is (the first
// entry) and the organization's recent queries are offered below it. Part of the scratchpad engine.
import * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import type { HistoryEntry } from '../core/query/history/historyEntry';
import type { QueryHistory } from './history';
import { escapeIcons, historyItemText, refuseRedacted } from './historyItems';

export interface QuickQuery {
  readonly text: string;
  /** Picked from the history (a write asks first: its body is not in view). */
  readonly fromHistory: boolean;
}

/** Asks for a query for `org`; a recent one whose secret was masked is refused, not sent. */
export async function askForQuery(history: QueryHistory, org: OrgUrl): Promise<QuickQuery> {
  const picked = await ask(await history.recent(org));
  if (picked.entry) refuseRedacted(picked.entry);
  return { text: picked.text, fromHistory: !!picked.entry };
}

type QueryItem = vscode.QuickPickItem & { text: string; entry?: HistoryEntry };

async function ask(recent: readonly HistoryEntry[]): Promise<{ text: string; entry?: HistoryEntry }> {
  const quick = vscode.window.createQuickPick<QueryItem>();
  quick.title = vscode.l10n.t('Dynamics 365: Run Query');
  quick.placeholder = vscode.l10n.t({
    message: '{0}, {1} or a {2} — or pick a recent query',
    args: ['accounts?$select=name&$top=10', 'GET WhoAmI', '<fetch>'],
    comment: ['{0}, {1} and {2} are example queries: an OData query, a function call and a FetchXML element'],
  });
  const now = Date.now();
  const recentItems: QueryItem[] = recent.map((entry) => ({ ...historyItemText(entry, now), text: entry.text, entry }));
  quick.items = recentItems;
  quick.onDidChangeValue((value) => {
    const typed: QueryItem[] = value.trim()
      ? [
          {
            label: `$(play) ${escapeIcons(value.trim())}`,
            description: vscode.l10n.t('run what you typed'),
            alwaysShow: true,
            text: value.trim(),
          },
        ]
      : [];
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
