// Typing into the workbench's text editor (Monaco) from Playwright without racing it: each step waits
// for the state that matters (focus, layout, the text itself, the suggestion list) instead of a delay.
/// <reference lib="dom" />
import type { Page } from 'playwright-core';

/** What the active editor shows: its lines in order, and how wide it was laid out against its pane. */
export interface EditorState {
  readonly lines: string[];
  readonly focused: boolean;
  readonly editorWidth: number;
  readonly paneWidth: number;
  /** A warning or error squiggle is drawn on the last line (the scratchpad's diagnostics reached it). */
  readonly lastLineMarked: boolean;
  /** How far the browser itself scrolled the editor's clipping elements sideways (Monaco keeps them at 0). */
  readonly nativeScrollLeft: number;
}

/** Reads the active editor group's Monaco editor from the DOM (lines sorted by their position). */
export function editorState(page: Page): Promise<EditorState> {
  return page.evaluate(() => {
    const group = document.querySelector('.editor-group-container.active') ?? document;
    const pane = group.querySelector<HTMLElement>('.editor-instance');
    const editor = pane?.querySelector<HTMLElement>('.monaco-editor');
    // (No named helpers in here: the test runner's transpiler wraps those in a function the page lacks.)
    const rows = [...(editor?.querySelectorAll<HTMLElement>('.view-lines .view-line') ?? [])]
      .map((el) => ({ top: parseFloat(el.style.top || '0'), text: (el.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top);
    // The content overlays hold one element a line, at the same top as the line it decorates.
    const lastTop = rows.at(-1)?.top;
    const overlay = [...(editor?.querySelectorAll<HTMLElement>('.view-overlays > div') ?? [])]
      .find((el) => parseFloat(el.style.top || '-1') === lastTop);
    return {
      lines: rows.map((l) => l.text),
      lastLineMarked: !!overlay?.querySelector('[class*="squiggly-"]'),
      nativeScrollLeft: Math.max(0, ...[editor, ...(editor?.querySelectorAll('.overflow-guard, .editor-scrollable, .lines-content') ?? [])].map((el) => el?.scrollLeft ?? 0)),
      focused: editor?.classList.contains('focused') ?? false,
      editorWidth: editor?.getBoundingClientRect().width ?? 0,
      paneWidth: pane?.getBoundingClientRect().width ?? 0,
    };
  });
}

/** Polls `check` against the editor's state until it holds; fails naming what the editor showed last. */
export async function waitForEditor(page: Page, what: string, check: (s: EditorState) => boolean, timeoutMs = 15_000): Promise<EditorState> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await editorState(page);
    if (check(state)) return state;
    if (Date.now() > until) {
      throw new Error(`the editor never showed ${what}; last lines: ${JSON.stringify(state.lines.slice(-4))}, focused: ${state.focused}, `
        + `laid out ${Math.round(state.editorWidth)}px wide in a ${Math.round(state.paneWidth)}px pane, scrolled ${state.nativeScrollLeft}px sideways by the browser`);
    }
    await page.waitForTimeout(100);
  }
}

/**
 * Monaco is laid out by the workbench, not by its own size: a layout made while the editor group was
 * being split leaves it narrower than its pane, and then typing scrolls it sideways and the suggestion
 * list opens in a sliver. Waits for the editor to fill its pane before anything is typed.
 */
export async function waitForLayout(page: Page): Promise<EditorState> {
  const fills = (s: EditorState): boolean => s.paneWidth > 0 && Math.abs(s.editorWidth - s.paneWidth) <= 2;
  const first = await editorState(page);
  if (fills(first)) return first;
  // Logged: how often (and how long) the workbench leaves the editor laid out narrower than its pane.
  const started = Date.now();
  const state = await waitForEditor(page, 'a layout filling its pane', fills);
  console.log(`      (the editor was laid out ${Math.round(first.editorWidth)}px wide in its ${Math.round(first.paneWidth)}px pane; filled it after ${Date.now() - started} ms)`);
  return state;
}

/**
 * Types `text` (no line breaks) one key at a time, each once the editor shows the one before, then
 * checks the browser did not scroll the editor sideways. Keys sent faster than Monaco renders (a loaded
 * machine) land in its hidden input while that sits at a stale place, and the browser then scrolls the
 * editor's clipping element to show it: a scroll Monaco undoes only vertically, so the text, the cursor
 * and the suggestion list stay shifted out of sight.
 */
export async function typeLine(page: Page, text: string, expected: string): Promise<void> {
  const before = (await editorState(page)).lines.filter((l) => l.trim() !== '').at(-1) ?? '';
  const prefix = expected.endsWith(text) ? expected.slice(0, expected.length - text.length) : before;
  for (let i = 1; i <= text.length; i++) {
    await page.keyboard.type(text[i - 1]!);
    const want = prefix + text.slice(0, i);
    await waitForEditor(page, `"${want}" as its last line`, (s) => s.lines.filter((l) => l.trim() !== '').at(-1) === want);
  }
  await waitForEditor(page, `"${expected}" as its last line, in sight`, (s) => s.nativeScrollLeft === 0, 2_000);
}
