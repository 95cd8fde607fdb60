import type { LinkView } from '../../common/contracts/links';
import { SandboxControl } from '../../sandbox/src';
import { createAdminUser, findRole } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { attachDatabase } from '../harness/database';
import { statusOf, type Delivered } from '../harness/embed';
import { client } from '../harness/http';

const ctx = readContext();
const api = client(ctx.strapiUrl, ctx.apiToken);
const admin = client(ctx.strapiUrl, ctx.adminToken);
const sandbox = new SandboxControl(ctx.sandboxOrigin);

const MODEL = 'ihngBuuO68J';
const OTHER = '8BeOIQt5L57';
let spaceId: string;
let otherId: string;

const readTour = async (documentId: string) =>
  (await client(ctx.strapiUrl).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)).body
    .data.tour;

beforeAll(async () => {
  spaceId = (await createSpace(api, { title: uniqueTitle('Links'), tour: MODEL })).documentId;
  otherId = (await createSpace(api, { title: uniqueTitle('Links other'), tour: OTHER })).documentId;
});

test('every minted link is in the ledger, listed without its token', async () => {
  const tour = await readTour(spaceId);
  const res = await admin.get<{ data: LinkView[] }>(
    `/matterport/links?modelId=${MODEL}&active=true`
  );
  expect(res.status).toBe(200);
  const link = res.body.data.find((l) => l.tokenHint === (tour.accessToken as string).slice(-4));
  // The connection that minted it (issue 26): the only one here, `default`.
  expect(link).toMatchObject({
    modelId: MODEL,
    connection: 'default',
    active: true,
    revokedAt: null,
  });
  expect(Date.parse(link?.validUntil as string)).toBe(Date.parse(tour.validUntil as string));
  expect(res.text).not.toContain(tour.accessToken as string);
  expect(Object.keys(link as object).sort()).toEqual([
    'active',
    'connection',
    'createdAt',
    'id',
    'lifetime',
    'modelId',
    'purpose',
    'revokeError',
    'revokedAt',
    'revokedBy',
    'revokedByEmail',
    'revokedById',
    'status',
    'tokenHint',
    'validUntil',
  ]);

  // At rest the token is encrypted: the raw rows never hold it.
  const db = await attachDatabase(ctx.databaseEnv);
  try {
    const rows = await db.query<Record<string, unknown>>('SELECT * FROM matterport_links');
    expect(rows.length).toBeGreaterThan(0);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(tour.accessToken as string);
    expect(raw).not.toContain(tour.link as string);
  } finally {
    await db.close();
  }
});

test('after a revoke the Showcase reports the token revoked, and the next read gets a different, valid link', async () => {
  const before = await readTour(spaceId);
  const list = await admin.get<{ data: LinkView[] }>(
    `/matterport/links?modelId=${MODEL}&active=true`
  );
  const link = list.body.data.find(
    (l) => l.tokenHint === (before.accessToken as string).slice(-4)
  ) as LinkView;
  const revoked = await admin.post<{ data: LinkView }>(`/matterport/links/${link.id}/revoke`);
  expect(revoked.status).toBe(200);
  expect(revoked.body.data).toMatchObject({ id: link.id, active: false, revokedBy: 'Ada Admin' });
  expect(await statusOf(ctx.sandboxOrigin, before.accessToken as string)).toBe('revoked');
  expect(await (await fetch(before.link as string)).text()).toContain('data-status="revoked"');

  const after = await readTour(spaceId);
  expect(after.link).not.toBe(before.link);
  expect(await statusOf(ctx.sandboxOrigin, after.accessToken as string)).toBe('valid');

  const again = await admin.post<{ error: { message: string } }>(
    `/matterport/links/${link.id}/revoke`
  );
  expect(again.status).toBe(409);
  expect(again.body.error.message).toMatch(/already revoked/);
});

test('revoke every active link of a model', async () => {
  const first = await readTour(otherId);
  const res = await admin.post<{ data: LinkView[]; meta: { revoked: number } }>(
    `/matterport/models/${OTHER}/revoke-links`
  );
  expect(res.status).toBe(200);
  expect(res.body.meta.revoked).toBeGreaterThanOrEqual(1);
  expect(res.text).not.toContain(first.accessToken as string);
  expect(await statusOf(ctx.sandboxOrigin, first.accessToken as string)).toBe('revoked');
  const active = await admin.get<{ data: LinkView[] }>(
    `/matterport/links?modelId=${OTHER}&active=true`
  );
  expect(active.body.data).toHaveLength(0);
  const next = await readTour(otherId);
  expect(next.link).not.toBe(first.link);
  expect(await statusOf(ctx.sandboxOrigin, next.accessToken as string)).toBe('valid');
});

test.each([
  ['/matterport/links/abc/revoke', 400, /whole number/],
  ['/matterport/links/999999/revoke', 404, /no link with id 999999/],
  ['/matterport/models/not-an-id/revoke-links', 400, /11 letters and digits/],
])('POST %s → %i', async (path, status, message) => {
  const res = await admin.post<{ error: { message: string } }>(path);
  expect(res.status).toBe(status);
  expect(res.body.error.message).toMatch(message);
});

test.each([
  ['active=maybe', /active must be true or false/],
  ['modelId=short', /exactly 11/],
  ['token=1', /Unknown parameter/],
])('GET /matterport/links?%s → 400', async (query, message) => {
  const res = await admin.get<{ error: { message: string } }>(`/matterport/links?${query}`);
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(message);
});

test('403 without the actions', async () => {
  const role = await findRole(ctx.strapiUrl, ctx.adminToken, 'strapi-editor');
  const editor = client(
    ctx.strapiUrl,
    await createAdminUser(ctx.strapiUrl, ctx.adminToken, `links.${Date.now()}@example.com`, [
      role.id,
    ])
  );
  expect((await editor.get('/matterport/links')).status).toBe(403);
  expect((await editor.post('/matterport/links/1/revoke')).status).toBe(403);
  expect((await editor.post(`/matterport/models/${MODEL}/revoke-links`)).status).toBe(403);
  expect((await client(ctx.strapiUrl).get('/matterport/links')).status).toBe(401);
  const counters = await sandbox.counters();
  expect(counters.revocations).toBeGreaterThanOrEqual(2);
});
