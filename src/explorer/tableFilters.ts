// The table filter of each organization, remembered across reloads (globalState: it is only text
// the user typed to narrow a list, never a secret).
import type * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import { parseTableFilter, type TableFilter } from '../core/explorer/tableFilter';
import { STATE_KEY } from '../core/ids';

const KEY = STATE_KEY.tableFilters;

export class TableFilters {
  constructor(private readonly state: vscode.Memento) {}

  get(org: OrgUrl): TableFilter {
    return parseTableFilter(this.all()[org.url] ?? '');
  }

  async set(org: OrgUrl, text: string): Promise<TableFilter> {
    const filter = parseTableFilter(text);
    const all = { ...this.all() };
    if (filter.text) all[org.url] = filter.text;
    else delete all[org.url];
    await this.state.update(KEY, all);
    return filter;
  }

  /** Forgets an organization's filter (when its connection is removed). */
  async forget(org: OrgUrl): Promise<void> {
    await this.set(org, '');
  }

  private all(): Record<string, string> {
    const value = this.state.get<unknown>(KEY);
    if (!value || typeof value !== 'object') return {};
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
}
