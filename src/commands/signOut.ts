// "Dynamics 365: Sign Out": choose a session (or pass its id or org URL) and remove it with its tokens.
import * as vscode from 'vscode';
import { OrgUrl } from '../core/org/orgUrl';
import type { Dynamics365AuthProvider } from '../auth/provider';
import type { Command } from './command';
import { COMMAND } from '../core/ids';

export function signOutCommand(provider: Dynamics365AuthProvider): Command {
  return {
    id: COMMAND.signOut,
    run: async (arg?: unknown): Promise<number> => {
      const records = await provider.recordsFor();
      // A session id, an org URL as typed, or an explorer node that carries its connection.
      const fromNode = (arg as { connection?: { orgUrl?: unknown } } | undefined)?.connection?.orgUrl;
      const wanted = typeof arg === 'string' ? arg.trim() : typeof fromNode === 'string' ? fromNode : undefined;
      const org = wanted ? OrgUrl.parse(wanted) : undefined;
      let chosen = wanted ? records.filter((r) => r.id === wanted || (org?.ok && r.orgUrl === org.value.url)) : [];
      if (!wanted) {
        if (records.length === 0) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Dynamics 365: you are not signed in to any organization.'),
          );
          return 0;
        }
        const picked = await vscode.window.showQuickPick(
          records.map((r) => ({ label: r.label, description: r.orgUrl, picked: records.length === 1, record: r })),
          {
            title: vscode.l10n.t('Dynamics 365: Sign Out'),
            canPickMany: true,
            placeHolder: vscode.l10n.t('Choose the sessions to sign out of'),
          },
        );
        if (!picked) throw new vscode.CancellationError();
        chosen = picked.map((p) => p.record);
      }
      for (const record of chosen) await provider.removeSession(record.id);
      return chosen.length;
    },
  };
}
