// "Dynamics 365: Sign In": pick or type an organization, sign in (the flow is chosen for this window,
// or given as `{ flow }`), and keep the organization as a connection so the explorer shows it.
import type { SignInFlow } from '../core/auth/flows';
import { ScopeSet } from '../core/auth/scopes';
import { connectionsFor } from '../core/config/connection';
import type { Configuration } from '../platform/config/configuration';
import { saveConnection } from '../platform/config/connectionsWriter';
import type { Dynamics365AuthProvider } from '../auth/provider';
import type { SignInService } from '../auth/signIn';
import type { Command } from './command';
import { pickOrgUrl } from './pickOrg';
import { COMMAND } from '../core/ids';

export interface SignInResult {
  sessionId: string;
  account: string;
  orgUrl: string;
}

export function signInCommand(configuration: Configuration, signIn: SignInService, provider: Dynamics365AuthProvider): Command {
  return {
    id: COMMAND.signIn,
    run: async (orgArg?: unknown, options?: unknown): Promise<SignInResult> => {
      const org = await pickOrgUrl(configuration.settings, orgArg, 'Dynamics 365: Sign In');
      const flow = (options as { flow?: SignInFlow } | undefined)?.flow;
      const { record, token } = await signIn.signIn(ScopeSet.forOrg(org), flow ? { flow } : {});
      await provider.remember(record, token.accessToken);
      if (!connectionsFor(configuration.settings.connections, org).length) {
        await saveConnection({ orgUrl: org.url });
      }
      return { sessionId: record.id, account: record.label, orgUrl: record.orgUrl };
    },
  };
}
