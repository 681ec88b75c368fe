// One emulated organization: its table model (CSDL + generated tables), data store, metadata routes
// and the change tracking that RetrieveMetadataChanges and the control endpoint's edits share.
import type { DataverseOptions } from '../contract';
import { loadOrgModel } from './csdl';
import { loadCaptures, type Captures } from './captures';
import { indexOrg, type EntityModel, type OrgModel } from './model';
import { OrgStore, type TableStore } from './store';
import { QueryEngine } from './query';
import { MetadataRoutes } from './metadata/routes';
import { MetadataVersions } from './metadata/versions';
import { MetadataEditor } from './metadata/edit';
import { MetadataChanges } from './metadata/changes';
import { SyntheticTables } from './synthetic/synthetic';
import { UnionTableStore } from './union';
import { stableGuid } from './util';

export class Org {
  readonly model: OrgModel;
  readonly store: OrgStore;
  readonly engine: QueryEngine;
  readonly metadata: MetadataRoutes;
  readonly versions = new MetadataVersions();
  readonly editor: MetadataEditor;
  readonly changes: MetadataChanges;
  readonly captures: Captures;
  readonly seed: number;

  constructor(opts: DataverseOptions) {
    this.seed = opts.seed ?? 1;
    this.model = orgModel(opts);
    this.captures = loadCaptures();
    this.store = new OrgStore(this.model, {
      seed: this.seed,
      recordsPerTable: opts.recordsPerTable,
      accountRecords: opts.accountRecords,
      seeds: Object.fromEntries(Object.entries(this.captures.records).filter(([t]) => this.model.byLogicalName.has(t))),
    });
    for (const e of this.model.entities.filter((x) => x.isAbstract)) {
      // Recomputed only when tables come or go (a deleted activity table leaves activitypointers too).
      let memo: { count: number; parts: TableStore[] } | undefined;
      const parts = (): TableStore[] => {
        if (memo?.count !== this.model.entities.length) {
          memo = {
            count: this.model.entities.length,
            parts: this.model.entities
              .filter((x) => x.baseTable === e.logicalName)
              .map((x) => this.store.table(x.logicalName))
              .filter((t): t is TableStore => t !== undefined),
          };
        }
        return memo.parts;
      };
      this.store.setTable(e.logicalName, new UnionTableStore(e, this.store, parts));
    }
    this.engine = new QueryEngine(this.store);
    this.metadata = new MetadataRoutes(this.model, this.captures, this.versions);
    this.editor = new MetadataEditor(this);
    this.changes = new MetadataChanges(this);
  }

  /** The first generated row of a table (the root business unit, the organization). */
  firstId(table: string, fallback: string): string {
    const row = this.store.table(table)?.rowAt(0, []);
    return row?.id ?? stableGuid(fallback);
  }
}

/**
 * A model of this org's own: the parsed CSDL is shared by every org in the process (it is cached per
 * path), and run-time edits must not leak from one org into another.
 */
function orgModel(opts: DataverseOptions): OrgModel {
  const base = loadOrgModel(opts.metadataPath);
  const extra: EntityModel[] = opts.extraTables
    ? new SyntheticTables(opts.extraTables, opts.extraTableColumns).entities
    : [];
  return indexOrg([...base.entities, ...extra], base.csdl);
}
