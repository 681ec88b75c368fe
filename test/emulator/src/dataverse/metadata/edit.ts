// Run-time metadata edits behind the control endpoint: add or delete a column, rename a label, delete a
// table, expire version stamps. Each edit is recorded in MetadataVersions, so RetrieveMetadataChanges
// with an older ClientVersionStamp returns exactly what changed.
import { MetadataEditError, type MetadataControl, type MetadataEditResult } from '../../contract';
import { indexEntity, type AttributeModel, type AttributeTypeName, type EntityModel, type NavModel } from '../model';
import { EDM_OF, optionsFor } from '../infer';
import { schemaNameOf } from '../csdl';
import { stableGuid } from '../util';
import type { Org } from '../org';

const ADDABLE = new Set<AttributeTypeName>([
  'StringType',
  'MemoType',
  'IntegerType',
  'BigIntType',
  'DecimalType',
  'DoubleType',
  'MoneyType',
  'BooleanType',
  'DateTimeType',
  'PicklistType',
  'MultiSelectPicklistType',
  'LookupType',
  'CustomerType',
  'FileType',
  'ImageType',
]);

function fail(message: string): never {
  throw new MetadataEditError(message);
}

/** A plain (indexed) copy of a table, so a generated table becomes an ordinary one once edited. */
function plain(e: EntityModel, attributes: AttributeModel[], navs: NavModel[]): EntityModel {
  return indexEntity({
    logicalName: e.logicalName,
    schemaName: e.schemaName,
    entitySetName: e.entitySetName,
    primaryIdAttribute: e.primaryIdAttribute,
    primaryNameAttribute: e.primaryNameAttribute,
    description: e.description,
    attributes,
    navs,
    objectTypeCode: e.objectTypeCode,
    metadataId: e.metadataId,
    isCustom: e.isCustom,
    isActivity: e.isActivity,
    isIntersect: e.isIntersect,
    ...(e.isAbstract ? { isAbstract: true } : {}),
    ...(e.baseTable ? { baseTable: e.baseTable } : {}),
    ...(e.keys ? { keys: e.keys } : {}),
    ...(e.displayName ? { displayName: e.displayName } : {}),
    ...(e.displayCollectionName ? { displayCollectionName: e.displayCollectionName } : {}),
    ...(e.ownership ? { ownership: e.ownership } : {}),
  });
}

export class MetadataEditor implements MetadataControl {
  constructor(private readonly org: Org) {}

  private table(name: unknown): EntityModel {
    if (typeof name !== 'string' || !name.trim()) fail('"table" is the logical name (or entity set name) of a table.');
    const key = name.trim().toLowerCase();
    return (
      this.org.model.byLogicalName.get(key) ??
      this.org.model.bySetName.get(key) ??
      fail(`No table '${name}' in this org.`)
    );
  }

  private result(metadataId?: string, logicalName?: string): MetadataEditResult {
    return {
      stamp: this.org.versions.stamp(),
      ...(metadataId ? { metadataId } : {}),
      ...(logicalName ? { logicalName } : {}),
    };
  }

  private replace(old: EntityModel, next: EntityModel): void {
    const m = this.org.model;
    m.entities[m.entities.indexOf(old)] = next;
    m.byLogicalName.set(next.logicalName, next);
    m.bySetName.set(next.entitySetName, next);
    const store = this.org.store.table(next.logicalName);
    if (store) store.entity = next;
    this.org.metadata.invalidate(next.logicalName);
  }

