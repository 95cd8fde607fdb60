import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import { createApiToken, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { GetLinks, RevokeResponse } from '../../common/contracts/links';
import type { Delivered } from '../harness/embed';
import { client } from '../harness/http';
import { refuseWrites } from '../harness/refuse';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Two Strapi processes of the playground on one database (SQLite file by default,
 * PostgreSQL or MariaDB with DATABASE_CLIENT), hit concurrently through both.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `cluster-${Date.now()}`, clientSecret: 'cluster-secret-000001' };
const MODELS = [
  'WziSQO0ORu7',
  'XddYUqNaTWl',
  'AHaxI9GRBzD',
  'dqhBZIb8Ntn',
  'ihngBuuO68J',
  'yopBRDqxfR4',
  '8BeOIQt5L57',
  'qmbN149vB0l',
];

let db: TestDatabase;
let a: StrapiProcess;
let b: StrapiProcess;
let adminA: ReturnType<typeof client>;
let adminB: ReturnType<typeof client>;
let api: ReturnType<typeof client>;
const documentIds: string[] = [];

// The delivery budget (deliveryTimeout, 3 s by default) is the fault tests' subject. Here 200
// readers on two processes sharing two loaded cores may wait longer than that for the one mint
// of their model, and would get MATTERPORT_TIMEOUT fields: what this file judges is one mint per
// model across processes and the same link everywhere, so the budget is generous.
const pluginConfig = { deliveryTimeout: '30s' };

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('cluster');
  a = await startStrapi({
    name: 'cluster-a',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig,
  });
  b = await startStrapi({
    name: 'cluster-b',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig,
  });
  const jwt = await registerAdmin(a.url);
  adminA = client(a.url, jwt);
  adminB = client(b.url, jwt);
  expect((await adminA.put('/matterport/settings', credentials)).status).toBe(200);
  // A replica re-reads unconfigured settings at most every second (README, settingsTtl): B may
  // have read them just before A saved. Wait (bounded) until B says it is configured.
  const deadline = Date.now() + 10_000;
  let configured = false;
  while (!configured && Date.now() < deadline) {
    const health = await adminB.get<{ data: { configured: boolean } }>('/matterport/health');
    configured = health.body.data?.configured === true;
    if (!configured) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(configured).toBe(true);
  api = client(a.url, await createApiToken(a.url, jwt));
  for (const model of MODELS)
    documentIds.push(
      (await createSpace(api, { title: uniqueTitle('Cluster'), tour: model })).documentId
    );
});

afterAll(async () => {
  await sandbox.clearFaults();
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.drop();
});

const list = (base: string) =>
  client(base).get<{ data: Array<{ tour: Delivered }> }>('/api/spaces?pagination[pageSize]=50');

test('a cold cache and 200 concurrent reads over both processes cause one mint per model', async () => {
  await sandbox.resetCounters();
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => list(i % 2 ? b.url : a.url))
  );
  expect(results.every((r) => r.status === 200)).toBe(true);
  // Which values came without a link, and why (printed when the assertions below fail).
  const unavailable = results.flatMap((r, i) =>
    r.body.data
      .filter((e) => typeof e.tour.link !== 'string')
      .map((e) => `${i % 2 ? 'B' : 'A'} ${e.tour.modelId}: ${e.tour.error?.code}`)
  );
  const counters = await sandbox.counters();
  expect(counters.mintsByModel).toEqual(Object.fromEntries(MODELS.map((m) => [m, 1])));
  expect(counters.mints).toBe(MODELS.length);
  // Every answer carries a link for every entry, and both processes deliver the same links.
  const links = new Set(results.flatMap((r) => r.body.data.map((e) => e.tour.link)));
  expect(unavailable).toEqual([]);
  expect(links.size).toBe(MODELS.length);
  expect(results.every((r) => r.body.data.every((e) => typeof e.tour.link === 'string'))).toBe(
    true
  );
});

