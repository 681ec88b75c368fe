// A table's folders read from its metadata details: columns, relationships (1:N, N:1, N:N),
// alternate keys and choices. Details load once per table and are cached by the metadata source.
import * as vscode from 'vscode';
import type {
  ChoiceInfo,
  ColumnInfo,
  KeyInfo,
  RelationshipInfo,
  RelationshipKind,
  TableDetails,
} from '../../core/metadata/model';
import { columnTypeLabel, requiredLabel } from '../../core/explorer/labels';
import type { ExplorerContext } from '../context';
import { childrenOrError, MessageNode, tooltipLines, type ExplorerNode } from './node';
import type { TableNode } from './tableNodes';
import { CONTEXT_VALUE } from '../../core/ids';

abstract class DetailsFolder implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: TableNode,
    protected readonly ctx: ExplorerContext,
    key: string,
    private readonly label: string,
    private readonly icon: string,
  ) {
    this.id = `${parent.id}/${key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.accessibilityInformation = {
      label: vscode.l10n.t('{0} of table {1}', this.label, this.parent.table.displayName),
    };
    return item;
  }

  getChildren(): Promise<ExplorerNode[]> {
    return childrenOrError(this, async () => {
      const details = await this.ctx.withProgress(() =>
        this.ctx.metadata(this.parent.org).details(this.parent.table.logicalName),
      );
      const children = this.childrenOf(details);
      return children.length ? children : [new MessageNode(this, 'none', `No ${this.label.toLowerCase()}`)];
    });
  }

  protected abstract childrenOf(details: TableDetails): ExplorerNode[];
}

export class ColumnsFolder extends DetailsFolder {
  constructor(parent: TableNode, ctx: ExplorerContext) {
    super(parent, ctx, 'columns', 'Columns', 'symbol-field');
  }

  protected childrenOf(details: TableDetails): ExplorerNode[] {
    return [...details.columns]
      .filter((c) => !c.attributeOf)
      .sort((a, b) => a.logicalName.localeCompare(b.logicalName))
      .map((c) => new ColumnNode(this, c));
  }
}

export class ColumnNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: ExplorerNode,
    readonly column: ColumnInfo,
  ) {
    this.id = `${parent.id}/${column.logicalName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.column;
    const item = new vscode.TreeItem(c.logicalName, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const required = requiredLabel(c.requiredLevel);
    item.description = [columnTypeLabel(c), required].filter(Boolean).join(' · ');
    item.tooltip = tooltipLines([
      c.displayName,
      `Logical name: ${c.logicalName}`,
      `Schema name: ${c.schemaName}`,
      `Type: ${columnTypeLabel(c)} (${c.attributeTypeName})`,
      `Required: ${c.requiredLevel}`,
      c.maxLength !== undefined && `Max length: ${c.maxLength}`,
      c.precision !== undefined && `Precision: ${c.precision}`,
      !!c.targets?.length && `Targets: ${c.targets.join(', ')}`,
      c.optionSetName && `Choice: ${c.optionSetName}`,
      c.isPrimaryId && 'Primary id column',
      c.isPrimaryName && 'Primary name column',
      c.description && `\n${c.description}`,
    ]);
    item.iconPath = new vscode.ThemeIcon(c.isPrimaryId ? 'key' : c.targets?.length ? 'references' : 'symbol-field');
    item.contextValue = CONTEXT_VALUE.column;
    item.accessibilityInformation = {
      label: vscode.l10n.t('Column {0}, {1}', c.logicalName, item.description),
    };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

const KINDS: readonly { kind: RelationshipKind; label: string }[] = [
  { kind: 'oneToMany', label: 'One-to-many (1:N)' },
  { kind: 'manyToOne', label: 'Many-to-one (N:1)' },
  { kind: 'manyToMany', label: 'Many-to-many (N:N)' },
];

export class RelationshipsFolder extends DetailsFolder {
  constructor(parent: TableNode, ctx: ExplorerContext) {
    super(parent, ctx, 'relationships', 'Relationships', 'references');
  }

  protected childrenOf(details: TableDetails): ExplorerNode[] {
    return KINDS.map(({ kind, label }) => {
      const list = details.relationships
        .filter((r) => r.kind === kind)
        .sort((a, b) => a.schemaName.localeCompare(b.schemaName));
      return new ListNode(this, kind, label, String(list.length), 'folder', (parent) =>
        list.map((r) => new RelationshipNode(parent, r)),
      );
    });
  }
}

export class RelationshipNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: ExplorerNode,
    readonly relationship: RelationshipInfo,
  ) {
    this.id = `${parent.id}/${relationship.schemaName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const r = this.relationship;
    const item = new vscode.TreeItem(r.schemaName, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${r.relatedTable}${r.navigationProperty ? ` · ${r.navigationProperty}` : ''}`;
    item.tooltip = tooltipLines([
      r.schemaName,
      `Related table: ${r.relatedTable}`,
      r.navigationProperty ? `Navigation property: ${r.navigationProperty}` : 'Not navigable from this table',
      r.lookupColumn && `Lookup column: ${r.lookupColumn}`,
      r.intersectTable && `Intersect table: ${r.intersectTable}`,
    ]);
    item.iconPath = new vscode.ThemeIcon('arrow-both');
    item.contextValue = CONTEXT_VALUE.relationship;
    item.accessibilityInformation = {
      label: r.navigationProperty
        ? vscode.l10n.t(
            'Relationship {0} with table {1}, navigation property {2}',
            r.schemaName,
            r.relatedTable,
            r.navigationProperty,
          )
        : vscode.l10n.t('Relationship {0} with table {1}', r.schemaName, r.relatedTable),
    };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

export class KeysFolder extends DetailsFolder {
  constructor(parent: TableNode, ctx: ExplorerContext) {
    super(parent, ctx, 'keys', 'Keys', 'key');
  }

  protected childrenOf(details: TableDetails): ExplorerNode[] {
    return details.keys.map((k) => new KeyNode(this, k));
  }
}

class KeyNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: ExplorerNode,
    private readonly key: KeyInfo,
  ) {
    this.id = `${parent.id}/${key.logicalName}`;
  }

  getTreeItem(): vscode.TreeItem {
    const k = this.key;
    const item = new vscode.TreeItem(k.displayName || k.logicalName, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${k.columns.join(', ')}${k.status && k.status !== 'Active' ? ` · ${k.status}` : ''}`;
    item.tooltip = tooltipLines([
      `Logical name: ${k.logicalName}`,
      `Schema name: ${k.schemaName}`,
      `Columns: ${k.columns.join(', ')}`,
      k.status && `Index: ${k.status}`,
    ]);
    item.iconPath = new vscode.ThemeIcon('key');
    item.accessibilityInformation = {
      label: vscode.l10n.t('Alternate key {0} on {1}', k.displayName || k.logicalName, k.columns.join(', ')),
    };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }
}

export class ChoicesFolder extends DetailsFolder {
  constructor(parent: TableNode, ctx: ExplorerContext) {
    super(parent, ctx, 'choices', 'Choices', 'symbol-enum');
  }

  protected childrenOf(details: TableDetails): ExplorerNode[] {
    return [...details.choices].sort((a, b) => a.name.localeCompare(b.name)).map((c) => choiceNode(this, c));
  }
}

function choiceNode(parent: ExplorerNode, choice: ChoiceInfo): ExplorerNode {
  const node = new ListNode(
    parent,
    choice.name,
    choice.displayName || choice.name,
    `${choice.isGlobal ? 'global · ' : ''}${choice.options.length} options`,
    'symbol-enum',
    (p) =>
      choice.options.map(
        (o) =>
          new MessageNode(p, String(o.value), `${o.value}: ${o.label}`, {
            icon: 'symbol-enum-member',
            tooltip: tooltipLines([o.label, `Value: ${o.value}`, o.description]),
          }),
      ),
  );
  node.tooltip = tooltipLines([
    choice.name,
    choice.isGlobal ? 'Global choice' : 'Local choice',
    `Used by: ${choice.columns.join(', ')}`,
  ]);
  return node;
}

/** A folder whose children are already known. */
class ListNode implements ExplorerNode {
  readonly id: string;
  tooltip?: string;

  constructor(
    readonly parent: ExplorerNode,
    key: string,
    private readonly label: string,
    private readonly description: string,
    private readonly icon: string,
    private readonly build: (parent: ExplorerNode) => ExplorerNode[],
  ) {
    this.id = `${parent.id}/${key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = this.description;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    if (this.tooltip) item.tooltip = this.tooltip;
    item.accessibilityInformation = { label: vscode.l10n.t('{0}, {1}', this.label, this.description) };
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const children = this.build(this);
    return children.length ? children : [new MessageNode(this, 'none', 'None')];
  }
}
