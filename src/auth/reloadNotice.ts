// Says plainly that this window must reload to use a sign-in made in another window whose tokens it
// cannot read (browser VS Code keeps secrets per tab), instead of letting a request fail later: a
// notification with "Reload Window" once per session, and a status bar item until the reload.
import * as vscode from 'vscode';
import type { ListChange } from '../core/auth/sessionListDiff';
import { canReachTokens } from '../core/auth/tokenReach';
import { STATUS_BAR } from '../core/ids';
import type { Logger } from '../core/log/logger';
import type { SessionRecord } from '../core/auth/sessionIndex';
import type { SecretStore } from '../core/ports';

export class ReloadNotice implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    STATUS_BAR.reloadForSignIn,
    vscode.StatusBarAlignment.Left,
    49,
  );
  /** Sessions of other windows this one cannot use yet, by id: told once each. */
  private readonly unreachable = new Map<string, string>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly log: Logger,
  ) {
    this.item.name = vscode.l10n.t('Dynamics 365: reload to use a sign-in');
    this.item.command = 'workbench.action.reloadWindow';
  }

  /** What another window changed in the session list: new or changed sessions, and ended ones. */
  async onChangeElsewhere(change: ListChange<SessionRecord>): Promise<void> {
    for (const r of change.removed) this.unreachable.delete(r.id);
    for (const r of [...change.added, ...change.changed]) {
      if (this.unreachable.has(r.id) || (await canReachTokens(this.secrets, r).catch(() => true))) continue;
      this.unreachable.set(r.id, r.orgUrl);
      this.log.info(`Signed in elsewhere to ${r.orgUrl}: this window reloads before it can use that sign-in`);
      void this.notify(r.orgUrl);
    }
    this.update();
  }

  private async notify(orgUrl: string): Promise<void> {
    const reload = vscode.l10n.t('Reload Window');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Dynamics 365: you signed in to {0} in another window. Reload this window to use that sign-in here.',
        orgUrl,
      ),
      reload,
    );
    if (choice === reload) await vscode.commands.executeCommand('workbench.action.reloadWindow');
  }

  private update(): void {
    if (this.unreachable.size === 0) {
      this.item.hide();
      return;
    }
    const orgs = [...new Set(this.unreachable.values())];
    this.item.text = `$(refresh) ${vscode.l10n.t('Reload for Dynamics 365 sign-in')}`;
    this.item.tooltip = vscode.l10n.t(
      'Signed in to {0} in another window. Reload this window to use that sign-in here.',
      orgs.join(', '),
    );
    this.item.accessibilityInformation = {
      label: vscode.l10n.t(
        'Signed in to {0} in another window. Activate to reload this window and use that sign-in.',
        orgs.join(', '),
      ),
      role: 'button',
    };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
