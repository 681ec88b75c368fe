// Change tracking behind RetrieveMetadataChanges: a version per change, which table, column or label
// changed when, what was deleted, and when client stamps stop being usable (ExpiredVersionStamp).
import { Codes, ODataError } from '../errors';

/** DeletedMetadataFilters members (Web API names; Default stands for tables). */
export type DeletedKind = 'Default' | 'Attribute' | 'Relationship' | 'Label' | 'OptionSet';

export const DELETED_FLAGS: Record<DeletedKind, number> = {
  Default: 1,
  Attribute: 2,
  Relationship: 4,
  Label: 8,
  OptionSet: 16,
};

interface Deletion {
  kind: DeletedKind;
  id: string;
  version: number;
}

function stampDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

export class MetadataVersions {
  /**
   * Versions start at this instance's start time, so a stamp a client kept from an earlier emulator run
   * (other tables, other options) is older than anything this run can vouch for: it is expired, and the
   * client reloads everything, as it must after a real org's tracking window.
   */
  private readonly first: number;
  private current: number;
  private expiredThrough = 0;
  private readonly itemVersion = new Map<string, number>();
  private readonly tableVersion = new Map<string, number>();
  private readonly deletions: Deletion[] = [];
  private readonly labels = new Map<string, Map<number, string>>();

  constructor(now = Date.now()) {
    this.first = now * 1000;
    this.current = this.first;
  }

  get version(): number {
    return this.current;
  }

  stamp(): string {
    return `${this.current}!${stampDate(new Date())}`;
  }

  /** The version a client stamp stands for; ExpiredVersionStamp when this org cannot say what changed since. */
  versionOf(stamp: string): number {
    const v = Number(/^(\d+)!/.exec(stamp.trim())?.[1] ?? NaN);
    if (!Number.isSafeInteger(v) || v < this.first || v > this.current || v <= this.expiredThrough) {
      throw new ODataError(
        400,
        Codes.expiredVersionStamp,
        'Version stamp associated with the client has expired. Please perform a full sync.',
      );
    }
    return v;
  }

  /** Records a change to an item (table, column, label) of `table`. */
  changed(table: string, itemId: string): number {
    this.current++;
    this.itemVersion.set(itemId, this.current);
    this.tableVersion.set(table, this.current);
    return this.current;
  }

  deleted(kind: DeletedKind, id: string): void {
    this.deletions.push({ kind, id, version: ++this.current });
  }

  itemChangedSince(itemId: string, version: number): boolean {
    return (this.itemVersion.get(itemId) ?? 0) > version;
  }

  tableChangedSince(table: string, version: number): boolean {
    return (this.tableVersion.get(table) ?? 0) > version;
  }

  /** Ids deleted after `version`, by kind, for the kinds in `flags`. */
  deletedSince(version: number, flags: number): Map<DeletedKind, string[]> {
    const out = new Map<DeletedKind, string[]>();
    for (const d of this.deletions) {
      if (d.version > version && (flags & DELETED_FLAGS[d.kind]) !== 0) {
        out.set(d.kind, [...(out.get(d.kind) ?? []), d.id]);
      }
    }
    return out;
  }

  /** Every stamp handed out so far stops working (the control endpoint's metadata/expire-stamps). */
  expireAll(): void {
    this.expiredThrough = this.current;
    this.current++;
  }

  setLabel(itemId: string, languageCode: number, text: string): void {
    const m = this.labels.get(itemId) ?? new Map<number, string>();
    m.set(languageCode, text);
    this.labels.set(itemId, m);
  }

  labelsOf(itemId: string): Map<number, string> | undefined {
    return this.labels.get(itemId);
  }
}
