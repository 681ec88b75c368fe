// Injected by bench/resultsGrid.ts into the results webview through Playwright (never shipped with
// the extension): notices when a new result's first grid rows are painted, and measures animation
// frames while the grid scrolls and while it sits idle. Plain JavaScript on purpose: tsx would wrap
// TypeScript's inner functions in __name() calls that this page does not have.
/* global window, document, performance, requestAnimationFrame, MutationObserver, PerformanceObserver */
(() => {
  if (window.__d365GridBench) return;
  // AG Grid 33–35 kept the scrolling rows in .ag-center-cols-container, 36 in .ag-grid-scrolling-container.
  const ROWS = ':is(.ag-grid-scrolling-container, .ag-center-cols-container) > .ag-row';
  const epoch = () => performance.timeOrigin + performance.now();
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let pending;
  let handlerInfo;

  /** The element that scrolls the grid vertically (AG Grid 36's grid viewport, or the older body viewport). */
  const scroller = () => {
    const candidates = [
      ...document.querySelectorAll('.ag-grid-viewport, .ag-body-viewport, .ag-body-vertical-scroll-viewport'),
    ];
    return candidates.find((e) => e.scrollHeight > e.clientHeight + 4);
  };

  const rowWithCells = (index) => document.querySelector(`${ROWS}[row-index="${index}"] .ag-cell`)?.closest('.ag-row');

  /**
   * Before a run: remembers the row elements on screen now, so that only rows the next result
   * creates count; resolves (through `painted()`) in the animation frame after they are in the DOM.
   */
  const arm = (expectedRows, timeoutMs) => {
    const old = new WeakSet(document.querySelectorAll(ROWS));
    // The page's own 'message' handler (grid data, JSON text), from the Long Animation Frames API:
    // Chromium reports every frame over 50 ms with its scripts; a shorter handler leaves no entry.
    const seen = { handlerMs: 0 };
    const collect = (entries) => {
      for (const entry of entries) {
        for (const script of entry.scripts ?? []) {
          if (script.invokerType !== 'event-listener' || !/message/i.test(script.invoker)) continue;
          if (seen.handlerStart === undefined) seen.handlerStart = performance.timeOrigin + script.startTime;
          seen.handlerMs += script.duration;
        }
      }
    };
    const loaf = new PerformanceObserver((list) => collect(list.getEntries()));
    loaf.observe({ type: 'long-animation-frame' });
    // Registered after the page's listener, so it runs once the page has handled the result.
    const handled = (e) => {
      if (e.data?.type !== 'result') return;
      window.removeEventListener('message', handled);
      seen.handled = epoch();
      seen.jsonChars = e.data.json?.length ?? 0;
    };
    window.addEventListener('message', handled);
    pending = new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => check());
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(
          new Error(
            `no new grid rows painted within ${timeoutMs} ms (the page shows data-rows=${document.body.dataset.rows})`,
          ),
        );
      }, timeoutMs);
      // The first rows may come before the rest of the page (the view sends a screenful first):
      // `painted` is the frame after the first new rows are in the DOM, `complete` the frame after
      // the grid holds every row of the result.
      let first;
      let complete;
      const done = () => {
        if (!first?.painted || !complete?.painted) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve({ ...first, complete: complete.painted });
      };
      const check = () => {
        if (!first) {
          const row = rowWithCells(0);
          if (row && !old.has(row)) {
            const inDom = epoch();
            first = { inDom };
            requestAnimationFrame(() => {
              Object.assign(first, {
                handled: seen.handled ?? inDom,
                jsonChars: seen.jsonChars ?? 0,
                painted: epoch(),
                rowsInDom: document.querySelectorAll(ROWS).length,
                status: document.getElementById('status')?.textContent ?? '',
                columns: document.querySelectorAll('#column-list input').length,
              });
              check();
            });
          }
        }
        if (first && !complete && document.body.dataset.rows === String(expectedRows)) {
          complete = {};
          requestAnimationFrame(() => {
            complete.painted = epoch();
            done();
          });
        }
        done();
      };
      observer.observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-rows'],
      });
    });
    pending.catch(() => undefined);
    // Called after painted(): by then the frames of the handler have ended and been reported.
    handlerInfo = async () => {
      await frame();
      await frame();
      collect(loaf.takeRecords());
      loaf.disconnect();
      return seen;
    };
  };

  const painted = () => pending;
  const handler = () => handlerInfo();

  /** Back to the top, and two frames for the grid to settle there. */
  const toTop = async () => {
    const el = scroller();
    if (el) el.scrollTop = 0;
    await frame();
    await frame();
  };

  /**
   * Scrolls from top to bottom, one viewport height per animation frame (every frame brings in a
   * whole screen of new rows: the worst case for a virtualized grid), and returns the frame
   * intervals; then waits (≤ 5 s) for the last row to show inside the viewport.
   */
  const scroll = async (lastIndex) => {
    const el = scroller();
    if (!el) throw new Error('the grid has no vertical scroller: are all rows on one screen?');
    await toTop();
    const intervals = [];
    let last = await frame();
    let stuck = 0;
    while (el.scrollTop + el.clientHeight < el.scrollHeight - 1 && stuck < 10) {
      const before = el.scrollTop;
      el.scrollTop = before + el.clientHeight;
      const t = await frame();
      intervals.push(t - last);
      last = t;
      stuck = el.scrollTop <= before ? stuck + 1 : 0;
    }
    const started = epoch();
    let lastRow;
    let seen = 'no element for the row';
    while (epoch() - started < 5000) {
      const row = rowWithCells(lastIndex);
      const box = row?.getBoundingClientRect();
      const view = el.getBoundingClientRect();
      const text = row?.querySelector('.ag-cell')?.textContent ?? '';
      if (row)
        seen = `row at ${Math.round(box.top)}–${Math.round(box.bottom)} px, viewport ${Math.round(view.top)}–${Math.round(view.bottom)} px, first cell "${text}"`;
      // On screen (at least partly) with its text: what a person scrolling to the end sees.
      if (row && text && box.bottom > view.top && box.top < view.bottom) {
        lastRow = { text, waitedMs: epoch() - started };
        break;
      }
      await frame();
    }
    return {
      intervals,
      lastRow,
      seen,
      scrollTop: el.scrollTop,
      scrollHeight: el.scrollHeight,
      viewport: el.clientHeight,
    };
  };

  /** The same number of frames with nothing to do: the page's idle frame rate right now. */
  const idle = async (frames) => {
    const intervals = [];
    let last = await frame();
    for (let i = 0; i < frames; i++) {
      const t = await frame();
      intervals.push(t - last);
      last = t;
    }
    return intervals;
  };

  window.__d365GridBench = { arm, painted, handler, toTop, scroll, idle };
})();
