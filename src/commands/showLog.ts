import type * as vscode from 'vscode';
import type { Command } from './command';
import { COMMAND } from '../core/ids';

export function showLogCommand(channel: vscode.LogOutputChannel): Command {
  return { id: COMMAND.showLog, run: () => channel.show(true) };
}
