import fs from 'node:fs';

import type { Page } from 'playwright-core';

/**
 * axe-core in the page, as wcag.e2e.test.ts runs it (WCAG 2.0/2.1 A and AA, plus the
 * experimental "label-content-name-mismatch", WCAG 2.5.3), for the files that judge a state of
 * their own (connections.e2e.test.ts).
 */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html?: string; failureSummary?: string }>;
}

/** Runs axe on the elements matching `selector`; answers the violations, described. */
export const axe = async (page: Page, selector: string): Promise<string[]> => {
  // Evaluated through the DevTools protocol: the admin's CSP (script-src 'self') refuses an
  // inline <script>, and the test must not loosen the CSP it is judging the page under.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ selector, tags }) => {
      const engine = (
        window as unknown as {
          axe: { run: (context: unknown, options: unknown) => Promise<{ violations: unknown }> };
        }
      ).axe;
      const result = await engine.run(
        { include: [[selector]] },
        {
          runOnly: { type: 'tag', values: tags },
          rules: { 'label-content-name-mismatch': { enabled: true } },
          resultTypes: ['violations'],
        }
      );
      return result.violations as Violation[];
    },
    { selector, tags: WCAG_TAGS }
  );
  return violations.flatMap((v) =>
    v.nodes.map(
      (node) =>
        `${v.id} (${v.impact}): ${v.help} at ${node.target.join(' ')} ${node.html ?? ''} ${node.failureSummary ?? ''}`
    )
  );
};

/** Waits until no animation runs: a modal judged mid-fade fails every contrast rule. */
export const settled = (page: Page) =>
  page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState === 'finished')
  );
