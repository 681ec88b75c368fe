// What resolution needs from outside the document (entity sets, the organization, earlier
// responses). Its own file so resolve.ts and the shared parts it calls both use it without importing
// each other.
import type { MetadataSnapshot } from '../../metadata/model';
import type { RecordedResponse } from './responses';
import type { SystemValues } from './variables';

export interface ResolveContext {
  /** A table's entity set from the metadata cache, for <fetch> blocks: account → accounts. */
  entitySetOf(logicalName: string): string | undefined;
  /** The organization the request will run against, e.g. https://contoso.crm.dynamics.com. */
  readonly orgUrl?: string;
  /** The last response of each named request run in this session. */
  readonly responses?: (name: string) => RecordedResponse | undefined;
  /** A table's primary key column by entity set, so `{{create.id}}` also reads return=representation bodies. */
  readonly primaryIdOf?: (entitySet: string) => string | undefined;
  readonly system?: SystemValues;
  /** The organization's metadata, with the details of the tables a SQL query names loaded: SQL is translated with it. */
  readonly metadata?: MetadataSnapshot;
}
