// Shows the exact redirect URI this window receives sign-in callbacks on, to register on an app
// registration, with a copy button.
import * as vscode from 'vscode';
import { callbackUri } from '../auth/uriHandler';
import type { Command } from './command';

export function showRedirectUriCommand(extensionId: string): Command {
  return {
    id: 'dynamics365.showRedirectUri',
    run: async () => {
      const uri = await callbackUri(extensionId);
      const choice = await vscode.window.showInformationMessage(
        `Register this redirect URI on your app registration (Authentication → Mobile and desktop applications): ${uri}`,
        'Copy',
      );
      if (choice === 'Copy') await vscode.env.clipboard.writeText(uri);
      return uri;
    },
  };
}
