// EntityDefinitions and GlobalOptionSetDefinitions: keys, navigation to Attributes / relationships /
// Keys, derived-type casts (also inside $expand), $select checked against the addressed type, $filter
// and $expand=OptionSet|GlobalOptionSet|Attributes(...).
import type { AttributeModel, EntityModel, OrgModel } from '../model';
import { MetadataBuilder, type Json } from './metadata';
import { attributeMetadata, castOf, matchesCast, optionSetMetadata, syntheticAttributeFromCapture } from './attributes';
import type { Captures } from '../captures';
import type { ExpandItem, QueryOptions } from '../options';
import { propertyNotFound, segmentNotFound, ODataError, Codes } from '../errors';
import { attributeType, checkSelect, filterObjects, select, selectCtx, withLabels, type MetaType } from './select';
import type { MetadataVersions } from './versions';
import { globalChoiceAttributes } from '../synthetic/synthetic';

const NAVS = ['Attributes', 'OneToManyRelationships', 'ManyToOneRelationships', 'ManyToManyRelationships', 'Keys'];
const ENUM_TYPES = new Set(['PicklistType', 'StateType', 'StatusType', 'MultiSelectPicklistType', 'BooleanType']);
const CRM = 'Microsoft.Dynamics.CRM.';

export interface MetaResult {
  body: Json;
}

function keyOf(segment: string): { name: string; key?: { prop: string; value: string } } {
  const m = /^([\w.]+)\((?:(\w+)=)?'?([^')]*)'?\)$/.exec(segment);
  if (!m) return { name: segment };
  return { name: m[1]!, key: { prop: m[2] ?? 'MetadataId', value: m[3]! } };
}

/** `Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata` → nav and cast. */
function splitCast(nav: string): { nav: string; cast?: string } {
  const i = nav.indexOf('/');
  return i < 0 ? { nav } : { nav: nav.slice(0, i), cast: nav.slice(i + 1) };
}

export class MetadataRoutes {
  readonly builder: MetadataBuilder;
  private readonly attrCache = new Map<string, AttributeModel[]>();
  private csdlGlobals?: Set<string>;
  /** Columns added or removed at run time on tables whose column list is captured. */
  private readonly added = new Map<string, AttributeModel[]>();
  private readonly removed = new Map<string, Set<string>>();

  constructor(
    private readonly model: OrgModel,
    private readonly captures: Captures,
    readonly versions: MetadataVersions,
  ) {
    this.builder = new MetadataBuilder(model, captures);
  }

  private get entities(): EntityModel[] {
    return this.model.entities;
  }

  /** Forgets what was built for a table (after a run-time edit). */
  invalidate(table: string): void {
    this.attrCache.delete(table);
    this.builder.invalidate(table);
  }

  noteColumnAdded(table: string, a: AttributeModel): void {
    this.added.set(table, [...(this.added.get(table) ?? []), a]);
    this.invalidate(table);
  }

  noteColumnRemoved(table: string, logicalName: string): void {
    this.removed.set(table, new Set([...(this.removed.get(table) ?? []), logicalName]));
    this.added.set(
      table,
      (this.added.get(table) ?? []).filter((a) => a.logicalName !== logicalName),
    );
    this.invalidate(table);
  }

  handle(segments: string[], q: QueryOptions, base: string): MetaResult {
    const first = keyOf(segments[0]!);
    if (first.name === 'GlobalOptionSetDefinitions') {
      return this.globalOptionSets(first.key, segments.slice(1), q, base);
    }
    const expandNames = q.expand.map((x) => splitCast(x.nav).nav);
    const entityType: MetaType = { name: 'EntityMetadata' };
    if (!first.key) {
      if (segments.length > 1) throw segmentNotFound(segments[1]!);
      const list = this.entities.map((e) => this.entityJson(e, q.expand));
      const filtered = q.filter ? filterObjects(list, q.filter) : list;
      return {
        body: {
          '@odata.context': `${base}$metadata#EntityDefinitions${selectCtx(q.select, expandNames)}`,
          value: filtered.map((o) => select(o, q.select, entityType, expandNames)),
        },
      };
    }
    const e = this.findEntity(first.key);
    if (segments.length === 1) {
      const o = select(this.entityJson(e, q.expand), q.select, entityType, expandNames);
      return {
        body: {
          '@odata.context': `${base}$metadata#EntityDefinitions${selectCtx(q.select, expandNames)}/$entity`,
          ...o,
        },
      };
    }
    const nav = keyOf(segments[1]!);
    const ctx = `${base}$metadata#EntityDefinitions('${e.logicalName}')/${nav.name}`;
    if (nav.name === 'Attributes') return this.attributes(e, nav.key, segments.slice(2), q, ctx);
    if (!NAVS.includes(nav.name) || segments.length > 2) throw segmentNotFound(segments[segments.length - 1]!);
    const list = this.navList(e, nav.name);
    const filtered = q.filter ? filterObjects(list, q.filter) : list;
    return {
      body: {
        '@odata.context': `${ctx}${selectCtx(q.select)}`,
        value: filtered.map((o) => select(o, q.select, { name: 'MetadataBase' })),
      },
    };
  }

