// The query history of every organization as one value: read once from whatever globalState holds
// (old string lists, junk, unnormalized org keys), changed by pure operations that keep its rules
// (newest first, one entry per request text, at most HISTORY_PER_ORG per organization), and
// written back in the current shape.
import { OrgUrl } from '../auth/orgUrl';
import { HistoryEntry, type Scrub, type StoredHistoryEntry } from './historyEntry';

export const HISTORY_PER_ORG = 30;

export type StoredHistory = Record<string, StoredHistoryEntry[]>;

export class QueryHistoryModel {
  private constructor(private readonly byOrg: ReadonlyMap<string, readonly HistoryEntry[]>) {}

  static empty(): QueryHistoryModel {
    return new QueryHistoryModel(new Map());
  }

  /** Whatever was stored: entries that do not parse and keys that are no organization URL are dropped. */
  static parse(value: unknown, scrub?: Scrub): QueryHistoryModel {
    const byOrg = new Map<string, HistoryEntry[]>();
    if (!value || typeof value !== 'object' || Array.isArray(value)) return new QueryHistoryModel(byOrg);
    for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
      const org = OrgUrl.parse(key);
      if (!org.ok || !Array.isArray(list)) continue;
      let entries = byOrg.get(org.value.url) ?? [];
      for (const item of list) {
        const entry = HistoryEntry.parse(item, scrub);
        if (entry && !entries.some((e) => e.sameRequest(entry))) entries = [...entries, entry];
      }
      byOrg.set(org.value.url, entries.slice(0, HISTORY_PER_ORG));
    }
    return new QueryHistoryModel(byOrg);
  }

  /** Newest first. */
  entries(org: OrgUrl): readonly HistoryEntry[] {
    return this.byOrg.get(org.url) ?? [];
  }

  /** The entry goes first; an older run of the same text is dropped, and the oldest past the cap. */
  add(org: OrgUrl, entry: HistoryEntry): QueryHistoryModel {
    const rest = this.entries(org).filter((e) => !e.sameRequest(entry));
    return this.with(org, [entry, ...rest].slice(0, HISTORY_PER_ORG));
  }

  remove(org: OrgUrl, entry: HistoryEntry): QueryHistoryModel {
    return this.with(org, this.entries(org).filter((e) => !e.sameRequest(entry)));
  }

  clear(org: OrgUrl): QueryHistoryModel {
    return this.with(org, []);
  }

  toJSON(): StoredHistory {
    const out: StoredHistory = {};
    for (const [org, entries] of this.byOrg) if (entries.length > 0) out[org] = entries.map((e) => e.toJSON());
    return out;
  }

  private with(org: OrgUrl, entries: readonly HistoryEntry[]): QueryHistoryModel {
    const byOrg = new Map(this.byOrg);
    if (entries.length > 0) byOrg.set(org.url, entries);
    else byOrg.delete(org.url);
    return new QueryHistoryModel(byOrg);
  }
}
