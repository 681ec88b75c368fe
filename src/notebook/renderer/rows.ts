// The notebook renderer of a query cell's output (runs in the notebook's output webview, not in
// the extension host): the stored rows in the results view's virtualized grid, themed, formatted
// values beside raw ones; an answer that is not a table as text; an error's code and message as
// text. Every value is set as text, never as HTML. "Open in Results View" asks the extension.
// VS Code gives a renderer no string bundle: it asks the extension for its bundle (renderer
// messaging) and the display language, and re-renders what it showed once they are there.
import * as l10n from '@vscode/l10n';
import {
  ClientSideRowModelModule,
  ColumnApiModule,
  createGrid,
  ModuleRegistry,
  TooltipModule,
  type ColDef,
  type GridApi,
} from 'ag-grid-community';
import type { StoredOutput } from '../../core/notebook/notebookFile';
import type { GridCell } from '../../core/results/protocol';
import { theme } from '../../results/webview/gridTheme';
import { formatCount, setDisplayLocale } from '../../core/numberFormat';

ModuleRegistry.registerModules([ClientSideRowModelModule, ColumnApiModule, TooltipModule]);

/** The parts of VS Code's renderer API used here (vscode-notebook-renderer). */
interface OutputItem {
  readonly id: string;
  json(): unknown;
}
interface RendererContext {
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): unknown;
}

const ROW_PX = 28;
const MAX_HEIGHT_PX = 420;
const grids = new Map<string, GridApi<readonly GridCell[]>>();

interface Renderer {
  renderOutputItem(item: OutputItem, element: HTMLElement): void;
  disposeOutputItem(id?: string): void;
}

export function activate(context: RendererContext): Renderer {
  /** What is on screen, to render again in the display language when the bundle arrives. */
  const shown = new Map<string, { item: OutputItem; element: HTMLElement }>();
  const renderer = rendererOf(context, shown);
  context.onDidReceiveMessage?.((message) => {
    const m = (message ?? {}) as { type?: unknown; contents?: unknown; language?: unknown };
    if (m.type !== 'l10n' || !m.contents || typeof m.contents !== 'object') return;
    l10n.config({ contents: m.contents as Record<string, string> });
    // Numbers too, as the display language writes them (5.000 Zeilen); English until then.
    if (typeof m.language === 'string') setDisplayLocale(m.language);
    for (const { item, element } of [...shown.values()]) renderer.renderOutputItem(item, element);
  });
  context.postMessage?.({ type: 'l10n' });
  return renderer;
}

function rendererOf(
  context: RendererContext,
  shown: Map<string, { item: OutputItem; element: HTMLElement }>,
): Renderer {
  return {
    renderOutputItem(item, element) {
      shown.set(item.id, { item, element });
      grids.get(item.id)?.destroy();
      grids.delete(item.id);
      element.replaceChildren();
      const output = item.json() as StoredOutput;
      const root = el('div', 'dv-output');
      element.append(root);
      const header = el('div', 'dv-summary');
      header.append(el('span', '', summaryText(output)));
      if (output.columns && output.ranAt && context.postMessage) {
        const open = el('button', 'dv-open', l10n.t('Open in Results View'));
        open.title = l10n.t('All rows, with Next page, All pages and export');
        open.addEventListener('click', () => context.postMessage!({ type: 'openInResults', ranAt: output.ranAt }));
        header.append(open);
      }
      root.append(header);
      if (output.error) {
        const error = el(
          'pre',
          'dv-error',
          `${output.error.code ? `${output.error.code}: ` : ''}${output.error.message}`,
        );
        error.setAttribute('role', 'alert');
        root.append(error);
      } else if (output.write?.failures?.length) {
        // The org's messages, as text: one failed row a line.
        const lines = output.write.failures.map(
          (f) => `${f.row}: ${f.code ?? f.status ?? ''}${f.code || f.status ? ' ' : ''}${f.message}`,
        );
        const more = output.write.failed - lines.length;
        if (more > 0) lines.push(l10n.t('… and {0} more failed rows (not stored)', formatCount(more)));
        const failures = el('pre', 'dv-error', lines.join('\n'));
        failures.setAttribute('role', 'alert');
        root.append(failures);
      } else if (output.columns) {
        root.append(gridOf(item.id, output));
      } else if (output.body !== undefined) {
        root.append(el('pre', 'dv-body', output.body));
      }
    },
    disposeOutputItem(id) {
      if (id === undefined) shown.clear();
      else shown.delete(id);
      for (const [key, grid] of grids) {
        if (id === undefined || key === id) {
          grid.destroy();
          grids.delete(key);
        }
      }
    },
  };
}

