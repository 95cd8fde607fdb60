/**
 * Accessibility: every page the plugin adds to the admin, and its field in the Content
 * Manager with the picker open, checked in Chromium with axe-core's WCAG 2.0/2.1 A and AA
 * rules, plus "label-content-name-mismatch" (WCAG 2.5.3 label in name), which axe ships as
 * experimental and so runs only when asked for.
 *
 * Only the plugin's own part of each page is judged (the settings page's main region, the
 * field's container): Strapi's navigation and headers are Strapi's to fix. The file sets up
 * what it reads (admin, settings, a published entry with a delivered link) through the API,
 * so it passes alone.
 */
import fs from 'node:fs';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ADMIN, createApiToken, login, registerAdmin } from '../harness/admin';
import { createSpace } from '../harness/content';
import { client, request } from '../harness/http';
import { Scenario, launchBrowser, newContext, newPage, until } from './browser';
import { readE2eContext } from './context';

const ctx = readE2eContext();

/** The sandbox's default OAuth client (sandbox/src/config.ts, DEFAULT_CLIENT). */
const SANDBOX_CLIENT = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret-0123456789abcdef',
};
/** A seed space of the sandbox (sandbox/src/models/seed.ts). */
const LOBBY = { id: 'WziSQO0ORu7', name: 'Grand Hotel Lobby' };
const SPACE_UID = 'api::space.space';

/** WCAG 2.0 and 2.1, levels A and AA: what the project's accessibility promise names. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe in the page on the elements matching `selector`; answers the violations, described. */
const axe = async (page: Page, selector: string): Promise<string[]> => {
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
    v.nodes.map((node) => `${v.id} (${v.impact}): ${v.help} at ${node.target.join(' ')}`)
  );
};

let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminJwt: string;

const adminApi = (method: string, path: string, body?: unknown) =>
  request(method, `${ctx.strapiUrl}${path}`, { token: adminJwt, body });

beforeAll(async () => {
  const init = await request<{ data: { hasAdmin: boolean } }>('GET', `${ctx.strapiUrl}/admin/init`);
  if (!init.body.data.hasAdmin) await registerAdmin(ctx.strapiUrl);
  adminJwt = await login(ctx.strapiUrl, ADMIN.email, ADMIN.password);
  const saved = await adminApi('PUT', '/matterport/settings', SANDBOX_CLIENT);
  if (saved.status !== 200) throw new Error(`saving settings: ${saved.status} ${saved.text}`);
  // A published entry read through the content API: the links page then has a row with its
  // revoke buttons, the health panel a minted link, the activity page a settings change.
  const api = client(ctx.strapiUrl, await createApiToken(ctx.strapiUrl, adminJwt));
  const created = await createSpace(api, {
    title: 'WCAG lobby',
    tour: { modelId: LOBBY.id, name: LOBBY.name },
  });
  const read = await request<{ data: { tour: { link: string | null } } }>(
    'GET',
    `${ctx.strapiUrl}/api/spaces/${created.documentId}`
  );
  if (!read.body.data.tour.link) throw new Error(`no link delivered: ${read.text}`);

  browser = await launchBrowser();
  context = await newContext(browser);
  page = await newPage(context);
  await page.goto(`${ctx.strapiUrl}/admin/auth/login`);
  await page.getByLabel(/^Email/).fill(ADMIN.email);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(
    (url) => url.pathname.startsWith('/admin') && !url.pathname.includes('/auth/')
  );
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
});

test('the settings page (form, connection test, health panel) has no WCAG A/AA violation', async () => {
  const s = new Scenario('wcag-settings', page);
  await s.step('open the settings page', async () => {
    await page.goto(`${ctx.strapiUrl}/admin/settings/matterport`);
    await page.getByRole('button', { name: 'Test connection' }).waitFor();
    await page.getByTestId('matterport-health').waitFor();
    await page.getByTestId('matterport-connection-default').waitFor();
  });
  expect(await s.step('axe', () => axe(page, 'main'))).toEqual([]);
});

test('the settings page’s add-connection dialog has no WCAG A/AA violation', async () => {
  const s = new Scenario('wcag-settings-connection', page);
  await s.step('open the add-connection dialog', async () => {
    await page.goto(`${ctx.strapiUrl}/admin/settings/matterport`);
    await page.getByRole('button', { name: 'Add connection' }).click();
    await page.getByRole('dialog', { name: 'Add a connection' }).waitFor();
    // The modal fades in: judged mid-animation, every text fails contrast.
    await page.waitForFunction(() =>
      document.getAnimations().every((animation) => animation.playState === 'finished')
    );
  });
  expect(await s.step('axe', () => axe(page, '[role="dialog"]'))).toEqual([]);
});

test('the links page, with a row and its revoke buttons, has no WCAG A/AA violation', async () => {
  const s = new Scenario('wcag-links', page);
  await s.step('open the links page', async () => {
    await page.goto(`${ctx.strapiUrl}/admin/settings/matterport-links`);
    await page
      .getByTestId(/^matterport-revoke-model-/)
      .first()
      .waitFor();
  });
  expect(await s.step('axe', () => axe(page, 'main'))).toEqual([]);
});

test('the activity page has no WCAG A/AA violation', async () => {
  const s = new Scenario('wcag-activity', page);
  await s.step('open the activity page', async () => {
    await page.goto(`${ctx.strapiUrl}/admin/settings/matterport-activity`);
    await page.getByText(/^Page 1 of \d+/).waitFor();
  });
  expect(await s.step('axe', () => axe(page, 'main'))).toEqual([]);
});

test('the field with the picker open, and the chosen space’s card, have no WCAG A/AA violation', async () => {
  const s = new Scenario('wcag-picker', page);
  const field = '[data-testid="matterport-field"]';
  await s.step('open a new entry and the picker', async () => {
    await page.goto(`${ctx.strapiUrl}/admin/content-manager/collection-types/${SPACE_UID}/create`);
    await page.getByRole('combobox', { name: 'Search Matterport spaces' }).click();
    await until('options in the list', async () => (await page.getByRole('option').count()) > 0);
  });
  expect(await s.step('axe with the list open', () => axe(page, field))).toEqual([]);

  await s.step('search and pick a space', async () => {
    await page.getByRole('combobox', { name: 'Search Matterport spaces' }).fill('grand hotel');
    await page.getByRole('option', { name: new RegExp(`^${LOBBY.name} ${LOBBY.id}`) }).click();
    await page.getByTestId('matterport-selected-card').waitFor();
  });
  expect(await s.step('axe on the card', () => axe(page, field))).toEqual([]);
});
