// "Save Metadata Snapshot": an environment's normalized tables in a JSON file, indented and sorted so
// it can live in git and be compared with an organization later. Reading one checks every field and
// says what is wrong with a file that is not a snapshot.
import * as l10n from '@vscode/l10n';
import { isJsonObject } from '../../json';
import type { NormalItem, NormalTable } from './normalize';

export const SNAPSHOT_FORMAT = 'dynamics365-metadata-snapshot';
export const SNAPSHOT_VERSION = 1;

export interface MetadataSnapshotFile {
  readonly orgUrl: string;
  readonly metadataVersion?: string;
  readonly savedAt: string;
  readonly tables: readonly NormalTable[];
}

export function encodeSnapshot(s: MetadataSnapshotFile): string {
  const tables = [...s.tables].sort((a, b) => (a.logicalName < b.logicalName ? -1 : 1));
  return `${JSON.stringify(
    {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      orgUrl: s.orgUrl,
      metadataVersion: s.metadataVersion ?? null,
      savedAt: s.savedAt,
      tables,
    },
    null,
    1,
  )}\n`;
}

const isPair = (p: unknown): boolean =>
  Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string';
const isPairs = (x: unknown): boolean => Array.isArray(x) && x.every(isPair);
const isItem = (x: unknown): x is NormalItem =>
  isJsonObject(x) && typeof x['name'] === 'string' && isPairs(x['fields']);
const isItems = (x: unknown): boolean => Array.isArray(x) && x.every(isItem);

function isTable(x: unknown): x is NormalTable {
  return (
    isJsonObject(x) &&
    typeof x['logicalName'] === 'string' &&
    isPairs(x['table']) &&
    isItems(x['columns']) &&
    isItems(x['relationships']) &&
    isItems(x['keys']) &&
    isItems(x['choices'])
  );
}

export type SnapshotRead = { ok: true; value: MetadataSnapshotFile } | { ok: false; message: string };

export function decodeSnapshot(text: string): SnapshotRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, message: l10n.t('The file is not valid JSON, so it is not a metadata snapshot.') };
  }
  if (!isJsonObject(doc) || doc['format'] !== SNAPSHOT_FORMAT) {
    return { ok: false, message: l10n.t('The file is not a metadata snapshot saved by "Save Metadata Snapshot".') };
  }
  if (doc['version'] !== SNAPSHOT_VERSION) {
    return {
      ok: false,
      message: l10n.t(
        'The snapshot has format version {0}; this version of the extension reads version {1}.',
        String(doc['version']),
        SNAPSHOT_VERSION,
      ),
    };
  }
  const tables = doc['tables'];
  if (typeof doc['orgUrl'] !== 'string' || !Array.isArray(tables) || !tables.every(isTable)) {
    return { ok: false, message: l10n.t('The metadata snapshot is damaged: its table list is not readable.') };
  }
  const version = doc['metadataVersion'];
  return {
    ok: true,
    value: {
      orgUrl: doc['orgUrl'],
      ...(typeof version === 'string' ? { metadataVersion: version } : {}),
      savedAt: typeof doc['savedAt'] === 'string' ? doc['savedAt'] : '',
      tables: tables as NormalTable[],
    },
  };
}
