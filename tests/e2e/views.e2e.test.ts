/**
 * Views in the browser (issue 28): "a View is picked and delivered". An editor picks a space
 * that has Views (the sandbox's North Tower Lobby: Training View, Data View), chooses the
 * Training View and a start position for this entry in the field, saves and publishes; the
 * stored value names the View and the entry's `start`, and REST delivers a link the sandbox's
 * Showcase page accepts and opens on that View (the sandbox's default mode `viewEmbeds:
 * accept`). axe judges the field with its View select.
 *
 * The file sets up through the API what it needs (admin, default settings), so it passes alone.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ADMIN, login, registerAdmin } from '../harness/admin';
import { request } from '../harness/http';
import { axe, settled } from './axe';
import { Scenario, expectText, launchBrowser, newContext, newPage, until } from './browser';
import { readE2eContext } from './context';

const ctx = readE2eContext();

/** The sandbox's default OAuth client (sandbox/src/config.ts, DEFAULT_CLIENT). */
const SANDBOX_CLIENT = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret-0123456789abcdef',
};
const NORTH = { id: 'XddYUqNaTWl', name: 'North Tower Lobby (Level 2)' };
const TRAINING = { id: '0ehmdabhd31ra7pyai5igb9sb', name: 'Training View' };

const SPACE_UID = 'api::space.space';
const TITLE = 'E2E north tower training view';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminJwt: string;

const adminApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  request<T>(method, `${ctx.strapiUrl}${path}`, { token: adminJwt, body });

interface Delivered {
  tour: { modelId: string; view?: string; params?: Record<string, string>; link: string | null };
}

const readPublished = async (id: string): Promise<Delivered | undefined> => {
  const res = await request<{ data: Delivered[] }>(
    'GET',
    `${ctx.strapiUrl}/api/spaces?filters[documentId][$eq]=${encodeURIComponent(id)}`
  );
  if (res.status !== 200) throw new Error(`GET /api/spaces answered ${res.status}: ${res.text}`);
  return res.body.data[0];
};

beforeAll(async () => {
  const init = await request<{ data: { hasAdmin: boolean } }>('GET', `${ctx.strapiUrl}/admin/init`);
  if (!init.body.data.hasAdmin) await registerAdmin(ctx.strapiUrl);
  adminJwt = await login(ctx.strapiUrl, ADMIN.email, ADMIN.password);
  const settings = await adminApi<{ data: { hasSecret: boolean } }>('GET', '/matterport/settings');
  if (!settings.body.data?.hasSecret) {
    const saved = await adminApi('PUT', '/matterport/settings', SANDBOX_CLIENT);
    if (saved.status !== 200) throw new Error(`saving settings: ${saved.status} ${saved.text}`);
  }
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

test('an editor picks a View of a space and a start; REST delivers the View', async () => {
  const s = new Scenario('views-pick', page);
  let documentId = '';

  await s.step('pick North Tower Lobby in a new Space entry', async () => {
    await page.goto(`${ctx.strapiUrl}/admin/content-manager/collection-types/${SPACE_UID}/create`);
    await expectText(page.getByRole('heading', { level: 1 }), 'Create an entry');
    await page.getByLabel(/^title/).fill(TITLE);
    const search = page.getByRole('combobox', { name: 'Search Matterport spaces' });
    await search.click();
    await search.fill('north tower');
    const option = page.getByRole('option', {
      name: new RegExp(`^North Tower Lobby.*${NORTH.id}`),
    });
    await option.click();
    const card = page.getByTestId('matterport-selected-card');
    await until(
      'the card of North Tower Lobby',
      async () => (await card.getAttribute('data-model-id')) === NORTH.id
    );
  });

  await s.step(
    'the View select lists the whole space and its Views; choose Training View',
    async () => {
      const select = page.getByRole('combobox', { name: 'View' });
      await expectText(select, 'The whole space');
      await select.click();
      const names = await page.getByRole('option').allTextContents();
      expect(names).toEqual(['The whole space', 'Training View', 'Data View']);
      await page.getByRole('option', { name: TRAINING.name }).click();
      await expectText(select, TRAINING.name);
      await page.getByRole('textbox', { name: /^Start position/ }).fill('sweep-1');
    }
  );

  expect(
    await s.step('axe on the field with its View select', async () => {
      await settled(page);
      return axe(page, '[data-testid="matterport-field"]');
    })
  ).toEqual([]);

  await s.step('save: the stored value names the View and the entry’s start', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectText(page.getByText('Saved document'), 'Saved document');
    await page.waitForURL((url) => !url.pathname.endsWith('/create'));
    documentId = new URL(page.url()).pathname.split('/').pop() ?? '';
    const stored = await adminApi<{ data: { tour: unknown } }>(
      'GET',
      `/content-manager/collection-types/${SPACE_UID}/${documentId}`
    );
    expect(stored.body.data.tour).toEqual({
      modelId: NORTH.id,
      name: NORTH.name,
      view: TRAINING.id,
      params: { start: 'sweep-1' },
    });
  });

  await s.step('publish', async () => {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expectText(page.getByText('Published document'), 'Published document');
  });

  await s.step('REST delivers the View; the sandbox’s Showcase opens it', async () => {
    const delivered = await until('the published entry', () => readPublished(documentId));
    expect(delivered.tour).toMatchObject({ modelId: NORTH.id, view: TRAINING.id });
    const link = delivered.tour.link ?? '';
    const url = new URL(link);
    expect(url.searchParams.get('m')).toBe(TRAINING.id);
    expect(url.searchParams.get('start')).toBe('sweep-1');
    const html = await (await fetch(link)).text();
    expect(html).toContain('data-status="valid"');
    expect(html).toContain(`data-view-id="${TRAINING.id}"`);
  });

  await s.screenshot();
});
