/**
 * `npm run demo` end to end, at the HTTP level: the script builds what is missing,
 * starts the sandbox, the playground Strapi and the demo page, and everything it prints
 * works. Runs with DEMO_SKIP_ADMIN_BUILD=1 (no 70 s admin build) on free ports and a
 * throw-away database. Needs `npm run build` first (or the demo runs it).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { MatterportEmbed } from '../../common/value';
import { SEED_MODELS } from '../../sandbox/src';
import { freePort } from '../harness/ports';
import { ROOT, eventually, portIsFree, readSummary, runDemo, type DemoRun } from './demo-process';

jest.setTimeout(180_000);

type Embed = MatterportEmbed;

interface Space {
  documentId: string;
  title: string;
  tour: Embed | null;
  rooms: Array<{ name: string; model: Embed | null }>;
  venue: { name: string } | null;
}

let tmp: string;
let ports: { strapi: number; sandbox: number; page: number; preview: number };
let env: Record<string, string>;
const runs: DemoRun[] = [];

const start = (extra: Record<string, string> = {}) => {
  const run = runDemo({ ...env, ...extra });
  runs.push(run);
  return run;
};

const allPortsFree = async () =>
  (
    await Promise.all(
      [ports.strapi, ports.sandbox, ports.page, ports.preview].map((port) => portIsFree(port))
    )
  ).every(Boolean);

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matterport-demo-test-'));
  ports = {
    strapi: await freePort(),
    sandbox: await freePort(),
    page: await freePort(),
    preview: await freePort(),
  };
  env = {
    DEMO_PORT: String(ports.strapi),
    DEMO_SANDBOX_PORT: String(ports.sandbox),
    DEMO_PAGE_PORT: String(ports.page),
    DEMO_PREVIEW_PORT: String(ports.preview),
    DEMO_DATABASE_FILENAME: path.join(tmp, 'demo.db'),
    DEMO_SKIP_ADMIN_BUILD: '1',
  };
});

afterAll(async () => {
  for (const run of runs) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      await Promise.race([run.exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    run.killGroup();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('its sample content uses active, non-demo spaces of the sandbox seed, under their seed names', () => {
  const content = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'scripts', 'demo-content.json'), 'utf8')
  );
  const models: Array<{ modelId: string; name: string }> = [];
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.modelId === 'string')
        models.push(record as unknown as { modelId: string; name: string });
      else Object.values(record).forEach(collect);
    }
  };
  collect(content);
  expect(models.length).toBeGreaterThanOrEqual(5);
  for (const { modelId, name } of models) {
    const seed = SEED_MODELS.find((m) => m.id === modelId);
    expect(seed).toMatchObject({ id: modelId, name, state: 'active', demo: false });
  }
});

test('a port in use stops it at once, with a message naming the port and the variable', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(ports.page, '127.0.0.1', resolve));
  try {
    const run = start();
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.output()).toMatch(
      new RegExp(
        `Port ${ports.page} on 127\\.0\\.0\\.1 \\(for the demo page\\) is already in use.*DEMO_PAGE_PORT=`
      )
    );
    // It checked before starting anything.
    expect(run.output()).not.toContain('Starting the Matterport sandbox');
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('DEMO_EXIT_AFTER_READY: a fresh database gets an admin and sample content, then everything stops and it exits 0', async () => {
  const run = start({ DEMO_EXIT_AFTER_READY: '1' });
  const { code } = await run.exited;
  const output = run.output();
  expect({ code, output }).toMatchObject({ code: 0 });
  expect(output).toContain('Admin user admin@example.com created.');
  expect(output).toContain('Sample content published: 1 venue, 4 spaces, the homepage.');
  expect(output).toContain('First read: 3 of 3 tours came with a fresh embed link.');
  const summary = readSummary(output);
  expect(summary.rest).toBe(`http://127.0.0.1:${ports.strapi}/api/spaces?populate=*`);
  expect(summary.graphql).toBe(`http://127.0.0.1:${ports.strapi}/graphql`);
  expect(summary.page).toBe(`http://127.0.0.1:${ports.page}/`);
  expect(summary.previewSite).toBe(`http://127.0.0.1:${ports.preview}`);
  expect(summary.login).toBe('admin@example.com');
  expect(await allPortsFree()).toBe(true);
});

describe('running on the same database again', () => {
  let run: DemoRun;
  let urls: ReturnType<typeof readSummary>;

  beforeAll(async () => {
    run = start();
    await run.waitForOutput(/Press Ctrl-C to stop\./, 150_000);
    urls = readSummary(run.output());
  });

  test('it logs in with the existing admin and keeps the content', () => {
    expect(run.output()).toContain(
      'The demo database already has an admin: logged in as admin@example.com.'
    );
    expect(run.output()).toContain('Sample content already there: kept as it is.');
  });

  test('REST: every tour carries a link the sandbox Showcase accepts (links of the earlier sandbox were forgotten)', async () => {
    const res = await fetch(urls.rest);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Space[] };
    expect(data.map((s) => s.title).sort()).toEqual(
      [
        'Grand Hotel',
        'Harbour Point (tour coming soon)',
        'Modern Art Gallery',
        'Penthouse Apartment Skyline',
      ].sort()
    );
    const toured = data.filter((space) => space.tour);
    expect(toured).toHaveLength(3);
    for (const space of toured) {
      const tour = space.tour as Embed;
      expect(tour.error).toBeUndefined();
      expect(typeof tour.link).toBe('string');
      expect(new URL(tour.link as string).origin).toBe(`http://127.0.0.1:${ports.sandbox}`);
      const page = await fetch(tour.link as string);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-status="valid"');
    }
    const hotel = data.find((space) => space.title === 'Grand Hotel') as Space;
    expect(hotel.venue?.name).toBe('Grand Hotel');
    expect(
      hotel.rooms.map((room) => room.model?.link).every((link) => typeof link === 'string')
    ).toBe(true);
  });

  test('REST allows the demo page origin (CORS)', async () => {
    const origin = new URL(urls.page).origin;
    const res = await fetch(urls.rest, { headers: { origin } });
    expect(res.status).toBe(200);
    expect([origin, '*']).toContain(res.headers.get('access-control-allow-origin'));
  });

  test('GraphQL answers a query with delivered tours', async () => {
    const res = await fetch(urls.graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ spaces { title tour } }' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data?: { spaces: Array<{ title: string; tour: Embed | null }> };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data?.spaces).toHaveLength(4);
    const tours = body.data?.spaces.filter((s) => s.tour) ?? [];
    expect(tours).toHaveLength(3);
    for (const { tour } of tours) expect(tour?.link).toMatch(/\/show\?m=\w+&auth=Bearer\+/);
  });

  test('the demo page loads, imports the front-end kit as a module, and the kit is served as JavaScript', async () => {
    const res = await fetch(urls.page);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`<meta name="strapi-url" content="http://127.0.0.1:${ports.strapi}"`);
    const script = html.match(/<script type="module">([\s\S]*?)<\/script>/)?.[1] ?? '';
    const kitImport = script.match(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/);
    expect(kitImport).not.toBeNull();
    const [, names, specifier] = kitImport as RegExpMatchArray;
    expect(names).toContain('iframeHtml');
    expect(script).toContain('/api/spaces?populate=*');

    const kit = await fetch(new URL(specifier, urls.page));
    expect(kit.status).toBe(200);
    expect(kit.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await kit.text();
    expect(source).toMatch(/export\s*\{[^}]*\biframeHtml\b/);
    expect(source).toMatch(/\bsecondsLeft\b/);

    const css = await fetch(new URL('/demo.css', urls.page));
    expect(css.status).toBe(200);
    expect((await fetch(new URL('/nope', urls.page))).status).toBe(404);
  });

  test('Strapi Preview: the admin’s preview URL of a Space shows its draft, read by the preview site, and never its API token', async () => {
    const strapi = `http://127.0.0.1:${ports.strapi}`;
    const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${strapi}${path}`, {
        method,
        headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return (await res.json()) as T;
    };
    const login = await fetch(`${strapi}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'Demo-Passw0rd' }),
    });
    const jwt = ((await login.json()) as { data: { token: string } }).data.token;

    // The published Grand Hotel shows its seed space; its draft gets another one.
    const { data: published } = (await (await fetch(urls.rest)).json()) as { data: Space[] };
    const hotel = published.find((space) => space.title === 'Grand Hotel') as Space;
    const draftModel = SEED_MODELS.find(
      (m) => m.state === 'active' && !m.demo && m.id !== hotel.tour?.modelId
    ) as (typeof SEED_MODELS)[number];
    await admin('PUT', `/content-manager/collection-types/api::space.space/${hotel.documentId}`, {
      title: 'Grand Hotel (draft)',
      tour: { modelId: draftModel.id, name: draftModel.name },
    });

    const previewUrl = async (status: 'draft' | 'published') =>
      (
        await admin<{ data: { url: string } }>(
          'GET',
          `/content-manager/preview/url/api::space.space?documentId=${hotel.documentId}&status=${status}`
        )
      ).data.url;
    const draftUrl = await previewUrl('draft');
    expect(new URL(draftUrl).origin).toBe(urls.previewSite);

    const draftPage = await fetch(draftUrl);
    expect(draftPage.status).toBe(200);
    expect(draftPage.headers.get('cache-control')).toBe('no-store');
    expect(draftPage.headers.get('content-security-policy')).toContain(
      `frame-ancestors http://127.0.0.1:${ports.strapi}`
    );
    const html = await draftPage.text();
    expect(html).toContain('<h1>Grand Hotel (draft)</h1>');
    expect(html).toContain(`data-field="tour" data-model-id="${draftModel.id}"`);
    const src = html.match(
      new RegExp(
        `<iframe src="(http://127\\.0\\.0\\.1:${ports.sandbox}/show\\?m=${draftModel.id}&amp;[^"]+)"`
      )
    )?.[1];
    expect(src).toBeDefined();
    const showcase = await (await fetch((src as string).replaceAll('&amp;', '&'))).text();
    expect(showcase).toContain('data-status="valid"');

    // The preview site's own API token is nowhere in what the browser gets.
    const tokens = await admin<{ data: Array<{ id: number; name: string }> }>(
      'GET',
      '/admin/api-tokens'
    );
    const siteToken = tokens.data.find((token) => token.name === 'demo preview site');
    expect(siteToken).toBeDefined();
    const { data: detail } = await admin<{ data: { accessKey: string } }>(
      'GET',
      `/admin/api-tokens/${siteToken?.id}`
    );
    expect(detail.accessKey.length).toBeGreaterThan(20);
    expect(html).not.toContain(detail.accessKey);

    // The published version is still the published one.
    const publishedHtml = await (await fetch(await previewUrl('published'))).text();
    expect(publishedHtml).toContain(`data-field="tour" data-model-id="${hotel.tour?.modelId}"`);
    expect(publishedHtml).toContain('data-status="published"');

    // A URL Strapi did not sign (another entry with the same signature) shows nothing.
    const other = published.find((space) => space.documentId !== hotel.documentId) as Space;
    const forged = new URL(draftUrl);
    forged.searchParams.set('path', `/api/spaces/${other.documentId}`);
    const refused = await fetch(forged);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain(other.title);
  });

  test('SIGINT stops every process it started, frees the ports and exits 0', async () => {
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(run.output()).toContain('[demo] Stopped.');
    await eventually('the ports to be free', allPortsFree, 10_000);
  });
});
