// "Show Stored Secrets": the names of everything the extension keeps in VS Code's secret storage,
// with what each holds; never a value. For people who want to know what is on their machine, and
// to check that signing out and removing connections leaves nothing behind. Returns the names.
import * as vscode from 'vscode';
import type { EnumerableSecretStore } from '../core/auth/keyLedger';
import { describeKey } from '../core/auth/secretKeys';
import type { Command } from './command';
import { COMMAND } from '../core/ids';

export function showStoredSecretsCommand(secrets: EnumerableSecretStore): Command {
  return {
    id: COMMAND.showStoredSecrets,
    run: async (): Promise<string[]> => {
      const keys = await secrets.keys();
      const content = JSON.stringify(
        {
          note: vscode.l10n.t(
            "Names of the entries this extension keeps in VS Code's secret storage, and what each holds. Values are never shown.",
          ),
          entries: keys.map((key) => ({ key, holds: describeKey(key) })),
        },
        null,
        2,
      );
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
      await vscode.window.showTextDocument(doc, { preview: true });
      return keys;
    },
  };
}
