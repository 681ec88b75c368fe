// One org's cache files on a MetadataCacheStore: the index (tables, stamp, which details exist) and
// one details file per table. Reading never throws: an unreadable or unusable file is logged with
// its reason and reported as absent, so the caller loads from the server and the file is rebuilt.
import { describeError, type Logger } from '../log/logger';
import { decodeDetails, decodeIndex, encodeDetails, encodeIndex, type CacheIndex } from './cacheFile';
import { cacheKeyFor, detailsKeyFor, type MetadataCacheStore } from './cacheStore';
import { CacheWriter } from './cacheWriter';
import type { TableDetails, TableInfo } from './model';

export class OrgCache {
  private readonly writer: CacheWriter | undefined;
  private readonly org: { readonly orgUrl: string; readonly lcid: number | undefined };
  /** Set by deleteAll: a load that answers later must not write the org's files back. */
  private deleted = false;

  constructor(
    private readonly store: MetadataCacheStore | undefined,
    orgUrl: string,
    lcid: number | undefined,
    private readonly logger?: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.org = { orgUrl, lcid };
    this.writer = store ? new CacheWriter(store, logger) : undefined;
  }

  async readIndex(): Promise<CacheIndex | undefined> {
    const text = await this.read(cacheKeyFor(this.org.orgUrl), 'the metadata cache');
    if (text === undefined) return undefined;
    const decoded = decodeIndex(text, this.org);
    if (!decoded.ok) {
      this.logger?.info(`Ignoring the metadata cache of ${this.org.orgUrl}: ${decoded.reason}. It will be rebuilt.`);
      return undefined;
    }
    return decoded.value;
  }

  async readDetails(table: TableInfo): Promise<TableDetails | undefined> {
    const text = await this.read(
      detailsKeyFor(this.org.orgUrl, table.logicalName),
      `the cached details of ${table.logicalName}`,
    );
    if (text === undefined) return undefined;
    const decoded = decodeDetails(text, { ...this.org, table });
    if (!decoded.ok) {
      this.logger?.info(
        `Ignoring the cached details of ${table.logicalName}: ${decoded.reason}. They will be reloaded.`,
      );
      return undefined;
    }
    return decoded.value;
  }

  /** `index` is called when the write happens, so the newest state is what lands on disk. */
  saveIndex(index: () => CacheIndex): void {
    if (this.deleted) return;
    this.writer?.schedule(cacheKeyFor(this.org.orgUrl), () => encodeIndex(index(), this.now()));
  }

  /** `details` returning undefined deletes the file (the table is gone). */
  saveDetails(logicalName: string, details: () => TableDetails | undefined): void {
    if (this.deleted) return;
    this.writer?.schedule(detailsKeyFor(this.org.orgUrl, logicalName), () => {
      const d = details();
      return d && encodeDetails(d, this.org);
    });
  }

  async flush(): Promise<void> {
    await this.writer?.flush();
  }

  /** Every file of the org, also details this instance never read (another window wrote them). */
  async deleteAll(): Promise<void> {
    this.deleted = true;
    await this.flush();
    await this.store?.deleteOrg(cacheKeyFor(this.org.orgUrl));
  }

  private async read(key: string, what: string): Promise<string | undefined> {
    if (!this.store) return undefined;
    try {
      return await this.store.read(key);
    } catch (err) {
      this.logger?.warn(
        `Could not read ${what} of ${this.org.orgUrl} (${describeError(err)}); loading from the server.`,
      );
      return undefined;
    }
  }
}
