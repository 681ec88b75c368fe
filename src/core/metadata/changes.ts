// RetrieveMetadataChanges answers → what changed in the cache: tables added or changed, tables
// removed, and tables whose cached details can no longer be trusted. Pure, so the merge rules
// (a changed table keeps what the delta left out; a deleted id drops whatever carries it) are tested
// as tables.
import * as l10n from '@vscode/l10n';
import { UserError } from '../userError';
import { isObject, objects, str, type JsonObject } from './json';
import { compact, mapTable, sortTables } from './mapTables';
import type { TableDetails, TableInfo } from './model';

export interface MetadataChanges {
  readonly serverVersionStamp: string;
  /** Entities the answer carries (changed themselves, or something below them changed). */
  readonly entities: readonly JsonObject[];
  /** MetadataIds of deleted items of every kind, lower case. */
  readonly deletedIds: ReadonlySet<string>;
}

export function parseChanges(body: unknown): MetadataChanges {
  if (!isObject(body) || typeof body['ServerVersionStamp'] !== 'string' || !body['ServerVersionStamp']) {
    throw new UserError(
      l10n.t('Dataverse sent an unexpected answer to RetrieveMetadataChanges (no ServerVersionStamp).'),
      {
        code: 'UnexpectedMetadata',
      },
    );
  }
  return {
    serverVersionStamp: body['ServerVersionStamp'],
    entities: objects(body, 'EntityMetadata'),
    deletedIds: deletedIdsOf(body['DeletedMetadata']),
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every GUID under DeletedMetadata.Values, whatever the nesting (one list per filter key). */
function deletedIdsOf(deleted: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 4) return;
    if (typeof v === 'string' && GUID.test(v)) out.add(v.toLowerCase());
    else if (Array.isArray(v)) for (const x of v) walk(x, depth + 1);
    else if (isObject(v)) for (const x of Object.values(v)) walk(x, depth + 1);
  };
  if (isObject(deleted)) walk(deleted['Values'], 0);
  return out;
}

/** TableInfo field ← the EntityMetadata property it is read from. */
const SOURCE: ReadonlyArray<[keyof TableInfo, string]> = [
  ['schemaName', 'SchemaName'],
  ['entitySetName', 'EntitySetName'],
  ['displayName', 'DisplayName'],
  ['displayCollectionName', 'DisplayCollectionName'],
  ['description', 'Description'],
  ['primaryIdAttribute', 'PrimaryIdAttribute'],
  ['primaryNameAttribute', 'PrimaryNameAttribute'],
  ['isCustom', 'IsCustomEntity'],
  ['isActivity', 'IsActivity'],
  ['isIntersect', 'IsIntersect'],
  ['ownership', 'OwnershipType'],
  ['objectTypeCode', 'ObjectTypeCode'],
  ['metadataId', 'MetadataId'],
];

/**
 * A changed entity over what the cache had: properties the delta sends as null (unchanged ones may
 * come back empty) keep their cached value.
 */
export function mergeTable(
  old: TableInfo | undefined,
  raw: JsonObject,
  lcid: number | undefined,
): TableInfo | undefined {
  const fresh = mapTable(raw, lcid);
  if (!fresh || !old) return fresh;
  const merged: Record<string, unknown> = { ...old };
  for (const [field, prop] of SOURCE) {
    if (raw[prop] !== null && raw[prop] !== undefined) merged[field] = fresh[field];
  }
  return compact(merged as unknown as TableInfo);
}

export interface AppliedChanges {
  readonly tables: TableInfo[];
  /** Tables whose cached details must be reloaded (changed, or removed). */
  readonly invalidated: ReadonlySet<string>;
  /** Logical names of tables added, changed or removed: what the tree repaints. */
  readonly changedTables: readonly string[];
  /**
   * Something was deleted that no table or loaded details carry: it may be in a details file not
   * read yet, so those can no longer be trusted either.
   */
  readonly unmatchedDeletions: boolean;
}

export function applyChanges(
  tables: readonly TableInfo[],
  details: ReadonlyMap<string, TableDetails>,
  changes: MetadataChanges,
  lcid: number | undefined,
): AppliedChanges {
  const byName = new Map(tables.map((t) => [t.logicalName, t]));
  const invalidated = new Set<string>();
  const changed = new Set<string>();
  for (const raw of changes.entities) {
    const name = str(raw, 'LogicalName');
    if (!name) continue;
    invalidated.add(name);
    // HasChanged false: only something below the table changed; its own properties are not sent.
    if (raw['HasChanged'] === false && byName.has(name)) continue;
    const merged = mergeTable(byName.get(name), raw, lcid);
    if (merged) {
      byName.set(name, merged);
      changed.add(name);
    }
  }
  const matched = new Set<string>();
  for (const [name, table] of byName) {
    if (table.metadataId && changes.deletedIds.has(table.metadataId)) {
      matched.add(table.metadataId);
      byName.delete(name);
      invalidated.add(name);
      changed.add(name);
    }
  }
  for (const [name, d] of details) {
    if (collectDeleted(d, changes.deletedIds, matched)) invalidated.add(name);
  }
  return {
    tables: sortTables([...byName.values()]),
    invalidated,
    changedTables: [...changed].sort(),
    unmatchedDeletions: matched.size < changes.deletedIds.size,
  };
}

/** Whether `d` carries any of `ids`; the ones it carries are added to `matched`. */
function collectDeleted(d: TableDetails, ids: ReadonlySet<string>, matched: Set<string>): boolean {
  if (ids.size === 0) return false;
  let found = false;
  for (const item of [...d.columns, ...d.relationships, ...d.keys]) {
    if (ids.has(item.metadataId)) {
      matched.add(item.metadataId);
      found = true;
    }
  }
  return found;
}
