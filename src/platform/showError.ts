// Shows an error to the user: a UserError's own message and action buttons; anything else as a
// short line with "Show Log". Always redacted. Lives below the features so any layer can use it.
import * as vscode from 'vscode';
import { UserError, userMessage } from '../core/userError';
import { COMMAND } from '../core/ids';

export async function showError(err: unknown): Promise<void> {
  const message = userMessage(err);
  const actions = err instanceof UserError ? err.actions : [];
  const showLog = vscode.l10n.t('Show Log');
  const titles = [...actions.map((a) => a.title), ...(err instanceof UserError ? [] : [showLog])];
  const choice = await vscode.window.showErrorMessage(message, ...titles);
  if (choice === showLog) {
    await vscode.commands.executeCommand(COMMAND.showLog);
    return;
  }
  const action = actions.find((a) => a.title === choice);
  if (action?.command) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
  if (action?.url) await vscode.env.openExternal(vscode.Uri.parse(action.url));
}
