// Indexes a MetadataSnapshot for the scratchpad: case-insensitive maps from Web API names to columns
// and navigation properties, and completion items built once per table. Keyed by object identity
// (WeakMap), so a refreshed snapshot or table is indexed again and nothing is scanned per keystroke.
import type {
  ChoiceInfo,
  ColumnInfo,
  MetadataSnapshot,
  RelationshipInfo,
  TableDetails,
  TableInfo,
} from '../../metadata/model';
import * as l10n from '@vscode/l10n';
import type { CompletionItem } from './completionTypes';
import { COLUMN_KIND_LABELS, isLookupKind } from '../../metadata/columnKinds';

export interface ColumnEntry {
  readonly column: ColumnInfo;
  /** The property name in the Web API: `_parentcustomerid_value` for lookups, else the logical name. */
  readonly webName: string;
  /** False for columns the Web API does not expose, such as a lookup's name column (`primarycontactidname`). */
  readonly inWebApi: boolean;
}

export function isLookup(column: ColumnInfo): boolean {
  return isLookupKind(column.kind);
}

export function typeLabel(column: ColumnInfo): string {
  const base = COLUMN_KIND_LABELS[column.kind] ?? column.kind;
  return column.targets && column.targets.length > 0 ? `${base} → ${column.targets.join(', ')}` : base;
}

function columnItem(e: ColumnEntry, label: string): CompletionItem {
  const c = e.column;
  return {
    label,
    kind: 'column',
    detail: `${typeLabel(c)} · ${c.displayName}`,
    ...(c.description ? { documentation: c.description } : {}),
    sortText: `${c.isPrimaryName ? 0 : c.isPrimaryId ? 1 : 2}${label.replace(/^_/, '')}`,
  };
}

export class TableIndex {
  readonly table: TableInfo;
  private readonly byName = new Map<string, ColumnEntry>();
  private readonly navs = new Map<string, RelationshipInfo>();
  private readonly choices = new Map<string, ChoiceInfo>();
  private cache: {
    web?: CompletionItem[];
    logical?: CompletionItem[];
    nav?: CompletionItem[];
    single?: CompletionItem[];
  } = {};
  private readonly choiceItems = new Map<string, CompletionItem[]>();
  readonly entries: readonly ColumnEntry[];

  constructor(readonly details: TableDetails) {
    this.table = details.table;
    const byLogical = new Map(details.columns.map((c) => [c.logicalName.toLowerCase(), c]));
    this.entries = details.columns.map((column) => {
      const owner = column.attributeOf ? byLogical.get(column.attributeOf.toLowerCase()) : undefined;
      const webName = isLookup(column) ? `_${column.logicalName}_value` : column.logicalName;
      return { column, webName, inWebApi: !(owner && isLookup(owner)) };
    });
    for (const e of this.entries) {
      this.byName.set(e.column.logicalName.toLowerCase(), e);
      this.byName.set(e.webName.toLowerCase(), e);
    }
    for (const r of details.relationships) {
      if (r.navigationProperty) this.navs.set(r.navigationProperty.toLowerCase(), r);
    }
    for (const ch of details.choices) for (const col of ch.columns) this.choices.set(col.toLowerCase(), ch);
  }

  /** A column by its logical name or Web API name, in any case. */
  column(name: string): ColumnEntry | undefined {
    return this.byName.get(name.toLowerCase());
  }

  navigation(name: string): RelationshipInfo | undefined {
    return this.navs.get(name.toLowerCase());
  }

  choiceOf(column: ColumnInfo): ChoiceInfo | undefined {
    return (
      this.choices.get(column.logicalName.toLowerCase()) ??
      (column.optionSetName ? this.details.choices.find((c) => c.name === column.optionSetName) : undefined)
    );
  }

  /** Columns by Web API name ($select, $filter, $orderby). */
  webColumnItems(): readonly CompletionItem[] {
    return (this.cache.web ??= this.entries.filter((e) => e.inWebApi).map((e) => columnItem(e, e.webName)));
  }

