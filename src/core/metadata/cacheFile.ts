// The on-disk cache file: a versioned JSON document per org (format name + version, org URL,
// language, the ServerVersionStamp it is current to, tables, and the details loaded so far). Decoding
// checks everything and says why a file is unusable, so a corrupt, truncated, old or foreign file is
// ignored and rebuilt instead of being trusted. No tokens or user data are ever part of it.
import { isObject, type JsonObject } from './json';
import type { ChoiceInfo, ColumnInfo, KeyInfo, RelationshipInfo, TableDetails, TableInfo } from './model';

export const CACHE_FORMAT = 'dynamics365-metadata-cache';
/** Bump when the shape of TableInfo/TableDetails changes: older files are then rebuilt. */
export const CACHE_VERSION = 1;

export interface CachedDetails {
  readonly details: TableDetails;
  /** Loaded before a full reload could not vouch for it: shown, but reloaded when next asked for. */
  readonly stale: boolean;
}

export interface CacheContents {
  readonly orgUrl: string;
  readonly lcid: number | undefined;
  readonly serverVersionStamp: string | undefined;
  readonly tables: readonly TableInfo[];
  readonly details: ReadonlyMap<string, CachedDetails>;
}

interface DetailsRecord extends Omit<TableDetails, 'table'> {
  table: string;
  stale: boolean;
}

export function encodeCache(c: CacheContents, savedAt: Date): string {
  const details: DetailsRecord[] = [];
  for (const [name, { details: d, stale }] of c.details) {
    details.push({ table: name, stale, columns: d.columns, relationships: d.relationships, keys: d.keys, choices: d.choices });
  }
  return JSON.stringify({
    format: CACHE_FORMAT, version: CACHE_VERSION, orgUrl: c.orgUrl, language: c.lcid ?? null,
    serverVersionStamp: c.serverVersionStamp ?? null, savedAt: savedAt.toISOString(), tables: c.tables, details,
  });
}

export type DecodeResult =
  | { ok: true; contents: CacheContents; /** Details entries that failed their check and were left out. */ dropped: string[] }
  | { ok: false; reason: string };

/** Reads a cache file written for `expect.orgUrl` in `expect.lcid`; anything else is refused with a reason. */
export function decodeCache(text: string, expect: { orgUrl: string; lcid: number | undefined }): DecodeResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON (corrupt or truncated)' };
  }
  if (!isObject(doc) || doc['format'] !== CACHE_FORMAT) return { ok: false, reason: 'not a metadata cache file' };
  if (doc['version'] !== CACHE_VERSION) return { ok: false, reason: `format version ${String(doc['version'])}, expected ${CACHE_VERSION}` };
  if (doc['orgUrl'] !== expect.orgUrl) return { ok: false, reason: 'written for another organization' };
  if ((doc['language'] ?? undefined) !== expect.lcid) return { ok: false, reason: 'written for another display language' };
  const stamp = doc['serverVersionStamp'];
  if (stamp !== null && typeof stamp !== 'string') return { ok: false, reason: 'malformed version stamp' };
  const rawTables = doc['tables'];
  if (!Array.isArray(rawTables) || !rawTables.every((t) => conforms(t, TABLE_SPEC))) return { ok: false, reason: 'malformed table list' };
  const tables = rawTables as TableInfo[];
  const byName = new Map(tables.map((t) => [t.logicalName, t]));
  const details = new Map<string, CachedDetails>();
  const dropped: string[] = [];
  for (const raw of Array.isArray(doc['details']) ? doc['details'] : []) {
    const table = isObject(raw) && typeof raw['table'] === 'string' ? byName.get(raw['table']) : undefined;
    if (!table || !isObject(raw) || !validDetails(raw)) {
      dropped.push(isObject(raw) && typeof raw['table'] === 'string' ? raw['table'] : '?');
      continue;
    }
    const r = raw as unknown as DetailsRecord;
    details.set(table.logicalName, { stale: r.stale === true, details: { table, columns: r.columns, relationships: r.relationships, keys: r.keys, choices: r.choices } });
  }
  return { ok: true, dropped, contents: { orgUrl: expect.orgUrl, lcid: expect.lcid, serverVersionStamp: stamp ?? undefined, tables, details } };
}

type FieldType = 'string' | 'string?' | 'boolean' | 'number' | 'number?' | 'strings' | 'strings?';
type Spec = Readonly<Record<string, FieldType>>;

const TABLE_SPEC: Spec = {
  logicalName: 'string', schemaName: 'string', entitySetName: 'string?', displayName: 'string',
  displayCollectionName: 'string?', description: 'string?', primaryIdAttribute: 'string?', primaryNameAttribute: 'string?',
  isCustom: 'boolean', isActivity: 'boolean', isIntersect: 'boolean', ownership: 'string?', objectTypeCode: 'number?', metadataId: 'string',
} satisfies Record<keyof TableInfo, FieldType>;

const COLUMN_SPEC: Spec = {
  logicalName: 'string', schemaName: 'string', displayName: 'string', description: 'string?', attributeTypeName: 'string',
  kind: 'string', requiredLevel: 'string', maxLength: 'number?', precision: 'number?', minValue: 'number?', maxValue: 'number?',
  targets: 'strings?', optionSetName: 'string?', attributeOf: 'string?', isPrimaryId: 'boolean', isPrimaryName: 'boolean',
  isCustom: 'boolean', isValidForRead: 'boolean', isValidForCreate: 'boolean', isValidForUpdate: 'boolean', metadataId: 'string',
} satisfies Record<keyof ColumnInfo, FieldType>;

const RELATIONSHIP_SPEC: Spec = {
  kind: 'string', schemaName: 'string', relatedTable: 'string', navigationProperty: 'string?', lookupColumn: 'string?',
  intersectTable: 'string?', isCustom: 'boolean', metadataId: 'string',
} satisfies Record<keyof RelationshipInfo, FieldType>;

const KEY_SPEC: Spec = {
  logicalName: 'string', schemaName: 'string', displayName: 'string', columns: 'strings', status: 'string?', metadataId: 'string',
} satisfies Record<keyof KeyInfo, FieldType>;

const CHOICE_SPEC: Spec = {
  name: 'string', displayName: 'string', isGlobal: 'boolean', columns: 'strings',
} satisfies Partial<Record<keyof ChoiceInfo, FieldType>>;

const OPTION_SPEC: Spec = { value: 'number', label: 'string', description: 'string?', color: 'string?', state: 'number?' };

function validDetails(raw: JsonObject): boolean {
  const list = (key: string, spec: Spec): boolean => Array.isArray(raw[key]) && (raw[key] as unknown[]).every((x) => conforms(x, spec));
  return list('columns', COLUMN_SPEC) && list('relationships', RELATIONSHIP_SPEC) && list('keys', KEY_SPEC)
    && list('choices', CHOICE_SPEC)
    && (raw['choices'] as JsonObject[]).every((c) => Array.isArray(c['options']) && c['options'].every((o) => conforms(o, OPTION_SPEC)));
}

function conforms(v: unknown, spec: Spec): boolean {
  if (!isObject(v)) return false;
  for (const [key, type] of Object.entries(spec)) {
    const x = v[key];
    const optional = type.endsWith('?');
    if (x === undefined && optional) continue;
    const base = optional ? type.slice(0, -1) : type;
    if (base === 'strings' ? !(Array.isArray(x) && x.every((s) => typeof s === 'string')) : typeof x !== base) return false;
  }
  return true;
}
