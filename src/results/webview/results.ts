// The results view's page (runs in the webview, not in the extension host): a virtualized grid
// (AG Grid Community) of the rows, the raw JSON and the response headers, with paging, export,
// copy-as-code and a column chooser. Everything from the response is set as text, never as HTML.
// Its words come from the extension's string bundle for VS Code's display language, which the page
// carries (html.ts) and @vscode/l10n is given before anything is shown.
import * as l10n from '@vscode/l10n';
import {
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  createGrid,
  LocaleModule,
  ModuleRegistry,
  QuickFilterModule,
  RowApiModule,
  ScrollApiModule,
  TooltipModule,
  type ColDef,
  type GridApi,
} from 'ag-grid-community';
import type {
  CopyKind,
  GridColumn,
  GridRow,
  HostMessage,
  ResultSummary,
  WebviewMessage,
} from '../../core/results/protocol';
import { theme } from './gridTheme';
import { gridLocaleText, readBundle } from './pageText';

// ClientSideRowModelApiModule: applyTransaction, which adds the rows of later pages and chunks.
// QuickFilterModule: the "Filter rows" box.
// LocaleModule: without it AG Grid ignores localeText and shows and reads out its own English.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  ColumnApiModule,
  LocaleModule,
  QuickFilterModule,
  RowApiModule,
  ScrollApiModule,
  TooltipModule,
]);

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };
const vscode = acquireVsCodeApi();
// Before any l10n.t call: the first strings are made when the first result comes.
l10n.config({ contents: readBundle(document) });

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const nonce = document.querySelector<HTMLMetaElement>('meta[name="style-nonce"]')?.content ?? '';

let grid: GridApi<GridRow> | undefined;
/** Rows in the grid now (the grid holds them; only their number is needed here). */
let rowCount = 0;
let columns: GridColumn[] = [];
const hidden = new Set<string>();
/** The JSON tab's text is asked for when the tab is first shown for a result. */
let json: 'none' | 'asked' | 'shown' = 'none';
/** Pages in the latest summary, and in the JSON text shown or asked for. */
let pagesNow = 1;
let jsonPages = 0;

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function columnDefs(): ColDef<GridRow>[] {
  return columns.map((c) => ({
    colId: c.id,
    // Rows are arrays; a row sent before this column existed has nothing in its slot.
    valueGetter: (p) => p.data?.[c.slot] ?? null,
    headerName: c.header,
    headerTooltip: c.formatted
      ? l10n.t({ message: '{0}, as Dataverse formats it', args: [c.property], comment: ['{0} is a column name'] })
      : c.property,
    hide: hidden.has(c.id),
    sortable: true,
    resizable: true,
    tooltipValueGetter: (p) => (p.value === null || p.value === undefined ? undefined : String(p.value)),
    cellClass: c.formatted ? 'formatted' : undefined,
    valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : String(p.value)),
  }));
}

function ensureGrid(): GridApi<GridRow> {
  if (grid) return grid;
  grid = createGrid<GridRow>($('grid'), {
    theme,
    styleNonce: nonce,
    columnDefs: columnDefs(),
    rowData: [],
    defaultColDef: { minWidth: 80, width: 160 },
    suppressColumnVirtualisation: false,
    enableCellTextSelection: true,
    // Screen readers read the DOM: rows and cells in it in the order they are seen.
    ensureDomOrder: true,
    tooltipShowDelay: 600,
    // AG Grid's own words that show or are read out ("No rows", the sortable header's hint).
    localeText: gridLocaleText(),
    quickFilterText: $<HTMLInputElement>('filter').value,
    // Hidden columns are not searched: the filter finds what the grid shows.
    includeHiddenColumnsInQuickFilter: false,
    onModelUpdated: () => showShown(),
  });
  // AG Grid's own roles (grid, row, gridcell, columnheader) stay; the grid gets a name of its own.
  $('grid').querySelector('[role="grid"], [role="treegrid"]')?.setAttribute('aria-label', l10n.t('Rows of the result'));
  return grid;
}

/** "12 of 500 shown" while the filter hides rows; nothing otherwise. */
function showShown(): void {
  const shown = grid?.getDisplayedRowCount() ?? 0;
  const filtering = !!$<HTMLInputElement>('filter').value.trim();
  $('shown').textContent = filtering
    ? l10n.t({
        message: '{0} of {1} shown',
        args: [integer.format(shown), integer.format(rowCount)],
        comment: ['counts of rows: shown of loaded'],
      })
    : '';
  document.body.dataset.shown = String(shown);
}

