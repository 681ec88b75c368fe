// Table data: captured records, then generated rows (computed on demand), then created rows, with an
// in-memory overlay of writes. A table's row order is stable: position p is always the same record.
import { randomUUID } from 'node:crypto';
import type { AttributeModel, EntityModel, OrgModel } from './model';
import { RecordGenerator, type TableDirectory } from './synthetic/generate';
import { hash32, parseRowGuid } from './util';

export interface Row {
  id: string;
  /** Web API property name → value. */
  values: Record<string, unknown>;
  /** Lookup Web API name → target table logical name. */
  targets: Record<string, string>;
}

export interface StoreOptions {
  seed: number;
  recordsPerTable: number;
  accountRecords?: number;
  /** Captured records by table, inserted before the generated rows. */
  seeds?: Record<string, Record<string, unknown>[]>;
}

let versionCounter = 5_000_000;

export class TableStore {
  private readonly seeded: Row[] = [];
  private readonly created: string[] = [];
  private readonly createdIndex = new Map<string, number>();
  /** id → written row, or null when deleted. */
  private readonly overlay = new Map<string, Row | null>();
  private writeCount = 0;

  constructor(
    public entity: EntityModel,
    readonly tag: number,
    readonly generatedCount: number,
    protected readonly org: OrgStore,
  ) {}

  /** Bumped on every write, so derived indexes know when they are stale. */
  get writes(): number {
    return this.writeCount;
  }

  addSeed(record: Record<string, unknown>): void {
    const values: Record<string, unknown> = {};
    const targets: Record<string, string> = {};
    for (const [k, v] of Object.entries(record)) {
      if (!k.startsWith('@') && !k.includes('@')) {
        values[k] = v;
        const target = this.entity.attrByWebName.get(k)?.targets[0];
        if (target && typeof v === 'string') {
          targets[k] = target;
        }
      }
    }
    const id = String(values[this.entity.primaryIdAttribute]);
    this.seeded.push({ id, values, targets });
  }

  /** Upper bound of positions (deleted rows leave holes). */
  get length(): number {
    return this.seeded.length + this.generatedCount + this.created.length;
  }

  rowAt(pos: number, attrs?: readonly AttributeModel[]): Row | undefined {
    const s = this.seeded.length;
    let id: string;
    if (pos < s) {
      id = this.seeded[pos]!.id;
    } else if (pos < s + this.generatedCount) {
      const i = pos - s;
      const g = this.org.generator.generate(this.entity, i, attrs);
      id = String(g.values[this.entity.primaryIdAttribute]);
      if (!this.overlay.has(id)) {
        return { id, values: g.values, targets: g.targets };
      }
    } else if (pos < this.length) {
      id = this.created[pos - s - this.generatedCount]!;
    } else {
      return undefined;
    }
    const o = this.overlay.get(id);
    if (o === null) {
      return undefined;
    }
    return o ?? this.seeded[pos];
  }

  positionOf(id: string): number | undefined {
    const lower = id.toLowerCase();
    const s = this.seeded.findIndex((r) => r.id.toLowerCase() === lower);
    if (s >= 0) {
      return s;
    }
    const g = parseRowGuid(lower);
    if (g && g.tableTag === this.tag && g.index < this.generatedCount) {
      return this.seeded.length + g.index;
    }
    const c = this.createdIndex.get(lower);
    return c === undefined ? undefined : this.seeded.length + this.generatedCount + c;
  }

  get(id: string, attrs?: readonly AttributeModel[]): Row | undefined {
    const pos = this.positionOf(id);
    const row = pos === undefined ? undefined : this.rowAt(pos, attrs);
    return row && row.id.toLowerCase() === id.toLowerCase() ? row : undefined;
  }

  *scan(from = 0, attrs?: readonly AttributeModel[]): Generator<{ pos: number; row: Row }> {
    for (let pos = from; pos < this.length; pos++) {
      const row = this.rowAt(pos, attrs);
      if (row) {
        yield { pos, row };
      }
    }
  }

  /** Inserts a new row; returns it. */
  create(values: Record<string, unknown>, targets: Record<string, string>, id?: string): Row {
    this.org.touch(this);
    this.writeCount++;
    const newId = (id ?? randomUUID()).toLowerCase();
    const row: Row = { id: newId, values: { ...values, [this.entity.primaryIdAttribute]: newId }, targets };
    this.stamp(row, true);
    this.created.push(newId);
    this.createdIndex.set(newId, this.created.length - 1);
    this.overlay.set(newId, row);
    return row;
  }

