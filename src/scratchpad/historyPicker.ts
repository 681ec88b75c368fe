// "Open Query History…" as a person uses it: the requests recently run against an organization, to
// open in a scratchpad (nothing runs), run again through the same runner as everything else, or
// remove. Every action is reachable by keyboard (Enter on an entry lists them) and, for the mouse,
// as buttons on the entry. Part of the scratchpad engine: it loads with the query parser.
import * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import type { HistoryEntry } from '../core/query/history/historyEntry';
import { entryLabel, scratchpadForAll, scratchpadForEntry } from '../core/query/history/historyView';
import { parseDocument } from '../core/query/syntax/parser';
import { SCRATCHPAD_LANGUAGE_ID } from '../core/query/syntax/syntax';
import type { QueryHistory } from './history';
import { escapeIcons, historyItemText, refuseRedacted } from './historyItems';
import type { RunOutcome, ScratchpadRunner } from './runner';
import { COMMAND } from '../core/ids';
import { formatCount } from '../core/numberFormat';

interface HistoryParts {
  history: QueryHistory;
  runner: ScratchpadRunner;
}

type EntryAction = 'open' | 'run' | 'remove';
type Choice = { action: EntryAction | 'choose'; entry: HistoryEntry } | { action: 'openAll' | 'clear' };

/** What the command did, for whoever runs it (keybindings, tests). */
export type HistoryOutcome =
  | { action: 'open' | 'openAll'; uri: string }
  | { action: 'run'; outcome: RunOutcome }
  | { action: 'remove' | 'clear'; remaining: number };

/** Shows the organization's history (`name` is how people call it) and does what is picked. */
export async function openHistory(parts: HistoryParts, org: OrgUrl, name: string): Promise<HistoryOutcome | undefined> {
  const choice = await pickFromHistory(
    org,
    name,
    () => parts.history.recent(org),
    (entry) => parts.history.remove(org, entry),
  );
  return choice ? act(parts, org, name, choice) : undefined;
}

async function act(
  parts: HistoryParts,
  org: OrgUrl,
  name: string,
  choice: Choice,
): Promise<HistoryOutcome | undefined> {
  const history = parts.history;
  switch (choice.action) {
    case 'open':
      return { action: 'open', uri: await openScratchpad(scratchpadForEntry(org.url, choice.entry)) };
    case 'openAll':
      return { action: 'openAll', uri: await openScratchpad(scratchpadForAll(org.url, await history.recent(org))) };
    case 'run':
      refuseRedacted(choice.entry);
      return { action: 'run', outcome: await parts.runner.runText(org, choice.entry.text, { fromHistory: true }) };
    case 'remove':
      await history.remove(org, choice.entry);
      return { action: 'remove', remaining: (await history.recent(org)).length };
    case 'clear':
      await confirmClear(name, (await history.recent(org)).length);
      await history.clear(org);
      return { action: 'clear', remaining: 0 };
    case 'choose':
      return undefined;
  }
}

type Buttons = Record<EntryAction, vscode.QuickInputButton>;

/** An entry's buttons, in the display language; one set per list, told apart by identity. */
function entryButtons(): Buttons {
  return {
    open: { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: vscode.l10n.t('Open in Scratchpad') },
    run: { iconPath: new vscode.ThemeIcon('play'), tooltip: vscode.l10n.t('Run Again') },
    remove: { iconPath: new vscode.ThemeIcon('close'), tooltip: vscode.l10n.t('Remove from History') },
  };
}

type Item = vscode.QuickPickItem & { choice?: Choice };

