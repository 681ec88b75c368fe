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
import { formatCount } from '../../core/numberFormat';

abstract class DetailsFolder implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: TableNode,
    protected readonly ctx: ExplorerContext,
    key: string,
    private readonly label: string,
    private readonly icon: string,
    /** What the folder shows when the table has none ("No columns"). */
    private readonly empty: string,
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
      return children.length ? children : [new MessageNode(this, 'none', this.empty)];
    });
  }

  protected abstract childrenOf(details: TableDetails): ExplorerNode[];
}

export class ColumnsFolder extends DetailsFolder {
  constructor(parent: TableNode, ctx: ExplorerContext) {
    super(parent, ctx, 'columns', vscode.l10n.t('Columns'), 'symbol-field', vscode.l10n.t('No columns'));
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
      vscode.l10n.t('Logical name: {0}', c.logicalName),
      vscode.l10n.t('Schema name: {0}', c.schemaName),
      vscode.l10n.t({
        message: 'Type: {0} ({1})',
        args: [columnTypeLabel(c), c.attributeTypeName],
        comment: ['{0} is the column type as shown, {1} its Dataverse attribute type name'],
      }),
      vscode.l10n.t('Required: {0}', c.requiredLevel),
      c.maxLength !== undefined && vscode.l10n.t('Max length: {0}', formatCount(c.maxLength)),
      c.precision !== undefined && vscode.l10n.t('Precision: {0}', formatCount(c.precision)),
      !!c.targets?.length && vscode.l10n.t('Targets: {0}', c.targets.join(', ')),
      c.optionSetName && vscode.l10n.t('Choice: {0}', c.optionSetName),
      c.isPrimaryId && vscode.l10n.t('Primary id column'),
      c.isPrimaryName && vscode.l10n.t('Primary name column'),
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

/** The relationship folders, in the display language (computed when shown, not at load). */
function relationshipKinds(): readonly { kind: RelationshipKind; label: string }[] {
  return [
    { kind: 'oneToMany', label: vscode.l10n.t('One-to-many (1:N)') },
    { kind: 'manyToOne', label: vscode.l10n.t('Many-to-one (N:1)') },
    { kind: 'manyToMany', label: vscode.l10n.t('Many-to-many (N:N)') },
  ];
}

export class RelationshipsFolder extends DetailsFolder {
  constructor(parent: TableNode, ctx: ExplorerContext) {
    super(
      parent,
      ctx,
      'relationships',
      vscode.l10n.t('Relationships'),
      'references',
      vscode.l10n.t('No relationships'),
    );
  }

  protected childrenOf(details: TableDetails): ExplorerNode[] {
    return relationshipKinds().map(({ kind, label }) => {
      const list = details.relationships
        .filter((r) => r.kind === kind)
        .sort((a, b) => a.schemaName.localeCompare(b.schemaName));
      return new ListNode(this, kind, label, formatCount(list.length), 'folder', (parent) =>
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
      vscode.l10n.t('Related table: {0}', r.relatedTable),
      r.navigationProperty
        ? vscode.l10n.t('Navigation property: {0}', r.navigationProperty)
        : vscode.l10n.t('Not navigable from this table'),
      r.lookupColumn && vscode.l10n.t('Lookup column: {0}', r.lookupColumn),
      r.intersectTable && vscode.l10n.t('Intersect table: {0}', r.intersectTable),
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
    super(parent, ctx, 'keys', vscode.l10n.t('Keys'), 'key', vscode.l10n.t('No keys'));
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
      vscode.l10n.t('Logical name: {0}', k.logicalName),
      vscode.l10n.t('Schema name: {0}', k.schemaName),
      vscode.l10n.t('Columns: {0}', k.columns.join(', ')),
      k.status && vscode.l10n.t('Index: {0}', k.status),
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
    super(parent, ctx, 'choices', vscode.l10n.t('Choices'), 'symbol-enum', vscode.l10n.t('No choices'));
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
    choice.isGlobal
      ? vscode.l10n.t('global · {0} options', formatCount(choice.options.length))
      : vscode.l10n.t('{0} options', formatCount(choice.options.length)),
    'symbol-enum',
    (p) =>
      choice.options.map(
        (o) =>
          new MessageNode(p, String(o.value), `${o.value}: ${o.label}`, {
            icon: 'symbol-enum-member',
            tooltip: tooltipLines([o.label, vscode.l10n.t('Value: {0}', o.value), o.description]),
          }),
      ),
  );
  node.tooltip = tooltipLines([
    choice.name,
    choice.isGlobal ? vscode.l10n.t('Global choice') : vscode.l10n.t('Local choice'),
    vscode.l10n.t('Used by: {0}', choice.columns.join(', ')),
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
    return children.length ? children : [new MessageNode(this, 'none', vscode.l10n.t('None'))];
  }
}