/** Numbers as the display language writes them (1.234 and 1,5 in German). */
const lang = document.documentElement.lang || 'en';
const integer = new Intl.NumberFormat(lang);
const oneDecimal = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function formatBytes(n: number): string {
  if (n < 1024) return `${integer.format(n)} B`;
  if (n < 1024 * 1024) return `${oneDecimal.format(n / 1024)} KB`;
  return `${oneDecimal.format(n / 1024 / 1024)} MB`;
}

function rowsText(count: number, more: boolean): string {
  if (count === 1) return more ? l10n.t('1 row (more available)') : l10n.t('1 row');
  const n = integer.format(count);
  return more ? l10n.t('{0} rows (more available)', n) : l10n.t('{0} rows', n);
}

function showSummary(summary: ResultSummary): void {
  const parts = [
    `${summary.status} ${summary.statusText}`,
    `${integer.format(summary.durationMs)} ms`,
    formatBytes(summary.sizeBytes),
    rowsText(summary.rowCount, summary.moreRows),
    ...(summary.note ? [summary.note] : []),
  ];
  $('status').textContent = parts.join(' · ');
  $('status').className = summary.status >= 400 ? 'status error' : 'status';
  $('request').textContent = `${summary.method} ${summary.target}`;
  const error = $('error');
  error.hidden = !summary.error;
  error.textContent = summary.error
    ? `${summary.error.code ? `${summary.error.code}: ` : ''}${summary.error.message}`
    : '';
  $<HTMLButtonElement>('next').disabled = !summary.moreRows;
  $<HTMLButtonElement>('all').disabled = !summary.moreRows;
}

function showHeaders(headers: [string, string][]): void {
  const body = $('headers-body');
  body.replaceChildren(
    ...headers.map(([name, value]) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = name;
      const td = document.createElement('td');
      td.textContent = value;
      tr.append(th, td);
      return tr;
    }),
  );
}

function renderColumnChooser(): void {
  const list = $('column-list');
  list.replaceChildren(
    ...columns.map((c) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !hidden.has(c.id);
      box.addEventListener('change', () => {
        if (box.checked) hidden.delete(c.id);
        else hidden.add(c.id);
        grid?.setColumnsVisible([c.id], box.checked);
      });
      label.append(box, document.createTextNode(` ${c.header}`));
      return label;
    }),
  );
}

function onResult(message: Extract<HostMessage, { type: 'result' }>): void {
  // A new run is not loading: whatever the last one was doing ended with it.
  setBusy(undefined);
  columns = message.columns;
  rowCount = message.rows.length;
  showSummary(message.summary);
  json = 'none';
  pagesNow = message.summary.pages;
  $('json').textContent = '';
  $('json-note').hidden = true;
  showHeaders(message.headers);
  // The FetchXML tab shows only for a query that became FetchXML (SQL); a plain run hides it.
  $('fetchxml').textContent = message.fetchXml ?? '';
  $('tab-fetchxml').hidden = message.fetchXml === undefined;
  if (message.fetchXml === undefined && !$('panel-fetchxml').hidden) selectTab('grid');
  const api = ensureGrid();
  api.setGridOption('columnDefs', columnDefs());
  api.setGridOption('rowData', message.rows);
  renderColumnChooser();
  selectTab(columns.length ? 'grid' : 'json');
  document.body.dataset.rows = String(rowCount);
}

function onAppend(message: Extract<HostMessage, { type: 'append' }>): void {
  const grew = message.columns.length !== columns.length;
  columns = message.columns;
  rowCount += message.rows.length;
  showSummary(message.summary);
  pagesNow = message.summary.pages;
  jsonOutdated();
  const api = ensureGrid();
  if (grew) {
    api.setGridOption('columnDefs', columnDefs());
    renderColumnChooser();
  }
  api.applyTransaction({ add: message.rows as GridRow[] });
  document.body.dataset.rows = String(rowCount);
}