function itemsFor(entries: readonly HistoryEntry[], name: string, buttons: Buttons): Item[] {
  const now = Date.now();
  return [
    ...entries.map((entry): Item => ({
      ...historyItemText(entry, now),
      buttons: Object.values(buttons),
      choice: { action: 'choose', entry },
    })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(files) ${vscode.l10n.t('Open All in a Scratchpad')}`, choice: { action: 'openAll' } },
    {
      label: `$(trash) ${vscode.l10n.t('Clear History for {0}…', escapeIcons(name))}`,
      choice: { action: 'clear' },
    },
  ];
}

/** The list; Enter on an entry asks what to do with it, a button does it at once. */
async function pickFromHistory(
  org: OrgUrl,
  name: string,
  entries: () => Promise<readonly HistoryEntry[]>,
  remove: (entry: HistoryEntry) => Promise<void>,
): Promise<Choice | undefined> {
  const first = await entries();
  if (first.length === 0) {
    // Not awaited: a notification stays until it is closed, and the command is done.
    const create = vscode.l10n.t('New Web API Scratchpad');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('No requests have been run against {0} ({1}) yet.', name, org.url), create)
      .then((answer) =>
        answer === create ? vscode.commands.executeCommand(COMMAND.newScratchpad, { orgUrl: org.url }) : undefined,
      );
    return undefined;
  }
  const quick = vscode.window.createQuickPick<Item>();
  quick.title = vscode.l10n.t('Dynamics 365: Query History of {0}', name);
  quick.placeholder = vscode.l10n.t('Enter on a request to open or run it again; filter by typing');
  quick.matchOnDescription = true;
  quick.matchOnDetail = true;
  const buttons = entryButtons();
  quick.items = itemsFor(first, name, buttons);
  try {
    const picked = await new Promise<Choice | undefined>((resolve) => {
      quick.onDidAccept(() => resolve(quick.selectedItems[0]?.choice));
      quick.onDidHide(() => resolve(undefined));
      quick.onDidTriggerItemButton(async ({ item, button }) => {
        const action = (Object.keys(buttons) as EntryAction[]).find((a) => buttons[a] === button);
        if (!action || item.choice?.action !== 'choose') return;
        if (action !== 'remove') return resolve({ action, entry: item.choice.entry });
        // As with VS Code's recently opened list, removing keeps the list open.
        await remove(item.choice.entry);
        const left = await entries();
        if (left.length === 0) return resolve(undefined);
        quick.items = itemsFor(left, name, buttons);
      });
      quick.show();
    });
    return picked?.action === 'choose' ? chooseAction(picked.entry) : picked;
  } finally {
    quick.dispose();
  }
}

async function chooseAction(entry: HistoryEntry): Promise<Choice | undefined> {
  const items: (vscode.QuickPickItem & { action: EntryAction })[] = [
    {
      action: 'open',
      label: `$(go-to-file) ${vscode.l10n.t('Open in Scratchpad')}`,
      description: vscode.l10n.t('nothing is sent'),
    },
    {
      action: 'run',
      label: `$(play) ${vscode.l10n.t('Run Again')}`,
      description: entry.access === 'write' ? vscode.l10n.t('a write: asks first') : undefined,
    },
    { action: 'remove', label: `$(close) ${vscode.l10n.t('Remove from History')}` },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: entryLabel(entry),
    placeHolder: vscode.l10n.t('What to do with this request'),
  });
  return picked ? { action: picked.action, entry } : undefined;
}

async function confirmClear(name: string, count: number): Promise<void> {
  const what = count === 1 ? vscode.l10n.t('Clear 1 request') : vscode.l10n.t('Clear {0} requests', formatCount(count));
  const clear = { label: `$(trash) ${what}`, clear: true };
  const keep = { label: vscode.l10n.t('Keep the History'), clear: false };
  const picked = await vscode.window.showQuickPick([clear, keep], {
    title: vscode.l10n.t('Dynamics 365: clear the query history of {0}?', name),
    placeHolder: vscode.l10n.t('This cannot be undone'),
  });
  if (!picked?.clear) throw new vscode.CancellationError();
}

async function openScratchpad(content: string): Promise<string> {
  const document = await vscode.workspace.openTextDocument({ language: SCRATCHPAD_LANGUAGE_ID, content });
  const editor = await vscode.window.showTextDocument(document);
  const line = parseDocument(content).requests[0]?.lensRange.start.line;
  if (line !== undefined) editor.selection = new vscode.Selection(line, 0, line, 0);
  return document.uri.toString();
}
