import type { LinkListItem, LinkListResponse, RevokeResponse } from '../../common/api-types';
import { SandboxControl } from '../../sandbox/src';
import { createApiToken, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * The links API at scale (issue 20 point 4): server-side pages, sorting, filters, model-name
 * search and revocation by filter, on a Strapi of its own (a fresh ledger and fresh
 * credentials: no link of another file can be reused, nor listed).
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `paged-${Date.now()}`, clientSecret: 'paged-secret-0000001' };
let db: TestDatabase;
let strapi: StrapiProcess;
let api: Client;
let admin: Client;

// "Grand Hotel Lobby", "Café Müller", "Modern Art Gallery" in the sandbox; the preview is of "North Tower
// Lobby (Level 2)". Model IDs compare case-sensitively on every database (the plugin gives the
// ledger's model_id a binary collation on MariaDB/MySQL; tests/integration/model-id-case.test.ts
// covers IDs differing only in case). Their sort order still follows each database's collation (a
// PostgreSQL locale may sort letters without regard to case), so these IDs sort the same either way.
const GRAND_HOTEL = 'WziSQO0ORu7';
const CAFE = '1eR0Y7wVmpa';
const GALLERY = 'MNRRdhe8HWr';
const PREVIEWED = 'XddYUqNaTWl';

let since: string;
const delivered: Delivered[] = [];

const list = (query: string) =>
  admin.get<LinkListResponse>(`/matterport/links?from=${encodeURIComponent(since)}&${query}`);
