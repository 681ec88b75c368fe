// Reads a real `$metadata` CSDL document (.xml or .xml.gz) into the emulator's table model.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { indexEntity, indexOrg, type AttributeModel, type EntityModel, type NavModel, type OrgModel } from './model';
import { inferAttributeType, optionsFor, pickPrimaryName } from './infer';
import { hash32, stableGuid } from './util';
import { STANDARD_TABLES } from './standard';

type XmlNode = Record<string, unknown>;

const ARRAYS = new Set([
  'Schema',
  'EntityType',
  'Property',
  'NavigationProperty',
  'EntitySet',
  'Annotation',
  'ReferentialConstraint',
  'PropertyRef',
  'EntityContainer',
]);

const cache = new Map<string, OrgModel>();

export function loadCsdlText(path: string): string {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.replace(/^\uFEFF/, '');
}

/** Parsed models are cached per path: the document is large and immutable while tests run. */
export function loadOrgModel(path: string): OrgModel {
  let model = cache.get(path);
  if (!model) {
    model = parseCsdl(loadCsdlText(path));
    cache.set(path, model);
  }
  return model;
}

function arr(v: unknown): XmlNode[] {
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

function description(node: XmlNode): string {
  const a = arr(node['Annotation']).find((x) => x['Term'] === 'Org.OData.Core.V1.Description');
  return typeof a?.['String'] === 'string' ? a['String'] : '';
}

function isReadOnly(node: XmlNode): boolean {
  return arr(node['Annotation']).some(
    (x) =>
      x['Term'] === 'Org.OData.Core.V1.Computed' ||
      (x['Term'] === 'Org.OData.Core.V1.Permissions' && JSON.stringify(x).includes('PermissionType/Read')),
  );
}

function localName(type: string): string {
  return type.replace(/^Collection\((.*)\)$/, '$1').replace(/^(mscrm|Microsoft\.Dynamics\.CRM)\./, '');
}

export function parseCsdl(text: string): OrgModel {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    isArray: (name) => ARRAYS.has(name),
  });
  const doc = parser.parse(text) as XmlNode;
  const services = (doc['Edmx'] as XmlNode)['DataServices'] as XmlNode;
  const schemas = arr(services['Schema']);
  const setByType = new Map<string, string>();
  for (const s of schemas) {
    for (const c of arr(s['EntityContainer'])) {
      for (const es of arr(c['EntitySet'])) {
        setByType.set(localName(String(es['EntityType'])), String(es['Name']));
      }
    }
  }
  const types = new Map<string, XmlNode>();
  for (const s of schemas) {
    for (const et of arr(s['EntityType'])) {
      types.set(String(et['Name']), et);
    }
  }
  const entities: EntityModel[] = [];
  for (const et of types.values()) {
    const e = toEntity(flatten(et, types), setByType, tableBase(et, types, setByType));
    if (e) {
      entities.push(e);
    }
  }
  return indexOrg(entities, text);
}

/** The nearest base type that is itself a table (activities derive from activitypointer). */
function tableBase(et: XmlNode, types: Map<string, XmlNode>, setByType: Map<string, string>): string | undefined {
  const base = typeof et['BaseType'] === 'string' ? localName(et['BaseType']) : undefined;
  if (!base || base === 'crmbaseentity') return undefined;
  return setByType.has(base) ? base : tableBase(types.get(base) ?? {}, types, setByType);
}

/** Activities and other derived types inherit key and properties from their base type. */
function flatten(et: XmlNode, types: Map<string, XmlNode>): XmlNode {
  const base = typeof et['BaseType'] === 'string' ? types.get(localName(et['BaseType'])) : undefined;
  if (!base || base['Name'] === 'crmbaseentity') {
    return et;
  }
  const parent = flatten(base, types);
  const own = new Set(arr(et['Property']).map((p) => p['Name']));
  return {
    ...et,
    Key: et['Key'] ?? parent['Key'],
    Property: [...arr(parent['Property']).filter((p) => !own.has(p['Name'])), ...arr(et['Property'])],
    NavigationProperty: [...arr(et['NavigationProperty'])],
  };
}

function toNav(n: XmlNode): NavModel {
  const type = String(n['Type']);
  const rc = arr(n['ReferentialConstraint'])[0];
  return {
    name: String(n['Name']),
    target: localName(type),
    collection: type.startsWith('Collection('),
    partner: typeof n['Partner'] === 'string' ? n['Partner'] : undefined,
    referentialProperty: rc ? String(rc['Property']) : undefined,
  };
}

