// Each organization's metadata engine (src/core/metadata), created on first use with the org's
// Web API client, a disk cache under the extension's global storage and the user's language.
// The explorer and the scratchpad read metadata only through here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OrgUrl } from '../core/auth/orgUrl';
import type { Logger } from '../core/log/logger';
import { FsMetadataCacheStore } from '../core/metadata/cacheStore';
import { lcidForLocale } from '../core/metadata/language';
import { OrgMetadata } from '../core/metadata/orgMetadata';
import type { TableDetails, TableInfo } from '../core/metadata/model';
import type { ConnectionsService } from './connectionsService';

export class MetadataService implements vscode.Disposable {
  private readonly orgs = new Map<string, { metadata: OrgMetadata; subscription: { dispose(): void } }>();
  private readonly emitter = new vscode.EventEmitter<OrgUrl>();
  /** Fires with the organization whose table list or details changed (e.g. after a background refresh). */
  readonly onDidChange = this.emitter.event;
  private readonly store: FsMetadataCacheStore;

  constructor(private readonly connections: ConnectionsService, storageDir: string, private readonly log: Logger) {
    this.store = new FsMetadataCacheStore(path.join(storageDir, 'metadata'));
  }

  forOrg(org: OrgUrl): OrgMetadata {
    let entry = this.orgs.get(org.url);
    if (!entry) {
      const metadata = new OrgMetadata({
        orgUrl: org.url,
        transport: this.connections.client(org),
        store: this.store,
        lcid: lcidForLocale(vscode.env.language),
        logger: this.log,
      });
      const subscription = metadata.onDidChange((e) => { if (e.kind === 'tables') this.emitter.fire(org); });
      entry = { metadata, subscription };
      this.orgs.set(org.url, entry);
    }
    return entry.metadata;
  }

  /** The table list, painted from the disk cache when there is one (then refreshed in the background). */
  async tables(org: OrgUrl, signal?: AbortSignal): Promise<readonly TableInfo[]> {
    return (await this.forOrg(org).open(signal)).tables;
  }

  details(org: OrgUrl, logicalName: string, signal?: AbortSignal): Promise<TableDetails> {
    return this.forOrg(org).loadDetails(logicalName, signal);
  }

  /** Asks the server what changed (one organization, or every one open). */
  reload(org?: OrgUrl): void {
    const targets = org ? [this.orgs.get(org.url)?.metadata].filter((m): m is OrgMetadata => !!m) : [...this.orgs.values()].map((e) => e.metadata);
    for (const metadata of targets) {
      metadata.refresh().catch((err: unknown) => this.log.warn(`Could not refresh the metadata of ${org?.url ?? 'an organization'}: ${(err as Error).message}`));
    }
  }

  /** Forgets an organization's metadata, on disk too (its connection was removed). */
  async forget(org: OrgUrl): Promise<void> {
    const metadata = this.forOrg(org);
    await metadata.deleteCache();
    this.orgs.get(org.url)?.subscription.dispose();
    metadata.dispose();
    this.orgs.delete(org.url);
  }

  dispose(): void {
    for (const { metadata, subscription } of this.orgs.values()) {
      subscription.dispose();
      metadata.dispose();
    }
    this.orgs.clear();
    this.emitter.dispose();
  }
}
