// The one place commands are registered. Each is wrapped so that a failure becomes a clear message
// (never a stack trace), cancellations stay quiet, and usage is recorded without personal data.
import * as vscode from 'vscode';
import type { Logger } from '../core/log/logger';
import type { Telemetry } from '../core/telemetry/events';
import { UserError, errorCodeOf, isCancellation, userMessage } from '../core/userError';
import type { Command } from './command';

export function registerCommands(commands: readonly Command[], log: Logger, telemetry: Telemetry): vscode.Disposable {
  const registrations = commands.map((command) =>
    vscode.commands.registerCommand(command.id, (...args: unknown[]) => runCommand(command, args, log, telemetry)),
  );
  return vscode.Disposable.from(...registrations);
}

async function runCommand(command: Command, args: unknown[], log: Logger, telemetry: Telemetry): Promise<unknown> {
  const started = Date.now();
  try {
    const result = await command.run(...args);
    telemetry.commandSucceeded(command.id, Date.now() - started);
    return result;
  } catch (err) {
    if (isCancellation(err)) {
      telemetry.commandCancelled(command.id, Date.now() - started);
      return undefined;
    }
    telemetry.commandFailed(command.id, errorCodeOf(err), Date.now() - started);
    log.error(`Command ${command.id} failed`, err);
    void showError(err);
    return undefined;
  }
}

export async function showError(err: unknown): Promise<void> {
  const message = userMessage(err);
  const actions = err instanceof UserError ? err.actions : [];
  const titles = [...actions.map((a) => a.title), ...(err instanceof UserError ? [] : ['Show Log'])];
  const choice = await vscode.window.showErrorMessage(message, ...titles);
  if (choice === 'Show Log') {
    await vscode.commands.executeCommand('dynamics365.showLog');
    return;
  }
  const action = actions.find((a) => a.title === choice);
  if (action?.command) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
  if (action?.url) await vscode.env.openExternal(vscode.Uri.parse(action.url));
}