  addColumn(input: {
    table: string;
    logicalName: string;
    type?: string;
    displayName?: string;
    targets?: string[];
  }): MetadataEditResult {
    const e = this.table(input.table);
    const name = String(input.logicalName ?? '')
      .trim()
      .toLowerCase();
    if (!/^[a-z][a-z0-9_]{1,99}$/.test(name)) {
      fail('"logicalName" must be lower-case letters, digits and _ (e.g. new_score).');
    }
    if (e.attrByName.has(name)) fail(`Table '${e.logicalName}' already has a column '${name}'.`);
    const raw = input.type ?? 'StringType';
    const typeName = (raw.endsWith('Type') ? raw : `${raw}Type`) as AttributeTypeName;
    if (!ADDABLE.has(typeName)) fail(`"type" is one of ${[...ADDABLE].join(', ')}.`);
    const lookup = typeName === 'LookupType' || typeName === 'CustomerType';
    const targets = lookup ? (input.targets ?? (typeName === 'CustomerType' ? ['account', 'contact'] : [])) : [];
    if (lookup && (targets.length === 0 || targets.some((t) => !this.org.model.byLogicalName.has(t)))) {
      fail('A lookup column needs "targets": logical names of existing tables.');
    }
    const attr: AttributeModel = {
      logicalName: name,
      schemaName: schemaNameOf(name),
      typeName,
      webApiName: lookup ? `_${name}_value` : name,
      edmType: EDM_OF[typeName] ?? 'Edm.Guid',
      description: '',
      readOnly: false,
      isPrimaryId: false,
      isPrimaryName: false,
      targets,
      options: optionsFor(e.logicalName, name, typeName),
      metadataId: stableGuid(`attr:${e.logicalName}.${name}:added`),
      ...(input.displayName ? { displayName: String(input.displayName) } : {}),
    };
    const navs: NavModel[] = targets.map((t) => ({
      name: targets.length > 1 ? `${name}_${t}` : name,
      target: t,
      collection: false,
      referentialProperty: attr.webApiName,
      partner: `${t}_${e.logicalName}_${name}`,
    }));
    this.replace(e, plain(e, [...e.attributes, attr], [...e.navs, ...navs]));
    this.org.metadata.noteColumnAdded(e.logicalName, attr);
    this.org.versions.changed(e.logicalName, attr.metadataId);
    return this.result(attr.metadataId, name);
  }

  renameLabel(input: { table: string; column?: string; label: string; languageCode?: number }): MetadataEditResult {
    const e = this.table(input.table);
    const text = typeof input.label === 'string' ? input.label.trim() : '';
    if (!text || text.length > 400) fail('"label" is the new display name (1 to 400 characters).');
    const lcid = input.languageCode ?? 1033;
    if (!Number.isInteger(lcid) || lcid < 1 || lcid > 0xffff) fail('"languageCode" is an LCID such as 1033 or 1031.');
    let id = this.org.metadata.entityMetadataId(e);
    if (input.column !== undefined) {
      const a = this.org.metadata.attributeModels(e).find((x) => x.logicalName === String(input.column).toLowerCase());
      id = a?.metadataId ?? fail(`Table '${e.logicalName}' has no column '${String(input.column)}'.`);
    }
    this.org.versions.setLabel(id, lcid, text);
    this.org.versions.changed(e.logicalName, id);
    return this.result(id);
  }

  deleteTable(input: { table: string }): MetadataEditResult {
    const e = this.table(input.table);
    if (e.isAbstract || this.org.model.entities.some((x) => x.baseTable === e.logicalName)) {
      fail(`'${e.logicalName}' is the base of other tables and cannot be deleted.`);
    }
    const m = this.org.model;
    const id = this.org.metadata.entityMetadataId(e);
    m.entities.splice(m.entities.indexOf(e), 1);
    m.byLogicalName.delete(e.logicalName);
    m.bySetName.delete(e.entitySetName);
    this.org.metadata.invalidate(e.logicalName);
    for (const a of e.attributes) this.org.versions.deleted('Attribute', a.metadataId);
    this.org.versions.deleted('Default', id);
    return this.result(id, e.logicalName);
  }

  deleteColumn(input: { table: string; column: string }): MetadataEditResult {
    const e = this.table(input.table);
    const name = String(input.column ?? '').toLowerCase();
    const a =
      this.org.metadata.attributeModels(e).find((x) => x.logicalName === name) ??
      fail(`Table '${e.logicalName}' has no column '${name}'.`);
    if (a.isPrimaryId || a.isPrimaryName) {
      fail(`'${name}' is the primary ${a.isPrimaryId ? 'id' : 'name'} column of '${e.logicalName}'.`);
    }
    this.replace(
      e,
      plain(
        e,
        e.attributes.filter((x) => x.logicalName !== name),
        e.navs.filter((n) => n.referentialProperty !== a.webApiName),
      ),
    );
    this.org.metadata.noteColumnRemoved(e.logicalName, name);
    this.org.versions.deleted('Attribute', a.metadataId);
    return this.result(a.metadataId, name);
  }

  expireStamps(): MetadataEditResult {
    this.org.versions.expireAll();
    return this.result();
  }

  version(): MetadataEditResult {
    return this.result();
  }
}
