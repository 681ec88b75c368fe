// What tree nodes need from the rest of the extension, passed in once: the connections seam,
// each organization's metadata, the remembered filters and the records loaded so far.
import type { OrgUrl } from '../core/org/orgUrl';
import type { TableDetails, TableInfo } from '../core/metadata/model';
import type { ConnectionsService } from '../connections/connectionsService';
import type { RecordPages } from './recordPages';
import type { TableFilters } from './tableFilters';

/** An organization's metadata as the explorer reads it: from the disk cache first, then the server. */
export interface OrgMetadataSource {
  tables(signal?: AbortSignal): Promise<readonly TableInfo[]>;
  details(logicalName: string, signal?: AbortSignal): Promise<TableDetails>;
}

export interface ExplorerContext {
  readonly connections: ConnectionsService;
  metadata(org: OrgUrl): OrgMetadataSource;
  readonly filters: TableFilters;
  readonly records: RecordPages;
  /** Runs a load with the view's progress indicator. */
  withProgress<T>(task: () => Promise<T>): Promise<T>;
}
