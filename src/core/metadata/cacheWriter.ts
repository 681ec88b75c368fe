// Saves the cache file without piling up writes: while one write runs, further changes only mark
// the cache dirty, and one more write with the latest contents follows. A failed write is logged and
// never surfaces to the tree: the cache is an optimisation, the server stays the truth.
import { describeError, type Logger } from '../log/logger';
import type { MetadataCacheStore } from './cacheStore';

export class CacheWriter {
  private running: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly store: MetadataCacheStore,
    private readonly key: string,
    /** Called when the write happens, so it always serializes the newest state. */
    private readonly encode: () => string,
    private readonly logger?: Logger,
  ) {}

  schedule(): void {
    this.dirty = true;
    this.running ??= this.drain().finally(() => { this.running = undefined; });
  }

  /** Resolves when no write is pending. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      try {
        await this.store.write(this.key, this.encode());
      } catch (err) {
        this.logger?.warn(`Could not save the metadata cache (${describeError(err)}); it will be loaded from the server next time.`);
      }
    }
  }
}
