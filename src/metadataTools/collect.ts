// Loads the details of many tables of one organization for the metadata tools: from the metadata
// cache when current, else from the server, a few at a time, with progress and cancellation.
import type { MetadataService } from '../connections/metadataService';
import type { TableDetails, TableInfo } from '../core/metadata/model';
import type { OrgUrl } from '../core/org/orgUrl';

/** Requests in flight at once: enough to hide latency, few enough not to be throttled. */
const PARALLEL = 6;

export interface CollectOptions {
  readonly signal?: AbortSignal;
  /** Called after each table with how many are done out of how many. */
  readonly progress?: (done: number, total: number) => void;
}

export async function collectDetails(
  metadata: MetadataService,
  org: OrgUrl,
  tables: readonly TableInfo[],
  options: CollectOptions = {},
): Promise<TableDetails[]> {
  const out: TableDetails[] = new Array<TableDetails>(tables.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < tables.length) {
      const i = next++;
      options.signal?.throwIfAborted();
      out[i] = await metadata.details(org, tables[i]!.logicalName, options.signal);
      options.progress?.(++done, tables.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, tables.length) }, worker));
  return out;
}
