// Each organization's metadata engine (src/core/metadata), created on first use with the org's
// Web API client, a disk cache under the extension's global storage and the user's language.
// The explorer and the scratchpad read metadata only through here. The engine's code is loaded
// with the first organization asked for (metadataEngine.ts, a chunk of its own).
import * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import type { Logger } from '../core/log/logger';
import type { TableDetails, TableInfo } from '../core/metadata/model';
import type { OrgMetadata } from '../core/metadata/orgMetadata';
import type { ConnectionsService } from './connectionsService';
import type { MetadataEngine } from './metadataEngine';

export class MetadataService implements vscode.Disposable {
  private readonly orgs = new Map<string, { metadata: OrgMetadata; subscription: { dispose(): void } }>();
  private readonly emitter = new vscode.EventEmitter<OrgUrl>();
  /** Fires with the organization whose table list or details changed (e.g. after a background refresh). */
  readonly onDidChange = this.emitter.event;
  private engine: MetadataEngine | undefined;

  constructor(
    private readonly connections: ConnectionsService,
    private readonly storageDir: string,
    private readonly log: Logger,
  ) {}

  forOrg(org: OrgUrl): OrgMetadata {
    let entry = this.orgs.get(org.url);
    if (!entry) {
      const metadata = this.loadEngine().open(org.url, this.connections.client(org));
      const subscription = metadata.onDidChange((e) => {
        if (e.kind === 'tables') this.emitter.fire(org);
      });
      entry = { metadata, subscription };
      this.orgs.set(org.url, entry);
    }
    return entry.metadata;
  }

  private loadEngine(): MetadataEngine {
    if (this.engine) return this.engine;
    // Synchronous on purpose: forOrg() is, and the chunk is a local file read once.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createMetadataEngine } = require('./metadataEngine') as typeof import('./metadataEngine');
    return (this.engine = createMetadataEngine(this.storageDir, vscode.env.language, this.log));
  }

  /** The table list, painted from the disk cache when there is one (then refreshed in the background). */
  async tables(org: OrgUrl, signal?: AbortSignal): Promise<readonly TableInfo[]> {
    return (await this.forOrg(org).open(signal)).tables;
  }

  details(org: OrgUrl, logicalName: string, signal?: AbortSignal): Promise<TableDetails> {
    return this.forOrg(org).loadDetails(logicalName, signal);
  }

  /** The metadata version (ServerVersionStamp) the organization's table list is current to, if known. */
  versionStamp(org: OrgUrl): string | undefined {
    return this.forOrg(org).versionStamp;
  }

  /** Asks the server what changed (one organization, or every one open). */
  reload(org?: OrgUrl): void {
    const targets = org
      ? [this.orgs.get(org.url)?.metadata].filter((m): m is OrgMetadata => !!m)
      : [...this.orgs.values()].map((e) => e.metadata);
    for (const metadata of targets) {
      metadata
        .refresh()
        .catch((err: unknown) =>
          this.log.warn(
            `Could not refresh the metadata of ${org?.url ?? 'an organization'}: ${(err as Error).message}`,
          ),
        );
    }
  }

  /** Forgets an organization's metadata, on disk too (its connection was removed). */
  async forget(org: OrgUrl): Promise<void> {
    // Stopped first, so no load still under way writes a file after the delete.
    const metadata = this.forOrg(org);
    this.orgs.get(org.url)?.subscription.dispose();
    this.orgs.delete(org.url);
    metadata.dispose();
    await metadata.deleteCache();
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
