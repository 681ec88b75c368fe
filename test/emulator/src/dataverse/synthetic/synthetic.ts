// Generated tables that scale an org (--extra-tables N --extra-table-columns M): realistic names,
// labels, lookups (to each other and to account/contact), local and global choices, alternate keys.
// Table-level facts are computed at start; columns and navigation properties only when a request
// needs them, and only the most recently used tables keep theirs, so 1,000 tables × 400 columns
// start at once and stay small.
import type { AttributeModel, EntityModel, EntityTraits, KeyModel, NavModel } from '../model';
import { tableName } from './names';
import { columnSpecs, pascal, LOOKUP_REACH, SYSTEM_COLUMNS, type ColumnSpec } from './columns';
import { EDM_OF, optionsFor } from '../infer';
import { stableGuid } from '../util';

export const DEFAULT_EXTRA_TABLE_COLUMNS = 20;
export { columnSpecs, SYSTEM_COLUMNS };

const KEEP_MATERIALIZED = 48;

interface Summary {
  image: string | null;
  lookups: ColumnSpec[];
  globals: ColumnSpec[];
}

interface Materialized {
  attributes: AttributeModel[];
  attrByName: Map<string, AttributeModel>;
  attrByWebName: Map<string, AttributeModel>;
  navs: NavModel[];
  navByName: Map<string, NavModel>;
}

function toAttribute(entity: string, spec: ColumnSpec, primaryId: string, primaryName: string): AttributeModel {
  const lookup = Boolean(spec.targets);
  const options = spec.choices
    ? spec.choices.map((label, i) => ({ value: 100000000 + i, label }))
    : optionsFor(entity, spec.logicalName, spec.typeName);
  return {
    logicalName: spec.logicalName,
    schemaName: spec.schemaName,
    typeName: spec.typeName,
    webApiName: lookup ? `_${spec.logicalName}_value` : spec.logicalName,
    edmType: EDM_OF[spec.typeName] ?? 'Edm.Guid',
    description: '',
    readOnly: Boolean(spec.readOnly),
    isPrimaryId: spec.logicalName === primaryId,
    isPrimaryName: spec.logicalName === primaryName,
    targets: spec.targets ?? [],
    options,
    metadataId: stableGuid(`attr:${entity}.${spec.logicalName}`),
    displayName: spec.displayName,
    ...(spec.global ? { globalOptionSet: spec.global } : {}),
  };
}

/** A generated table: eager table-level facts, columns and navigation properties on demand. */
export class SyntheticEntity implements EntityModel {
  readonly logicalName: string;
  readonly schemaName: string;
  readonly entitySetName: string;
  readonly primaryIdAttribute: string;
  readonly primaryNameAttribute: string;
  readonly description: string;
  readonly displayName: string;
  readonly displayCollectionName: string;
  readonly objectTypeCode: number;
  readonly metadataId: string;
  readonly isCustom = true;
  readonly isActivity = false;
  readonly isIntersect = false;
  readonly synthetic = true;
  readonly ownership = 'UserOwned' as const;
  readonly keys: KeyModel[];
  private traitsMemo?: EntityTraits;

  constructor(
    readonly n: number,
    private readonly tables: SyntheticTables,
  ) {
    const t = tableName(n);
    this.logicalName = t.logicalName;
    this.schemaName = `${t.prefix}_${pascal(t.displayName)}`;
    this.entitySetName = t.entitySetName;
    this.primaryIdAttribute = `${t.logicalName}id`;
    this.primaryNameAttribute = `${t.prefix}_name`;
    this.displayName = t.displayName;
    this.displayCollectionName = t.displayCollectionName;
    this.description = `${t.displayCollectionName} of the ${t.prefix} solution.`;
    this.objectTypeCode = 20000 + n;
    this.metadataId = stableGuid(`entity:${t.logicalName}`);
    this.keys =
      n % 5 === 0 && tables.columns > SYSTEM_COLUMNS
        ? [
            {
              logicalName: `${t.prefix}_${t.logicalName.slice(t.prefix.length + 1)}_reference_key`,
              attributes: [`${t.prefix}_reference`],
              displayName: 'Reference',
            },
          ]
        : [];
  }

  /** Answered from the table's summary, so listing tables never builds their columns. */
  get traits(): EntityTraits {
    this.traitsMemo ??= { hasEmail: false, hasState: true, primaryImage: this.tables.summary(this.n).image };
    return this.traitsMemo;
  }

  globalChoices(): AttributeModel[] {
    return this.tables.globalChoices();
  }

  get attributes(): AttributeModel[] {
    return this.tables.materialize(this).attributes;
  }
  get attrByName(): Map<string, AttributeModel> {
    return this.tables.materialize(this).attrByName;
  }
  get attrByWebName(): Map<string, AttributeModel> {
    return this.tables.materialize(this).attrByWebName;
  }
  get navs(): NavModel[] {
    return this.tables.materialize(this).navs;
  }
  get navByName(): Map<string, NavModel> {
    return this.tables.materialize(this).navByName;
  }
}

