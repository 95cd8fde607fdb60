import fs from 'node:fs';
import path from 'node:path';

import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

import { SCREENSHOT_DIR } from './context';

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set E2E_CHROMIUM).`
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
};

/** E2E_VERBOSE=1 prints every step with its duration. */
const VERBOSE = process.env.E2E_VERBOSE === '1';

/** How long one Playwright action or wait may take (the admin's first page loads are slow on 2 cores). */
export const ACTION_TIMEOUT = 30_000;

export const newContext = async (browser: Browser): Promise<BrowserContext> => {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  return context;
};

/**
 * A page whose Strapi first-visit popups are dismissed whenever they get in the way:
 * guided-tour steps ("Step 1 of 3" with Skip / Got it) and the announcement banner
 * over the top of the page (where notifications appear). Playwright runs these handlers before any action that an
 * overlay would block, so no test waits for a popup that may never come.
 */
export const newPage = async (context: BrowserContext): Promise<Page> => {
  const page = await context.newPage();
  await page.addLocatorHandler(page.getByText(/^Step \d+ of \d+$/), async () => {
    await page
      .getByRole('button', { name: /^(Skip|Got it)$/ })
      .first()
      .click();
  });
  await page.addLocatorHandler(
    page.getByRole('button', { name: /^Close the banner/ }),
    async (close) => {
      await close.click();
    }
  );
  return page;
};

/** Polls `probe` until it returns a truthy value (no fixed sleeps: the interval is a poll). */
export const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = ACTION_TIMEOUT, intervalMs = 150 } = {}
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};

/** Waits until the locator is visible and its text matches. Returns the text. */
export const expectText = async (
  locator: Locator,
  expected: string | RegExp,
  timeoutMs = ACTION_TIMEOUT
): Promise<string> => {
  let text = '';
  await until(
    `${locator} to show ${expected}`,
    async () => {
      if (!(await locator.isVisible())) return false;
      text = (await locator.innerText()).replace(/\s+/g, ' ').trim();
      return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    },
    { timeoutMs }
  ).catch((error: Error) => {
    throw new Error(`${error.message}; text was: "${text}"`);
  });
  return text;
};

/** Waits until the locator matches nothing visible. */
export const expectHidden = (locator: Locator, timeoutMs = ACTION_TIMEOUT) =>
  locator.waitFor({ state: 'hidden', timeout: timeoutMs });

/**
 * One scenario's steps. A failing step is reported with its name, the page's URL and a
 * full-page screenshot (`<scenario>-failure.png`); `finish` saves `<scenario>.png`.
 */
export class Scenario {
  constructor(
    readonly name: string,
    private page?: Page
  ) {}

  /** The page screenshots are taken of from now on. */
  use(page: Page): Page {
    this.page = page;
    return page;
  }

  async step<T>(label: string, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const result = await run();
      if (VERBOSE)
        process.stdout.write(`[e2e] ${this.name}: ${label} (${Date.now() - started} ms)\n`);
      return result;
    } catch (error) {
      const page = this.page;
      let url = '(no page yet)';
      let shot = '(no page to take a screenshot of)';
      if (page && !page.isClosed()) {
        url = page.url();
        shot = path.join(SCREENSHOT_DIR, `${this.name}-failure.png`);
        try {
          fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
          await page.screenshot({ path: shot, fullPage: true, timeout: 10_000 });
        } catch (screenshotError) {
          shot = `(screenshot failed: ${(screenshotError as Error).message.split('\n')[0]})`;
        }
      }
      const cause = error instanceof Error ? error : new Error(String(error));
      const wrapped = new Error(
        `Scenario "${this.name}", step "${label}" failed.\n  Page: ${url}\n  Screenshot: ${shot}\n  ${cause.message}`
      );
      wrapped.stack = `${wrapped.message}\n${(cause.stack ?? '').split('\n').slice(1).join('\n')}`;
      process.stderr.write(`\n[e2e] ${wrapped.message}\n`);
      throw wrapped;
    }
  }

  /** The scenario's end state, as `<name>.png` (or `<name>-<suffix>.png`). */
  async screenshot(suffix?: string, page: Page | undefined = this.page): Promise<string> {
    if (!page) throw new Error(`Scenario ${this.name}: no page to take a screenshot of`);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${this.name}${suffix ? `-${suffix}` : ''}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
