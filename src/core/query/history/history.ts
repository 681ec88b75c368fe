// The query history of every organization and account as one value: read once from whatever
// globalState holds (the old shared per-organization lists are dropped, junk and unnormalized org
// keys too), changed by pure operations that keep its rules (one list per account of an
// organization, newest first, one entry per request text, at most HISTORY_PER_ORG per list), and
// written back in the current shape. An account is the session requests go out with: people who
// share an organization never see each other's requests.
import { OrgUrl } from '../../org/orgUrl';
import { accountLists, type StoredByAccount } from './historyAccounts';
import { HistoryEntry, type Scrub, type StoredHistoryEntry } from './historyEntry';

export const HISTORY_PER_ORG = 30;

export type StoredHistory = StoredByAccount<StoredHistoryEntry>;

type Lists = ReadonlyMap<string, ReadonlyMap<string, readonly HistoryEntry[]>>;

export class QueryHistoryModel {
  private constructor(private readonly byOrg: Lists) {}

  static empty(): QueryHistoryModel {
    return new QueryHistoryModel(new Map());
  }

  /** Whatever was stored: entries that do not parse and keys that are no organization URL are dropped. */
  static parse(value: unknown, scrub?: Scrub): QueryHistoryModel {
    const byOrg = new Map<string, Map<string, HistoryEntry[]>>();
    for (const [key, accounts] of Object.entries(accountLists(value))) {
      const org = OrgUrl.parse(key);
      if (!org.ok) continue;
      const lists = byOrg.get(org.value.url) ?? new Map<string, HistoryEntry[]>();
      for (const [account, list] of Object.entries(accounts)) {
        let entries = lists.get(account) ?? [];
        for (const item of list) {
          const entry = HistoryEntry.parse(item, scrub);
          if (entry && !entries.some((e) => e.sameRequest(entry))) entries = [...entries, entry];
        }
        if (entries.length) lists.set(account, entries.slice(0, HISTORY_PER_ORG));
      }
      if (lists.size) byOrg.set(org.value.url, lists);
    }
    return new QueryHistoryModel(byOrg);
  }

  /** Newest first. */
  entries(org: OrgUrl, account: string): readonly HistoryEntry[] {
    return this.byOrg.get(org.url)?.get(account) ?? [];
  }

  /** The entry goes first; an older run of the same text is dropped, and the oldest past the cap. */
  add(org: OrgUrl, account: string, entry: HistoryEntry): QueryHistoryModel {
    const rest = this.entries(org, account).filter((e) => !e.sameRequest(entry));
    return this.with(org, account, [entry, ...rest].slice(0, HISTORY_PER_ORG));
  }

  remove(org: OrgUrl, account: string, entry: HistoryEntry): QueryHistoryModel {
    return this.with(
      org,
      account,
      this.entries(org, account).filter((e) => !e.sameRequest(entry)),
    );
  }

  /** One account's list ("Clear History"). */
  clear(org: OrgUrl, account: string): QueryHistoryModel {
    return this.with(org, account, []);
  }

  /** Every account's list of the organization (its connection was removed). */
  forget(org: OrgUrl): QueryHistoryModel {
    const byOrg = new Map(this.byOrg);
    byOrg.delete(org.url);
    return new QueryHistoryModel(byOrg);
  }

  toJSON(): StoredHistory {
    const out: StoredHistory = {};
    for (const [org, lists] of this.byOrg) {
      for (const [account, entries] of lists) (out[org] ??= {})[account] = entries.map((e) => e.toJSON());
    }
    return out;
  }

  private with(org: OrgUrl, account: string, entries: readonly HistoryEntry[]): QueryHistoryModel {
    const lists = new Map(this.byOrg.get(org.url));
    if (entries.length > 0) lists.set(account, entries);
    else lists.delete(account);
    const byOrg = new Map(this.byOrg);
    if (lists.size > 0) byOrg.set(org.url, lists);
    else byOrg.delete(org.url);
    return new QueryHistoryModel(byOrg);
  }
}
