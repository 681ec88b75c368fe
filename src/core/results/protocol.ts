// The messages between the results panel (extension host) and its webview. Plain data only; the
// webview treats every string in them as text, never as HTML or markdown.

export interface GridColumn {
  /** Unique within a result: the property name, or `<name>@formatted`. */
  readonly id: string;
  readonly header: string;
  /** The raw property this column shows (for the formatted twin: the same property). */
  readonly property: string;
  readonly formatted: boolean;
  /** Where this column's value is in a row's array. */
  readonly slot: number;
}

export type GridCell = string | number | boolean | null;

/** One row: values by slot (GridColumn.slot); a missing or null slot means no value there. */
export type GridRow = readonly (GridCell | undefined)[];

export interface ResultSummary {
  readonly title: string;
  readonly method: string;
  /** The request URL without the org's host, for display. */
  readonly target: string;
  readonly status: number;
  readonly statusText: string;
  readonly durationMs: number;
  readonly sizeBytes: number;
  readonly rowCount: number;
  /** Pages loaded so far: 1 for the run's own answer, one more for each Next page. */
  readonly pages: number;
  readonly moreRows: boolean;
  /** Why loading stopped short (the row limit), shown beside the counts. */
  readonly note?: string;
  /** Set when the answer was an error: code and what to do. */
  readonly error?: { readonly code?: string; readonly message: string };
}

export type CopyKind = 'curl' | 'fetch' | 'xrm' | 'dynamicsWebApi';

export type HostMessage =
  /** A new run. A big page comes as its first rows here and the rest in `append` messages after it. */
  | {
      type: 'result';
      summary: ResultSummary;
      columns: GridColumn[];
      rows: GridRow[];
      headers: [string, string][];
      /** The FetchXML that ran, when the query was written in another language (SQL). */
      fetchXml?: string;
    }
  | { type: 'append'; summary: ResultSummary; columns: GridColumn[]; rows: GridRow[] }
  /**
   * The JSON tab's text, sent when the tab is opened (pretty-printing a big answer is not free):
   * the answer, or with several pages loaded, every row loaded so far. `pages`: how many it holds.
   */
  | { type: 'json'; json: string; truncated: boolean; pages: number }
  | { type: 'busy'; text: string; cancellable: boolean }
  | { type: 'idle' };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'json' }
  | { type: 'nextPage' }
  | { type: 'allPages' }
  | { type: 'cancel' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'copyAs'; kind: CopyKind }
  /** The FetchXML tab's buttons. */
  | { type: 'copyFetchXml' }
  | { type: 'openFetchXml' };

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!value || typeof value !== 'object') return false;
  const m = value as { type?: unknown; format?: unknown; kind?: unknown };
  switch (m.type) {
    case 'ready':
    case 'json':
    case 'nextPage':
    case 'allPages':
    case 'cancel':
    case 'copyFetchXml':
    case 'openFetchXml':
      return true;
    case 'export':
      return m.format === 'csv' || m.format === 'json';
    case 'copyAs':
      return m.kind === 'curl' || m.kind === 'fetch' || m.kind === 'xrm' || m.kind === 'dynamicsWebApi';
    default:
      return false;
  }
}
