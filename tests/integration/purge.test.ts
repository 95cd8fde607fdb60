import type { GetLinks } from '../../common/contracts/links';
import { SandboxControl } from '../../sandbox/src';
import { createApiToken, registerAdmin } from '../harness/admin';
import { uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Ledger purge and retention (README, configuration: `purgeInterval`, "how often ledger rows of
 * links expired for longer than `retention` are deleted"; `retention`, "how long expired ledger
 * rows are kept"). Links live 30 s (Matterport's shortest), rows are kept 20 s after expiry, the
 * purge runs every 60 s (its shortest). The first purge that deletes a row past retention tells
 * when the purges run; the next one is then staged with 10 s of room either side: a row past
 * retention goes, a row expired but within retention stays, a live row stays.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `purge-${Date.now()}`, clientSecret: 'purge-secret-00000001' };
const LIFETIME_S = 30;
const RETENTION_S = 20;
const INTERVAL_S = 60;
const FIRST = 'WziSQO0ORu7';
const PAST_RETENTION = 'XddYUqNaTWl';
const WITHIN_RETENTION = 'AHaxI9GRBzD';
const LIVE = 'dqhBZIb8Ntn';

let db: TestDatabase;
let strapi: StrapiProcess;
let admin: Client;
let api: Client;

const sleepUntil = async (at: number) => {
  const ms = at - Date.now();
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
};

/** Reads a new venue of `modelId` (venues take the settings' 30 s lifetime): the link's expiry. */
const mint = async (modelId: string): Promise<number> => {
  const created = await api.post<{ data: { documentId: string } }>('/api/venues', {
    data: { name: uniqueTitle('Purge'), model: modelId },
  });
  expect(created.status).toBe(201);
  const read = await client(strapi.url).get<{ data: { model: Delivered } }>(
    `/api/venues/${created.body.data.documentId}`
  );
  expect(typeof read.body.data.model.link).toBe('string');
  return Date.parse(read.body.data.model.validUntil as string);
};

/** How many ledger rows the links API lists for `modelId` (every status, expired included). */
const rowsOf = async (modelId: string): Promise<number> => {
  const res = await admin.get<GetLinks.Response>(`/matterport/links?modelId=${modelId}`);
  expect(res.status).toBe(200);
  return res.body.data.length;
};

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('purge');
  strapi = await startStrapi({
    name: 'purge',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { purgeInterval: `${INTERVAL_S}s`, retention: `${RETENTION_S}s` },
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  expect(
    (await admin.put('/matterport/settings', { ...credentials, defaultValidFor: `${LIFETIME_S}s` }))
      .status
  ).toBe(200);
});

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

test('rows expired for longer than retention are purged; expired rows within retention and live rows are kept', async () => {
  // A row minted right after start-up is past retention 50 s later: the first purge (at most
  // 60 s after start-up) or the second deletes it.
  const firstExpiry = await mint(FIRST);
  expect(await rowsOf(FIRST)).toBe(1);
  const giveUpAt = firstExpiry + RETENTION_S * 1000 + 2 * INTERVAL_S * 1000 + 10_000;
  let purgedAt: number | undefined;
  while (purgedAt === undefined && Date.now() < giveUpAt) {
    const before = Date.now();
    if ((await rowsOf(FIRST)) === 0) purgedAt = before;
    else await new Promise((r) => setTimeout(r, 1000));
  }
  expect(purgedAt).toBeDefined();
  // Not before it was past retention.
  expect(purgedAt as number).toBeGreaterThanOrEqual(firstExpiry + RETENTION_S * 1000 - 1000);

  // The next purge runs about INTERVAL_S after that one.
  const nextPurge = (purgedAt as number) + INTERVAL_S * 1000;
  // Past retention at the next purge by 9 s or more: expires by nextPurge - 30 s, kept until - 10 s.
  const pastExpiry = await mint(PAST_RETENTION);
  expect(pastExpiry + RETENTION_S * 1000).toBeLessThanOrEqual(nextPurge - 5_000);
  // Expired but within retention at the next purge: expires ~10 s before it, kept until ~10 s after.
  await sleepUntil(nextPurge - (LIFETIME_S + 10) * 1000);
  const withinExpiry = await mint(WITHIN_RETENTION);
  expect(withinExpiry).toBeLessThanOrEqual(nextPurge - 5_000);
  expect(withinExpiry + RETENTION_S * 1000).toBeGreaterThanOrEqual(nextPurge + 5_000);
  // Live at the next purge.
  await sleepUntil(nextPurge - 15_000);
  await mint(LIVE);

  // Until the past-retention row is gone (the next purge), then what is left.
  const deadline = nextPurge + 20_000;
  while ((await rowsOf(PAST_RETENTION)) > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 1000));
  expect(await rowsOf(PAST_RETENTION)).toBe(0);
  expect(Date.now()).toBeLessThan(withinExpiry + RETENTION_S * 1000);
  expect(await rowsOf(WITHIN_RETENTION)).toBe(1);
  expect(await rowsOf(LIVE)).toBe(1);
}, 300_000);
