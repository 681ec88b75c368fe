// The Dynamics 365 explorer: organizations → tables → a table's columns, relationships, keys,
// choices and records. With no organization the view shows its welcome content (driven by the
// `dynamics365.hasConnections` context key).
import * as vscode from 'vscode';
import type { ConnectionsService } from '../connections/connectionsService';
import type { ExplorerContext } from './context';
import { childrenOrError, type ExplorerNode } from './nodes/node';
import { OrgNode } from './nodes/orgNode';
import { CONTEXT_KEY, VIEW } from '../core/ids';

export const EXPLORER_VIEW_ID = VIEW.explorer;

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly connections: ConnectionsService,
    private readonly ctx: ExplorerContext,
  ) {
    this.subscription = connections.onDidChange(() => this.refresh());
  }

  /** Repaints a node (or the whole tree); expansion survives because ids are stable. */
  refresh(node?: ExplorerNode): void {
    this.emitter.fire(node);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.getChildren();
    const root: ExplorerNode = {
      id: 'root',
      parent: undefined,
      getTreeItem: () => new vscode.TreeItem(''),
      getChildren: async () => [],
    };
    const orgs = await childrenOrError(root, async () =>
      (await this.connections.list()).map((e) => new OrgNode(e, this.ctx)),
    );
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY.hasConnections, orgs.length > 0);
    return orgs;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
