// Shows the exact redirect URI this window receives sign-in callbacks on, to register on an app
// registration, with a copy button.
import * as vscode from 'vscode';
import { callbackUri } from '../auth/uriHandler';
import type { Command } from './command';
import { COMMAND } from '../core/ids';

export function showRedirectUriCommand(extensionId: string): Command {
  return {
    id: COMMAND.showRedirectUri,
    run: async () => {
      const uri = await callbackUri(extensionId);
      // Not awaited: the command answers with the URI at once; the message waits for the user.
      const copy = vscode.l10n.t('Copy');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            'Register this redirect URI on your app registration (Authentication → Mobile and desktop applications): {0}',
            uri,
          ),
          copy,
        )
        .then((choice) => (choice === copy ? vscode.env.clipboard.writeText(uri) : undefined));
      return uri;
    },
  };
}