/** Owns the generated tables of one org and the few whose columns are currently built. */
export class SyntheticTables {
  readonly entities: SyntheticEntity[];
  private readonly built = new Map<number, Materialized>();

  constructor(
    readonly count: number,
    readonly columns: number = DEFAULT_EXTRA_TABLE_COLUMNS,
  ) {
    this.columns = Math.max(columns, SYSTEM_COLUMNS);
    this.entities = Array.from({ length: count }, (_, i) => new SyntheticEntity(i + 1, this));
  }

  private globals?: AttributeModel[];
  private readonly summaries = new Map<number, Summary>();

  /** What other tables need to know about table n (its lookups, image, shared choices), from one pass over its specs. */
  summary(n: number): Summary {
    let s = this.summaries.get(n);
    if (!s) {
      const specs = columnSpecs(n, this.columns);
      s = {
        image: specs.find((c) => c.typeName === 'ImageType')?.logicalName ?? null,
        lookups: specs.filter((c) => c.targets),
        globals: specs.filter((c) => c.global),
      };
      this.summaries.set(n, s);
    }
    return s;
  }

  /** The shared choices, from the column specs (no table is built for this). */
  globalChoices(): AttributeModel[] {
    if (!this.globals) {
      const byName = new Map<string, AttributeModel>();
      for (const e of this.entities) {
        for (const s of this.summary(e.n).globals) {
          if (!byName.has(s.global!)) byName.set(s.global!, toAttribute(e.logicalName, s, '', ''));
        }
      }
      this.globals = [...byName.values()];
    }
    return this.globals;
  }

  /** How many tables have their columns built right now. */
  get builtCount(): number {
    return this.built.size;
  }

  materialize(e: SyntheticEntity): Materialized {
    const hit = this.built.get(e.n);
    if (hit) {
      this.built.delete(e.n);
      this.built.set(e.n, hit);
      return hit;
    }
    const attributes = columnSpecs(e.n, this.columns).map((s) =>
      toAttribute(e.logicalName, s, e.primaryIdAttribute, e.primaryNameAttribute),
    );
    const navs = [...this.lookupNavs(e.n), ...this.backNavs(e.n)];
    const m: Materialized = {
      attributes,
      attrByName: new Map(attributes.map((a) => [a.logicalName, a])),
      attrByWebName: new Map(attributes.map((a) => [a.webApiName, a])),
      navs,
      navByName: new Map(navs.map((v) => [v.name, v])),
    };
    this.built.set(e.n, m);
    if (this.built.size > KEEP_MATERIALIZED) this.built.delete(this.built.keys().next().value!);
    return m;
  }

  /** Relationship schema names as Dataverse forms them (lk_…_createdby, contoso_account_contoso_vehicle_ParentId). */
  private relationship(n: number, spec: ColumnSpec, target: string): string {
    const t = tableName(n);
    if (spec.typeName === 'OwnerType') return `user_${t.logicalName}`;
    if (spec.logicalName === 'owningbusinessunit') return `business_unit_${t.logicalName}`;
    if (!spec.logicalName.startsWith(`${t.prefix}_`)) return `lk_${t.logicalName}_${spec.logicalName}`;
    return `${t.prefix}_${target}_${t.logicalName}_${spec.schemaName.slice(spec.schemaName.indexOf('_') + 1)}`;
  }

  /** Single-valued navigation properties: system lookups by logical name, custom ones by schema name. */
  private lookupNavs(n: number): NavModel[] {
    return this.summary(n).lookups.flatMap((s) => {
      const targets = s.typeName === 'OwnerType' ? s.targets!.slice(0, 1) : s.targets!;
      const custom = s.logicalName.includes('_');
      return targets.map((target) => ({
        name: targets.length > 1 ? `${s.schemaName}_${target}` : custom ? s.schemaName : s.logicalName,
        target,
        collection: false,
        referentialProperty: `_${s.logicalName}_value`,
        partner: this.relationship(n, s, target),
      }));
    });
  }

  /** 1:N navigation properties: the lookups of the next few generated tables that point here. */
  private backNavs(n: number): NavModel[] {
    const me = tableName(n).logicalName;
    const out: NavModel[] = [];
    for (let m = n + 1; m <= Math.min(this.count, n + LOOKUP_REACH); m++) {
      for (const nav of this.lookupNavs(m)) {
        if (nav.target === me) {
          out.push({ name: nav.partner!, target: tableName(m).logicalName, collection: true, partner: nav.name });
        }
      }
    }
    return out;
  }
}

/** One column per global choice the generated tables use (for GlobalOptionSetDefinitions). */
export function globalChoiceAttributes(entities: readonly EntityModel[]): AttributeModel[] {
  const first = entities.find((e): e is SyntheticEntity => e instanceof SyntheticEntity);
  return first ? first.globalChoices() : [];
}
