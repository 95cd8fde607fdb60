/**
 * What the plugin knows of Matterport's catalogue, in the browser (issue 28): "the field shows
 * the privacy warning and the where-used list". An editor picks the sandbox's Grand Hotel Lobby,
 * a space whose Matterport visibility is public (sandbox/src/models/seed.ts): the field warns
 * that the embed protects nothing. Once the entry is saved and published, the field's "Where
 * used" opens the list of places the space is used, and this entry is there, in its published
 * version and its draft, with a link to it. axe judges the field with its warning and the
 * dialog. (A View picked and delivered: views.e2e.test.ts.)
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
/** Public in the sandbox's catalogue: anyone with its Showcase link may open it. */
const GRAND_HOTEL = { id: 'WziSQO0ORu7', name: 'Grand Hotel Lobby' };

const SPACE_UID = 'api::space.space';
const TITLE = 'E2E grand hotel where used';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminJwt: string;

const adminApi = <T = unknown>(method: string, path: string, body?: unknown) =>
  request<T>(method, `${ctx.strapiUrl}${path}`, { token: adminJwt, body });

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

test('a public space warns the editor; Where used lists the entry once published', async () => {
  const s = new Scenario('catalogue-privacy-where-used', page);

  await s.step('pick Grand Hotel Lobby in a new Space entry', async () => {
    await page.goto(`${ctx.strapiUrl}/admin/content-manager/collection-types/${SPACE_UID}/create`);
    await expectText(page.getByRole('heading', { level: 1 }), 'Create an entry');
    await page.getByLabel(/^title/).fill(TITLE);
    const search = page.getByRole('combobox', { name: 'Search Matterport spaces' });
    await search.click();
    await search.fill('grand hotel');
    await page
      .getByRole('option', { name: new RegExp(`^${GRAND_HOTEL.name}.*${GRAND_HOTEL.id}`) })
      .click();
    const card = page.getByTestId('matterport-selected-card');
    await until(
      'the card of Grand Hotel Lobby',
      async () => (await card.getAttribute('data-model-id')) === GRAND_HOTEL.id
    );
  });

  await s.step('the field warns that the space is public in Matterport', async () => {
    const warning = page.getByTestId('matterport-privacy-warning');
    await expectText(warning, 'This space is public in Matterport');
    await expectText(warning, 'make it private in Matterport');
  });

  expect(
    await s.step('axe on the field with its privacy warning', async () => {
      await settled(page);
      return axe(page, '[data-testid="matterport-field"]');
    })
  ).toEqual([]);

  await s.step('save and publish', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectText(page.getByText('Saved document'), 'Saved document');
    await page.waitForURL((url) => !url.pathname.endsWith('/create'));
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expectText(page.getByText('Published document'), 'Published document');
  });

  await s.step('Where used lists this entry, published and draft, with a link to it', async () => {
    await page.getByTestId('matterport-usage-button').click();
    await expectText(page.getByRole('dialog'), `Where ${GRAND_HOTEL.name} is used`);
    const dialog = page.getByTestId('matterport-usage');
    const rows = dialog.getByTestId('matterport-usage-row').filter({ hasText: TITLE });
    await until('both versions of the entry listed', async () => (await rows.count()) === 2);
    const texts = (await rows.allTextContents()).join(' | ');
    expect(texts).toContain('Published');
    expect(texts).toContain('Draft');
    expect(texts).toContain('Space');
    const link = rows.first().getByRole('link');
    expect(await link.getAttribute('href')).toContain(
      `/content-manager/collection-types/${SPACE_UID}/`
    );
  });

  expect(
    await s.step('axe on the Where used dialog', async () => {
      await settled(page);
      return axe(page, '[data-testid="matterport-usage"]');
    })
  ).toEqual([]);

  await s.screenshot();
});
