// Tree nodes are plain objects with stable ids; the provider only asks them for their item and children.
import * as vscode from 'vscode';
import type { ConnectionSettings } from '../core/config/settings';

export interface ExplorerNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren(): ExplorerNode[] | Promise<ExplorerNode[]>;
}

export class ConnectionNode implements ExplorerNode {
  readonly id: string;

  constructor(readonly connection: ConnectionSettings) {
    this.id = `connection:${connection.orgUrl.toLowerCase()}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.connection.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.connection.orgUrl;
    item.tooltip = new vscode.MarkdownString(`**${this.connection.name}**\n\n${this.connection.orgUrl}`);
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = 'dynamics365.connection';
    return item;
  }

  getChildren(): ExplorerNode[] {
    return [new MessageNode(`${this.id}/signin`, 'Sign in to browse tables', 'dynamics365.signIn', [this.connection.orgUrl])];
  }
}

/** A leaf that says something, optionally running a command when clicked. */
export class MessageNode implements ExplorerNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly commandId?: string,
    private readonly args: unknown[] = [],
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('info');
    if (this.commandId) item.command = { command: this.commandId, title: this.label, arguments: this.args };
    return item;
  }

  getChildren(): ExplorerNode[] {
    return [];
  }
}
