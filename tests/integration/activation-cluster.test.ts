import { SandboxControl } from '../../sandbox/src';
import { ACTIVATION_KEY, activate, modelPool, poster, spaceRef } from '../harness/activation';
import { createApiToken, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Issue 27's acceptance: "unpublish → the ref answers 403/404 within 2 s on two replicas".
 * Two Strapi processes of the playground on one database (SQLite file by default, PostgreSQL
 * with DATABASE_CLIENT), one signing key: a ref made for one works on the other, and an
 * editor's change through one kills it on the other at once. Nothing of the check is kept in
 * a process's memory, so the next request after the change is refused (stronger than 2 s).
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `act-cluster-${Date.now()}`, clientSecret: 'act-cluster-secret-1' };
const pluginConfig = { encryptionKey: ACTIVATION_KEY };
const nextModel = modelPool();

let db: TestDatabase;
let a: StrapiProcess;
let b: StrapiProcess;
let adminA: Client;
let api: Client;

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('activation-cluster');
  a = await startStrapi({
    name: 'activation-a',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig,
  });
  b = await startStrapi({
    name: 'activation-b',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig,
  });
  const jwt = await registerAdmin(a.url);
  adminA = client(a.url, jwt);
  expect((await adminA.put('/matterport/settings', credentials)).status).toBe(200);
  // A replica re-reads unconfigured settings at most every second (README, settingsTtl).
  const deadline = Date.now() + 10_000;
  let configured = false;
  while (!configured && Date.now() < deadline) {
    const health = await client(b.url, jwt).get<{ data: { configured: boolean } }>(
      '/matterport/health'
    );
    configured = health.body.data?.configured === true;
    if (!configured) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(configured).toBe(true);
  api = client(a.url, await createApiToken(a.url, jwt));
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.drop();
});

/**
 * An editor's write through replica A. On SQLite, two processes share one file: a write
 * transaction that meets the other replica's ledger write (the activation just before)
 * fails at once with "database is locked" (SQLite gives no busy wait when a read turns into
 * a write). What this file judges is the ref after the write, so the write is retried.
 */
const editorWrite = async (write: () => Promise<{ status: number }>): Promise<number> => {
  let status = (await write()).status;
  for (let attempt = 0; status === 500 && attempt < 10; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = (await write()).status;
  }
  return status;
};

const published = async () => {
  const model = nextModel();
  const space = await createSpace(api, { title: uniqueTitle('Replicas'), tour: model });
  return { model, documentId: space.documentId, ref: spaceRef(space.documentId, model) };
};

test('unpublished through one replica: the next activation and poster on the other answer 404', async () => {
  const { documentId, ref } = await published();
  // Both replicas answer, and B holds the link warm in its memory.
  expect((await activate(a.url, ref)).status).toBe(200);
  expect((await activate(b.url, ref)).status).toBe(200);
  expect((await poster(b.url, ref)).status).toBe(200);
  const done = await editorWrite(() =>
    adminA.post(
      `/content-manager/collection-types/api::space.space/${documentId}/actions/unpublish`,
      {}
    )
  );
  expect(done).toBe(200);
  const onB = await activate(b.url, ref);
  expect([onB.status, onB.body.error?.details.code]).toEqual([404, 'MATTERPORT_NOT_PUBLISHED']);
  expect((await poster(b.url, ref)).status).toBe(404);
  expect((await activate(a.url, ref)).status).toBe(404);
});

test('the model changed through one replica: the old ref is refused on the other', async () => {
  const { documentId, ref } = await published();
  expect((await activate(b.url, ref)).status).toBe(200);
  const after = nextModel();
  expect(
    await editorWrite(() => api.put(`/api/spaces/${documentId}`, { data: { tour: after } }))
  ).toBe(200);
  expect((await activate(b.url, ref)).status).toBe(404);
  expect((await activate(b.url, spaceRef(documentId, after))).status).toBe(200);
});

test('deleted through one replica: 404 on the other', async () => {
  const { documentId, ref } = await published();
  expect((await activate(b.url, ref)).status).toBe(200);
  expect(await editorWrite(() => api.del(`/api/spaces/${documentId}`))).toBe(204);
  expect((await activate(b.url, ref)).status).toBe(404);
});

test('one mint for a ref activated on both replicas (the shared ledger and mint lock)', async () => {
  const { model, ref } = await published();
  await sandbox.resetCounters();
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => activate(i % 2 ? b.url : a.url, ref))
  );
  expect(results.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
  expect(new Set(results.map((r) => r.body.data?.accessToken)).size).toBe(1);
  expect((await sandbox.counters()).mintsByModel[model]).toBe(1);
});
