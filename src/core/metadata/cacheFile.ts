// The on-disk cache format, versioned. Per org one index file (format name + version, org URL,
// language, the ServerVersionStamp it is current to, the tables, and which tables have cached
// details) plus one file per table's details, so painting the tree reads a few hundred KB however
// many tables were expanded before, and a table's details are parsed only when asked for. Decoding
// checks everything and says why a file is unusable: a corrupt, truncated, old or foreign file is
// ignored and rebuilt, never trusted. No tokens or user data are ever part of it.
import { isObject, type JsonObject } from './json';
import type { ChoiceInfo, ColumnInfo, KeyInfo, RelationshipInfo, TableDetails, TableInfo } from './model';

export const CACHE_FORMAT = 'dynamics365-metadata-cache';
export const DETAILS_FORMAT = 'dynamics365-metadata-details';
/** Bump when the shape of TableInfo/TableDetails changes: older files are then rebuilt (2: relationships' cascade). */
export const CACHE_VERSION = 2;

export interface CacheIndex {
  readonly orgUrl: string;
  readonly lcid: number | undefined;
  readonly serverVersionStamp: string | undefined;
  readonly tables: readonly TableInfo[];
  /**
   * Tables with a details file. `stale`: loaded before a refresh could vouch for it — shown, but
   * reloaded from the server when next asked for.
   */
  readonly details: ReadonlyMap<string, { readonly stale: boolean }>;
}

interface Expect {
  readonly orgUrl: string;
  readonly lcid: number | undefined;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

export function encodeIndex(c: CacheIndex, savedAt: Date): string {
  return JSON.stringify({
    format: CACHE_FORMAT,
    version: CACHE_VERSION,
    orgUrl: c.orgUrl,
    language: c.lcid ?? null,
    serverVersionStamp: c.serverVersionStamp ?? null,
    savedAt: savedAt.toISOString(),
    tables: c.tables,
    details: [...c.details].map(([table, { stale }]) => ({ table, stale })),
  });
}

/** Reads an index written for `expect.orgUrl` in `expect.lcid`; anything else is refused with a reason. */
export function decodeIndex(text: string, expect: Expect): Decoded<CacheIndex> {
  const doc = parseHeader(text, CACHE_FORMAT, expect);
  if (!doc.ok) return doc;
  const { value } = doc;
  const stamp = value['serverVersionStamp'];
  if (stamp !== null && typeof stamp !== 'string') return { ok: false, reason: 'malformed version stamp' };
  const rawTables = value['tables'];
  if (!Array.isArray(rawTables) || !rawTables.every(isTableInfo)) return { ok: false, reason: 'malformed table list' };
  const tables = rawTables as TableInfo[];
  const listed = new Set(tables.map((t) => t.logicalName));
  const details = new Map<string, { stale: boolean }>();
  for (const d of Array.isArray(value['details']) ? value['details'] : []) {
    if (isObject(d) && typeof d['table'] === 'string' && listed.has(d['table'])) {
      details.set(d['table'], { stale: d['stale'] === true });
    }
  }
  return {
    ok: true,
    value: { orgUrl: expect.orgUrl, lcid: expect.lcid, serverVersionStamp: stamp ?? undefined, tables, details },
  };
}

/** One table's details; the table itself lives in the index and is linked back on decode. */
export function encodeDetails(d: TableDetails, org: Expect): string {
  return JSON.stringify({
    format: DETAILS_FORMAT,
    version: CACHE_VERSION,
    orgUrl: org.orgUrl,
    language: org.lcid ?? null,
    table: d.table.logicalName,
    columns: d.columns,
    relationships: d.relationships,
    keys: d.keys,
    choices: d.choices,
  });
}

export function decodeDetails(text: string, expect: Expect & { readonly table: TableInfo }): Decoded<TableDetails> {
  const doc = parseHeader(text, DETAILS_FORMAT, expect);
  if (!doc.ok) return doc;
  const raw = doc.value;
  if (raw['table'] !== expect.table.logicalName) {
    return { ok: false, reason: `written for another table (${String(raw['table'])})` };
  }
  if (!validDetails(raw)) return { ok: false, reason: 'malformed details' };
  const r = raw as unknown as Omit<TableDetails, 'table'>;
  return {
    ok: true,
    value: {
      table: expect.table,
      columns: r.columns,
      relationships: r.relationships,
      keys: r.keys,
      choices: r.choices,
    },
  };
}

function parseHeader(text: string, format: string, expect: Expect): Decoded<JsonObject> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON (corrupt or truncated)' };
  }
  if (!isObject(doc) || doc['format'] !== format) return { ok: false, reason: 'not a metadata cache file' };
  if (doc['version'] !== CACHE_VERSION) {
    return { ok: false, reason: `format version ${String(doc['version'])}, expected ${CACHE_VERSION}` };
  }
  if (doc['orgUrl'] !== expect.orgUrl) return { ok: false, reason: 'written for another organization' };
  if ((doc['language'] ?? undefined) !== expect.lcid) {
    return { ok: false, reason: 'written for another display language' };
  }
  return { ok: true, value: doc };
}

