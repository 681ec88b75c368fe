// Commands declared for features that have not landed yet: they say so plainly instead of failing.
import * as vscode from 'vscode';
import type { Command } from './command';

export function notAvailableCommand(id: string, feature: string): Command {
  return {
    id,
    run: () => {
      void vscode.window.showInformationMessage(`${feature} is not available in this version of Dynamics 365 Connections yet.`);
    },
  };
}
