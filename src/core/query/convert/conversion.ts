// What both conversions share: their result (the converted text, or the reason it cannot be exact),
// the error that carries that reason, and where table metadata comes from.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot, TableDetails, TableInfo } from '../../metadata/model';
import { tableIndex, type ColumnEntry, type TableIndex } from '../language/metadataIndex';

export type ConvertResult = { ok: true; text: string } | { ok: false; reason: string };

/** A construct the target language cannot express exactly; the message is a whole sentence for the user. */
export class ConvertError extends Error {}

/** Tables by name, and their columns and relationships, loaded on demand (from the disk cache or the org). */
export interface TableSource {
  byLogicalName(name: string): TableInfo | undefined;
  byEntitySet(name: string): TableInfo | undefined;
  details(logicalName: string): Promise<TableDetails | undefined>;
}

/** A TableSource over a snapshot; `load` reads a table's details when the snapshot does not hold them yet. */
export function snapshotSource(
  snapshot: MetadataSnapshot,
  load?: (logicalName: string) => Promise<TableDetails | undefined>,
): TableSource {
  return {
    byLogicalName: (name) => snapshot.tableByLogicalName(name),
    byEntitySet: (name) => snapshot.tableByEntitySetName(name),
    details: async (name) => snapshot.details(name) ?? (load ? await load(name) : undefined),
  };
}

/** The index of a table's columns, or a ConvertError naming what is missing. */
export async function indexOf(source: TableSource, logicalName: string): Promise<TableIndex> {
  const table = source.byLogicalName(logicalName);
  if (!table) throw new ConvertError(l10n.t("There is no table '{0}' in this organization's metadata.", logicalName));
  const details = await source.details(table.logicalName);
  if (!details) throw new ConvertError(l10n.t("The columns of table '{0}' could not be loaded.", logicalName));
  return tableIndex(details);
}

export function columnOf(index: TableIndex, name: string): ColumnEntry {
  const entry = index.column(name);
  if (!entry) throw new ConvertError(l10n.t("Table '{0}' has no column '{1}'.", index.table.logicalName, name));
  return entry;
}

/** Runs a conversion, turning its ConvertError into a result; other errors are bugs and propagate. */
export async function converting(run: () => Promise<string>): Promise<ConvertResult> {
  try {
    return { ok: true, text: await run() };
  } catch (e) {
    if (e instanceof ConvertError) return { ok: false, reason: e.message };
    throw e;
  }
}