  findEntity(key: { prop: string; value: string }): EntityModel {
    const v = key.value.toLowerCase();
    const e =
      key.prop === 'LogicalName' ? this.model.byLogicalName.get(v) : this.entities.find((x) => x.metadataId === v);
    if (!e) {
      throw new ODataError(
        404,
        Codes.notFound,
        key.prop === 'LogicalName'
          ? `Could not find an entity with specified entity name: ${key.value}`
          : `EntityId = ${key.value} Does Not Exist`,
      );
    }
    return e;
  }

  /** The MetadataId clients see (captured tables keep the recorded one). */
  entityMetadataId(e: EntityModel): string {
    return String(this.builder.entity(e)['MetadataId']);
  }

  /** EntityMetadata with run-time label edits, without navigation collections unless expanded. */
  entityJson(e: EntityModel, expand: ExpandItem[] = []): Json {
    const o: Json = { ...withLabels(this.builder.entity(e), this.versions) };
    for (const x of expand) {
      const { nav, cast } = splitCast(x.nav);
      if (!NAVS.includes(nav) || (cast && nav !== 'Attributes')) throw propertyNotFound(x.nav, 'EntityMetadata');
      o[nav] = nav === 'Attributes' ? this.expandedAttributes(e, cast, x) : this.expandedNav(e, nav, x);
    }
    return o;
  }

  private expandedAttributes(e: EntityModel, cast: string | undefined, x: ExpandItem): Json[] {
    const type = attributeType(cast);
    checkSelect(x.select, type);
    let models = this.attributeModels(e);
    if (cast) models = models.filter((a) => matchesCast(a, `${CRM}${cast.replace(CRM, '')}`));
    const inner = (x.expand ?? []).map((i) => i.nav);
    this.checkOptionSetExpand(inner, cast);
    let list = models.map((a) => this.attributeJson(e, a, inner));
    if (x.filter) list = filterObjects(list, x.filter);
    return list.map((o) => select(o, x.select, type, inner));
  }

  private expandedNav(e: EntityModel, nav: string, x: ExpandItem): Json[] {
    const list = this.navList(e, nav);
    const filtered = x.filter ? filterObjects(list, x.filter) : list;
    return filtered.map((o) =>
      select(o, x.select, { name: nav === 'Keys' ? 'EntityKeyMetadata' : 'RelationshipMetadataBase' }),
    );
  }

  navList(e: EntityModel, nav: string): Json[] {
    if (nav === 'Attributes') return this.attributeModels(e).map((a) => this.attributeJson(e, a, []));
    if (nav === 'Keys') return this.builder.keys(e);
    return this.builder.relationships(e, nav.replace('Relationships', '') as 'OneToMany' | 'ManyToOne' | 'ManyToMany');
  }

  attributeModels(e: EntityModel): AttributeModel[] {
    const captured = this.captures.attributeLists.get(e.logicalName);
    if (!captured) return e.attributes;
    let list = this.attrCache.get(e.logicalName);
    if (!list) {
      const gone = this.removed.get(e.logicalName) ?? new Set<string>();
      list = [
        ...captured
          .filter((item) => !gone.has(String(item['LogicalName'])))
          .map((item) => syntheticAttributeFromCapture(e, item)),
        ...(this.added.get(e.logicalName) ?? []),
      ];
      this.attrCache.set(e.logicalName, list);
    }
    return list;
  }

  /** OptionSet and GlobalOptionSet are navigation properties of the choice types, so they need the cast. */
  private checkOptionSetExpand(expand: string[], cast: string | undefined): void {
    for (const x of expand) {
      if ((x !== 'OptionSet' && x !== 'GlobalOptionSet') || !cast) {
        throw propertyNotFound(x, cast?.replace(CRM, '') ?? 'AttributeMetadata');
      }
    }
  }

