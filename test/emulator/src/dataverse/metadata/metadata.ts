// EntityMetadata objects: captured ones verbatim, the rest synthesized from the CSDL using a captured
// EntityMetadata as the template so every key a real org sends is there, in the same order.
import type { EntityModel, EntityTraits, KeyModel, OrgModel } from '../model';
import type { Captures } from '../captures';
import { stableGuid } from '../util';

export type Json = Record<string, unknown>;

export function label(text: string, key: string): Json {
  const l = {
    Label: text,
    LanguageCode: 1033,
    IsManaged: true,
    MetadataId: stableGuid(`label:${key}`),
    HasChanged: null,
  };
  return { LocalizedLabels: text ? [l] : [], UserLocalizedLabel: text ? l : null };
}

/** A label in several languages; the caller's language (the emulator's users read 1033) is the UserLocalizedLabel. */
export function localizedLabel(texts: Map<number, string>, key: string, userLanguage = 1033): Json {
  const labels = [...texts]
    .filter(([, t]) => t)
    .map(([lcid, t]) => ({
      Label: t,
      LanguageCode: lcid,
      IsManaged: false,
      MetadataId: stableGuid(`label:${key}:${lcid}`),
      HasChanged: null,
    }));
  return {
    LocalizedLabels: labels,
    UserLocalizedLabel: labels.find((l) => l.LanguageCode === userLanguage) ?? labels[0] ?? null,
  };
}

export function managed(value: boolean, name: string, canBeChanged = false): Json {
  return { Value: value, CanBeChanged: canBeChanged, ManagedPropertyLogicalName: name };
}

