import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Page checks shared by the browser tests: accessibility (axe-core) and JavaScript weight. */

const AXE_PATH = path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

// Browser-side snippets are strings: test files are type-checked for node, without DOM types.
const RUN_AXE = `(async () => {
  const result = await window.axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
})()`;
export const SCROLL_TO_END = 'window.scrollTo(0, document.body.scrollHeight)';

export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = (await page.evaluate(RUN_AXE)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Loads a page and adds up the scripts it fetched (compressed bytes on the wire), islands included. */
export async function scriptsLoadedBy(context: BrowserContext, url: string) {
  const page = await context.newPage();
  const scripts: Array<{ url: string; bytes: number }> = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response
        .request()
        .sizes()
        .then((sizes) => {
          scripts.push({ url: response.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize });
        }),
    );
  });
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  // Scroll to the end so client:visible islands load too.
  await page.evaluate(SCROLL_TO_END);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  const inlineScripts = await page.locator('script').count();
  const status = response?.status() ?? 0;
  await page.close();
  return { status, scripts, total: scripts.reduce((sum, s) => sum + s.bytes, 0), inlineScripts };
}
