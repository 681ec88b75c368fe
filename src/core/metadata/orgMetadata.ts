// One organization's metadata, stale-while-revalidate: open() paints from the disk cache at once
// (or loads the trimmed table list when there is none), then a background refresh asks
// RetrieveMetadataChanges for what changed since the cache's version stamp, falling back to a full
// reload when Dataverse no longer knows the stamp. Table details load on demand, once per table
// however many callers ask, from their cache file when it is current, else from the server.
// Listeners hear about every change.
import { describeError, type Logger } from '../log/logger';
import { isCancellation } from '../userError';
import { applyChanges } from './changes';
import type { CacheIndex } from './cacheFile';
import type { MetadataCacheStore } from './cacheStore';
import { MetadataLoader, type MetadataTransport } from './loader';
import type { TableDetails, TableInfo } from './model';
import { OrgCache } from './orgCache';
import { SharedLoads } from './sharedLoads';
import { IndexedSnapshot } from './snapshot';

export interface OrgMetadataOptions {
  /** The org's URL as OrgUrl.url gives it; the cache file is keyed and checked on it. */
  readonly orgUrl: string;
  /** DataverseClient for the org. */
  readonly transport: MetadataTransport;
  /** Where the cache file lives; without one, metadata lives in memory only. */
  readonly store?: MetadataCacheStore;
  /** Label language: lcidForLocale(vscode.env.language). */
  readonly lcid?: number;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

export type MetadataChangeEvent =
  /** The table list was installed or changed; `changedTables` is absent when all of it is new. */
  | {
      readonly kind: 'tables';
      readonly source: 'cache' | 'server';
      readonly changedTables?: readonly string[];
      /** Tables whose details on screen are out of date: reload them with loadDetails. */
      readonly staleDetails?: readonly string[];
    }
  | { readonly kind: 'details'; readonly table: string }
  /** Loading, refreshing or failing: see `status`. */
  | { readonly kind: 'status' };

export interface MetadataStatus {
  readonly state: 'empty' | 'loading' | 'ready' | 'failed';
  /** Where the table list on screen came from. */
  readonly source?: 'cache' | 'server';
  readonly refreshing: boolean;
  /** Why the first load failed (state 'failed'): the tree shows it with a Retry. */
  readonly error?: unknown;
  /** Why the last background refresh failed; the cached list stays on screen. */
  readonly refreshError?: unknown;
}

export interface Disposable {
  dispose(): void;
}

export class OrgMetadata {
  private current: IndexedSnapshot = IndexedSnapshot.empty;
  private tables: readonly TableInfo[] = [];
  /** Tables whose details are in memory and/or in a cache file. */
  private readonly entries = new Map<string, DetailsEntry>();
  private stamp: string | undefined;
  private statusValue: MetadataStatus = { state: 'empty', refreshing: false };
  private readonly listeners = new Set<(e: MetadataChangeEvent) => void>();
  private readonly lifecycle = new SharedLoads<void>();
  private readonly detailLoads = new SharedLoads<TableDetails>();
  /** Bumped per table whenever its details are invalidated, so a load racing a refresh lands stale. */
  private readonly generations = new Map<string, number>();
  private readonly loader: MetadataLoader;
  private readonly cache: OrgCache;
  private background: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly options: OrgMetadataOptions) {
    this.loader = new MetadataLoader(options.transport, options.lcid);
    this.cache = new OrgCache(options.store, options.orgUrl, options.lcid, options.logger, options.now);
  }

  /** What is loaded right now; replaced (never mutated) on every change, so holding one is safe. */
  get snapshot(): IndexedSnapshot {
    return this.current;
  }

  get status(): MetadataStatus {
    return this.statusValue;
  }

  /** The ServerVersionStamp the table list is current to, when the org reports one. */
  get versionStamp(): string | undefined {
    return this.stamp;
  }

  onDidChange(listener: (e: MetadataChangeEvent) => void): Disposable {
    this.listeners.add(listener);
    return {
      dispose: () => {
        this.listeners.delete(listener);
      },
    };
  }

  /**
   * Resolves as soon as a table list is available: from the disk cache (then refreshed in the
   * background) or, without a usable cache, from the server. Rejects only when neither works.
   */
  async open(signal?: AbortSignal): Promise<IndexedSnapshot> {
    if (this.statusValue.state !== 'ready') await this.lifecycle.run('open', (s) => this.doOpen(s), signal);
    return this.current;
  }

