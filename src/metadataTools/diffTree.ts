// The "Metadata Differences" view: the tables that differ between two environments, each with the
// columns, relationships, keys and choices that differ. A click opens VS Code's diff editor on the
// table's normalized text. Names and labels from the orgs are shown as plain text.
import * as vscode from 'vscode';
import type { EnvironmentDiff, FieldChange, ItemDiff, TableDiff } from '../core/metadata/diff/compare';
import { COMMAND, CONTEXT_VALUE } from '../core/ids';
import { formatCount } from '../core/numberFormat';

export type DiffNode = { kind: 'table'; table: TableDiff } | { kind: 'item'; table: TableDiff; item: ItemDiff };

const ICON: Record<TableDiff['status'], string> = {
  added: 'diff-added',
  removed: 'diff-removed',
  changed: 'diff-modified',
};

function statusText(status: TableDiff['status']): string {
  if (status === 'added') return vscode.l10n.t('added');
  if (status === 'removed') return vscode.l10n.t('removed');
  return vscode.l10n.t('changed');
}

function changeText(c: FieldChange): string {
  return vscode.l10n.t('{0}: {1} → {2}', c.field, c.left ?? '—', c.right ?? '—');
}

export class DiffTree implements vscode.TreeDataProvider<DiffNode> {
  private diff: EnvironmentDiff | undefined;
  private readonly emitter = new vscode.EventEmitter<DiffNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  show(diff: EnvironmentDiff | undefined): void {
    this.diff = diff;
    this.emitter.fire(undefined);
  }

  /** One line for the view's message: which environments, how many tables differ. */
  summary(): string | undefined {
    const d = this.diff;
    if (!d) return undefined;
    return d.tables.length
      ? vscode.l10n.t(
          '{0} → {1}: {2} of {3} tables differ',
          d.leftLabel,
          d.rightLabel,
          formatCount(d.tables.length),
          formatCount(d.compared),
        )
      : vscode.l10n.t('{0} → {1}: no differences in {2} tables', d.leftLabel, d.rightLabel, formatCount(d.compared));
  }

  getChildren(node?: DiffNode): DiffNode[] {
    if (!this.diff) return [];
    if (!node) return this.diff.tables.map((table) => ({ kind: 'table', table }));
    if (node.kind === 'table') return node.table.items.map((item) => ({ kind: 'item', table: node.table, item }));
    return [];
  }

  /** Tables are the roots; an item's parent is its table (what reveal() walks). */
  getParent(node: DiffNode): DiffNode | undefined {
    return node.kind === 'item' ? { kind: 'table', table: node.table } : undefined;
  }

  getTreeItem(node: DiffNode): vscode.TreeItem {
    const open: vscode.Command = {
      command: COMMAND.openTableDiff,
      title: vscode.l10n.t('Open Diff'),
      // An item's click reveals its block in the diff editor.
      arguments:
        node.kind === 'item'
          ? [node.table.logicalName, `${node.item.section} ${node.item.name}`]
          : [node.table.logicalName],
    };
    if (node.kind === 'table') {
      const t = node.table;
      const item = new vscode.TreeItem(
        t.logicalName,
        t.items.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      item.id = `table/${t.logicalName}`;
      item.description =
        t.items.length === 0
          ? statusText(t.status)
          : t.items.length === 1
            ? vscode.l10n.t('{0}, 1 difference', statusText(t.status))
            : vscode.l10n.t('{0}, {1} differences', statusText(t.status), formatCount(t.items.length));
      item.iconPath = new vscode.ThemeIcon(ICON[t.status]);
      item.contextValue = CONTEXT_VALUE.diffTable;
      item.command = open;
      return item;
    }
    const i = node.item;
    const item = new vscode.TreeItem(`${i.section} ${i.name}`, vscode.TreeItemCollapsibleState.None);
    item.id = `item/${node.table.logicalName}/${i.section}/${i.name}`;
    item.description = i.status === 'changed' ? i.changes.map(changeText).join('; ') : statusText(i.status);
    item.tooltip = i.status === 'changed' ? i.changes.map(changeText).join('\n') : statusText(i.status);
    item.iconPath = new vscode.ThemeIcon(ICON[i.status]);
    item.contextValue = CONTEXT_VALUE.diffItem;
    item.command = open;
    return item;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
