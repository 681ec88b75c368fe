import type * as vscode from 'vscode';
import type { Command } from './command';

export function showLogCommand(channel: vscode.LogOutputChannel): Command {
  return { id: 'dynamics365.showLog', run: () => channel.show(true) };
}
