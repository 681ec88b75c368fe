// The one place commands are registered. Each is wrapped so that a failure becomes a clear message
// (never a stack trace), cancellations stay quiet, and usage is recorded without personal data.
import * as vscode from 'vscode';
import type { Logger } from '../core/log/logger';
import type { Telemetry } from '../core/telemetry/events';
import { errorCodeOf, isCancellation } from '../core/userError';
import { showError } from '../platform/showError';
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