  /** Applies changes to an existing row (materializing a generated one first). */
  update(id: string, values: Record<string, unknown>, targets: Record<string, string>): Row | undefined {
    this.org.touch(this);
    this.writeCount++;
    const current = this.get(id);
    if (!current) {
      return undefined;
    }
    const row: Row = {
      id: current.id,
      values: { ...current.values, ...values },
      targets: { ...current.targets, ...targets },
    };
    for (const k of Object.keys(values)) {
      if (values[k] === null) {
        delete row.targets[k];
      }
    }
    this.stamp(row, false);
    this.overlay.set(current.id, row);
    return row;
  }

  delete(id: string): boolean {
    this.org.touch(this);
    this.writeCount++;
    const current = this.get(id);
    if (!current) {
      return false;
    }
    this.overlay.set(current.id, null);
    return true;
  }

  /** Undo support for atomic change sets. */
  snapshot(): () => void {
    const overlay = new Map(this.overlay);
    const created = [...this.created];
    return () => {
      this.writeCount++;
      this.overlay.clear();
      overlay.forEach((v, k) => this.overlay.set(k, v));
      this.created.length = 0;
      this.created.push(...created);
      this.createdIndex.clear();
      created.forEach((c, i) => this.createdIndex.set(c, i));
    };
  }

  private stamp(row: Row, isNew: boolean): void {
    versionCounter += 1;
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (this.entity.attrByName.has('versionnumber')) {
      row.values['versionnumber'] = versionCounter;
    } else {
      row.values['@version'] = versionCounter;
    }
    if (this.entity.attrByName.has('modifiedon')) {
      row.values['modifiedon'] = now;
    }
    if (isNew && this.entity.attrByName.has('createdon')) {
      row.values['createdon'] = now;
    }
    if (isNew) this.defaultState(row);
  }

  /** Dataverse creates a record in its table's first (active) state and status unless the payload sets them. */
  private defaultState(row: Row): void {
    for (const type of ['StateType', 'StatusType']) {
      const attr = this.entity.attributes.find((a) => a.typeName === type);
      const first = attr?.options.find((o) => type === 'StatusType' || o.value === 0) ?? attr?.options[0];
      if (attr && first && (row.values[attr.webApiName] ?? null) === null) row.values[attr.webApiName] = first.value;
    }
  }
}

export function rowVersion(row: Row): number {
  const v = row.values['versionnumber'] ?? row.values['@version'];
  return typeof v === 'number' ? v : hash32(row.id) % 1_000_000;
}

export class OrgStore implements TableDirectory {
  private readonly tables = new Map<string, TableStore>();
  readonly generator: RecordGenerator;

  constructor(
    readonly model: OrgModel,
    private readonly opts: StoreOptions,
  ) {
    this.generator = new RecordGenerator(opts.seed, this);
    for (const e of model.entities) {
      this.tables.set(e.logicalName, this.newTable(e));
    }
    for (const [table, records] of Object.entries(opts.seeds ?? {})) {
      const t = this.tables.get(table);
      records.forEach((r) => t?.addSeed(r));
    }
  }

  private countFor(e: EntityModel): number {
    if (e.logicalName === 'organization') {
      return 1;
    }
    if (e.logicalName === 'account' && this.opts.accountRecords !== undefined) {
      return this.opts.accountRecords;
    }
    return e.isIntersect || e.isAbstract ? 0 : this.opts.recordsPerTable;
  }

  private txn: Map<TableStore, () => void> | undefined;

  /** Starts recording undo information for an atomic change set; returns its rollback. */
  begin(): () => void {
    const txn = new Map<TableStore, () => void>();
    this.txn = txn;
    return () => {
      txn.forEach((undo) => undo());
      this.txn = undefined;
    };
  }

  touch(table: TableStore): void {
    if (this.txn && !this.txn.has(table)) {
      this.txn.set(table, table.snapshot());
    }
  }

  table(logicalName: string): TableStore | undefined {
    return this.tables.get(logicalName);
  }

  /** Puts a table in place of the generated one (the activitypointer union view, runtime-added tables). */
  setTable(logicalName: string, table: TableStore): void {
    this.tables.set(logicalName, table);
  }

  /** A new table store for `e` with the usual generated row count. */
  newTable(e: EntityModel): TableStore {
    return new TableStore(e, hash32(e.logicalName), this.countFor(e), this);
  }

  tagOf(logicalName: string): number {
    return this.tables.get(logicalName)?.tag ?? 0;
  }

  generatedCount(logicalName: string): number {
    return this.tables.get(logicalName)?.generatedCount ?? 0;
  }

  primaryName(logicalName: string, id: string): string | null {
    const t = this.tables.get(logicalName);
    const name = t?.entity.primaryNameAttribute;
    const attr = name ? t?.entity.attrByName.get(name) : undefined;
    const v = attr ? t?.get(id, [attr])?.values[attr.webApiName] : undefined;
    return typeof v === 'string' ? v : null;
  }
}