  private attributes(
    e: EntityModel,
    key: { prop: string; value: string } | undefined,
    rest: string[],
    q: QueryOptions,
    ctx: string,
  ): MetaResult {
    let models = this.attributeModels(e);
    if (key) {
      const v = key.value.toLowerCase();
      models = models.filter((a) => (key.prop === 'LogicalName' ? a.logicalName === v : a.metadataId === v));
      if (models.length === 0) {
        throw new ODataError(
          404,
          Codes.notFound,
          `Could not find attribute with ${key.prop} ${key.value} for entity ${e.logicalName}`,
        );
      }
    }
    const cast = rest[0];
    if (rest.length > 1 || (cast && !cast.startsWith(CRM))) throw segmentNotFound(rest[rest.length - 1]!);
    if (cast) {
      models = models.filter((a) => matchesCast(a, cast));
      if (key && models.length === 0) throw segmentNotFound(cast);
    }
    const expand = q.expand.map((x) => x.nav);
    this.checkOptionSetExpand(expand, cast);
    // The URL's type decides what $select may name: AttributeMetadata unless it casts (even for one attribute).
    const type = attributeType(cast);
    checkSelect(q.select, type);
    let list = models.map((a) => this.attributeJson(e, a, expand));
    if (q.filter) list = filterObjects(list, q.filter);
    const sel = selectCtx(q.select, expand);
    if (key) {
      const typeCtx = cast ?? castOf(models[0]!);
      return {
        body: {
          '@odata.context': `${ctx}${typeCtx ? `/${typeCtx}` : ''}${sel}/$entity`,
          ...select(list[0]!, q.select, type, expand),
        },
      };
    }
    return {
      body: {
        '@odata.context': `${ctx}${cast ? `/${cast}` : ''}${sel}`,
        value: list.map((o) => select(o, q.select, type, expand)),
      },
    };
  }

  attributeJson(e: EntityModel, a: AttributeModel, expand: string[]): Json {
    const o = withLabels(attributeMetadata(e, a, e.attributes.indexOf(a) + 1), this.versions);
    if (!ENUM_TYPES.has(a.typeName)) return o;
    const global = this.globalNameOf(a);
    if (expand.includes('OptionSet')) o['OptionSet'] = optionSetMetadata(e, a, global);
    if (expand.includes('GlobalOptionSet')) o['GlobalOptionSet'] = global ? optionSetMetadata(e, a, global) : null;
    return o;
  }

  /** Shared choices: the generated tables say so; CSDL picklists that recur in three or more tables are taken as global. */
  private globalNameOf(a: AttributeModel): string | undefined {
    if (a.globalOptionSet) return a.globalOptionSet;
    if (a.typeName !== 'PicklistType') return undefined;
    if (!this.csdlGlobals) {
      const seen = new Map<string, number>();
      for (const e of this.entities) {
        if (e.synthetic) continue;
        for (const x of e.attributes) {
          if (x.typeName === 'PicklistType') seen.set(x.logicalName, (seen.get(x.logicalName) ?? 0) + 1);
        }
      }
      this.csdlGlobals = new Set([...seen].filter(([, n]) => n >= 3).map(([k]) => k));
    }
    return this.csdlGlobals.has(a.logicalName) ? a.logicalName : undefined;
  }

  private globalOptionSets(
    key: { prop: string; value: string } | undefined,
    rest: string[],
    q: QueryOptions,
    base: string,
  ): MetaResult {
    const sets = new Map<string, Json>();
    for (const e of this.entities) {
      if (e.synthetic) continue;
      for (const a of e.attributes) {
        const name = this.globalNameOf(a);
        if (name && !sets.has(name)) sets.set(name, optionSetMetadata(e, a, name));
      }
    }
    for (const a of globalChoiceAttributes(this.entities)) {
      sets.set(a.globalOptionSet!, optionSetMetadata(undefined, a, a.globalOptionSet));
    }
    const cast = rest[0];
    if (rest.length > 1 || (cast && !/^Microsoft\.Dynamics\.CRM\.(Boolean)?OptionSetMetadata$/.test(cast))) {
      throw segmentNotFound(rest[rest.length - 1]!);
    }
    const type: MetaType = {
      name: cast ? cast.replace(CRM, '') : 'OptionSetMetadataBase',
      keys: cast
        ? undefined
        : new Set(
            Object.keys(
              optionSetMetadata(
                undefined,
                { logicalName: 'x', typeName: 'StateType', options: [] } as unknown as AttributeModel,
                'x',
              ),
            ).filter((k) => !['Options', 'TrueOption', 'FalseOption'].includes(k)),
          ),
    };
    const all = [...sets.values()].filter((s) => !cast || s['@odata.type'] === `#${cast}`);
    const ctx = `${base}$metadata#GlobalOptionSetDefinitions${cast ? `/${cast}` : ''}${selectCtx(q.select)}`;
    if (key) {
      const hit = all.find((s) =>
        key.prop === 'Name' ? s['Name'] === key.value : s['MetadataId'] === key.value.toLowerCase(),
      );
      if (!hit) throw new ODataError(404, Codes.notFound, `Could not find optionset with name or id '${key.value}'`);
      return { body: { '@odata.context': `${ctx}/$entity`, ...select(hit, q.select, type) } };
    }
    const filtered = q.filter ? filterObjects(all, q.filter) : all;
    return { body: { '@odata.context': ctx, value: filtered.map((o) => select(o, q.select, type)) } };
  }
}
