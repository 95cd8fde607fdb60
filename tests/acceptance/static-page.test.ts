/**
 * Issue 27's acceptance test, in Chromium: "a static HTML page built once from a REST response
 * with `on-demand` values and 60 s links still opens every space after three link lifetimes:
 * poster → click → live Showcase; with consent required nothing is fetched before consent."
 *
 * Everything is real: the playground Strapi (built plugin, `defaultDelivery: 'on-demand'`,
 * settings `defaultValidFor: '60s'`), the Matterport sandbox, whose tokens die on its own
 * clock, and the static HTML recipe (recipes/static-html/build.mjs), built once from one REST
 * answer of Strapi and served as files. Nothing is faked and no clock is moved, so the test
 * waits: three lifetimes and a bit (about 3 min 15 s; 5-6 min in all).
 *
 *   npm run build && npm run test:acceptance
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { createSandbox, DEFAULT_CLIENT, SandboxControl, type Sandbox } from '../../sandbox/src';
import { launchBrowser, until } from '../e2e/browser';
import { createApiToken, registerAdmin } from '../harness/admin';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { client } from '../harness/http';
import { ROOT, TMP } from '../harness/paths';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/** The links' life: the shortest a field's `validFor` may be is 30 s; the issue says 60 s. */
const LINK_LIFE_S = 60;
/**
 * Three lifetimes, and a margin for the sandbox's whole-second expiry instants.
 * ACCEPTANCE_SKIP_WAIT=1 skips it to try a change quickly: the suite cannot pass then (the
 * build-time link is still alive), only the other tests tell something.
 */
const WAIT_MS = process.env.ACCEPTANCE_SKIP_WAIT === '1' ? 0 : (3 * LINK_LIFE_S + 10) * 1000;

jest.setTimeout(10 * 60_000);

const RECIPE = path.join(ROOT, 'recipes', 'static-html');
const OUT = path.join(TMP, 'static-page');
/** Two spaces of the sandbox's organisation, one Venue each (Venue's field has no `validFor`). */
const VENUES = [
  { name: 'Grand Hotel', modelId: 'WziSQO0ORu7' },
  { name: 'North Tower', modelId: 'XddYUqNaTWl' },
];

interface Delivered {
  modelId: string;
  link: string | null;
  accessToken: string | null;
  validUntil: string | null;
  poster?: { url: string } | null;
  activate?: { url: string } | null;
}