  /** Columns by logical name (FetchXML, PropertyName='…'). */
  logicalColumnItems(): readonly CompletionItem[] {
    return (this.cache.logical ??= this.entries.map((e) => columnItem(e, e.column.logicalName)));
  }

  /** Navigation properties ($expand); `singleOnly` for paths in $filter. */
  navigationItems(singleOnly = false): readonly CompletionItem[] {
    const key = singleOnly ? 'single' : 'nav';
    return (this.cache[key] ??= this.details.relationships
      .filter((r) => r.navigationProperty && (!singleOnly || r.kind === 'manyToOne'))
      .map((r) => ({
        label: r.navigationProperty!,
        kind: 'navigation' as const,
        detail:
          r.kind === 'manyToOne' ? l10n.t('Single → {0}', r.relatedTable) : l10n.t('Collection → {0}', r.relatedTable),
        documentation: l10n.t('Relationship {0}', r.schemaName),
        sortText: `3${r.navigationProperty!}`,
      })));
  }

  valueItems(column: ColumnInfo): readonly CompletionItem[] {
    const key = column.logicalName.toLowerCase();
    let items = this.choiceItems.get(key);
    if (!items) {
      const choice = this.choiceOf(column);
      items = (choice?.options ?? []).map((o, i) => ({
        label: String(o.value),
        kind: 'value' as const,
        detail: o.label,
        ...(o.description ? { documentation: o.description } : {}),
        sortText: String(i).padStart(5, '0'),
      }));
      this.choiceItems.set(key, items);
    }
    return items;
  }
}

const tableIndexes = new WeakMap<TableDetails, TableIndex>();

export function tableIndex(details: TableDetails): TableIndex {
  let index = tableIndexes.get(details);
  if (!index) {
    index = new TableIndex(details);
    tableIndexes.set(details, index);
  }
  return index;
}

interface SnapshotItems {
  readonly tables: readonly TableInfo[];
  entitySets?: CompletionItem[];
  logicalNames?: CompletionItem[];
}

const snapshotItems = new WeakMap<MetadataSnapshot, SnapshotItems>();

function itemsOf(snapshot: MetadataSnapshot): SnapshotItems {
  let items = snapshotItems.get(snapshot);
  if (!items || items.tables !== snapshot.tables) {
    items = { tables: snapshot.tables };
    snapshotItems.set(snapshot, items);
  }
  return items;
}

function tableDoc(t: TableInfo): Pick<CompletionItem, 'documentation'> {
  return t.description ? { documentation: t.description } : {};
}

/** Entity set names, for the start of a Web API path. */
export function entitySetItems(snapshot: MetadataSnapshot): readonly CompletionItem[] {
  const items = itemsOf(snapshot);
  return (items.entitySets ??= snapshot.tables
    .filter((t) => t.entitySetName)
    .map((t) => ({
      label: t.entitySetName!,
      kind: 'table' as const,
      detail: `${t.displayName} (${t.logicalName})`,
      ...tableDoc(t),
    })));
}

/** Logical names, for FetchXML's entity and link-entity. */
export function logicalNameItems(snapshot: MetadataSnapshot): readonly CompletionItem[] {
  const items = itemsOf(snapshot);
  return (items.logicalNames ??= snapshot.tables.map((t) => ({
    label: t.logicalName,
    kind: 'table' as const,
    detail: `${t.displayName}${t.entitySetName ? ` · ${t.entitySetName}` : ''}`,
    ...tableDoc(t),
  })));
}

/** The table's index when its details are loaded. */
export function indexFor(snapshot: MetadataSnapshot, table: TableInfo | undefined): TableIndex | undefined {
  const details = table ? snapshot.details(table.logicalName) : undefined;
  return details ? tableIndex(details) : undefined;
}
