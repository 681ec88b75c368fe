// EntityDefinitions and GlobalOptionSetDefinitions: keys, navigation to Attributes / relationships /
// Keys, derived-type casts, $select, $filter and $expand=OptionSet|GlobalOptionSet|Attributes.
import type { AttributeModel, EntityModel } from './model';
import { MetadataBuilder, type Json } from './metadata';
import { attributeMetadata, castOf, matchesCast, optionSetMetadata, syntheticAttributeFromCapture } from './attributes';
import type { Captures } from './captures';
import { evaluate, parseFilter } from './filter';
import type { QueryOptions } from './options';
import { badQuery, propertyNotFound, segmentNotFound, ODataError, Codes } from './errors';

const NAVS = ['Attributes', 'OneToManyRelationships', 'ManyToOneRelationships', 'ManyToManyRelationships', 'Keys'];
const ENUM_TYPES = new Set(['PicklistType', 'StateType', 'StatusType', 'MultiSelectPicklistType', 'BooleanType']);

export interface MetaResult { body: Json }

function keyOf(segment: string): { name: string; key?: { prop: string; value: string } } {
  const m = /^([\w.]+)\((?:(\w+)=)?'?([^')]*)'?\)$/.exec(segment);
  if (!m) return { name: segment };
  return { name: m[1]!, key: { prop: m[2] ?? 'MetadataId', value: m[3]! } };
}

export class MetadataRoutes {
  private readonly builder: MetadataBuilder;
  private readonly attrCache = new Map<string, AttributeModel[]>();
  private readonly globalNames: Set<string>;

  constructor(private readonly entities: EntityModel[], private readonly captures: Captures,
    model: ConstructorParameters<typeof MetadataBuilder>[0]) {
    this.builder = new MetadataBuilder(model, captures);
    const seen = new Map<string, number>();
    for (const e of entities) {
      for (const a of e.attributes) {
        if (a.typeName === 'PicklistType') seen.set(a.logicalName, (seen.get(a.logicalName) ?? 0) + 1);
      }
    }
    this.globalNames = new Set([...seen].filter(([, n]) => n >= 3).map(([k]) => k));
  }

  handle(segments: string[], q: QueryOptions, base: string): MetaResult {
    const first = keyOf(segments[0]!);
    if (first.name === 'GlobalOptionSetDefinitions') {
      return this.globalOptionSets(first.key, q, base);
    }
    if (!first.key) {
      if (segments.length > 1) throw segmentNotFound(segments[1]!);
      const list = this.entities.map((e) => this.entityJson(e, q.expand));
      const filtered = q.filter ? filterObjects(list, q.filter) : list;
      return { body: { '@odata.context': `${base}$metadata#EntityDefinitions${selectCtx(q.select, q.expand.map((x) => x.nav))}`,
        value: filtered.map((o) => select(o, q.select, 'EntityMetadata', q.expand.map((x) => x.nav))) } };
    }
    const e = this.findEntity(first.key);
    if (segments.length === 1) {
      const o = select(this.entityJson(e, q.expand), q.select, 'EntityMetadata', q.expand.map((x) => x.nav));
      return { body: { '@odata.context': `${base}$metadata#EntityDefinitions${selectCtx(q.select, q.expand.map((x) => x.nav))}/$entity`, ...o } };
    }
    const nav = keyOf(segments[1]!);
    const ctx = `${base}$metadata#EntityDefinitions('${e.logicalName}')/${nav.name}`;
    if (nav.name === 'Attributes') {
      return this.attributes(e, nav.key, segments.slice(2), q, ctx);
    }
    if (!NAVS.includes(nav.name) || segments.length > 2) throw segmentNotFound(segments[segments.length - 1]!);
    const list = this.navList(e, nav.name);
    const filtered = q.filter ? filterObjects(list, q.filter) : list;
    return { body: { '@odata.context': `${ctx}${selectCtx(q.select)}`, value: filtered.map((o) => select(o, q.select, 'MetadataBase')) } };
  }

  private findEntity(key: { prop: string; value: string }): EntityModel {
    const v = key.value.toLowerCase();
    const e = this.entities.find((x) => (key.prop === 'LogicalName' ? x.logicalName === v : x.metadataId === v));
    if (!e) {
      throw new ODataError(404, Codes.notFound, key.prop === 'LogicalName'
        ? `Could not find an entity with specified entity name: ${key.value}` : `EntityId = ${key.value} Does Not Exist`);
    }
    return e;
  }

  private entityJson(e: EntityModel, expand: QueryOptions['expand']): Json {
    const o: Json = { ...this.builder.entity(e) };
    for (const x of expand) {
      if (!NAVS.includes(x.nav)) throw propertyNotFound(x.nav, 'EntityMetadata');
      const list = this.navList(e, x.nav);
      o[x.nav] = x.select ? list.map((item) => select(item, x.select, x.nav === 'Attributes' ? 'AttributeMetadata' : 'MetadataBase')) : list;
    }
    return o;
  }

  private navList(e: EntityModel, nav: string): Json[] {
    if (nav === 'Attributes') return this.attributeModels(e).map((a, i) => attributeMetadata(e, a, i + 1));
    if (nav === 'Keys') return this.builder.keys(e);
    return this.builder.relationships(e, nav.replace('Relationships', '') as 'OneToMany' | 'ManyToOne' | 'ManyToMany');
  }