/** Serves the built pages (OUT/open and OUT/consent) as a static host would. */
const startPageServer = async () => {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path.join(OUT, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (
      !file.startsWith(OUT + path.sep) ||
      !fs.existsSync(file) ||
      fs.statSync(file).isDirectory()
    ) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.html') ? 'text/html' : 'text/javascript';
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8` });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Runs a Node script; a failure shows what it printed. */
const runNode = ([script, ...args]: string[], cwd: string, env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`${path.relative(ROOT, script)} failed:\n${result.stdout}\n${result.stderr}`);
};

/** The recipe's build, with this run's saved REST answer and the Venue type's field names. */
const buildPage = (json: string, outDir: string, env: Record<string, string> = {}) =>
  runNode([path.join(RECIPE, 'build.mjs')], RECIPE, {
    STRAPI_JSON: json,
    STRAPI_COLLECTION: 'venues',
    STRAPI_FIELD: 'model',
    STRAPI_TITLE: 'name',
    OUT_DIR: outDir,
    ...env,
  });

/** Every URL the page requests, in order. */
const recordRequests = (page: Page): string[] => {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
};

let sandbox: Sandbox;
let database: TestDatabase;
let strapi: StrapiProcess;
let pages: Awaited<ReturnType<typeof startPageServer>>;
let browser: Browser;
/** The REST answer the page was built from, and when. */
let delivered: Delivered[];
let builtAt: number;
/** A link minted through the first space's activation route at build time. */
let earlyToken: string;

beforeAll(async () => {
  // The recipe as CI builds it (the kit packed from dist/, npm ci): fails on a stale build.
  runNode([path.join(ROOT, 'scripts', 'recipes.mjs'), 'static-html'], ROOT);
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  pages = await startPageServer();

  sandbox = createSandbox({ clients: [DEFAULT_CLIENT] });
  const { origin } = await sandbox.start(0);
  database = await createTestDatabase('static-page');
  strapi = await startStrapi({
    name: 'static-page',
    databaseEnv: database.env,
    sandboxOrigin: origin,
    // The site's origin may call the activation route from a browser (CORS).
    pluginConfig: { defaultDelivery: 'on-demand', activationOrigins: [pages.origin] },
  });
  const jwt = await registerAdmin(strapi.url);
  const saved = await client(strapi.url, jwt).put('/matterport/settings', {
    ...DEFAULT_CLIENT,
    defaultValidFor: `${LINK_LIFE_S}s`,
  });
  expect(saved.status).toBe(200);
  const api = client(strapi.url, await createApiToken(strapi.url, jwt));
  for (const venue of VENUES) {
    const created = await api.post('/api/venues', {
      data: { name: venue.name, model: venue.modelId },
    });
    expect([200, 201]).toContain(created.status);
  }

  // The one REST answer the site is built from, read as a visitor's build would (Public role).
  const rest = await fetch(`${strapi.url}/api/venues?sort=name:asc`);
  expect(rest.status).toBe(200);
  const body = (await rest.json()) as { data: Array<{ name: string; model: Delivered }> };
  builtAt = Date.now();
  delivered = body.data.map((entry) => entry.model);
  const json = path.join(OUT, 'venues.json');
  fs.writeFileSync(json, JSON.stringify(body));
  buildPage(json, path.join(OUT, 'open'));
  buildPage(json, path.join(OUT, 'consent'), { MATTERPORT_CONSENT: 'required' });

  // A link as a `link` value would have carried it at build time: dead by the time we look.
  const early = await fetch(delivered[0].activate?.url ?? 'missing activate.url');
  expect(early.status).toBe(200);
  earlyToken = ((await early.json()) as { data: { accessToken: string } }).data.accessToken;

  browser = await launchBrowser();
  // No fake timers anywhere: the sandbox expires tokens on its own clock.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, builtAt + WAIT_MS - Date.now())));
});

afterAll(async () => {
  await browser?.close();
  await strapi?.stop();
  await database?.drop();
  await sandbox?.stop();
  await pages?.close();
});

it('the page was built from on-demand values: no token in it, a poster and an activation URL each', () => {
  expect(delivered.map((value) => value.modelId)).toEqual(VENUES.map((venue) => venue.modelId));
  for (const value of delivered) {
    expect(value).toMatchObject({ link: null, accessToken: null, validUntil: null });
    expect(value.poster?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/matterport\/posters\//);
    expect(value.activate?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/matterport\/embeds\//);
  }
  const html = fs.readFileSync(path.join(OUT, 'open', 'index.html'), 'utf8');
  expect(html.match(/<matterport-embed[\s>]/g)).toHaveLength(VENUES.length);
});

it('three link lifetimes later, a link minted at build time is dead at Matterport', async () => {
  expect((await new SandboxControl(sandbox.origin).embedToken(earlyToken)).status).toBe('expired');
});

it('every space still opens: poster, "Explore in 3D", a live Showcase the sandbox accepts', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${pages.origin}/open/`);
    for (const [index, venue] of VENUES.entries()) {
      const element = page.locator('matterport-embed').nth(index);
      // The poster is Strapi's image of the model, loaded.
      const poster = element.locator('img[part="poster-image"]');
      expect(await poster.getAttribute('src')).toBe(delivered[index].poster?.url);
      await until(`the poster of ${venue.name} to load`, () =>
        poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
      );
      await element.getByRole('button', { name: /^Explore in 3D: / }).click();
      const iframe = element.locator('iframe');
      await iframe.waitFor();
      const src = new URL((await iframe.getAttribute('src')) ?? '');
      expect(src.origin).toBe(sandbox.origin);
      expect(src.searchParams.get('m')).toBe(venue.modelId);
      // The token in the iframe is a fresh one, not the dead build-time link.
      expect(src.searchParams.get('auth')).not.toBe(`Bearer ${earlyToken}`);
      const showcase = iframe.contentFrame().locator('#showcase');
      await until(`Showcase of ${venue.name} to accept the link`, async () =>
        (await showcase.getAttribute('data-status')) === 'valid' ? true : null
      );
      expect(await showcase.getAttribute('data-model-id')).toBe(venue.modelId);
    }
  } finally {
    await context.close();
  }
});

it('with consent required, nothing is fetched from Strapi or Matterport before consent', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested = recordRequests(page);
  const outside = () =>
    requested.filter((url) => url.startsWith(strapi.url) || url.startsWith(sandbox.origin));
  try {
    await page.goto(`${pages.origin}/consent/`);
    const element = page.locator('matterport-embed').first();
    await element.getByRole('button', { name: /^Explore in 3D: / }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(outside()).toEqual([]);
    expect(await element.locator('img').count()).toBe(0);

    // The click under the note ("loads the 3D space from Matterport") is the consent.
    await element.getByRole('button', { name: /^Explore in 3D: / }).click();
    const showcase = element.locator('iframe').contentFrame().locator('#showcase');
    await until('Showcase to accept the link after consent', async () =>
      (await showcase.getAttribute('data-status')) === 'valid' ? true : null
    );
    expect(outside().some((url) => url === delivered[0].activate?.url)).toBe(true);
  } finally {
    await context.close();
  }
});
