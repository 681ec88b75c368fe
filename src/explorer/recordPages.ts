// The rows the explorer shows under a table's "Records": the first page, and more on "Load more…".
// Kept per table, so re-rendering the tree does not fetch again; a refresh starts over.
import * as l10n from '@vscode/l10n';
import type { OrgUrl } from '../core/org/orgUrl';
import type { TableInfo } from '../core/metadata/model';
import { readPage } from '../core/webapi/paging';
import type { ConnectionsService } from '../connections/connectionsService';

export const RECORD_PAGE_SIZE = 50;

export interface RecordRow {
  readonly id: string;
  readonly label: string;
}

export interface RecordList {
  readonly rows: readonly RecordRow[];
  /** More rows are there to load. */
  readonly more: boolean;
}

interface State {
  rows: RecordRow[];
  nextLink?: string;
  loading?: Promise<void>;
}

export class RecordPages {
  private readonly states = new Map<string, State>();

  constructor(private readonly connections: ConnectionsService) {}

  /** The rows loaded so far; loads the first page when there are none. */
  async list(org: OrgUrl, table: TableInfo): Promise<RecordList> {
    const key = keyOf(org, table);
    let state = this.states.get(key);
    if (!state) {
      state = { rows: [] };
      this.states.set(key, state);
      try {
        await this.load(org, table, state, firstPagePath(table));
      } catch (err) {
        this.states.delete(key);
        throw err;
      }
    }
    if (state.loading) await state.loading;
    return { rows: state.rows, more: !!state.nextLink };
  }

  /** Appends the next page; several clicks share one request. */
  async loadMore(org: OrgUrl, table: TableInfo): Promise<void> {
    const state = this.states.get(keyOf(org, table));
    if (!state?.nextLink) return;
    if (!state.loading) {
      state.loading = this.load(org, table, state, state.nextLink).finally(() => {
        state.loading = undefined;
      });
    }
    await state.loading;
  }

  /** Forgets loaded rows of one organization (or all), so the next look fetches again. */
  reset(org?: OrgUrl): void {
    if (!org) return this.states.clear();
    for (const key of [...this.states.keys()]) if (key.startsWith(`${org.url}|`)) this.states.delete(key);
  }

  private async load(org: OrgUrl, table: TableInfo, state: State, link: string): Promise<void> {
    const page = await readPage(this.connections.client(org), link, { pageSize: RECORD_PAGE_SIZE });
    for (const row of page.value) {
      const parsed = rowOf(row, table);
      if (parsed) state.rows.push(parsed);
    }
    state.nextLink = page.nextLink;
  }
}

function keyOf(org: OrgUrl, table: TableInfo): string {
  return `${org.url}|${table.logicalName}`;
}

function firstPagePath(table: TableInfo): string {
  const select = [table.primaryIdAttribute, table.primaryNameAttribute].filter((c): c is string => !!c);
  const query = select.length ? `?$select=${select.join(',')}` : '';
  return `${table.entitySetName}${query}`;
}

function rowOf(row: unknown, table: TableInfo): RecordRow | undefined {
  if (!row || typeof row !== 'object') return undefined;
  const r = row as Record<string, unknown>;
  const id = table.primaryIdAttribute ? r[table.primaryIdAttribute] : undefined;
  if (typeof id !== 'string') return undefined;
  const name = table.primaryNameAttribute ? r[table.primaryNameAttribute] : undefined;
  const formatted = table.primaryNameAttribute
    ? r[`${table.primaryNameAttribute}@OData.Community.Display.V1.FormattedValue`]
    : undefined;
  const label =
    typeof name === 'string' && name.trim()
      ? name.trim()
      : typeof formatted === 'string' && formatted.trim()
        ? formatted.trim()
        : l10n.t('(no name)');
  return { id, label };
}
