/**
 * Strapi 5 Preview with a Matterport field, as an editor uses it: a published Space
 * whose draft then gets another space, "Open preview" in the Content Manager, and the
 * preview pane shows the preview site (scripts/lib/preview-server.mjs), which read the
 * DRAFT with its API token on the server and embeds the draft's space: the sandbox's
 * Showcase page for that model, accepting the token. The published version keeps the
 * first space, so seeing the second proves the pane shows the draft.
 *
 * Runs on its own (it registers the admin through the API when no earlier scenario did)
 * or after admin.e2e.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ADMIN, createApiToken, login, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { client, request } from '../harness/http';
import { ROOT } from '../harness/paths';
import { Scenario, expectText, launchBrowser, newContext, newPage, until } from './browser';
import { readE2eContext } from './context';

const ctx = readE2eContext();

/** The sandbox's default OAuth client (sandbox/src/config.ts, DEFAULT_CLIENT). */
const SANDBOX_CLIENT = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret-0123456789abcdef',
};

/** Seed spaces of the sandbox (sandbox/src/models/seed.ts). */
const PUBLISHED_MODEL = { id: 'WziSQO0ORu7', name: 'Grand Hotel Lobby' };
const DRAFT_MODEL = { id: 'MNRRdhe8HWr', name: 'Modern Art Gallery' };

const SPACE_UID = 'api::space.space';

let browser: Browser;
let context: BrowserContext | undefined;
let previewServer: ChildProcess | undefined;
let previewToken = '';
let adminJwt = '';
let documentId = '';
const title = uniqueTitle('E2E Preview');

const readPublished = async () => {
  const res = await request<{ data: Array<{ tour: { modelId: string } | null }> }>(
    'GET',
    `${ctx.strapiUrl}/api/spaces?filters[documentId][$eq]=${encodeURIComponent(documentId)}`
  );
  if (res.status !== 200) throw new Error(`GET /api/spaces answered ${res.status}: ${res.text}`);
  return res.body.data[0];
};

const readDraftAsAdmin = async () => {
  const res = await request<{ data: { tour: { modelId: string; name?: string } | null } }>(
    'GET',
    `${ctx.strapiUrl}/content-manager/collection-types/${SPACE_UID}/${documentId}`,
    { token: adminJwt }
  );
  if (res.status !== 200) throw new Error(`reading the draft answered ${res.status}: ${res.text}`);
  return res.body.data;
};