function setBusy(text: string | undefined, cancellable = false): void {
  $('busy').textContent = text ?? '';
  $('busy').hidden = !text;
  // Progress is read out from a live region that is always there (a hidden one is not heard).
  $('announce').textContent = text ?? '';
  $('panel-grid').setAttribute('aria-busy', String(!!text));
  $<HTMLButtonElement>('cancel').hidden = !text || !cancellable;
  for (const id of ['next', 'all', 'export-csv', 'export-json']) {
    $<HTMLButtonElement>(id).toggleAttribute('aria-busy', !!text);
  }
}

function onJson(message: Extract<HostMessage, { type: 'json' }>): void {
  json = 'shown';
  jsonPages = message.pages;
  $('json-note').hidden = message.pages < 2;
  $('json-note').textContent =
    message.pages > 1
      ? l10n.t(
          '{0} pages loaded: the first page\'s annotations, and every row loaded so far in "value".',
          integer.format(message.pages),
        )
      : '';
  $('json').textContent =
    message.json + (message.truncated ? `\n${l10n.t('… (shortened; export JSON for all of it)')}` : '');
}

/** More pages came: the JSON tab's text is out of date. Asked again at once if the tab is showing. */
function jsonOutdated(): void {
  if (json === 'none' || pagesNow === jsonPages) return;
  json = 'none';
  if (!$('panel-json').hidden) selectTab('json');
}

function selectTab(name: 'grid' | 'json' | 'headers' | 'fetchxml'): void {
  if (name === 'json' && json === 'none') {
    json = 'asked';
    jsonPages = pagesNow;
    $('json').textContent = l10n.t('Loading…');
    post({ type: 'json' });
  }
  for (const tab of document.querySelectorAll<HTMLElement>('[role="tab"]')) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`panel-${tab.dataset.tab}`).hidden = !selected;
  }
}

function wireTabs(): void {
  const all = [...document.querySelectorAll<HTMLElement>('[role="tab"]')];
  for (const tab of all) {
    tab.addEventListener('click', () => selectTab(tab.dataset.tab as 'grid'));
    tab.addEventListener('keydown', (e) => {
      // Hidden tabs (FetchXML for a plain request) are skipped by the arrow keys.
      const tabs = all.filter((t) => !t.hidden);
      const i = tabs.indexOf(tab);
      const moves: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 };
      const to = moves[e.key];
      const next = to === undefined ? undefined : tabs[(to + tabs.length) % tabs.length];
      if (!next) return;
      e.preventDefault();
      selectTab(next.dataset.tab as 'grid');
      next.focus();
    });
  }
}

function wireToolbar(): void {
  const filter = $<HTMLInputElement>('filter');
  filter.addEventListener('input', () => grid?.setGridOption('quickFilterText', filter.value));
  filter.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !filter.value) return;
    e.stopPropagation();
    filter.value = '';
    grid?.setGridOption('quickFilterText', '');
  });
  $('next').addEventListener('click', () => post({ type: 'nextPage' }));
  $('all').addEventListener('click', () => post({ type: 'allPages' }));
  $('cancel').addEventListener('click', () => post({ type: 'cancel' }));
  $('export-csv').addEventListener('click', () => post({ type: 'export', format: 'csv' }));
  $('export-json').addEventListener('click', () => post({ type: 'export', format: 'json' }));
  $('copy-fetchxml').addEventListener('click', () => post({ type: 'copyFetchXml' }));
  $('open-fetchxml').addEventListener('click', () => post({ type: 'openFetchXml' }));
  const copy = $<HTMLSelectElement>('copy-as');
  copy.addEventListener('change', () => {
    if (copy.value) post({ type: 'copyAs', kind: copy.value as CopyKind });
    copy.value = '';
  });
  const chooser = $('columns-popup');
  $('columns').addEventListener('click', () => {
    chooser.hidden = !chooser.hidden;
    $('columns').setAttribute('aria-expanded', String(!chooser.hidden));
    if (!chooser.hidden) chooser.querySelector('input')?.focus();
  });
  chooser.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    chooser.hidden = true;
    $('columns').setAttribute('aria-expanded', 'false');
    $('columns').focus();
  });
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message?.type) {
    case 'result':
      onResult(message);
      break;
    case 'append':
      onAppend(message);
      break;
    case 'json':
      onJson(message);
      break;
    case 'busy':
      setBusy(message.text, message.cancellable);
      break;
    case 'idle':
      setBusy(undefined);
      break;
  }
});

wireTabs();
wireToolbar();
post({ type: 'ready' });