  private attributeModels(e: EntityModel): AttributeModel[] {
    let list = this.attrCache.get(e.logicalName);
    if (!list) {
      const captured = this.captures.attributeLists.get(e.logicalName);
      list = captured ? captured.map((item) => syntheticAttributeFromCapture(e, item)) : e.attributes;
      this.attrCache.set(e.logicalName, list);
    }
    return list;
  }

  private attributes(e: EntityModel, key: { prop: string; value: string } | undefined, rest: string[],
    q: QueryOptions, ctx: string): MetaResult {
    let models = this.attributeModels(e);
    if (key) {
      const v = key.value.toLowerCase();
      models = models.filter((a) => (key.prop === 'LogicalName' ? a.logicalName === v : a.metadataId === v));
      if (models.length === 0) {
        throw new ODataError(404, Codes.notFound, `Could not find attribute with ${key.prop} ${key.value} for entity ${e.logicalName}`);
      }
    }
    const cast = rest[0];
    if (rest.length > 1 || (cast && !cast.startsWith('Microsoft.Dynamics.CRM.'))) throw segmentNotFound(rest[rest.length - 1]!);
    if (cast) {
      models = models.filter((a) => matchesCast(a, cast));
      if (key && models.length === 0) throw segmentNotFound(cast);
    }
    const expand = q.expand.map((x) => x.nav);
    for (const x of expand) {
      if ((x !== 'OptionSet' && x !== 'GlobalOptionSet') || (!cast && !key)) throw propertyNotFound(x, cast?.replace('Microsoft.Dynamics.CRM.', '') ?? 'AttributeMetadata');
    }
    let list = models.map((a) => this.attributeJson(e, a, expand));
    if (q.filter) list = filterObjects(list, q.filter);
    const sel = selectCtx(q.select, expand);
    if (key) {
      const a = models[0]!;
      const typeCtx = cast ?? castOf(a);
      return { body: { '@odata.context': `${ctx}${typeCtx ? `/${typeCtx}` : ''}${sel}/$entity`, ...select(list[0]!, q.select, 'AttributeMetadata', expand) } };
    }
    return { body: { '@odata.context': `${ctx}${cast ? `/${cast}` : ''}${sel}`, value: list.map((o) => select(o, q.select, 'AttributeMetadata', expand)) } };
  }

  private attributeJson(e: EntityModel, a: AttributeModel, expand: string[]): Json {
    const o = attributeMetadata(e, a, e.attributes.indexOf(a) + 1);
    if (!ENUM_TYPES.has(a.typeName)) return o;
    const global = this.globalNames.has(a.logicalName);
    if (expand.includes('OptionSet')) o['OptionSet'] = optionSetMetadata(e, a, global);
    if (expand.includes('GlobalOptionSet')) o['GlobalOptionSet'] = global ? optionSetMetadata(e, a, true) : null;
    return o;
  }

  private globalOptionSets(key: { prop: string; value: string } | undefined, q: QueryOptions, base: string): MetaResult {
    const sets: Json[] = [];
    const done = new Set<string>();
    for (const e of this.entities) {
      for (const a of e.attributes) {
        if (this.globalNames.has(a.logicalName) && !done.has(a.logicalName)) {
          done.add(a.logicalName);
          sets.push(optionSetMetadata(e, a, true));
        }
      }
    }
    const ctx = `${base}$metadata#GlobalOptionSetDefinitions${selectCtx(q.select)}`;
    if (key) {
      const hit = sets.find((s) => (key.prop === 'Name' ? s['Name'] === key.value : s['MetadataId'] === key.value.toLowerCase()));
      if (!hit) throw new ODataError(404, Codes.notFound, `Could not find optionset with name or id '${key.value}'`);
      return { body: { '@odata.context': `${ctx}/$entity`, ...select(hit, q.select, 'OptionSetMetadataBase') } };
    }
    const filtered = q.filter ? filterObjects(sets, q.filter) : sets;
    return { body: { '@odata.context': ctx, value: filtered.map((o) => select(o, q.select, 'OptionSetMetadataBase')) } };
  }
}

function selectCtx(sel: string[] | undefined, expand: string[] = []): string {
  const parts = [...(sel ?? []), ...expand.map((x) => `${x}()`)];
  return parts.length ? `(${parts.join(',')})` : '';
}

function select(o: Json, sel: string[] | undefined, typeName: string, keep: string[] = []): Json {
  if (!sel) return o;
  const out: Json = {};
  if ('@odata.type' in o) out['@odata.type'] = o['@odata.type'];
  for (const k of sel) {
    if (!(k in o)) {
      const derivedOnly = typeName === 'AttributeMetadata' && /^(Targets|OptionSet|MaxLength|Format|Precision|MinValue|MaxValue|DateTimeBehavior)$/.test(k);
      if (!derivedOnly) throw propertyNotFound(k, typeName);
      continue;
    }
    out[k] = o[k];
  }
  for (const k of keep) if (k in o) out[k] = o[k];
  out['MetadataId'] = o['MetadataId'];
  return out;
}

function filterObjects(list: Json[], text: string): Json[] {
  if (/\b(contains|startswith|endswith)\(/.test(text)) {
    throw badQuery(`The 'contains', 'startswith' and 'endswith' functions are not supported for metadata entities.`);
  }
  const expr = parseFilter(text);
  return list.filter((o) => evaluate(expr, (path) => {
    let v: unknown = o;
    for (const p of path) v = v && typeof v === 'object' ? (v as Json)[p] : undefined;
    return v ?? null;
  }) === true);
}

