// "Dynamics 365: Sign In": pick or type an organization, sign in (the flow is chosen for this window,
// or given as `{ flow }`), and keep the organization as a connection so the explorer shows it.
import type { SignInFlow } from '../core/auth/flows';
import { ScopeSet } from '../core/auth/scopes';
import type { Configuration } from '../platform/config/configuration';
import type { Organizations } from '../connections/organizations';
import type { SignInService } from '../auth/signIn';
import * as l10n from '@vscode/l10n';
import type { Command } from './command';
import { pickOrgUrl } from './pickOrg';
import { COMMAND } from '../core/ids';

export interface SignInResult {
  sessionId: string;
  account: string;
  orgUrl: string;
}

export function signInCommand(
  configuration: Configuration,
  signIn: SignInService,
  organizations: Organizations,
): Command {
  return {
    id: COMMAND.signIn,
    run: async (orgArg?: unknown, options?: unknown): Promise<SignInResult> => {
      const org = await pickOrgUrl(configuration.settings, orgArg, l10n.t('Dynamics 365: Sign In'));
      const flow = (options as { flow?: SignInFlow } | undefined)?.flow;
      const signedIn = await signIn.signIn(ScopeSet.forOrg(org), flow ? { flow } : {});
      await organizations.addSignedIn(signedIn);
      return { sessionId: signedIn.record.id, account: signedIn.record.label, orgUrl: signedIn.record.orgUrl };
    },
  };
}