type ErrorBody = { error: { message: string; details: { errors?: Array<{ path: string[] }> } } };

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('links-paged');
  strapi = await startStrapi({
    name: 'links-paged',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  since = new Date(Date.now() - 1000).toISOString();
  for (const model of [GRAND_HOTEL, CAFE, GALLERY]) {
    const { documentId } = await createSpace(api, { title: uniqueTitle('Paged'), tour: model });
    const read = await client(strapi.url).get<{ data: { tour: Delivered } }>(
      `/api/spaces/${documentId}`
    );
    delivered.push(read.body.data.tour);
  }
  expect((await admin.post(`/matterport/models/${PREVIEWED}/preview-link`)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

test('pages: totals, page count, and pages that neither overlap nor miss a link', async () => {
  const first = await list('pageSize=3');
  expect(first.status).toBe(200);
  expect(first.body.meta.pagination).toEqual({ page: 1, pageSize: 3, total: 4, pageCount: 2 });
  const second = await list('pageSize=3&page=2');
  expect(second.body.meta.pagination).toEqual({ page: 2, pageSize: 3, total: 4, pageCount: 2 });
  const ids = [...first.body.data, ...second.body.data].map((l) => l.id);
  expect(new Set(ids).size).toBe(4);
  expect([...first.body.data, ...second.body.data].map((l) => l.modelId).sort()).toEqual(
    [GRAND_HOTEL, CAFE, GALLERY, PREVIEWED].sort()
  );
});

test('each item is a LinkListItem: status, purpose, revocation error, never the token', async () => {
  const res = await list('');
  expect(Object.keys(res.body.data[0]).sort()).toEqual(
    [
      'active',
      'createdAt',
      'id',
      'lifetime',
      'modelId',
      'purpose',
      'revokeError',
      'revokedAt',
      'revokedBy',
      'status',
      'tokenHint',
      'validUntil',
    ].sort()
  );
  for (const tour of delivered) {
    expect(res.text).not.toContain(tour.accessToken as string);
    expect(res.text).not.toContain(tour.link as string);
  }
});

test('sorts by createdAt (newest first by default), validUntil and modelId, both ways', async () => {
  const byDefault = (await list('')).body.data.map((l) => Date.parse(l.createdAt));
  expect(byDefault).toEqual([...byDefault].sort((a, b) => b - a));
  const byModel = (await list('sort=modelId:asc')).body.data.map((l) => l.modelId);
  expect(byModel).toEqual([...byModel].sort());
  const byModelDesc = (await list('sort=modelId:desc')).body.data.map((l) => l.modelId);
  expect(byModelDesc).toEqual([...byModel].reverse());
  const byExpiry = (await list('sort=validUntil:asc')).body.data.map((l) =>
    Date.parse(l.validUntil)
  );
  expect(byExpiry).toEqual([...byExpiry].sort((a, b) => a - b));
});

test('filters by purpose: the editor preview apart from delivered links', async () => {
  const previews = await list('purpose=preview');
  expect(previews.body.data.map((l) => [l.modelId, l.purpose])).toEqual([[PREVIEWED, 'preview']]);
  const deliveries = await list('purpose=delivery');
  expect(deliveries.body.data.map((l) => l.modelId).sort()).toEqual(
    [GRAND_HOTEL, CAFE, GALLERY].sort()
  );
  expect(deliveries.body.data.every((l) => l.purpose === 'delivery')).toBe(true);
});

test('filters by model, by model name (searched at Matterport) and by date range', async () => {
  expect((await list(`modelId=${CAFE}`)).body.data.map((l) => l.modelId)).toEqual([CAFE]);
  const byName = await list(`q=${encodeURIComponent('Grand Hotel')}`);
  expect(byName.status).toBe(200);
  expect(byName.body.data.map((l) => l.modelId)).toEqual([GRAND_HOTEL]);
  expect(
    (await list(`q=${encodeURIComponent('no such model name anywhere')}`)).body.meta.pagination
      .total
  ).toBe(0);
  const future = new Date(Date.now() + 3600_000).toISOString();
  expect(
    (await admin.get<LinkListResponse>(`/matterport/links?from=${future}`)).body.meta.pagination
      .total
  ).toBe(0);
  const until = new Date(Date.parse(since) + 1).toISOString();
  expect((await list(`to=${encodeURIComponent(until)}`)).body.meta.pagination.total).toBe(0);
});

test('revoke by filter: the matched links are revoked at Matterport, counted, and then listed as revoked', async () => {
  const before = (await list('status=active')).body.meta.pagination.total;
  const res = await admin.post<RevokeResponse>('/matterport/links/revoke', {
    filter: { modelId: GALLERY, from: since },
  });
  expect(res.status).toBe(200);
  expect(res.body.meta).toEqual({ matched: 1, revoked: 1, failed: 0 });
  expect(res.body.data.failed).toEqual([]);
  expect(
    res.body.data.revoked.map((l: LinkListItem) => [l.modelId, l.status, l.revokedBy])
  ).toEqual([[GALLERY, 'revoked', 'Ada Admin']]);
  expect((await list('status=revoked')).body.data.map((l) => l.modelId)).toEqual([GALLERY]);
  expect((await list('status=active')).body.meta.pagination.total).toBe(before - 1);
  // The revoked link is also no longer usable by the older filter.
  expect((await list(`active=true&modelId=${GALLERY}`)).body.data).toEqual([]);
  expect((await list(`active=false&modelId=${GALLERY}`)).body.data.map((l) => l.status)).toEqual([
    'revoked',
  ]);
});

test('revoke by filter combines criteria, and a filter that matches nothing revokes nothing', async () => {
  const previews = await admin.post<RevokeResponse>('/matterport/links/revoke', {
    filter: { purpose: 'preview', status: 'active', from: since },
  });
  expect(previews.body.meta).toEqual({ matched: 1, revoked: 1, failed: 0 });
  expect(previews.body.data.revoked[0]).toMatchObject({
    modelId: PREVIEWED,
    purpose: 'preview',
    status: 'revoked',
  });
  const none = await admin.post<RevokeResponse>('/matterport/links/revoke', {
    filter: { modelId: GALLERY, from: since },
  });
  expect(none.body).toEqual({
    data: { revoked: [], failed: [] },
    meta: { matched: 0, revoked: 0, failed: 0 },
  });
});

describe('bad input: a 400 naming the field, and nothing changed', () => {
  test.each([
    ['pageSize=101', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=-1', 'page'],
    ['sort=secret:asc', 'sort'],
    ['status=gone', 'status'],
    ['purpose=everything', 'purpose'],
    ['modelId=short', 'modelId'],
    ['from=last%20week', 'from'],
    ['from=2026-02-01&to=2026-01-01', 'from'],
    ['active=yes', 'active'],
    ['page=1&page=2', 'page'],
    ['unknown=1', 'unknown'],
  ])('GET /links?%s', async (query, field) => {
    const res = await admin.get<ErrorBody>(`/matterport/links?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors?.[0].path).toEqual([field]);
    expect(res.body.error.message).toContain(field);
  });

  test.each([
    [{}, 'filter'],
    [{ filter: { modelId: 'not-a-model' } }, 'filter.modelId'],
    [{ filter: { status: 'any' } }, 'filter.status'],
    [{ filter: { ids: ['1'] } }, 'filter.ids.0'],
    [{ filter: { everything: true } }, 'filter.everything'],
    [{ filter: {}, force: true }, 'force'],
  ])('POST /links/revoke %j', async (body, field) => {
    const before = (await list('status=active')).body.meta.pagination.total;
    const res = await admin.post<ErrorBody>('/matterport/links/revoke', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors?.[0].path).toEqual([field]);
    expect((await list('status=active')).body.meta.pagination.total).toBe(before);
  });
});
