import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/** Concurrency on a cold cache: one mint per model, however many readers, and nothing lost. */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `load-${Date.now()}`, clientSecret: 'load-secret-00000001' };
const active = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);
const SPACE_MODELS = active.slice(0, 10);
const VENUE_MODELS = active.slice(10, 20);

let db: TestDatabase;
let strapi: StrapiProcess;

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  await sandbox.setConfig({ mintLatencyMs: 150 });
  db = await createTestDatabase('load');
  // The delivery budget is the fault tests' subject; here a burst on two shared cores must not
  // turn into MATTERPORT_TIMEOUT fields, so the budget is generous and the test judges dedupe and loss.
  strapi = await startStrapi({
    name: 'load',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { deliveryTimeout: '20s' },
  });
  const jwt = await registerAdmin(strapi.url);
  expect((await client(strapi.url, jwt).put('/matterport/settings', credentials)).status).toBe(200);
  const api = client(strapi.url, await createApiToken(strapi.url, jwt));
  for (const [i, modelId] of SPACE_MODELS.entries()) {
    expect(
      (await api.post('/api/spaces', { data: { title: `Load ${i}`, tour: modelId } })).status
    ).toBe(201);
  }
  for (const [i, modelId] of VENUE_MODELS.entries()) {
    expect(
      (await api.post('/api/venues', { data: { name: `Load venue ${i}`, model: modelId } })).status
    ).toBe(201);
  }
});

afterAll(async () => {
  await sandbox.setConfig({ mintLatencyMs: 0 });
  await strapi?.stop();
  await db?.drop();
});

test('200 concurrent REST reads of a list with 10 distinct models on a cold cache cause exactly 10 mints', async () => {
  await sandbox.resetCounters();
  const reads = await Promise.all(
    Array.from({ length: 200 }, () =>
      client(strapi.url).get<{ data: Array<{ tour: Delivered }> }>(
        '/api/spaces?pagination[pageSize]=50'
      )
    )
  );
  const counters = await sandbox.counters();
  expect(reads.every((r) => r.status === 200)).toBe(true);
  expect(
    reads.every(
      (r) => r.body.data.length === 10 && r.body.data.every((e) => typeof e.tour.link === 'string')
    )
  ).toBe(true);
  expect(counters.mints).toBe(10);
  for (const model of SPACE_MODELS) {
    expect(counters.mintsByModel[model]).toBe(1);
    expect(counters.maxInFlightByModel[model]).toBe(1);
  }
  // The distinct models of one response are minted concurrently, not one after another.
  expect(counters.maxInFlight).toBeGreaterThan(1);
  expect(counters.tokenRequests).toBe(1);
});

test('500 concurrent reads (REST and GraphQL) on a cold cache: no error, none lost, one mint per model', async () => {
  await sandbox.resetCounters();
  const reads = await Promise.all(
    Array.from({ length: 500 }, (_, i) =>
      i % 2
        ? client(strapi.url)
            .get<{ data: Array<{ model: Delivered }> }>('/api/venues?pagination[pageSize]=50')
            .then((r) => ({ status: r.status, values: r.body.data?.map((v) => v.model) ?? [] }))
        : graphql<{ venues: Array<{ model: Delivered }> }>(
            strapi.url,
            '{ venues(pagination: { pageSize: 50 }) { name model } }'
          ).then((r) => ({
            status: r.status,
            values: r.body.data?.venues.map((v) => v.model) ?? [],
          }))
    )
  );
  const counters = await sandbox.counters();
  expect(reads).toHaveLength(500);
  expect(reads.filter((r) => r.status !== 200)).toHaveLength(0);
  expect(
    reads.filter((r) => r.values.length !== 10 || r.values.some((v) => !v.link || v.error))
  ).toHaveLength(0);
  expect(counters.mints).toBe(10);
  for (const model of VENUE_MODELS) expect(counters.mintsByModel[model]).toBe(1);
});
