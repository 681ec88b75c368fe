// The results view's page as the e2e suites reach it (inside code-server's two webview iframes), and
// axe-core run on it: shared by the accessibility suite and the German one.
import type { Frame, Page } from 'playwright-core';
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

/** The results view's own page: code-server nests it in two iframes. */
export async function resultsFrame(page: Page): Promise<Frame> {
  const outer = await page.locator('iframe.webview.ready').last().elementHandle();
  const inner = await (await outer!.contentFrame())!.locator('#active-frame').elementHandle();
  return (await inner!.contentFrame())!;
}
