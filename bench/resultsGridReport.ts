// The resultsGrid benchmark's result lines and its hard invariant (the last row must show after
// scrolling), apart from the workbench driving in resultsGrid.ts.
import os from 'node:os';
import { median, ms, pairedLine, spread, type BenchResult, type Paired } from './util';

/** One "Run Query" until the first grid rows were painted. */
export interface Render {
  /** Enter in the palette → the animation frame after the first new rows were in the DOM. */
  ms: number;
  /** Enter → the animation frame after the grid held every row (the rest of a page follows the first screen). */
  allMs: number;
  /** Enter → the page's own message handler has returned (grid data set, JSON text set). */
  handledMs: number;
  /** The page's message handler's own time (Long Animation Frames); undefined when under 50 ms. */
  handlerMs?: number;
  /** Enter → the new rows in the DOM (before that frame). */
  domMs: number;
  /** Characters of the JSON tab's text in the message. */
  jsonChars: number;
  /** The request's own time as the results view's status line shows it (sent → answer read). */
  requestMs: number;
  rowsInDom: number;
  gridColumns: number;
  status: string;
}

/** What gridProbe.js's scroll() returns. */
export interface ScrollPass {
  intervals: number[];
  lastRow?: { text: string; waitedMs: number };
  /** What the last look for the last row found, for the failure message. */
  seen: string;
  scrollTop: number;
  scrollHeight: number;
  viewport: number;
}

export interface GridMeta {
  rows: number;
  columns: number;
  rounds: number;
  load: number;
  build: string;
}

const LONG_FRAME_MS = 50;

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

function firstRenderLines(m: GridMeta, p: Paired<Render>): { lines: string[]; ratio: number } {
  const { line, ratio, spread: range } = pairedLine('resultsGrid', p, (r) => r.ms);
  const all = pairedLine(
    'resultsGrid all rows',
    { ...p, ratios: p.candidate.map((r, i) => r.allMs / p.baseline[i]!.allMs) },
    (r) => r.allMs,
  );
  const c = p.candidate;
  const b = p.baseline;
  const size = /·\s*([\d.]+ [KM]?B)\s*·/.exec(c[0]?.status ?? '')?.[1] ?? '?';
  const handler = (rs: Render[]): string => {
    const known = rs.flatMap((r) => (r.handlerMs === undefined ? [] : [r.handlerMs]));
    return known.length > rs.length / 2 ? `${ms(median(known))} ms` : 'no long frame (< 50 ms)';
  };
  const both = (f: (r: Render) => number): string => `${ms(median(c.map(f)))} / ${ms(median(b.map(f)))} ms`;
  return {
    ratio,
    lines: [
      `${line} — "Dynamics 365: Run Query" (palette) to the first grid rows painted, ${m.rows} rows × ${m.columns} $select columns ` +
        `(${c[0]?.gridColumns} grid columns with formatted values) vs $top=1, VS Code ${m.build} (code-server) in Chromium, median of ${m.rounds} paired rounds (${range})`,
      `resultsGrid split (candidate / baseline, medians): Enter → the results page has handled the 'result' message ${both((r) => r.handledMs)}, ` +
        `of which the request (the view's status line: sent → answer read, ${size}) ${both((r) => r.requestMs)} and the page's message handler ` +
        `(grid data, JSON text; Long Animation Frames) ${handler(c)} / ${handler(b)}, the rest being the palette, the extension host before and ` +
        `after the request and the message's way to the webview; → painted ${both((r) => r.ms - r.handledMs)}; ` +
        `${median(c.map((r) => r.rowsInDom))} row elements in the DOM at first paint; ` +
        `JSON tab text ${(c[0]!.jsonChars / 1024 / 1024).toFixed(1)} M characters in the first message (sent when the tab is opened)`,
      `${all.line} — the same runs until the grid holds all ${m.rows} rows (the first screen comes first, the rest of the page in chunks after it)`,
    ],
  };
}

function scrollLines(
  m: GridMeta,
  passes: { scroll: ScrollPass; idle: number[] }[],
): { lines: string[]; failed?: string } {
  const ratios = passes.map((x) => mean(x.scroll.intervals) / mean(x.idle));
  const scrolling = passes.flatMap((x) => x.scroll.intervals);
  const idle = passes.flatMap((x) => x.idle);
  const long = (v: number[]): number => v.filter((t) => t > LONG_FRAME_MS).length;
  const first = passes[0]!.scroll;
  const rowsPerStep = Math.round(first.viewport / (first.scrollHeight / m.rows));
  const shown = passes.filter((x) => x.scroll.lastRow);
  const lines = [
    `resultsGrid scrolling: ratio ${median(ratios).toFixed(2)} (candidate ${ms(median(passes.map((x) => mean(x.scroll.intervals))))} ms / ` +
      `baseline ${ms(median(passes.map((x) => mean(x.idle))))} ms per frame) — ${m.rows} rows top to bottom, one viewport (~${rowsPerStep} rows) per ` +
      `animation frame, ${first.intervals.length} frames a pass, vs as many idle frames of the same webview, mean frame interval, median of ${passes.length} rounds (${spread(ratios)})`,
    `resultsGrid frames: p95 scrolling ${ms(p95(scrolling))} ms, idle ${ms(p95(idle))} ms; long frames (> ${LONG_FRAME_MS} ms): scrolling ` +
      `${long(scrolling)} of ${scrolling.length}, idle ${long(idle)} of ${idle.length}; longest scrolling frame ${ms(Math.max(...scrolling))} ms`,
  ];
  if (shown.length === passes.length) {
    lines.push(
      `resultsGrid last row: row ${m.rows} shown in the viewport after every pass (${shown.length} of ${passes.length}), ` +
        `≤ ${ms(Math.max(...shown.map((x) => x.scroll.lastRow!.waitedMs)))} ms after the last step (target: every pass)`,
    );
    return { lines };
  }
  passes.forEach((x, i) => {
    const s = x.scroll;
    if (!s.lastRow) {
      lines.push(
        `resultsGrid pass ${i + 1}: scrolled to ${Math.round(s.scrollTop)} of ${s.scrollHeight - s.viewport} px; last row: ${s.seen}`,
      );
    }
  });
  const failed = `the grid did not show row ${m.rows} within 5 s of scrolling to the bottom in ${passes.length - shown.length} of ${passes.length} passes`;
  lines.push(`resultsGrid last row: FAILED — ${failed}`);
  return { lines, failed };
}

export function gridLines(
  m: GridMeta,
  p: Paired<Render>,
  passes: { scroll: ScrollPass; idle: number[] }[],
): BenchResult {
  const render = firstRenderLines(m, p);
  const scroll = scrollLines(m, passes);
  const machine = `resultsGrid machine: load average ${m.load.toFixed(1)} (1 min) at the start, ${os.cpus().length} cores`;
  return {
    name: 'resultsGrid',
    ratio: render.ratio,
    lines: [...render.lines, ...scroll.lines, machine],
    failed: scroll.failed,
  };
}