function gridOf(id: string, output: StoredOutput): HTMLElement {
  const rows = output.rows ?? [];
  const host = el('div', 'dv-grid');
  host.style.height = `${Math.min(MAX_HEIGHT_PX, (Math.max(rows.length, 1) + 1) * ROW_PX + 8)}px`;
  const columnDefs: ColDef<readonly GridCell[]>[] = (output.columns ?? []).map((c, i) => ({
    colId: c.id,
    headerName: c.header,
    headerTooltip: c.formatted ? l10n.t('{0}, as Dataverse formats it', c.id.replace(/@formatted$/, '')) : c.id,
    valueGetter: (p) => p.data?.[i] ?? null,
    valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : String(p.value)),
    tooltipValueGetter: (p) => (p.value === null || p.value === undefined ? undefined : String(p.value)),
    cellClass: c.formatted ? 'formatted' : undefined,
    sortable: true,
    resizable: true,
  }));
  grids.set(
    id,
    createGrid<readonly GridCell[]>(host, {
      theme,
      columnDefs,
      rowData: rows as (readonly GridCell[])[],
      defaultColDef: { minWidth: 80, width: 160 },
      rowHeight: ROW_PX,
      headerHeight: ROW_PX,
      enableCellTextSelection: true,
      tooltipShowDelay: 600,
      overlayNoRowsTemplate: `<span>${escapeHtml(l10n.t('No rows'))}</span>`,
    }),
  );
  return host;
}

function summaryText(o: StoredOutput): string {
  const time = l10n.t('{0} ms', formatCount(o.durationMs));
  const org = o.org.replace(/^https:\/\//, '');
  if (o.error) return `${l10n.t('Error {0}', o.status)} · ${time}`;
  if (o.write) return `${writeText(o.write)} · ${time} · ${org}`;
  if (o.rowCount === undefined) return `${o.status} · ${time}`;
  const stored = o.rows?.length ?? 0;
  const total = `${formatCount(o.rowCount)}${o.moreRows ? '+' : ''}`;
  const rows =
    stored < o.rowCount || o.moreRows
      ? l10n.t('{0} of {1} rows stored', formatCount(stored), total)
      : o.rowCount === 1
        ? l10n.t('1 row')
        : l10n.t('{0} rows', formatCount(o.rowCount));
  return `${rows} · ${o.status} · ${time} · ${org}`;
}

function writeText(w: NonNullable<StoredOutput['write']>): string {
  const counts =
    w.total === 0
      ? l10n.t('no row matches, nothing was written')
      : w.affected === w.total
        ? w.total === 1
          ? l10n.t('1 row affected')
          : l10n.t('{0} rows affected', formatCount(w.total))
        : l10n.t('{0} of {1} rows affected', formatCount(w.affected), formatCount(w.total));
  const parts = [counts];
  if (w.failed) parts.push(l10n.t('{0} failed', formatCount(w.failed)));
  if (w.notSent) {
    parts.push(
      w.cancelled
        ? l10n.t('{0} not sent (cancelled)', formatCount(w.notSent))
        : l10n.t('{0} not sent', formatCount(w.notSent)),
    );
  }
  return `${w.statement} ${w.table}: ${parts.join(', ')}`;
}

/** The grid's overlay takes HTML: our own text, escaped all the same. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Once per output webview: the layout around the grid (colours come from the grid's theme). */
const style = document.createElement('style');
style.textContent = `
.dv-summary { display: flex; gap: 12px; align-items: center; margin: 2px 0 6px; opacity: .85; font-family: var(--vscode-font-family); }
.dv-open { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 2px 8px; cursor: pointer; }
.dv-error { color: var(--vscode-errorForeground); white-space: pre-wrap; margin: 0; }
.dv-body { white-space: pre-wrap; margin: 0; max-height: ${MAX_HEIGHT_PX}px; overflow: auto; }
.dv-grid .formatted { font-style: italic; }
`;
document.head.append(style);