type FieldType = 'string' | 'string?' | 'boolean' | 'number' | 'number?' | 'strings' | 'strings?';
type Spec = Readonly<Record<string, FieldType>>;

/**
 * Every table of the index is checked on every warm open, so this one is written out field by field:
 * reading fixed property names is ~50× faster than looking names up from a spec, which made checking
 * 1,000 tables cost half as much again as parsing them. `satisfies` keeps the list of fields complete.
 */
function isTableInfo(v: unknown): v is TableInfo {
  if (!isObject(v)) return false;
  const t = v as { [K in keyof TableInfo]: unknown };
  const fields = {
    logicalName: str(t.logicalName),
    schemaName: str(t.schemaName),
    entitySetName: optStr(t.entitySetName),
    displayName: str(t.displayName),
    displayCollectionName: optStr(t.displayCollectionName),
    description: optStr(t.description),
    primaryIdAttribute: optStr(t.primaryIdAttribute),
    primaryNameAttribute: optStr(t.primaryNameAttribute),
    isCustom: typeof t.isCustom === 'boolean',
    isActivity: typeof t.isActivity === 'boolean',
    isIntersect: typeof t.isIntersect === 'boolean',
    ownership: optStr(t.ownership),
    objectTypeCode: t.objectTypeCode === undefined || typeof t.objectTypeCode === 'number',
    metadataId: str(t.metadataId),
  } satisfies Record<keyof TableInfo, boolean>;
  return (
    fields.logicalName &&
    fields.schemaName &&
    fields.entitySetName &&
    fields.displayName &&
    fields.displayCollectionName &&
    fields.description &&
    fields.primaryIdAttribute &&
    fields.primaryNameAttribute &&
    fields.isCustom &&
    fields.isActivity &&
    fields.isIntersect &&
    fields.ownership &&
    fields.objectTypeCode &&
    fields.metadataId
  );
}

const str = (x: unknown): boolean => typeof x === 'string';
const optStr = (x: unknown): boolean => x === undefined || typeof x === 'string';

const COLUMN_SPEC: Spec = {
  logicalName: 'string',
  schemaName: 'string',
  displayName: 'string',
  description: 'string?',
  attributeTypeName: 'string',
  kind: 'string',
  requiredLevel: 'string',
  maxLength: 'number?',
  precision: 'number?',
  minValue: 'number?',
  maxValue: 'number?',
  targets: 'strings?',
  optionSetName: 'string?',
  attributeOf: 'string?',
  isPrimaryId: 'boolean',
  isPrimaryName: 'boolean',
  isCustom: 'boolean',
  isValidForRead: 'boolean',
  isValidForCreate: 'boolean',
  isValidForUpdate: 'boolean',
  metadataId: 'string',
} satisfies Record<keyof ColumnInfo, FieldType>;

const RELATIONSHIP_SPEC: Spec = {
  kind: 'string',
  schemaName: 'string',
  relatedTable: 'string',
  navigationProperty: 'string?',
  lookupColumn: 'string?',
  intersectTable: 'string?',
  cascade: 'string?',
  isCustom: 'boolean',
  metadataId: 'string',
} satisfies Record<keyof RelationshipInfo, FieldType>;

const KEY_SPEC: Spec = {
  logicalName: 'string',
  schemaName: 'string',
  displayName: 'string',
  columns: 'strings',
  status: 'string?',
  metadataId: 'string',
} satisfies Record<keyof KeyInfo, FieldType>;

const CHOICE_SPEC: Spec = {
  name: 'string',
  displayName: 'string',
  isGlobal: 'boolean',
  columns: 'strings',
} satisfies Partial<Record<keyof ChoiceInfo, FieldType>>;

const OPTION_SPEC: Spec = {
  value: 'number',
  label: 'string',
  description: 'string?',
  color: 'string?',
  state: 'number?',
};

function validDetails(raw: JsonObject): boolean {
  const list = (key: string, spec: Spec): boolean =>
    Array.isArray(raw[key]) && (raw[key] as unknown[]).every((x) => conforms(x, spec));
  return (
    list('columns', COLUMN_SPEC) &&
    list('relationships', RELATIONSHIP_SPEC) &&
    list('keys', KEY_SPEC) &&
    list('choices', CHOICE_SPEC) &&
    (raw['choices'] as JsonObject[]).every(
      (c) => Array.isArray(c['options']) && c['options'].every((o) => conforms(o, OPTION_SPEC)),
    )
  );
}

function conforms(v: unknown, spec: Spec): boolean {
  if (!isObject(v)) return false;
  for (const key in spec) {
    const type = spec[key]!;
    const x = v[key];
    const optional = type.endsWith('?');
    if (x === undefined && optional) continue;
    const base = optional ? type.slice(0, -1) : type;
    if (base === 'strings' ? !(Array.isArray(x) && x.every((s) => typeof s === 'string')) : typeof x !== base) {
      return false;
    }
  }
  return true;
}
