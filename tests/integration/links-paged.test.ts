import knexFactory from 'knex';

import type { GetLinks, LinkListItem, RevokeResponse } from '../../common/contracts/links';
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
  admin.get<GetLinks.Response>(`/matterport/links?from=${encodeURIComponent(since)}&${query}`);
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
  expect(first.body.meta.pagination).toEqual({
    page: 1,
    pageSize: 3,
    total: 4,
    pageCount: 2,
    totalExact: true,
  });
  const second = await list('pageSize=3&page=2');
  expect(second.body.meta.pagination).toEqual({
    page: 2,
    pageSize: 3,
    total: 4,
    pageCount: 2,
    totalExact: true,
  });
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
      // Issue 26: the connection that minted it.
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
    (await admin.get<GetLinks.Response>(`/matterport/links?from=${future}`)).body.meta.pagination
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

test('usable (the default view): active links and those whose revocation failed; revoke by filter on it', async () => {
  // Matterport answers "not revoked": the link stays usable, marked failed.
  expect((await sandbox.setModes({ revokeAnswer: 'false' })).revokeAnswer).toBe('false');
  try {
    const refused = await admin.post<RevokeResponse>('/matterport/links/revoke', {
      filter: { modelId: CAFE, status: 'usable', from: since },
    });
    expect(refused.status).toBe(200);
    expect(refused.body.meta).toEqual({ matched: 1, revoked: 0, failed: 1 });
  } finally {
    await sandbox.setModes({ revokeAnswer: 'true' });
  }
  const usable = await list(`status=usable&modelId=${CAFE}`);
  expect(usable.status).toBe(200);
  expect(usable.body.data.map((l) => [l.modelId, l.status])).toEqual([[CAFE, 'failed']]);
  expect(usable.body.meta.pagination).toMatchObject({ total: 1, totalExact: true });
  expect((await list(`status=active&modelId=${CAFE}`)).body.data).toEqual([]);

  const retried = await admin.post<RevokeResponse>('/matterport/links/revoke', {
    filter: { modelId: CAFE, status: 'usable', from: since },
  });
  expect(retried.body.meta).toEqual({ matched: 1, revoked: 1, failed: 0 });
  expect((await list(`status=usable&modelId=${CAFE}`)).body.data).toEqual([]);
  expect((await list(`status=revoked&modelId=${CAFE}`)).body.data.map((l) => l.status)).toEqual([
    'revoked',
  ]);
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
    // One segment per string, as Strapi's own validators give the path.
    expect(res.body.error.details.errors?.[0].path).toEqual(field.split('.'));
    expect((await list('status=active')).body.meta.pagination.total).toBe(before);
  });
});

/**
 * Writes ledger rows straight into the table, in one transaction (minting 10,000 links through
 * the API would take minutes). Rows of another fingerprint and no secret: never reused, never
 * delivered, but listed and counted like any other.
 */
const insertLedgerRows = async (
  rows: Array<{ modelId: string; createdAt: number; validUntil: number }>
) => {
  const sqlite = db.env.DATABASE_CLIENT === 'sqlite';
  const knex = knexFactory(
    sqlite
      ? {
          client: 'better-sqlite3',
          connection: { filename: db.env.DATABASE_FILENAME as string },
          useNullAsDefault: true,
        }
      : {
          client: db.env.DATABASE_CLIENT === 'postgres' ? 'pg' : 'mysql2',
          connection: {
            host: db.env.DATABASE_HOST,
            port: Number(db.env.DATABASE_PORT),
            user: db.env.DATABASE_USERNAME,
            password: db.env.DATABASE_PASSWORD,
            database: db.env.DATABASE_NAME,
          },
        }
  );
  // Strapi keeps SQLite datetimes as epoch milliseconds.
  const at = (ms: number) => (sqlite ? ms : new Date(ms));
  try {
    await knex.transaction((trx) =>
      trx.batchInsert(
        'matterport_links',
        rows.map((row, i) => ({
          document_id: `bulk${String(i).padStart(20, '0')}`,
          model_id: row.modelId,
          secret: null,
          token_hint: String(i % 10_000).padStart(4, '0'),
          lifetime: 7200,
          valid_until: at(row.validUntil),
          fingerprint: 'bulk-rows-of-the-capped-count-test',
          purpose: 'delivery',
          created_at: at(row.createdAt),
          updated_at: at(row.createdAt),
          published_at: at(row.createdAt),
        })),
        500
      )
    );
  } finally {
    await knex.destroy();
  }
};