/** Active models no other test of this file uses, one per call. */
const unused = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo && !MODELS.includes(m.id));
const freshModel = (): string => {
  const next = unused.shift();
  if (!next) throw new Error('The sandbox has no more unused models for this file.');
  return next.id;
};

test('a link minted by A is reused by B (the ledger is the shared cache)', async () => {
  const documentId = (
    await createSpace(api, { title: uniqueTitle('Cluster extra'), tour: freshModel() })
  ).documentId;
  await sandbox.resetCounters();
  const fromA = (
    await client(a.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)
  ).body.data.tour;
  expect((await sandbox.counters()).mints).toBe(1);
  const fromB = (
    await client(b.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)
  ).body.data.tour;
  expect(fromB.link).toBe(fromA.link);
  expect((await sandbox.counters()).mints).toBe(1);
});

test('a secret rotated through A is used by B for its next Matterport call', async () => {
  const fresh = await sandbox.resetClientSecret(credentials.clientId);
  expect((await adminA.put('/matterport/settings', { clientSecret: fresh })).status).toBe(200);
  credentials.clientSecret = fresh;
  await sandbox.resetCounters();
  const tested = await adminB.post<{ data: { ok: boolean } }>('/matterport/settings/test');
  expect(tested.status).toBe(200);
  expect(tested.body.data.ok).toBe(true);
  const counters = await sandbox.counters();
  expect(counters.tokenFailures).toBe(0);
});

/**
 * Reads an entry through B until it delivers another link than `before` (8 s at most): how
 * long after `since` that was (Infinity if it never did), and what B delivered last.
 */
const untilBChanges = async (documentId: string, before: Delivered, since: number) => {
  let now: Delivered = before;
  while (Date.now() - since < 8000) {
    now = (await client(b.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)).body
      .data.tour;
    if (now.link !== before.link) return { changedAfter: Date.now() - since, now };
    await new Promise((r) => setTimeout(r, 100));
  }
  return { changedAfter: Number.POSITIVE_INFINITY, now };
};

test('a link revoked through A is not delivered by B from 5 seconds later on', async () => {
  const target = documentIds[1];
  const before = (await client(b.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${target}`))
    .body.data.tour;
  expect(before.link).toBeTruthy();
  const revoke = await adminA.post<RevokeResponse>(`/matterport/models/${MODELS[1]}/revoke-links`);
  expect(revoke.status).toBe(200);
  const revokedAt = Date.now();
  // The link B handed out before the revocation was asked for is among those it revoked, and
  // Matterport no longer accepts it (B may have minted it a moment before, on its way to the ledger).
  expect(revoke.body.meta.failed).toBe(0);
  expect(revoke.body.data.revoked.map((l) => l.tokenHint)).toContain(
    (before.accessToken as string).slice(-4)
  );
  expect((await sandbox.embedToken(before.accessToken as string)).status).toBe('revoked');
  const { changedAfter, now } = await untilBChanges(target, before, revokedAt);
  expect(changedAfter).toBeLessThan(5000);
  expect(now.link).toBeTruthy();
  expect((await sandbox.embedToken(now.accessToken as string)).status).toBe('valid');
});

test('a link whose revocation through A failed is not delivered by B from 5 seconds later on', async () => {
  const model = freshModel();
  const target = (await createSpace(api, { title: uniqueTitle('Cluster refused'), tour: model }))
    .documentId;
  // B mints the model's one link and keeps it in memory.
  const before = (await client(b.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${target}`))
    .body.data.tour;
  expect(before.link).toBeTruthy();
  // Matterport is down for revocations: the link keeps working there, and the admin is told so.
  await sandbox.addFault({ target: 'revoke', mode: 'status', status: 503 });
  const revoke = await adminA.post<RevokeResponse>(`/matterport/models/${model}/revoke-links`);
  await sandbox.clearFaults();
  expect(revoke.status).toBe(200);
  expect(revoke.body.meta).toEqual({ matched: 1, revoked: 0, failed: 1 });
  expect((await sandbox.embedToken(before.accessToken as string)).status).toBe('valid');
  // The admin asked to stop it: B stops handing it out too, and delivers another link.
  const { changedAfter, now } = await untilBChanges(target, before, Date.now());
  expect(changedAfter).toBeLessThan(5000);
  expect((await sandbox.embedToken(now.accessToken as string)).status).toBe('valid');
});

