// An organization: who is signed in (or a Sign In action), and under it the tables.
import * as vscode from 'vscode';
import type { OrgEntry } from '../../connections/connectionsService';
import type { ExplorerContext } from '../context';
import { MessageNode, tooltipLines, type ExplorerNode } from './node';
import { TablesNode } from './tableNodes';
import { COMMAND, CONTEXT_VALUE } from '../../core/ids';

export class OrgNode implements ExplorerNode {
  readonly parent = undefined;
  readonly id: string;

  constructor(
    readonly entry: OrgEntry,
    private readonly ctx: ExplorerContext,
  ) {
    this.id = `org:${entry.org.url}`;
  }

  /** What "Remove Connection" reads from the node it is run on. */
  get connection(): { orgUrl: string } {
    return { orgUrl: this.entry.org.url };
  }

  getTreeItem(): vscode.TreeItem {
    const { entry } = this;
    const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = entry.session ? entry.session.account : vscode.l10n.t('not signed in');
    item.tooltip = tooltipLines([
      entry.name,
      entry.org.url,
      entry.session ? vscode.l10n.t('Signed in as {0}', entry.session.account) : vscode.l10n.t('Not signed in'),
      !entry.configured && vscode.l10n.t('Signed in from the Accounts menu (not in dynamics365.connections)'),
    ]);
    item.iconPath = new vscode.ThemeIcon(entry.session ? 'database' : 'circle-slash');
    // The icon alone tells signed in from not: a screen reader hears it in words.
    item.accessibilityInformation = {
      label: entry.session
        ? vscode.l10n.t('Organization {0}, signed in as {1}', entry.name, entry.session.account)
        : vscode.l10n.t('Organization {0}, not signed in', entry.name),
    };
    item.contextValue = `${entry.configured ? CONTEXT_VALUE.connection : CONTEXT_VALUE.session}${entry.session ? CONTEXT_VALUE.signedInSuffix : ''}`;
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    if (!this.entry.session) {
      return [
        new MessageNode(this, 'signin', vscode.l10n.t('Sign in to browse tables'), {
          icon: 'sign-in',
          command: { command: COMMAND.signIn, title: vscode.l10n.t('Sign In'), arguments: [this.entry.org.url] },
        }),
      ];
    }
    return [new TablesNode(this, this.entry.org, this.ctx)];
  }
}
