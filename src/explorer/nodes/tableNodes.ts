// Tables: all of them, narrowed by the organization's filter and grouped into Custom, Standard,
// Activities and Intersect; then one table with its folders.
import * as vscode from 'vscode';
import type { OrgUrl } from '../../core/org/orgUrl';
import { groupOf, type TableGroup, type TableInfo } from '../../core/metadata/model';
import type { ExplorerContext } from '../context';
import { ColumnsFolder, ChoicesFolder, KeysFolder, RelationshipsFolder } from './detailNodes';
import { childrenOrError, MessageNode, tooltipLines, type ExplorerNode } from './node';
import { RecordsFolder } from './recordNodes';
import { COMMAND, CONTEXT_VALUE } from '../../core/ids';
import { formatCount } from '../../core/numberFormat';

/** The table groups, in the display language (computed when shown, not at load). */
function tableGroups(): readonly { group: TableGroup; label: string }[] {
  return [
    { group: 'custom', label: vscode.l10n.t('Custom') },
    { group: 'standard', label: vscode.l10n.t('Standard') },
    { group: 'activity', label: vscode.l10n.t('Activities') },
    { group: 'intersect', label: vscode.l10n.t('Intersect') },
  ];
}

export class TablesNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: ExplorerNode,
    readonly org: OrgUrl,
    private readonly ctx: ExplorerContext,
  ) {
    this.id = `${parent.id}/tables`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Tables'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const filter = this.ctx.filters.get(this.org);
    item.description = filter.text ? vscode.l10n.t('filter: {0}', filter.text) : undefined;
    item.iconPath = new vscode.ThemeIcon(filter.text ? 'filter' : 'list-tree');
    item.contextValue = filter.text ? CONTEXT_VALUE.tablesFiltered : CONTEXT_VALUE.tables;
    item.accessibilityInformation = {
      label: filter.text ? vscode.l10n.t('Tables, filtered by {0}', filter.text) : vscode.l10n.t('Tables'),
    };
    return item;
  }

  getChildren(): Promise<ExplorerNode[]> {
    return childrenOrError(this, async () => {
      const tables = await this.ctx.withProgress(() => this.ctx.metadata(this.org).tables());
      const filter = this.ctx.filters.get(this.org);
      const shown = tables.filter((t) => filter.matches(t));
      if (shown.length === 0) {
        return [
          new MessageNode(
            this,
            'empty',
            filter.text ? vscode.l10n.t('No table matches "{0}"', filter.text) : vscode.l10n.t('No tables'),
            {
              icon: 'filter',
              command: { command: COMMAND.filterTables, title: vscode.l10n.t('Filter Tables'), arguments: [this] },
            },
          ),
        ];
      }
      return tableGroups()
        .map(
          ({ group, label }) =>
            new GroupNode(
              this,
              group,
              label,
              shown.filter((t) => groupOf(t) === group),
              this.ctx,
            ),
        )
        .filter((g) => g.tables.length > 0);
    });
  }
}

export class GroupNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: TablesNode,
    readonly group: TableGroup,
    private readonly label: string,
    readonly tables: TableInfo[],
    private readonly ctx: ExplorerContext,
  ) {
    this.id = `${parent.id}/${group}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      this.label,
      this.group === 'custom' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = this.id;
    item.description = formatCount(this.tables.length);
    item.iconPath = new vscode.ThemeIcon('folder');
    item.accessibilityInformation = {
      label: vscode.l10n.t('{0} tables, {1}', this.label, formatCount(this.tables.length)),
    };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const sorted = [...this.tables].sort(
      (a, b) => a.displayName.localeCompare(b.displayName) || a.logicalName.localeCompare(b.logicalName),
    );
    return sorted.map((t) => new TableNode(this, this.parent.org, t, this.ctx));
  }
}

export class TableNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: ExplorerNode,
    readonly org: OrgUrl,
    readonly table: TableInfo,
    private readonly ctx: ExplorerContext,
  ) {
    // Not under the group: a table that moves group (made custom, say) keeps its expansion.
    this.id = `${parent.parent?.id ?? parent.id}/table:${table.logicalName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.table;
    const item = new vscode.TreeItem(t.displayName, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = t.logicalName;
    item.tooltip = tooltipLines([
      t.displayName,
      vscode.l10n.t('Logical name: {0}', t.logicalName),
      vscode.l10n.t('Schema name: {0}', t.schemaName),
      t.entitySetName
        ? vscode.l10n.t('Entity set: {0}', t.entitySetName)
        : vscode.l10n.t('Not available in the Web API'),
      t.primaryIdAttribute && vscode.l10n.t('Primary id: {0}', t.primaryIdAttribute),
      t.primaryNameAttribute && vscode.l10n.t('Primary name: {0}', t.primaryNameAttribute),
      t.ownership && vscode.l10n.t('Ownership: {0}', t.ownership),
      t.objectTypeCode !== undefined && vscode.l10n.t('Object type code: {0}', t.objectTypeCode),
      t.description && `\n${t.description}`,
    ]);
    item.iconPath = new vscode.ThemeIcon(t.isActivity ? 'calendar' : t.isIntersect ? 'link' : 'symbol-class');
    item.contextValue = t.entitySetName ? CONTEXT_VALUE.table : CONTEXT_VALUE.tableNoEntitySet;
    item.accessibilityInformation = {
      label: t.entitySetName
        ? vscode.l10n.t('Table {0}, logical name {1}', t.displayName, t.logicalName)
        : vscode.l10n.t('Table {0}, logical name {1}, not available in the Web API', t.displayName, t.logicalName),
    };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const folders: ExplorerNode[] = [
      new ColumnsFolder(this, this.ctx),
      new RelationshipsFolder(this, this.ctx),
      new KeysFolder(this, this.ctx),
      new ChoicesFolder(this, this.ctx),
    ];
    if (this.table.entitySetName) folders.push(new RecordsFolder(this, this.ctx));
    return folders;
  }
}
