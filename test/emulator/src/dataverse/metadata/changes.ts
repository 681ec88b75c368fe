// RetrieveMetadataChanges(Query=@q,ClientVersionStamp=@v,DeletedMetadataFilters=@d): one request for
// exactly the schema data a client caches, then only what changed since its ServerVersionStamp.
// Shapes per learn.microsoft.com/power-apps/developer/data-platform/query-schema-definitions and
// …/cache-schema-data (ComplexEntityMetadata items, HasChanged, DeletedMetadata Keys/Values, and
// ExpiredVersionStamp 0x80044352 when a stamp is too old to compute changes from).
import type { AttributeModel, EntityModel } from '../model';
import type { Json } from './metadata';
import type { Org } from '../org';
import { attributeKeys, optionSetMetadata } from './attributes';
import { Codes, ODataError } from '../errors';
import { DELETED_FLAGS, type DeletedKind } from './versions';
import {
  filterLabels,
  invalidQuery,
  matches,
  parseEntityQuery,
  projectProperties,
  wants,
  type EntityQueryExpression,
  type SubQuery,
} from './query';

const RELATIONSHIP_NAVS = ['OneToManyRelationships', 'ManyToOneRelationships', 'ManyToManyRelationships'];
const ENUMS = new Set(['PicklistType', 'StateType', 'StatusType', 'MultiSelectPicklistType', 'BooleanType']);