export function displayNameOf(logicalName: string): string {
  const base = logicalName.replace(/^[a-z0-9]+_/, '');
  return base.replace(/([a-z])(\d)/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

function privileges(e: EntityModel): Json[] {
  return ['Create', 'Read', 'Write', 'Delete', 'Assign', 'Share', 'Append', 'AppendTo'].map((t) => ({
    CanBeBasic: true,
    CanBeDeep: true,
    CanBeGlobal: true,
    CanBeLocal: true,
    CanBeEntityReference: false,
    CanBeParentEntityReference: false,
    CanBeRecordFilter: false,
    Name: `prv${t}${e.schemaName}`,
    PrivilegeId: stableGuid(`priv:${e.logicalName}:${t}`),
    PrivilegeType: t,
  }));
}

export class MetadataBuilder {
  private readonly cache = new Map<string, Json>();

  constructor(
    readonly model: OrgModel,
    private readonly captures: Captures,
  ) {}

  invalidate(table: string): void {
    this.cache.delete(table);
  }

  /** The entity-level EntityMetadata (no Attributes/relationships), without @odata.context. */
  entity(e: EntityModel): Json {
    let m = this.cache.get(e.logicalName);
    if (!m) {
      m = this.captures.entities.get(e.logicalName) ?? this.synthesize(e);
      m = Object.fromEntries(
        Object.entries(m).filter(
          ([k]) =>
            !k.startsWith('@odata.context') &&
            ![
              'Attributes',
              'OneToManyRelationships',
              'ManyToOneRelationships',
              'ManyToManyRelationships',
              'Keys',
            ].includes(k),
        ),
      );
      this.cache.set(e.logicalName, m);
    }
    return m;
  }

  private synthesize(e: EntityModel): Json {
    const name = e.displayName ?? displayNameOf(e.logicalName);
    const t = traitsOf(e);
    const over: Json = {
      IsActivity: e.isActivity,
      IsActivityParty: false,
      IsCustomEntity: e.isCustom,
      IsIntersect: e.isIntersect,
      IsManaged: !e.isCustom,
      IsValidForAdvancedFind: !e.isIntersect,
      MobileOfflineFilters: null,
      LogicalName: e.logicalName,
      ObjectTypeCode: e.objectTypeCode,
      OwnershipType: e.ownership ?? (t.owned ? 'UserOwned' : 'OrganizationOwned'),
      PrimaryNameAttribute: e.primaryNameAttribute,
      PrimaryImageAttribute: t.primaryImage,
      PrimaryIdAttribute: e.primaryIdAttribute,
      ReportViewName: `Filtered${e.schemaName}`,
      SchemaName: e.schemaName,
      IntroducedVersion: e.isCustom ? '1.0.0.0' : '5.0.0.0',
      EntityColor: null,
      LogicalCollectionName: e.entitySetName,
      CollectionSchemaName: `${e.schemaName}s`,
      EntitySetName: e.entitySetName,
      HasNotes: false,
      HasActivities: false,
      HasEmailAddresses: t.hasEmail,
      MetadataId: e.metadataId,
      Description: label(e.description, `${e.logicalName}:desc`),
      DisplayCollectionName: label(e.displayCollectionName ?? `${name}s`, `${e.logicalName}:coll`),
      DisplayName: label(name, `${e.logicalName}:name`),
      IsCustomizable: managed(true, 'iscustomizable'),
      Privileges: privileges(e),
      Settings: [],
      CreatedOn: '1900-01-01T00:00:00Z',
      ModifiedOn: '2024-06-01T02:50:48Z',
      IsStateModelAware: t.hasState,
      TableType: 'Standard',
      DaysSinceRecordLastModified: 0,
    };
    const out: Json = {};
    for (const [k, v] of Object.entries(this.captures.entityTemplate)) {
      out[k] = k in over ? over[k] : v;
    }
    return out;
  }

  relationships(e: EntityModel, kind: 'OneToMany' | 'ManyToOne' | 'ManyToMany'): Json[] {
    const captured = this.captures.relationships.get(e.logicalName)?.[`${kind}Relationships`];
    if (captured) {
      return captured;
    }
    const out: Json[] = [];
    for (const nav of e.navs) {
      const target = this.model.byLogicalName.get(nav.target);
      const back = target && nav.partner ? target.navByName.get(nav.partner) : undefined;
      if (!target) continue;
      if (kind === 'ManyToOne' && !nav.collection && nav.referentialProperty && nav.partner) {
        out.push(this.oneToMany(target, e, nav.partner, nav.name, nav.referentialProperty));
      } else if (kind === 'OneToMany' && nav.collection && back && !back.collection && back.referentialProperty) {
        out.push(this.oneToMany(e, target, nav.name, back.name, back.referentialProperty));
      } else if (kind === 'ManyToMany' && nav.collection && back?.collection) {
        out.push(this.manyToMany(e, target, nav.name, back.name));
      }
    }
    return out;
  }

  private oneToMany(
    referenced: EntityModel,
    referencing: EntityModel,
    schema: string,
    navName: string,
    ref: string,
  ): Json {
    const over: Json = {
      MetadataId: stableGuid(`rel:${schema}`),
      IsCustomRelationship: schema.includes('_') && referencing.isCustom,
      SchemaName: schema,
      ReferencedAttribute: referenced.primaryIdAttribute,
      ReferencedEntity: referenced.logicalName,
      ReferencingAttribute: ref.replace(/^_(.*)_value$/, '$1'),
      ReferencingEntity: referencing.logicalName,
      ReferencedEntityNavigationPropertyName: schema,
      ReferencingEntityNavigationPropertyName: navName,
      IsValidForAdvancedFind: true,
      RelationshipAttributes: [],
    };
    return fillTemplate(this.captures.oneToManyTemplate, over);
  }

  private manyToMany(e1: EntityModel, e2: EntityModel, schema: string, nav2: string): Json {
    const over: Json = {
      MetadataId: stableGuid(`rel:${schema}`),
      SchemaName: schema,
      IsCustomRelationship: false,
      Entity1LogicalName: e1.logicalName,
      Entity2LogicalName: e2.logicalName,
      IntersectEntityName: schema,
      Entity1IntersectAttribute: e1.primaryIdAttribute,
      Entity2IntersectAttribute: e2.primaryIdAttribute,
      Entity1NavigationPropertyName: schema,
      Entity2NavigationPropertyName: nav2,
    };
    return fillTemplate(this.captures.manyToManyTemplate, over);
  }

  keys(e: EntityModel): Json[] {
    return keysOf(e).map((k) => ({
      MetadataId: stableGuid(`key:${k.logicalName}`),
      HasChanged: null,
      KeyAttributes: k.attributes,
      LogicalName: k.logicalName,
      SchemaName: k.logicalName,
      EntityLogicalName: e.logicalName,
      DisplayName: label(k.displayName, `key:${k.logicalName}`),
      EntityKeyIndexStatus: 'Active',
      IsManaged: false,
      IsCustomizable: managed(true, 'iscustomizable', true),
      IntroducedVersion: '1.0',
      IsExportKey: false,
      IsSecondaryKey: false,
      IsSynchronous: false,
      AsyncJob: null,
    }));
  }
}

/** Alternate keys: the model's, and account's accountnumber key (which real orgs commonly add). */
export function keysOf(e: EntityModel): KeyModel[] {
  if (e.keys) return e.keys;
  return e.logicalName === 'account' && e.attrByName.has('accountnumber')
    ? [{ logicalName: 'account_accountnumber', attributes: ['accountnumber'], displayName: 'Account Number' }]
    : [];
}

/** Facts read off the columns, unless the table states them (generated tables do, to stay unbuilt). */
function traitsOf(e: EntityModel): EntityTraits & { owned: boolean } {
  if (e.traits) return { ...e.traits, owned: true };
  return {
    owned: e.attrByName.has('ownerid'),
    hasState: e.attrByName.has('statecode'),
    hasEmail: e.attributes.some((a) => a.logicalName.startsWith('emailaddress')),
    primaryImage: e.attrByName.has('entityimage') ? 'entityimage' : null,
  };
}

function fillTemplate(template: Json, over: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(template)) {
    out[k] = k in over ? over[k] : v;
  }
  return out;
}
