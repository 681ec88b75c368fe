// Recent requests per organization, kept in globalState (not secret: credential headers are
// dropped and secret values masked before anything is written; see core/query/historyEntry.ts).
// "Run Query" offers them with no scratchpad open; "Open Query History…" opens, runs or removes them.
import type * as vscode from 'vscode';
import type { OrgUrl } from '../core/auth/orgUrl';
import { knownSecrets } from '../core/log/redact';
import { QueryHistoryModel } from '../core/query/history';
import { HistoryEntry, type RunFacts } from '../core/query/historyEntry';
import { STATE_KEY } from '../core/ids';

const KEY = STATE_KEY.queryHistory;
const scrub = (text: string): string => knownSecrets.scrub(text);

export class QueryHistory {
  private parsed: { raw: unknown; model: QueryHistoryModel } | undefined;

  constructor(private readonly state: vscode.Memento) {}

  /** Newest first. */
  recent(org: OrgUrl): readonly HistoryEntry[] {
    return this.model().entries(org);
  }

  /** Keeps a request that ran; a text that cannot be kept (empty, over 8,000 characters) is skipped. */
  async add(org: OrgUrl, text: string, facts: RunFacts): Promise<void> {
    const entry = HistoryEntry.fromRun(text, facts, scrub);
    if (entry) await this.save(this.model().add(org, entry));
  }

  async remove(org: OrgUrl, entry: HistoryEntry): Promise<void> {
    await this.save(this.model().remove(org, entry));
  }

  /** Forgets an organization's history (cleared, or its connection was removed). */
  async forget(org: OrgUrl): Promise<void> {
    await this.save(this.model().clear(org));
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
