// The results view's page as the e2e suites reach it (inside code-server's two webview iframes), and
// axe-core run on it: shared by the suites that read results, notebook outputs or check accessibility.
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { source as axeSource } from 'axe-core';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Serious and critical violations axe-core finds in `frame` (inside the `include` selectors, when given). */
export async function seriousViolations(frame: Frame | Page, include?: string[]): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axeSource);
  const violations = await frame.evaluate(
    (selector) =>
      (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe
        .run(selector ? { include: selector.map((sel) => [sel]) } : document, { resultTypes: ['violations'] })
        .then((r) => r.violations),
    include,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/**
 * The newest webview's own page, for locators: the results view, or a notebook's outputs. code-server
 * nests each webview twice: the workbench's `iframe.webview` holds the host page, whose `#active-frame`
 * is the extension's HTML.
 */
export function newestWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** The results view's own page as a Frame (axe-core runs in it): the same two iframes. */
export async function resultsFrame(page: Page): Promise<Frame> {
  const outer = await page.locator('iframe.webview.ready').last().elementHandle();
  const inner = await (await outer!.contentFrame())!.locator('#active-frame').elementHandle();
  return (await inner!.contentFrame())!;
}
