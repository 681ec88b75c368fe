// The Dynamics 365 explorer: one node per configured connection. With none, the view shows its
// welcome content (driven by the `dynamics365.hasConnections` context key).
import * as vscode from 'vscode';
import type { Settings } from '../core/config/settings';
import { ConnectionNode, type ExplorerNode } from './nodes';

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private settings: () => Settings) {}

  refresh(): void {
    void vscode.commands.executeCommand('setContext', 'dynamics365.hasConnections', this.settings().connections.length > 0);
    this.emitter.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: ExplorerNode): vscode.ProviderResult<ExplorerNode[]> {
    if (node) return node.getChildren();
    return this.settings().connections.map((c) => new ConnectionNode(c));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
