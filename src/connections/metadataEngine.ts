// The metadata engine's code (src/core/metadata: requests, mapping, snapshots, the disk cache),
// loaded the first time an organization's metadata is read: scripts/build.mjs puts this file and
// what only it uses in a chunk of its own, so start-up neither compiles nor runs it.
import * as path from 'node:path';
import type { Logger } from '../core/log/logger';
import { FsMetadataCacheStore } from '../core/metadata/cacheStore';
import { lcidForLocale } from '../core/metadata/language';
import type { MetadataTransport } from '../core/metadata/loader';
import { OrgMetadata } from '../core/metadata/orgMetadata';

export interface MetadataEngine {
  /** A new engine for one organization, sharing the disk cache and label language. */
  open(orgUrl: string, transport: MetadataTransport): OrgMetadata;
}

export function createMetadataEngine(storageDir: string, locale: string, logger: Logger): MetadataEngine {
  const store = new FsMetadataCacheStore(path.join(storageDir, 'metadata'));
  const lcid = lcidForLocale(locale);
  return { open: (orgUrl, transport) => new OrgMetadata({ orgUrl, transport, store, lcid, logger }) };
}
