// A table's first page of records, labelled by the primary name column, with "Load more…".
import * as vscode from 'vscode';
import type { ExplorerContext } from '../context';
import { RECORD_PAGE_SIZE } from '../recordPages';
import { childrenOrError, MessageNode, tooltipLines, type ExplorerNode } from './node';
import type { TableNode } from './tableNodes';
import { COMMAND, CONTEXT_VALUE } from '../../core/ids';
import { formatCount } from '../../core/numberFormat';

export class RecordsFolder implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: TableNode,
    private readonly ctx: ExplorerContext,
  ) {
    this.id = `${parent.id}/records`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Records'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('table');
    item.contextValue = CONTEXT_VALUE.records;
    item.accessibilityInformation = { label: vscode.l10n.t('Records of table {0}', this.parent.table.displayName) };
    return item;
  }

  getChildren(): Promise<ExplorerNode[]> {
    return childrenOrError(this, async () => {
      const { org, table } = this.parent;
      const list = await this.ctx.withProgress(() => this.ctx.records.list(org, table));
      const rows: ExplorerNode[] = list.rows.map((r) => new RecordNode(this, r.id, r.label));
      if (rows.length === 0) return [new MessageNode(this, 'none', vscode.l10n.t('No records'))];
      if (list.more) {
        rows.push(
          new MessageNode(this, 'more', vscode.l10n.t('Load more…'), {
            icon: 'ellipsis',
            tooltip: vscode.l10n.t('Load the next {0} records', formatCount(RECORD_PAGE_SIZE)),
            command: { command: COMMAND.loadMore, title: vscode.l10n.t('Load More'), arguments: [this] },
          }),
        );
      }
      return rows;
    });
  }
}

export class RecordNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: RecordsFolder,
    readonly recordId: string,
    private readonly label: string,
  ) {
    this.id = `${parent.id}/${recordId}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.recordId;
    item.tooltip = tooltipLines([
      this.label,
      vscode.l10n.t('Id: {0}', this.recordId),
      vscode.l10n.t('Click to open as JSON'),
    ]);
    item.iconPath = new vscode.ThemeIcon('file-code');
    item.contextValue = CONTEXT_VALUE.record;
    item.command = { command: COMMAND.openRecord, title: vscode.l10n.t('Open Record'), arguments: [this] };
    item.accessibilityInformation = { label: vscode.l10n.t('Record {0}, id {1}', this.label, this.recordId) };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}
