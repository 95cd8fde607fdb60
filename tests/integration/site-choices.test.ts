import { SandboxControl } from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * What a site chose, kept within the plugin's promises, on one Strapi:
 *
 * - `onError: 'throw'`: a draft read the draft policy refuses answers 403 (README, "Drafts":
 *   "with `onError: 'throw'` such a read answers 403. Same in REST and GraphQL"), and mints
 *   nothing.
 * - The site sets `CDN-Cache-Control` and `Surrogate-Control` itself (playground middleware
 *   `site-cache-control`): "CDN-specific headers override Cache-Control at the CDN: bounded too
 *   when the site set them" (delivery/cache-control.ts), i.e. lowered to the earliest link's
 *   bound like Cache-Control, and without the directives that let a cache serve past it.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `site-${Date.now()}`, clientSecret: 'site-choices-secret-01' };
const LONG = 86_400;
const SITE = {
  SITE_CACHE_CONTROL: `public, max-age=${LONG}`,
  SITE_CDN_CACHE_CONTROL: `max-age=${LONG}, stale-while-revalidate=600`,
  SITE_SURROGATE_CONTROL: `max-age=${LONG}, stale-if-error=600`,
};
// Venues take the settings' default lifetime: 10 minutes, far below the site's day.
const LIFETIME_S = 600;
const PUBLISHED = 'ihngBuuO68J';
const DRAFT = 'yopBRDqxfR4';

let db: TestDatabase;
let strapi: StrapiProcess;
let api: Client;
let apiToken: string;
let publishedId: string;
let draftId: string;

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('site-choices');
  strapi = await startStrapi({
    name: 'site-choices',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { onError: 'throw' },
    env: SITE,
  });
  const jwt = await registerAdmin(strapi.url);
  expect(
    (
      await client(strapi.url, jwt).put('/matterport/settings', {
        ...credentials,
        defaultValidFor: `${LIFETIME_S}s`,
      })
    ).status
  ).toBe(200);
  apiToken = await createApiToken(strapi.url, jwt);
  api = client(strapi.url, apiToken);
  const published = await api.post<{ data: { documentId: string } }>('/api/venues', {
    data: { name: uniqueTitle('Site published'), model: PUBLISHED },
  });
  expect(published.status).toBe(201);
  publishedId = published.body.data.documentId;
  const draft = await api.post<{ data: { documentId: string } }>('/api/venues?status=draft', {
    data: { name: uniqueTitle('Site draft'), model: DRAFT },
  });
  expect(draft.status).toBe(201);
  draftId = draft.body.data.documentId;
});

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

describe("onError: 'throw'", () => {
  test('an anonymous REST draft read answers 403 MATTERPORT_DRAFT and mints nothing', async () => {
    await sandbox.resetCounters();
    const res = await client(strapi.url).get<{ data: unknown; error: { status: number } }>(
      `/api/venues/${draftId}?status=draft`
    );
    expect(res.status).toBe(403);
    expect(res.body.data).toBeNull();
    expect(res.headers.get('x-matterport-error')).toBe('MATTERPORT_DRAFT');
    expect(res.text).not.toContain(`m=${DRAFT}`);
    expect((await sandbox.counters()).mintsByModel[DRAFT] ?? 0).toBe(0);
  });

  test('an anonymous GraphQL draft read answers 403 MATTERPORT_DRAFT and mints nothing', async () => {
    await sandbox.resetCounters();
    const res = await graphql<{ venue: { model: Delivered } | null }>(
      strapi.url,
      'query ($id: ID!) { venue(documentId: $id, status: DRAFT) { name model } }',
      { id: draftId }
    );
    expect(res.status).toBe(403);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toContain('MATTERPORT_DRAFT');
    expect(res.body.data?.venue ?? null).toBeNull();
    expect(res.text).not.toContain(`m=${DRAFT}`);
    expect((await sandbox.counters()).mintsByModel[DRAFT] ?? 0).toBe(0);
  });

  test('the same draft read with an API token answers 200 with a link (the policy, not the throw, decides)', async () => {
    const res = await api.get<{ data: { model: Delivered } }>(
      `/api/venues/${draftId}?status=draft`
    );
    expect(res.status).toBe(200);
    expect(typeof res.body.data.model.link).toBe('string');
  });
});

describe('a site that sets CDN-Cache-Control and Surrogate-Control', () => {
  test('both are lowered to the link bound, stale directives dropped, like Cache-Control', async () => {
    const res = await client(strapi.url).get<{ data: { model: Delivered } }>(
      `/api/venues/${publishedId}`
    );
    expect(res.status).toBe(200);
    const validUntil = Date.parse(res.body.data.model.validUntil as string);
    expect(validUntil).toBeGreaterThan(Date.now());
    const bound = (name: string) => {
      const value = res.headers.get(name) as string;
      expect(value).not.toMatch(/stale-while-revalidate|stale-if-error/);
      const maxAge = Number(/(?:^|[ ,])max-age=(\d+)/.exec(value)?.[1]);
      expect(maxAge).toBeGreaterThan(0);
      expect(maxAge).toBeLessThanOrEqual(LIFETIME_S);
      // No cache keeps it past the link's expiry.
      expect(Date.now() + maxAge * 1000).toBeLessThanOrEqual(validUntil + 1000);
      return value;
    };
    expect(bound('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(bound('cdn-cache-control')).toMatch(/^max-age=\d+$/);
    expect(bound('surrogate-control')).toMatch(/^max-age=\d+$/);
  });

  test('an answer without Matterport values keeps what the site set', async () => {
    // The site's headers reach answers the plugin has nothing to bound in (a venue list filtered to nothing).
    const res = await client(strapi.url).get(
      '/api/venues?filters[name][$eq]=no-such-venue-anywhere'
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cdn-cache-control')).toBe(SITE.SITE_CDN_CACHE_CONTROL);
    expect(res.headers.get('surrogate-control')).toBe(SITE.SITE_SURROGATE_CONTROL);
  });
});
