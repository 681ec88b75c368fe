// "Dynamics 365: Pick Environment…": lists the environments a signed-in person can reach (Global
// Discovery Service), adds the chosen one as a connection and signs in to it with the same account,
// silently. A script may pass `{ orgUrl }` to choose without the list.
import * as vscode from 'vscode';
import { UserError } from '../core/userError';
import type { Environment } from '../core/webapi/discovery';
import type { Organizations } from '../connections/organizations';
import type { Dynamics365AuthProvider } from '../auth/provider';
import { isImported } from '../core/auth/importedTokens';
import { isAppFlow } from '../core/auth/flows';
import type { SessionRecord } from '../core/auth/sessionIndex';
import type { SignInService } from '../auth/signIn';
import { OrgUrl } from '../core/org/orgUrl';
import type { Command } from './command';
import { COMMAND } from '../core/ids';

export interface PickEnvironmentDeps {
  provider: Dynamics365AuthProvider;
  signIn: SignInService;
  organizations: Organizations;
}

export function pickEnvironmentCommand(deps: PickEnvironmentDeps): Command {
  return {
    id: COMMAND.pickEnvironment,
    run: async (arg?: unknown) => {
      const given = (arg as { orgUrl?: unknown } | undefined)?.orgUrl;
      const parsed = typeof given === 'string' ? OrgUrl.parse(given) : undefined;
      const wanted = parsed?.ok ? parsed.value.url : undefined;
      const account = await pickAccount(deps.provider);
      const environments = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Dynamics 365: listing environments') },
        () => deps.organizations.environments(account),
      );
      const chosen = wanted
        ? environments.find((e) => e.org.url === wanted)
        : await chooseEnvironment(environments, account);
      if (!chosen) {
        throw wanted
          ? new UserError(vscode.l10n.t('{0} is not among the environments of {1}.', wanted, account.label))
          : new vscode.CancellationError();
      }
      const { record, token } = await deps.signIn.addOrgForAccount(account, chosen.org.url);
      await deps.organizations.addSignedIn(
        { record, token },
        { name: chosen.friendlyName, ...(chosen.tenantId ? { tenant: chosen.tenantId } : {}) },
        true,
      );
      return { orgUrl: record.orgUrl, name: chosen.friendlyName, account: record.label };
    },
  };
}

async function pickAccount(provider: Dynamics365AuthProvider): Promise<SessionRecord> {
  const people = (await provider.recordsFor()).filter((r) => !isAppFlow(r.flow) && !isImported(r));
  const unique = [...new Map(people.map((r) => [`${r.accountId}|${r.clientId}|${r.authorityHost}`, r])).values()];
  if (unique.length === 0) {
    throw new UserError(
      vscode.l10n.t('Sign in to an organization first: the environment list is fetched with your account.'),
      { actions: [{ title: vscode.l10n.t('Sign In'), command: COMMAND.signIn }] },
    );
  }
  if (unique.length === 1) return unique[0]!;
  const picked = await vscode.window.showQuickPick(
    unique.map((r) => ({ label: r.label, description: r.orgUrl, record: r })),
    {
      title: vscode.l10n.t('Dynamics 365: whose environments?'),
    },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.record;
}

async function chooseEnvironment(
  environments: Environment[],
  account: SessionRecord,
): Promise<Environment | undefined> {
  if (environments.length === 0) {
    throw new UserError(vscode.l10n.t('No environments were found for {0}.', account.label));
  }
  const picked = await vscode.window.showQuickPick(
    environments.map((e) => ({
      label: e.friendlyName,
      description: e.org.url,
      detail: [
        e.region,
        e.version && vscode.l10n.t('version {0}', e.version),
        e.state === 1 ? vscode.l10n.t('disabled') : '',
      ]
        .filter(Boolean)
        .join(' · '),
      environment: e,
    })),
    {
      title: vscode.l10n.t('Dynamics 365: environments of {0}', account.label),
      matchOnDescription: true,
      placeHolder: vscode.l10n.t('Choose an environment to connect to'),
    },
  );
  return picked?.environment;
}
