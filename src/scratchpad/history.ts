// Recent requests per organization, for "Run Query" without a scratchpad and "Open Recent". Kept
// in globalState as the text people wrote, minus any Authorization header line (a token typed into
// a request must not be kept), at most 30 per organization.
import type * as vscode from 'vscode';
import type { OrgUrl } from '../core/auth/orgUrl';

const KEY = 'dynamics365.scratchpad.history';
const PER_ORG = 30;
const MAX_LENGTH = 8_000;

export class QueryHistory {
  constructor(private readonly state: vscode.Memento) {}

  recent(org: OrgUrl): string[] {
    return this.all()[org.url] ?? [];
  }

  async add(org: OrgUrl, text: string): Promise<void> {
    const clean = text.split('\n').filter((line) => !/^\s*(authorization|cookie|proxy-authorization)\s*:/i.test(line)).join('\n').trim();
    if (!clean || clean.length > MAX_LENGTH) return;
    const all = this.all();
    all[org.url] = [clean, ...(all[org.url] ?? []).filter((t) => t !== clean)].slice(0, PER_ORG);
    await this.state.update(KEY, all);
  }

  /** Forgets an organization's history (its connection was removed). */
  async forget(org: OrgUrl): Promise<void> {
    const all = this.all();
    delete all[org.url];
    await this.state.update(KEY, all);
  }

  private all(): Record<string, string[]> {
    const value = this.state.get<unknown>(KEY);
    if (!value || typeof value !== 'object') return {};
    const out: Record<string, string[]> = {};
    for (const [org, list] of Object.entries(value)) {
      if (Array.isArray(list)) out[org] = list.filter((t): t is string => typeof t === 'string');
    }
    return out;
  }
}