  /** Brings the list up to date: only the changes when the cache has a version stamp, else all of it. */
  async refresh(options: { full?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    if (this.statusValue.state !== 'ready') {
      await this.open(signal);
      if (this.statusValue.source === 'server') return;
    }
    // One refresh at a time: a full reload asked for during a delta refresh runs after it.
    if (options.full && this.lifecycle.has('refresh')) {
      await this.lifecycle.run('refresh', () => Promise.resolve(), signal).catch(() => undefined);
    }
    await this.lifecycle.run('refresh', (s) => this.doRefresh(options.full === true, s), signal);
  }

  /**
   * A table's columns, relationships, keys and choices: from memory or its cache file when current,
   * else from the server — once, however many callers ask at the same time.
   */
  async loadDetails(logicalName: string, signal?: AbortSignal): Promise<TableDetails> {
    const name = logicalName.toLowerCase();
    const hit = this.entries.get(name);
    if (hit?.details && !hit.stale) return hit.details;
    return this.detailLoads.run(name, (s) => this.obtainDetails(name, s), signal);
  }

  /** Resolves when the background refresh and any cache write have finished. */
  async whenIdle(): Promise<void> {
    await this.background;
    await this.cache.flush();
  }

  /** Forgets the cache files (e.g. when the connection is removed). */
  async deleteCache(): Promise<void> {
    await this.cache.deleteAll();
  }

  dispose(): void {
    this.disposed = true;
    this.lifecycle.abortAll();
    this.detailLoads.abortAll();
    this.listeners.clear();
  }

  private async doOpen(signal: AbortSignal): Promise<void> {
    this.setStatus({ state: 'loading', refreshing: false });
    const index = await this.cache.readIndex();
    if (index) {
      this.stamp = index.serverVersionStamp;
      for (const [name, { stale }] of index.details) this.entries.set(name, { stale, onDisk: true });
      this.installTables(index.tables, 'cache');
      this.background = this.refreshInBackground();
      return;
    }
    try {
      await this.fullReload(signal);
    } catch (err) {
      // Cancelled by everyone who asked: nothing failed, the next open() starts afresh.
      const cancelled = isCancellation(err) || signal.aborted;
      this.setStatus(
        cancelled ? { state: 'empty', refreshing: false } : { state: 'failed', refreshing: false, error: err },
      );
      throw err;
    }
  }

  private async refreshInBackground(): Promise<void> {
    // Start after the caller has painted: building the first request (a TLS context, a token) is
    // synchronous work that would otherwise run before open()'s caller gets the snapshot.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (this.disposed) return;
    try {
      await this.lifecycle.run('refresh', (s) => this.doRefresh(false, s));
    } catch (err) {
      if (this.disposed || isCancellation(err)) return;
      this.options.logger?.warn(
        `Could not refresh the tables of ${this.options.orgUrl} (${describeError(err)}); showing the cached list.`,
      );
    }
  }

  private async doRefresh(full: boolean, signal: AbortSignal): Promise<void> {
    this.setStatus({ ...this.statusValue, refreshing: true, refreshError: undefined });
    try {
      if (full || this.stamp === undefined) {
        await this.fullReload(signal);
        return;
      }
      const changes = await this.loader.changes(this.stamp, signal);
      if (changes.expired) {
        this.options.logger?.info(
          `The metadata version stamp of ${this.options.orgUrl} has expired; reloading all tables.`,
        );
        await this.fullReload(signal);
        return;
      }
      const applied = applyChanges(this.tables, this.current.detailsByName, changes, this.options.lcid);
      this.stamp = changes.serverVersionStamp;
      const invalidated = new Set(applied.invalidated);
      if (applied.unmatchedDeletions) {
        for (const [name, entry] of this.entries) if (!entry.details) invalidated.add(name);
      }
      this.markStale(invalidated);
      if (applied.changedTables.length || invalidated.size) {
        this.installTables(applied.tables, 'server', applied.changedTables, [...invalidated]);
      }
      this.saveIndex();
    } catch (err) {
      if (!isCancellation(err)) this.setStatus({ ...this.statusValue, refreshError: err });
      throw err;
    } finally {
      this.setStatus({ ...this.statusValue, refreshing: false });
    }
  }

  /** Stamp first, then the list: whatever changes while the list loads is in the next delta. */
  private async fullReload(signal: AbortSignal): Promise<void> {
    let stamp: string | undefined;
    try {
      stamp = await this.loader.versionStamp(signal);
    } catch (err) {
      if (isCancellation(err) || signal.aborted) throw err;
      this.options.logger?.debug(
        `${this.options.orgUrl} cannot report metadata changes (${describeError(err)}); each refresh reloads all tables.`,
      );
    }
    const tables = await this.loader.tables(signal);
    this.stamp = stamp;
    // Nothing vouches for details loaded before this list: keep showing them, reload when asked.
    this.markStale(this.entries.keys());
    this.installTables(tables, 'server', undefined, [...this.entries.keys()]);
    this.saveIndex();
  }

  private async obtainDetails(name: string, signal: AbortSignal): Promise<TableDetails> {
    const entry = this.entries.get(name);
    const table = this.current.tableByLogicalName(name);
    if (entry?.onDisk && !entry.details && table) {
      const fromDisk = await this.cache.readDetails(table);
      const now = this.entries.get(name);
      if (fromDisk && now && !now.details) {
        this.entries.set(name, { ...now, details: fromDisk });
        this.publishDetails(name);
        // Current when asked for: the answer, even if a refresh has marked it stale since (the
        // next ask reloads it), as for a server load racing a refresh.
        if (!entry.stale) return fromDisk;
      }
    }
    return this.fetchDetails(name, signal);
  }

  private async fetchDetails(name: string, signal: AbortSignal): Promise<TableDetails> {
    const generation = this.generations.get(name) ?? 0;
    const details = await this.loader.details(name, signal);
    if (this.disposed) return details;
    this.entries.set(name, { details, stale: (this.generations.get(name) ?? 0) !== generation, onDisk: true });
    this.publishDetails(name);
    this.cache.saveDetails(name, () => this.entries.get(name)?.details);
    this.saveIndex();
    return details;
  }

  private publishDetails(name: string): void {
    this.current = this.current.withDetails(this.detailsMap());
    this.emit({ kind: 'details', table: name });
  }

  private markStale(names: Iterable<string>): void {
    for (const name of [...names]) {
      this.generations.set(name, (this.generations.get(name) ?? 0) + 1);
      const entry = this.entries.get(name);
      if (entry) this.entries.set(name, { ...entry, stale: true });
    }
  }

  private installTables(
    tables: readonly TableInfo[],
    source: 'cache' | 'server',
    changedTables?: readonly string[],
    staleDetails?: readonly string[],
  ): void {
    this.tables = tables;
    const present = new Set(tables.map((t) => t.logicalName));
    for (const name of [...this.entries.keys()]) {
      if (present.has(name)) continue;
      this.entries.delete(name);
      this.cache.saveDetails(name, () => undefined);
    }
    this.current = new IndexedSnapshot(tables, this.detailsMap());
    this.statusValue = { state: 'ready', source, refreshing: this.statusValue.refreshing };
    const stale = staleDetails?.filter((n) => this.entries.has(n));
    this.emit({
      kind: 'tables',
      source,
      ...(changedTables ? { changedTables } : {}),
      ...(stale?.length ? { staleDetails: stale } : {}),
    });
  }

  private detailsMap(): Map<string, TableDetails> {
    const map = new Map<string, TableDetails>();
    for (const [name, entry] of this.entries) if (entry.details) map.set(name, entry.details);
    return map;
  }

  private saveIndex(): void {
    // Disposed (the organization removed): a load that answered anyway writes nothing back.
    if (this.disposed) return;
    this.cache.saveIndex((): CacheIndex => ({
      orgUrl: this.options.orgUrl,
      lcid: this.options.lcid,
      serverVersionStamp: this.stamp,
      tables: this.tables,
      details: new Map([...this.entries].filter(([, e]) => e.onDisk).map(([name, e]) => [name, { stale: e.stale }])),
    }));
  }

  private setStatus(status: MetadataStatus): void {
    this.statusValue = status;
    this.emit({ kind: 'status' });
  }

  private emit(e: MetadataChangeEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        this.options.logger?.error('A metadata change listener failed', err);
      }
    }
  }
}

interface DetailsEntry {
  /** In memory: what the snapshot shows. */
  readonly details?: TableDetails;
  /** Loaded before a refresh could vouch for it: shown, but reloaded when asked for. */
  readonly stale: boolean;
  /** A details file exists (or is being written). */
  readonly onDisk: boolean;
}