/** Splits `a=1,b='x,y',c={"k":[1,2]}` on top-level commas. */
function splitParams(text: string): string[] {
  const out: string[] = [];
  let depth = 0,
    quote = '',
    start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if ('({['.includes(c)) depth++;
    else if (')}]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Function parameters, inline or as `@alias` values from the query string. */
export function functionParams(segment: string, query: URLSearchParams): Map<string, string> {
  const open = segment.indexOf('(');
  const inner = open < 0 ? '' : segment.slice(open + 1, segment.lastIndexOf(')'));
  const out = new Map<string, string>();
  for (const part of splitParams(inner)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw invalidQuery(`The function parameter '${part}' is not in the form Name=value.`);
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('@')) {
      const aliased = query.get(value);
      if (aliased === null) throw invalidQuery(`The parameter alias '${value}' has no value in the query string.`);
      value = aliased;
    }
    out.set(part.slice(0, eq).trim(), value);
  }
  return out;
}

function unquote(v: string): string {
  const m = /^'(.*)'$/s.exec(v.trim());
  return m ? m[1]!.replace(/''/g, "'") : v.trim();
}

/** `Microsoft.Dynamics.CRM.DeletedMetadataFilters'Attribute,Relationship'`, `'All'` or `2`. */
export function deletedFlags(v: string | undefined): number {
  if (v === undefined) return 0;
  const body = unquote(v.replace(/^Microsoft\.Dynamics\.CRM\.DeletedMetadataFilters(?=')/, ''));
  if (/^\d+$/.test(body)) return Number(body);
  let flags = 0;
  for (const name of body.split(',').map((s) => s.trim())) {
    const f = name === 'All' ? 31 : name === 'Entity' ? 1 : DELETED_FLAGS[name as DeletedKind];
    if (f === undefined) {
      throw invalidQuery(
        `'${name}' is not a DeletedMetadataFilters value (Default, Attribute, Relationship, Label, OptionSet, All).`,
      );
    }
    flags |= f;
  }
  return flags;
}

function requireNav(
  q: EntityQueryExpression,
  sub: SubQuery | undefined,
  navs: string[],
  code: string,
  what: string,
): void {
  if (sub && !q.Properties?.AllProperties && !navs.some((n) => (q.Properties?.PropertyNames ?? []).includes(n))) {
    throw new ODataError(
      400,
      code,
      `${what} must be part of the requested EntityMetadata properties when a ${what === 'Attributes' ? 'AttributeQuery' : `${what} query`} is specified. ` +
        `Expect property = ${navs.join(' or ')} in requested entity properties list.`,
    );
  }
}

/** Web API returns ComplexEntityMetadata: derived attribute types are the Complex… complex types. */
function complexCast(o: Json): Json {
  const t = o['@odata.type'];
  if (typeof t !== 'string') return o;
  const { ['@odata.type']: _drop, ...rest } = o;
  return t.endsWith('UniqueIdentifierAttributeMetadata')
    ? rest
    : { '@odata.type': t.replace('CRM.', 'CRM.Complex'), ...rest };
}

export class MetadataChanges {
  private attrKnown?: Set<string>;

  constructor(private readonly org: Org) {}

  run(segment: string, query: URLSearchParams, base: string): Json {
    const params = functionParams(segment, query);
    const q = parseEntityQuery(params.get('Query'));
    requireNav(q, q.AttributeQuery, ['Attributes'], Codes.invalidAttributeQuery, 'Attributes');
    requireNav(q, q.RelationshipQuery, RELATIONSHIP_NAVS, Codes.invalidArgument, 'Relationships');
    requireNav(q, q.KeyQuery, ['Keys'], Codes.invalidArgument, 'Keys');
    const stampParam = params.get('ClientVersionStamp');
    const since =
      stampParam === undefined || unquote(stampParam) === ''
        ? undefined
        : this.org.versions.versionOf(unquote(stampParam));
    const flags = deletedFlags(params.get('DeletedMetadataFilters'));
    const routes = this.org.metadata;
    const known = new Set(Object.keys(routes.builder.entity(this.org.model.entities[0]!)));
    const entities = this.org.model.entities.filter(
      (e) =>
        (since === undefined || this.org.versions.tableChangedSince(e.logicalName, since)) &&
        matches(q.Criteria, routes.entityJson(e), known),
    );
    let out: unknown = entities.map((e) => this.entity(e, q, since));
    if (q.LabelQuery?.FilterLanguages?.length) out = filterLabels(out, new Set(q.LabelQuery.FilterLanguages));
    return {
      '@odata.context': `${base}$metadata#Microsoft.Dynamics.CRM.RetrieveMetadataChangesResponse`,
      ServerVersionStamp: this.org.versions.stamp(),
      DeletedMetadata: this.deleted(since, flags),
      EntityMetadata: out,
    };
  }

  private entity(e: EntityModel, q: EntityQueryExpression, since: number | undefined): Json {
    const o = projectProperties(this.org.metadata.entityJson(e), q.Properties);
    o['HasChanged'] = since === undefined ? null : this.org.versions.itemChangedSince(String(o['MetadataId']), since);
    o['Attributes'] = wants(q.Properties, 'Attributes') ? this.attributes(e, q.AttributeQuery, since) : null;
    for (const nav of RELATIONSHIP_NAVS) {
      o[nav] = !wants(q.Properties, nav)
        ? null
        : since !== undefined
          ? []
          : this.org.metadata
              .navList(e, nav)
              .filter((r) => matches(q.RelationshipQuery?.Criteria, r, new Set(Object.keys(r))))
              .map((r) => projectProperties(r, q.RelationshipQuery?.Properties));
    }
    o['Keys'] = !wants(q.Properties, 'Keys')
      ? null
      : since !== undefined
        ? []
        : this.org.metadata
            .navList(e, 'Keys')
            .filter((k) => matches(q.KeyQuery?.Criteria, k, new Set(Object.keys(k))))
            .map((k) => projectProperties(k, q.KeyQuery?.Properties));
    return o;
  }

  private attributes(e: EntityModel, sub: SubQuery | undefined, since: number | undefined): Json[] {
    const known = this.attributeKnown();
    const versions = this.org.versions;
    const models = this.org.metadata
      .attributeModels(e)
      .filter((a) => since === undefined || versions.itemChangedSince(a.metadataId, since));
    return models
      .map((a) => ({ a, o: this.attributeJson(e, a, sub) }))
      .filter(({ o }) => matches(sub?.Criteria, o, known))
      .map(({ a, o }) => {
        const p = complexCast(projectProperties(o, sub?.Properties));
        p['HasChanged'] = since === undefined ? null : versions.itemChangedSince(a.metadataId, since);
        return p;
      });
  }

  private attributeJson(e: EntityModel, a: AttributeModel, sub: SubQuery | undefined): Json {
    const o = this.org.metadata.attributeJson(e, a, []);
    if (ENUMS.has(a.typeName) && (wants(sub?.Properties, 'OptionSet') || wants(sub?.Properties, 'GlobalOptionSet'))) {
      const withSets = this.org.metadata.attributeJson(e, a, ['OptionSet', 'GlobalOptionSet']);
      o['OptionSet'] = withSets['OptionSet'] ?? optionSetMetadata(e, a);
      o['GlobalOptionSet'] = withSets['GlobalOptionSet'] ?? null;
    }
    return o;
  }

  /** Every property any attribute type has, so conditions on derived properties (MaxLength…) are allowed. */
  private attributeKnown(): Set<string> {
    this.attrKnown ??= new Set(
      [
        'String',
        'Memo',
        'Integer',
        'BigInt',
        'Decimal',
        'Double',
        'Money',
        'Boolean',
        'DateTime',
        'Lookup',
        'Picklist',
        'State',
        'Status',
        'MultiSelectPicklist',
        'Image',
        'File',
      ].flatMap((t) => [
        ...attributeKeys(`Microsoft.Dynamics.CRM.${t}AttributeMetadata`),
        'OptionSet',
        'GlobalOptionSet',
      ]),
    );
    return this.attrKnown;
  }

  private deleted(since: number | undefined, flags: number): Json {
    const found =
      since === undefined || flags === 0
        ? new Map<DeletedKind, string[]>()
        : this.org.versions.deletedSince(since, flags);
    return {
      Count: found.size,
      IsReadOnly: false,
      Keys: [...found.keys()],
      Values: [...found.values()].map((ids) => ({ Items: ids })),
    };
  }
}
