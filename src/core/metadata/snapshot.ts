// The read side: what is loaded right now, answered from memory without waiting. Completion asks
// thousands of times while typing, so the maps are built once per table list (shared by every later
// snapshot) and once per table's details (on first question), never per lookup.
import {
  groupOf,
  type ChoiceInfo,
  type ColumnInfo,
  type MetadataSnapshot,
  type RelationshipInfo,
  type TableDetails,
  type TableGroup,
  type TableInfo,
} from './model';

export interface NavigationProperty {
  /** The name to use in $expand and in @odata.bind. */
  readonly name: string;
  readonly relatedTable: string;
  /** true for 1:N and N:N (a list of records), false for N:1 (one record). */
  readonly isCollection: boolean;
  readonly relationship: RelationshipInfo;
}

class TableIndex {
  readonly byLogicalName = new Map<string, TableInfo>();
  readonly byEntitySetName = new Map<string, TableInfo>();
  private groupsCache?: ReadonlyMap<TableGroup, readonly TableInfo[]>;

  constructor(readonly tables: readonly TableInfo[]) {
    for (const t of tables) {
      this.byLogicalName.set(t.logicalName.toLowerCase(), t);
      if (t.entitySetName) this.byEntitySetName.set(t.entitySetName.toLowerCase(), t);
    }
  }

  get groups(): ReadonlyMap<TableGroup, readonly TableInfo[]> {
    if (!this.groupsCache) {
      const groups = new Map<TableGroup, TableInfo[]>([
        ['custom', []],
        ['standard', []],
        ['activity', []],
        ['intersect', []],
      ]);
      for (const t of this.tables) groups.get(groupOf(t))!.push(t);
      this.groupsCache = groups;
    }
    return this.groupsCache;
  }
}

class DetailsIndex {
  readonly columns = new Map<string, ColumnInfo>();
  readonly navigation: NavigationProperty[] = [];
  readonly navigationByName = new Map<string, NavigationProperty>();
  readonly choiceByName = new Map<string, ChoiceInfo>();

  constructor(d: TableDetails) {
    for (const c of d.columns) this.columns.set(c.logicalName.toLowerCase(), c);
    for (const r of d.relationships) {
      if (!r.navigationProperty || this.navigationByName.has(r.navigationProperty.toLowerCase())) continue;
      const nav = {
        name: r.navigationProperty,
        relatedTable: r.relatedTable,
        isCollection: r.kind !== 'manyToOne',
        relationship: r,
      };
      this.navigation.push(nav);
      this.navigationByName.set(nav.name.toLowerCase(), nav);
    }
    for (const c of d.choices) this.choiceByName.set(c.name, c);
  }
}

const detailsIndexes = new WeakMap<TableDetails, DetailsIndex>();

function indexOf(d: TableDetails): DetailsIndex {
  let index = detailsIndexes.get(d);
  if (!index) {
    index = new DetailsIndex(d);
    detailsIndexes.set(d, index);
  }
  return index;
}

export class IndexedSnapshot implements MetadataSnapshot {
  static readonly empty = new IndexedSnapshot([], new Map());

  private readonly index: TableIndex;

  constructor(
    tables: readonly TableInfo[],
    /** Details in memory, by lower-case logical name. */
    readonly detailsByName: ReadonlyMap<string, TableDetails>,
    index?: TableIndex,
  ) {
    this.index = index ?? new TableIndex(tables);
  }

  get tables(): readonly TableInfo[] {
    return this.index.tables;
  }

  /** Same tables (and their maps), other details. */
  withDetails(details: ReadonlyMap<string, TableDetails>): IndexedSnapshot {
    return new IndexedSnapshot(this.index.tables, details, this.index);
  }

  /** Tables by explorer group, each in logical-name order. */
  get groups(): ReadonlyMap<TableGroup, readonly TableInfo[]> {
    return this.index.groups;
  }

  tableByLogicalName(name: string): TableInfo | undefined {
    return this.index.byLogicalName.get(name.toLowerCase());
  }

  tableByEntitySetName(name: string): TableInfo | undefined {
    return this.index.byEntitySetName.get(name.toLowerCase());
  }

  details(logicalName: string): TableDetails | undefined {
    return this.detailsByName.get(logicalName.toLowerCase());
  }

  columns(table: string): readonly ColumnInfo[] | undefined {
    return this.details(table)?.columns;
  }

  column(table: string, column: string): ColumnInfo | undefined {
    const d = this.details(table);
    return d && indexOf(d).columns.get(column.toLowerCase());
  }

  navigationProperties(table: string): readonly NavigationProperty[] | undefined {
    const d = this.details(table);
    return d && indexOf(d).navigation;
  }

  navigationProperty(table: string, name: string): NavigationProperty | undefined {
    const d = this.details(table);
    return d && indexOf(d).navigationByName.get(name.toLowerCase());
  }

  choices(table: string): readonly ChoiceInfo[] | undefined {
    return this.details(table)?.choices;
  }

  /** The choice (option set) a choice, multi-select, state, status or yes/no column uses. */
  choiceOfColumn(table: string, column: string): ChoiceInfo | undefined {
    const d = this.details(table);
    const name = d && indexOf(d).columns.get(column.toLowerCase())?.optionSetName;
    return name ? indexOf(d).choiceByName.get(name) : undefined;
  }
}
