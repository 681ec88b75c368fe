// Tree nodes are plain objects with path-like, stable ids (so expansion survives a refresh) and a
// parent (for reveal). A failed load becomes an error node with its reason and a Retry action —
// never a silent empty tree.
import * as vscode from 'vscode';
import { describeError } from '../../core/log/logger';
import { redact } from '../../core/log/redact';
import { UserError } from '../../core/userError';
import { COMMAND, CONTEXT_VALUE } from '../../core/ids';

export interface ExplorerNode {
  readonly id: string;
  readonly parent: ExplorerNode | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<ExplorerNode[]>;
}

/** A leaf that says something, optionally running a command when clicked. */
export class MessageNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode,
    private readonly key: string,
    private readonly label: string,
    private readonly options: { icon?: string; command?: vscode.Command; contextValue?: string; tooltip?: string } = {},
  ) {}

  get id(): string {
    return `${this.parent.id}/${this.key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.options.icon ?? 'info');
    if (this.options.command) item.command = this.options.command;
    if (this.options.contextValue) item.contextValue = this.options.contextValue;
    if (this.options.tooltip) item.tooltip = this.options.tooltip;
    item.accessibilityInformation = { label: this.label };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

/** Why a load failed, with Retry (clicking the node, or its inline action). */
export function errorNode(parent: ExplorerNode, err: unknown): ExplorerNode {
  const reason = err instanceof UserError ? err.message : vscode.l10n.t('Could not load: {0}', describeError(err));
  const retry: vscode.Command = { command: COMMAND.retry, title: vscode.l10n.t('Retry'), arguments: [parent] };
  return new MessageNode(parent, 'error', redact(reason), {
    icon: 'error',
    command: retry,
    contextValue: CONTEXT_VALUE.error,
    tooltip: vscode.l10n.t({
      message: '{0}\n\nClick to try again.',
      args: [redact(reason)],
      comment: ['{0} is why the load failed'],
    }),
  });
}

/** Children from a load that may fail: the failure becomes an error node under the parent. */
export async function childrenOrError(
  parent: ExplorerNode,
  load: () => Promise<ExplorerNode[]>,
): Promise<ExplorerNode[]> {
  try {
    return await load();
  } catch (err) {
    return [errorNode(parent, err)];
  }
}

/** Tooltip lines for values from the service: plain text, never markdown. */
export function tooltipLines(lines: readonly (string | false | undefined)[]): string {
  return lines.filter((l): l is string => !!l).join('\n');
}