test('a link Matterport revoked but the ledger could not record is delivered by neither A nor B, and the answer says so', async () => {
  const model = freshModel();
  const target = (await createSpace(api, { title: uniqueTitle('Cluster unrecorded'), tour: model }))
    .documentId;
  // B mints the link; A reuses it from the ledger: both hold it in memory.
  const before = (await client(b.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${target}`))
    .body.data.tour;
  expect(before.link).toBeTruthy();
  const onA = (await client(a.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${target}`)).body
    .data.tour;
  expect(onA.link).toBe(before.link);
  const listed = await adminA.get<GetLinks.Response>(`/matterport/links?modelId=${model}`);
  expect(listed.body.data).toHaveLength(1);
  const id = listed.body.data[0].id;
  // The database refuses every change to the ledger's rows (a real trigger, not a stub).
  const allow = await refuseWrites(db, 'matterport_links', 'UPDATE');
  let revoke;
  try {
    revoke = await adminA.post<{
      error: { name: string; message: string; details: Record<string, unknown> };
    }>(`/matterport/links/${id}/revoke`);
  } finally {
    await allow();
  }
  // Matterport revoked it; the answer says so, and that the ledger does not.
  expect((await sandbox.embedToken(before.accessToken as string)).status).toBe('revoked');
  expect(revoke.status).toBe(500);
  expect(revoke.body.error.name).toBe('LedgerWriteError');
  expect(revoke.body.error.details).toMatchObject({
    code: 'LEDGER_WRITE_FAILED',
    revokedAtMatterport: true,
    otherReplicasTold: true,
  });
  // A hands out another, working link at once; B within 5 seconds.
  const nowA = (await client(a.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${target}`))
    .body.data.tour;
  expect(nowA.link).toBeTruthy();
  expect(nowA.link).not.toBe(before.link);
  const { changedAfter, now } = await untilBChanges(target, before, Date.now());
  expect(changedAfter).toBeLessThan(5000);
  expect((await sandbox.embedToken(now.accessToken as string)).status).toBe('valid');
});

test.each([
  [
    'revoking the model',
    (model: string) => adminA.post<RevokeResponse>(`/matterport/models/${model}/revoke-links`),
  ],
  [
    'revoking by the links page filter',
    (model: string) =>
      adminA.post<RevokeResponse>('/matterport/links/revoke', { filter: { modelId: model } }),
  ],
])(
  'a link B was minting when A was asked to revoke it (%s) is revoked',
  async (_, revokeThroughA) => {
    const model = { id: freshModel() };
    const documentId = (
      await createSpace(api, { title: uniqueTitle('Cluster race'), tour: model.id })
    ).documentId;
    await sandbox.resetCounters();
    // B's mint stays at Matterport for a second, so the revocation starts while it is under way.
    await sandbox.addFault({ target: 'mint', mode: 'latency', latencyMs: 1000, times: 1 });
    const reading = client(b.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`);
    // The sandbox counts a mint when its request arrives, before the delay; B took its mint lock before.
    const minting = async () => (await sandbox.counters()).mintsByModel[model.id] ?? 0;
    const deadline = Date.now() + 5000;
    while ((await minting()) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(await minting()).toBe(1);
    const revoke = await revokeThroughA(model.id);
    const delivered = (await reading).body.data.tour;
    expect(revoke.status).toBe(200);
    expect(typeof delivered.accessToken).toBe('string');
    expect(revoke.body.meta).toEqual({ matched: 1, revoked: 1, failed: 0 });
    expect(revoke.body.data.revoked[0].tokenHint).toBe((delivered.accessToken as string).slice(-4));
    expect((await sandbox.embedToken(delivered.accessToken as string)).status).toBe('revoked');
  }
);