describe('the total at scale: counted up to 10,000, then said to be a lower bound', () => {
  // 10,000 rows of one model and 50 of another, all active (valid for 2 h more), created one
  // second apart before `since` (so the tests above, which list from `since`, never see them).
  const MANY = 'BulkMany001';
  const FEW = 'BulkFew0001';
  const ROWS = 10_050;
  let newestBulkCreatedAt: number;

  beforeAll(async () => {
    // Whole seconds: MariaDB may keep datetimes without milliseconds.
    const base = Math.floor(Date.parse(since) / 1000) * 1000 - 4 * 3600_000;
    newestBulkCreatedAt = base + (ROWS - 1) * 1000;
    await insertLedgerRows(
      Array.from({ length: ROWS }, (_, i) => ({
        modelId: i % 201 === 0 ? FEW : MANY,
        createdAt: base + i * 1000,
        validUntil: Date.now() + 2 * 3600_000,
      }))
    );
  }, 120_000);

  test('more than 10,000 matches: total 10,000, not exact, 400 pages of 25; the first page still newest first', async () => {
    // 10,050 inserted rows and the 4 links minted above.
    const res = await admin.get<GetLinks.Response>('/matterport/links?pageSize=25');
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toEqual({
      page: 1,
      pageSize: 25,
      total: 10_000,
      pageCount: 400,
      totalExact: false,
    });
    expect(res.body.data).toHaveLength(25);
    // The 4 minted links are the newest; after them, the inserted rows from the newest down.
    expect(
      res.body.data
        .slice(0, 4)
        .map((l) => l.modelId)
        .sort()
    ).toEqual([GRAND_HOTEL, CAFE, GALLERY, PREVIEWED].sort());
    expect(res.body.data.slice(4).map((l) => Date.parse(l.createdAt))).toEqual(
      Array.from({ length: 21 }, (_, i) => newestBulkCreatedAt - i * 1000)
    );
  });

  test('the same for the usable links; a page past the 10,000th row still has its rows', async () => {
    // At least 10,050 usable links: rows 10,001 to 10,025 make page 401.
    const usable = await admin.get<GetLinks.Response>(
      '/matterport/links?status=usable&pageSize=25&page=401'
    );
    expect(usable.status).toBe(200);
    expect(usable.body.meta.pagination).toEqual({
      page: 401,
      pageSize: 25,
      total: 10_000,
      pageCount: 400,
      totalExact: false,
    });
    expect(usable.body.data).toHaveLength(25);
    expect(usable.body.data.every((l) => l.status === 'active')).toBe(true);
  });

  test('a filter that matches exactly 10,000 or only a few rows gets an exact total', async () => {
    // i % 201 === 0 for i in 0..10,049: 0, 201, …, 9,849, i.e. 50 rows; the other 10,000 are MANY.
    const many = await admin.get<GetLinks.Response>(`/matterport/links?modelId=${MANY}`);
    expect(many.body.meta.pagination).toEqual({
      page: 1,
      pageSize: 25,
      total: 10_000,
      pageCount: 400,
      totalExact: true,
    });
    const few = await admin.get<GetLinks.Response>(`/matterport/links?modelId=${FEW}&pageSize=10`);
    expect(few.body.meta.pagination).toEqual({
      page: 1,
      pageSize: 10,
      total: 50,
      pageCount: 5,
      totalExact: true,
    });
    expect(few.body.data.map((l) => l.modelId)).toEqual(Array(10).fill(FEW));
  });
});
