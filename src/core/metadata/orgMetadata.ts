// One organization's metadata, stale-while-revalidate: open() paints from the disk cache at once
// (or loads the trimmed table list when there is none), then a background refresh asks
// RetrieveMetadataChanges for what changed since the cache's version stamp, falling back to a full
// reload when Dataverse no longer knows the stamp. Table details load on demand, once per table
// however many callers ask, and are cached with the list. Listeners hear about every change.
import { describeError, type Logger } from '../log/logger';
import { isCancellation } from '../userError';
import { applyChanges } from './changes';
import { decodeCache, encodeCache, type CacheContents, type CachedDetails } from './cacheFile';
import { cacheKeyFor, type MetadataCacheStore } from './cacheStore';
import { CacheWriter } from './cacheWriter';
import { MetadataLoader, type MetadataTransport } from './loader';
import type { TableDetails, TableInfo } from './model';
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
  | { readonly kind: 'tables'; readonly source: 'cache' | 'server'; readonly changedTables?: readonly string[]; readonly staleDetails?: readonly string[] }
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
  private readonly cached = new Map<string, CachedDetails>();
  private stamp: string | undefined;
  private statusValue: MetadataStatus = { state: 'empty', refreshing: false };
  private readonly listeners = new Set<(e: MetadataChangeEvent) => void>();
  private readonly lifecycle = new SharedLoads<void>();
  private readonly detailLoads = new SharedLoads<TableDetails>();
  /** Bumped per table whenever its cached details are invalidated, so a load racing a refresh lands stale. */
  private readonly generations = new Map<string, number>();
  private readonly loader: MetadataLoader;
  private readonly writer: CacheWriter | undefined;
  private background: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly options: OrgMetadataOptions) {
    this.loader = new MetadataLoader(options.transport, options.lcid);
    this.writer = options.store
      ? new CacheWriter(options.store, cacheKeyFor(options.orgUrl), () => this.encode(), options.logger)
      : undefined;
  }

  /** What is loaded right now; replaced (never mutated) on every change, so holding one is safe. */
  get snapshot(): IndexedSnapshot {
    return this.current;
  }

  get status(): MetadataStatus {
    return this.statusValue;
  }

  onDidChange(listener: (e: MetadataChangeEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
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
    if (options.full && this.lifecycle.has('refresh')) await this.lifecycle.run('refresh', () => Promise.resolve(), signal).catch(() => undefined);
    await this.lifecycle.run('refresh', (s) => this.doRefresh(options.full === true, s), signal);
  }

  /** A table's columns, relationships, keys and choices: from memory when current, else loaded once. */
  async loadDetails(logicalName: string, signal?: AbortSignal): Promise<TableDetails> {
    const name = logicalName.toLowerCase();
    const hit = this.cached.get(name);
    if (hit && !hit.stale) return hit.details;
    return this.detailLoads.run(name, (s) => this.fetchDetails(name, s), signal);
  }

  /** Resolves when the background refresh and any cache write have finished. */
  async whenIdle(): Promise<void> {
    await this.background;
    await this.writer?.flush();
  }

  /** Forgets the cache file (e.g. when the connection is removed). */
  async deleteCache(): Promise<void> {
    await this.writer?.flush();
    await this.options.store?.delete(cacheKeyFor(this.options.orgUrl));
  }

  dispose(): void {
    this.disposed = true;
    this.lifecycle.abortAll();
    this.detailLoads.abortAll();
    this.listeners.clear();
  }

  private async doOpen(signal: AbortSignal): Promise<void> {
    this.setStatus({ state: 'loading', refreshing: false });
    const cache = await this.readCache();
    if (cache) {
      this.stamp = cache.serverVersionStamp;
      for (const [name, entry] of cache.details) this.cached.set(name, entry);
      this.installTables(cache.tables, 'cache');
      this.background = this.refreshInBackground();
      return;
    }
    try {
      await this.fullReload(signal);
    } catch (err) {
      this.setStatus({ state: 'failed', refreshing: false, error: err });
      throw err;
    }
  }

  private async refreshInBackground(): Promise<void> {
    try {
      await this.lifecycle.run('refresh', (s) => this.doRefresh(false, s));
    } catch (err) {
      if (this.disposed || isCancellation(err)) return;
      this.options.logger?.warn(`Could not refresh the tables of ${this.options.orgUrl} (${describeError(err)}); showing the cached list.`);
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
        this.options.logger?.info(`The metadata version stamp of ${this.options.orgUrl} has expired; reloading all tables.`);
        await this.fullReload(signal);
        return;
      }
      const applied = applyChanges(this.tables, this.detailsMap(), changes, this.options.lcid);
      this.stamp = changes.serverVersionStamp;
      this.markStale(applied.invalidated);
      if (applied.changedTables.length || applied.invalidated.size) {
        this.installTables(applied.tables, 'server', applied.changedTables, [...applied.invalidated]);
      }
      this.writer?.schedule();
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
      this.options.logger?.debug(`${this.options.orgUrl} cannot report metadata changes (${describeError(err)}); each refresh reloads all tables.`);
    }
    const tables = await this.loader.tables(signal);
    this.stamp = stamp;
    // Nothing vouches for details loaded before this list: keep showing them, reload when asked.
    this.markStale(this.cached.keys());
    this.installTables(tables, 'server', undefined, [...this.cached.keys()]);
    this.writer?.schedule();
  }

  private async fetchDetails(name: string, signal: AbortSignal): Promise<TableDetails> {
    const generation = this.generations.get(name) ?? 0;
    const details = await this.loader.details(name, signal);
    if (this.disposed) return details;
    this.cached.set(name, { details, stale: (this.generations.get(name) ?? 0) !== generation });
    this.current = this.current.withDetails(this.detailsMap());
    this.emit({ kind: 'details', table: name });
    this.writer?.schedule();
    return details;
  }

  private markStale(names: Iterable<string>): void {
    for (const name of [...names]) {
      this.generations.set(name, (this.generations.get(name) ?? 0) + 1);
      const entry = this.cached.get(name);
      if (entry) this.cached.set(name, { ...entry, stale: true });
    }
  }

  private installTables(tables: readonly TableInfo[], source: 'cache' | 'server', changedTables?: readonly string[], staleDetails?: readonly string[]): void {
    this.tables = tables;
    const present = new Set(tables.map((t) => t.logicalName));
    for (const name of [...this.cached.keys()]) if (!present.has(name)) this.cached.delete(name);
    this.current = new IndexedSnapshot(tables, this.detailsMap());
    this.statusValue = { state: 'ready', source, refreshing: this.statusValue.refreshing };
    this.emit({ kind: 'tables', source, ...(changedTables ? { changedTables } : {}), ...(staleDetails?.length ? { staleDetails } : {}) });
  }

  private detailsMap(): Map<string, TableDetails> {
    return new Map([...this.cached].map(([name, entry]) => [name, entry.details]));
  }

  private async readCache(): Promise<CacheContents | undefined> {
    const { store, orgUrl, lcid, logger } = this.options;
    if (!store) return undefined;
    let text: string | undefined;
    try {
      text = await store.read(cacheKeyFor(orgUrl));
    } catch (err) {
      logger?.warn(`Could not read the metadata cache of ${orgUrl} (${describeError(err)}); loading from the server.`);
      return undefined;
    }
    if (text === undefined) return undefined;
    const decoded = decodeCache(text, { orgUrl, lcid });
    if (!decoded.ok) {
      logger?.info(`Ignoring the metadata cache of ${orgUrl}: ${decoded.reason}. It will be rebuilt.`);
      return undefined;
    }
    if (decoded.dropped.length) logger?.info(`Ignoring malformed cached details of ${decoded.dropped.join(', ')}; they will be reloaded.`);
    return decoded.contents;
  }

  private encode(): string {
    return encodeCache({
      orgUrl: this.options.orgUrl, lcid: this.options.lcid, serverVersionStamp: this.stamp, tables: this.tables, details: this.cached,
    }, (this.options.now ?? (() => new Date()))());
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