/**
 * Polymorphic lookups (regardingobjectid, …) have one navigation property per target and no
 * ReferentialConstraint in the CSDL: `regardingobjectid_account_task` binds `_regardingobjectid_value`.
 */
function withLookup(n: NavModel, propNames: Set<string>): NavModel {
  if (n.collection || n.referentialProperty) return n;
  const parts = n.name.split('_');
  for (let i = parts.length - 1; i > 0; i--) {
    const ref = `_${parts.slice(0, i).join('_')}_value`;
    if (propNames.has(ref)) return { ...n, referentialProperty: ref };
  }
  return n;
}

function toEntity(et: XmlNode, setByType: Map<string, string>, baseTable: string | undefined): EntityModel | undefined {
  const name = String(et['Name']);
  const setName = setByType.get(name);
  const keyRef = arr((et['Key'] as XmlNode | undefined)?.['PropertyRef'])[0];
  // Metadata types (EntityMetadata…) and the test additions (ExampleEntity) are not tables. Abstract
  // types are tables only when the service exposes an entity set for them (activitypointer, not principal).
  if (!setName || !keyRef || !/^[a-z]/.test(name) || /Metadata(Base)?$/.test(name)) {
    return undefined;
  }
  const isAbstract = et['Abstract'] === 'true';
  const primaryId = String(keyRef['Name']);
  const props = arr(et['Property']);
  const propNames = new Set(props.map((p) => String(p['Name'])));
  const navs = arr(et['NavigationProperty'])
    .map(toNav)
    .map((n) => withLookup(n, propNames));
  const primaryName = pickPrimaryName(
    name,
    props.filter((p) => p['Type'] === 'Edm.String').map((p) => String(p['Name'])),
  );
  const attributes: AttributeModel[] = props.map((p) => toAttribute(name, p, primaryId, primaryName, propNames, navs));
  return indexEntity({
    logicalName: name,
    schemaName: schemaNameOf(name),
    entitySetName: setName,
    primaryIdAttribute: primaryId,
    primaryNameAttribute: primaryName,
    description: description(et),
    attributes,
    navs,
    objectTypeCode: STANDARD_TABLES[name]?.objectTypeCode ?? 10000 + (hash32(name) % 9000),
    metadataId: stableGuid(`entity:${name}`),
    isCustom: name.includes('_'),
    isActivity: baseTable === 'activitypointer',
    isIntersect: !primaryName && props.length <= 5,
    ...(isAbstract ? { isAbstract } : {}),
    ...(baseTable ? { baseTable } : {}),
    ...(STANDARD_TABLES[name]?.displayName
      ? {
          displayName: STANDARD_TABLES[name].displayName,
          displayCollectionName: STANDARD_TABLES[name].displayCollectionName,
        }
      : {}),
  });
}

export function schemaNameOf(logicalName: string): string {
  return logicalName
    .split('_')
    .map((p, i) => (i === 0 && logicalName.includes('_') ? p : p.charAt(0).toUpperCase() + p.slice(1)))
    .join('_');
}

function toAttribute(
  entity: string,
  p: XmlNode,
  primaryId: string,
  primaryName: string | null,
  propNames: Set<string>,
  navs: NavModel[],
): AttributeModel {
  const webName = String(p['Name']);
  const lookup = /^_(.+)_value$/.exec(webName);
  const logicalName = lookup ? lookup[1]! : webName;
  const edmType = String(p['Type']);
  const targets = lookup
    ? [...new Set(navs.filter((n) => n.referentialProperty === webName).map((n) => n.target))]
    : [];
  const typeName = inferAttributeType(
    logicalName,
    edmType,
    Boolean(lookup),
    propNames,
    targets,
    logicalName === primaryId,
  );
  return {
    logicalName,
    schemaName: schemaNameOf(logicalName),
    typeName,
    webApiName: webName,
    edmType,
    description: description(p),
    readOnly: isReadOnly(p),
    isPrimaryId: logicalName === primaryId,
    isPrimaryName: logicalName === primaryName,
    targets: targets.flatMap((t) => (t === 'principal' ? ['systemuser', 'team'] : [t])),
    options: optionsFor(entity, logicalName, typeName),
    metadataId: stableGuid(`attr:${entity}.${logicalName}`),
  };
}
