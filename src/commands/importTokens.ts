// "Import Access/Refresh Token…": for people who already hold tokens from another tool. A refresh
// token is redeemed once through MSAL, which then keeps (and rotates) it in SecretStorage; the
// account then behaves like any other signed-in account. An access token is checked (audience,
// expiry) and kept until it expires. The token is asked for in a password box, or passed by a script
// as `{ refreshToken | accessToken, clientId }`.
import * as vscode from 'vscode';
import type { Configuration } from '../platform/config/configuration';
import type { Organizations } from '../connections/organizations';
import { askForSecret } from '../auth/prompts';
import type { SignInService } from '../auth/signIn';
import { connectionFor, resolveTarget } from '../core/auth/signInTarget';
import type { Logger } from '../core/log/logger';
import type { Command } from './command';
import { pickOrgUrl } from './pickOrg';
import { COMMAND } from '../core/ids';
import type { HttpSender } from '../core/ports';

interface ImportArgs {
  refreshToken?: string;
  accessToken?: string;
  clientId?: string;
}

export interface ImportDeps {
  configuration: Configuration;
  organizations: Organizations;
  signIn: SignInService;
  http: () => HttpSender;
  log: Logger;
}

export function importTokensCommand(deps: ImportDeps): Command {
  return {
    id: COMMAND.importTokens,
    run: async (orgArg?: unknown, argsArg?: unknown) => {
      const args = (argsArg && typeof argsArg === 'object' ? argsArg : {}) as ImportArgs;
      const org = await pickOrgUrl(deps.configuration.settings, orgArg, vscode.l10n.t('Dynamics 365: Import Token'));
      const pasted = (
        args.accessToken ??
        args.refreshToken ??
        (await askForSecret(
          vscode.l10n.t('Dynamics 365: Import Token'),
          vscode.l10n.t(
            "Paste a refresh token (renewed automatically) or an access token (used until it expires). It is kept only in VS Code's secret storage.",
          ),
        ))
      ).trim();
      deps.log.addSecret?.(pasted);
      const target = await resolveTarget(org, deps.configuration.settings, deps.http(), deps.log);
      const clientId = args.clientId ?? connectionFor(org, deps.configuration.settings).clientId;
      const { record, token } = await deps.signIn.importToken(target, clientId, pasted);
      await deps.organizations.addSignedIn({ record, token }, { clientId });
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Dynamics 365: imported the sign-in of {0} for {1}.', record.label, org.url),
      );
      return { sessionId: record.id, account: record.label, orgUrl: org.url };
    },
  };
}
