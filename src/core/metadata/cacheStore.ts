// Where cache files live: a port (read/write/delete one blob per org key) and its Node fs
// implementation under a folder the caller picks (the VS Code side passes the extension's global
// storage). Writes go to a temp file renamed over the old one, so a crash or a second window writing
// at the same time never leaves a half-written file behind.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MetadataCacheStore {
  /** The blob, or undefined when there is none. */
  read(key: string): Promise<string | undefined>;
  write(key: string, data: string): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Deletes an org's blobs: `orgKey` itself and every `orgKey.<table>` one, whichever window wrote
   * them, so nothing of an org is left behind although this window never opened it.
   */
  deleteOrg(orgKey: string): Promise<void>;
}

/** A file-name-safe key for an org URL: readable host, plus a hash so different URLs never share a file. */
export function cacheKeyFor(orgUrl: string): string {
  const host = orgUrl
    .replace(/^https?:\/\//i, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '_')
    .slice(0, 80);
  const hash = createHash('sha256').update(orgUrl).digest('hex').slice(0, 12);
  return `${host}-${hash}`;
}

/** The key of one table's details file, next to the org's index file. */
export function detailsKeyFor(orgUrl: string, logicalName: string): string {
  return `${cacheKeyFor(orgUrl)}.${logicalName.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`;
}

export class FsMetadataCacheStore implements MetadataCacheStore {
  constructor(private readonly dir: string) {}

  async read(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.file(key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async write(key: string, data: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.file(key);
    const temp = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data, 'utf8');
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async deleteOrg(orgKey: string): Promise<void> {
    this.file(orgKey);
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const mine = orgFilePattern(orgKey);
    for (const name of names.filter((n) => mine.test(n))) await rm(join(this.dir, name), { force: true });
  }

  private file(key: string): string {
    if (!/^[a-z0-9._-]+$/i.test(key) || key.startsWith('.')) throw new Error(`Not a cache key: ${key}`);
    return join(this.dir, `${key}.json`);
  }
}

/**
 * The org's index, its details files (a table segment has no `-`, which every org key ends with, so
 * another org whose host starts with this key never matches) and temp files a crash left behind.
 */
function orgFilePattern(orgKey: string): RegExp {
  const escaped = orgKey.replace(/[.]/g, '\\.');
  return new RegExp(`^${escaped}(\\.[a-z0-9_]+)?\\.json(\\.[a-z0-9-]+\\.tmp)?$`, 'i');
}
