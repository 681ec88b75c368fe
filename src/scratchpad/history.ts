// Recent requests per organization and account, kept in globalState (not secret: credential
// headers are dropped and secret values masked before anything is written; see
// core/query/history/historyEntry.ts). The account is the session requests to the organization go out
// with, so another person signed in to the same organization never sees them, and they go when
// that session ends (scratchpad/setup.ts drops them on sign-out, in any window).
// "Run Query" offers them with no scratchpad open; "Open Query History…" opens, runs or removes them.
import type * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import { knownSecrets } from '../core/log/redact';
import { QueryHistoryModel } from '../core/query/history/history';
import { HistoryEntry, type RunFacts } from '../core/query/history/historyEntry';
import { STATE_KEY } from '../core/ids';

const KEY = STATE_KEY.queryHistory;
const scrub = (text: string): string => knownSecrets.scrub(text);

/** The id of the session requests to the organization go out with, or undefined when signed out. */
export type AccountOf = (org: OrgUrl) => Promise<string | undefined>;

export class QueryHistory {
  private parsed: { raw: unknown; model: QueryHistoryModel } | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly accountOf: AccountOf,
  ) {}

  /** Newest first; nothing when not signed in to the organization. */
  async recent(org: OrgUrl): Promise<readonly HistoryEntry[]> {
    const account = await this.accountOf(org);
    return account ? this.model().entries(org, account) : [];
  }

  /** Keeps a request that ran; a text that cannot be kept (empty, over 8,000 characters) is skipped. */
  async add(org: OrgUrl, text: string, facts: RunFacts): Promise<void> {
    const account = await this.accountOf(org);
    const entry = HistoryEntry.fromRun(text, facts, scrub);
    if (entry && account) await this.save(this.model().add(org, account, entry));
  }

  async remove(org: OrgUrl, entry: HistoryEntry): Promise<void> {
    const account = await this.accountOf(org);
    if (account) await this.save(this.model().remove(org, account, entry));
  }

  /** "Clear History": the signed-in account's requests to the organization. */
  async clear(org: OrgUrl): Promise<void> {
    const account = await this.accountOf(org);
    if (account) await this.save(this.model().clear(org, account));
  }

  /** Forgets the organization's history, every account's (its connection was removed). */
  async forget(org: OrgUrl): Promise<void> {
    await this.save(this.model().forget(org));
  }

  // Read on every use, since another window of the same profile may have changed it; parsed again
  // only when the stored value is a different object (parsing 300 entries takes tens of ms).
  private model(): QueryHistoryModel {
    const raw = this.state.get<unknown>(KEY);
    if (this.parsed && this.parsed.raw === raw) return this.parsed.model;
    const model = QueryHistoryModel.parse(raw, scrub);
    this.parsed = { raw, model };
    return model;
  }

  private async save(model: QueryHistoryModel): Promise<void> {
    await this.state.update(KEY, model.toJSON());
    this.parsed = { raw: this.state.get<unknown>(KEY), model };
  }
}
