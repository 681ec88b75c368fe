// Saves cache files without piling up writes: while one write runs, further changes only replace
// what is pending for their file, and the newest contents follow. A failed write is logged and never
// surfaces to the tree: the cache is an optimisation, the server stays the truth.
import { describeError, type Logger } from '../log/logger';
import type { MetadataCacheStore } from './cacheStore';

/** Produces the file's contents when the write happens (so it is the newest), or undefined to delete it. */
type Encoder = () => string | undefined;

export class CacheWriter {
  private readonly pending = new Map<string, Encoder>();
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: MetadataCacheStore,
    private readonly logger?: Logger,
  ) {}

  schedule(key: string, encode: Encoder): void {
    this.pending.set(key, encode);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when nothing is pending. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // A microtask's grace, so changes made in the same tick share one write.
    await Promise.resolve();
    while (this.pending.size) {
      const [key, encode] = this.pending.entries().next().value as [string, Encoder];
      this.pending.delete(key);
      try {
        const data = encode();
        await (data === undefined ? this.store.delete(key) : this.store.write(key, data));
      } catch (err) {
        this.logger?.warn(
          `Could not save the metadata cache (${describeError(err)}); it will be loaded from the server next time.`,
        );
      }
    }
  }
}