beforeAll(async () => {
  browser = await launchBrowser();

  const init = await request<{ data: { hasAdmin: boolean } }>('GET', `${ctx.strapiUrl}/admin/init`);
  if (!init.body.data.hasAdmin) await registerAdmin(ctx.strapiUrl);
  adminJwt = await login(ctx.strapiUrl, ADMIN.email, ADMIN.password);
  const settings = await request<{ data: { hasSecret: boolean } }>(
    'GET',
    `${ctx.strapiUrl}/matterport/settings`,
    { token: adminJwt }
  );
  if (!settings.body.data.hasSecret) {
    const saved = await request('PUT', `${ctx.strapiUrl}/matterport/settings`, {
      token: adminJwt,
      body: SANDBOX_CLIENT,
    });
    if (saved.status !== 200)
      throw new Error(`PUT /matterport/settings answered ${saved.status}: ${saved.text}`);
  }

  // The preview site reads drafts with a read-only API token, as a site's preview would.
  previewToken = await createApiToken(ctx.strapiUrl, adminJwt, 'read-only');
  // The preview site as its own process, configured from its environment as a deployed
  // one would be (an ES module: Jest's test sandbox cannot import() it in-process).
  let output = '';
  previewServer = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts', 'lib', 'preview-server.mjs')],
    {
      env: {
        ...process.env,
        STRAPI_URL: ctx.strapiUrl,
        STRAPI_PREVIEW_TOKEN: previewToken,
        PREVIEW_SECRET: ctx.previewSecret,
        PREVIEW_PORT: new URL(ctx.previewUrl).port,
        MATTERPORT_SHOW_ORIGIN: ctx.sandboxOrigin,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  previewServer.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  previewServer.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until('the preview site to listen', async () => {
    if (previewServer?.exitCode !== null) throw new Error(`the preview site exited: ${output}`);
    return (await fetch(ctx.previewUrl)).ok;
  });

  // A published Space showing the first model.
  const writer = client(ctx.strapiUrl, await createApiToken(ctx.strapiUrl, adminJwt));
  documentId = (
    await createSpace(writer, {
      title,
      tour: { modelId: PUBLISHED_MODEL.id, name: PUBLISHED_MODEL.name },
    })
  ).documentId;
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  if (previewServer && previewServer.exitCode === null) {
    const exited = new Promise((resolve) => previewServer?.once('exit', resolve));
    previewServer.kill('SIGTERM');
    await exited;
  }
});

/** What a real paste does: the clipboard, then Ctrl+V in the focused search box. */
const paste = async (page: Page, text: string) => {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  const search = page.getByRole('combobox', { name: 'Search Matterport spaces' });
  await search.focus();
  await page.keyboard.press('ControlOrMeta+V');
};

test('Open preview shows the draft’s space, read by the preview site with its API token, in the preview pane', async () => {
  const s = new Scenario('preview');
  context = await newContext(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.strapiUrl });
  const page = s.use(await newPage(context));

  await s.step('log in as the super admin', async () => {
    await page.goto(`${ctx.strapiUrl}/admin/auth/login`);
    await page.getByLabel(/^Email/).fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith('/admin') && !url.pathname.includes('/auth/')
    );
  });

  await s.step('open the published Space in the Content Manager', async () => {
    await page.goto(
      `${ctx.strapiUrl}/admin/content-manager/collection-types/${SPACE_UID}/${documentId}`
    );
    await expectText(page.getByRole('heading', { level: 1 }), title);
    await until(
      'the card to show the published model',
      async () =>
        (await page
          .getByTestId('matterport-selected-card')
          .getAttribute('data-model-id', { timeout: 1000 })
          .catch(() => null)) === PUBLISHED_MODEL.id
    );
  });

  await s.step('change the space of the draft and save it (not published)', async () => {
    await page.getByTestId('matterport-change-button').click();
    await paste(page, `https://my.matterport.com/show/?m=${DRAFT_MODEL.id}`);
    await until(
      'the card to show the draft model',
      async () =>
        (await page
          .getByTestId('matterport-selected-card')
          .getAttribute('data-model-id', { timeout: 1000 })
          .catch(() => null)) === DRAFT_MODEL.id
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectText(page.getByText('Saved document'), 'Saved document');
  });

  await s.step('… so the draft and the published version now show different spaces', async () => {
    expect((await readDraftAsAdmin()).tour).toEqual({
      modelId: DRAFT_MODEL.id,
      name: DRAFT_MODEL.name,
    });
    expect((await readPublished())?.tour).toMatchObject({ modelId: PUBLISHED_MODEL.id });
  });

  const pane = page.frameLocator('[data-testid="preview-iframe"]');

  await s.step(
    '"Open preview" opens the preview page with the preview site in its pane',
    async () => {
      await page.getByRole('link', { name: 'Open preview' }).click();
      await page.waitForURL((url) => url.pathname.endsWith(`/${documentId}/preview`));
      const src = await page.getByTestId('preview-iframe').getAttribute('src');
      expect(src?.startsWith(`${ctx.previewUrl}/preview?`)).toBe(true);
      expect(new URL(src as string).searchParams.get('status')).toBe('draft');
    }
  );

  await s.step('the pane shows the entry as a draft, with the draft’s space', async () => {
    await expectText(pane.locator('h1'), title);
    await expectText(pane.locator('.status'), 'Draft');
    const sections = pane.locator('section.field');
    await sections.first().waitFor();
    expect(
      await sections.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-model-id')))
    ).toEqual([DRAFT_MODEL.id]);
  });

  await s.step(
    'the space’s iframe is the sandbox Showcase for the draft’s model, and it accepts the token',
    async () => {
      const player = pane.locator('section.field iframe');
      const src = (await player.getAttribute('src')) ?? '';
      expect(src).toMatch(
        new RegExp(`^${ctx.sandboxOrigin}/show\\?m=${DRAFT_MODEL.id}&auth=Bearer\\+[a-z0-9]{25}`)
      );
      const showcase = pane.frameLocator('section.field iframe');
      await showcase.locator('#showcase[data-status="valid"]').waitFor();
      await expectText(showcase.locator('#showcase h1'), DRAFT_MODEL.name);
      await expectText(showcase.locator('#showcase'), 'The embed token is valid for this space.');
    }
  );

  await s.step('the preview page never carries the preview site’s API token', async () => {
    const src = (await page.getByTestId('preview-iframe').getAttribute('src')) as string;
    const res = await fetch(src);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`data-model-id="${DRAFT_MODEL.id}"`);
    expect(html).not.toContain(previewToken);
    const paneHtml = await page
      .frames()
      .find((frame) => frame.url().startsWith(ctx.previewUrl))
      ?.content();
    expect(paneHtml).toContain(DRAFT_MODEL.id);
    expect(paneHtml).not.toContain(previewToken);
  });

  await s.screenshot();
});
