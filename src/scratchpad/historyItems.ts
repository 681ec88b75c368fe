// History entries as quick pick items, shared by "Run Query" and "Open Query History…". Request
// text comes from what people typed (and from globalState): it is shown as plain text, so `$(…)`
// in it must not turn into an icon.
import type * as vscode from 'vscode';
import type { HistoryEntry } from '../core/query/history/historyEntry';
import { entryDescription, entryDetail, entryLabel } from '../core/query/history/historyView';
import * as l10n from '@vscode/l10n';
import { UserError } from '../core/userError';
import { COMMAND } from '../core/ids';

/** Quick pick labels render `$(name)` as an icon; a backslash keeps it text. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

export function historyItemText(
  entry: HistoryEntry,
  now: number,
): Pick<vscode.QuickPickItem, 'label' | 'description' | 'detail'> {
  return {
    label: escapeIcons(entryLabel(entry)),
    description: escapeIcons(entryDescription(entry, now)),
    detail: escapeIcons(entryDetail(entry)),
  };
}

/** A masked secret would be sent as "[REDACTED]": the person fills it in in a scratchpad first. */
export function refuseRedacted(entry: HistoryEntry): void {
  if (!entry.redacted) return;
  throw new UserError(
    l10n.t(
      'A secret was removed from this request when it was kept in the history, so it was not sent. Open it in a scratchpad, fill the value in and run it from there.',
    ),
    {
      code: 'history_redacted',
      actions: [{ title: l10n.t('Open Query History'), command: COMMAND.openQueryHistory }],
    },
  );
}
