import { SEED_MODELS, SandboxControl, type CountersSnapshot } from '../../sandbox/src';
import { createApiToken, registerAdmin } from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * The README's figures (issue 18): Matterport calls per 1,000 content reads of a missing
 * model, after a secret reset, and under a 429 storm. Printed, not timed; the assertions
 * only say the calls are not per read (each is at least ten times fewer than the reads).
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `figures-${Date.now()}`, clientSecret: 'figures-secret-00001' };
const pool = SEED_MODELS.filter((m) => m.state === 'active').map((m) => m.id);
const READS = 1000;
const CONCURRENCY = 10;

let db: TestDatabase;
let strapi: StrapiProcess;
let api: Client;
let admin: Client;

const createSpace = async (tour: string) =>
  (await api.post<{ data: { documentId: string } }>('/api/spaces', { data: { title: tour, tour } }))
    .body.data.documentId;

/** READS reads, CONCURRENCY at a time; answers the error codes seen and the sandbox's counters. */
const readMany = async (documentId: string) => {
  await sandbox.resetCounters();
  const started = Date.now();
  const codes = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < READS) {
        next += 1;
        const res = await client(strapi.url).get<{ data: { tour: Delivered } }>(
          `/api/spaces/${documentId}`
        );
        const code =
          res.body.data?.tour.error?.code ??
          (res.body.data?.tour.link ? 'link' : `HTTP ${res.status}`);
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    })
  );
  const counters: CountersSnapshot = await sandbox.counters();
  return { counters, codes: Object.fromEntries(codes), seconds: (Date.now() - started) / 1000 };
};

const figure = (label: string, result: Awaited<ReturnType<typeof readMany>>) => {
  const { counters, codes, seconds } = result;
  process.stdout.write(
    `[figures] ${label}: ${READS} reads in ${seconds.toFixed(1)} s → ${counters.graphRequests} GraphQL + ${counters.tokenRequests} token requests; answers ${JSON.stringify(codes)}\n`
  );
};

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('figures');
  strapi = await startStrapi({
    name: 'figures',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { requestTimeout: '1s', retryBudget: '2s' },
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
});

afterAll(async () => {
  await sandbox.clearFaults();
  await strapi?.stop();
  await db?.drop();
});

test('a missing model', async () => {
  const result = await readMany(await createSpace('Zz9Zz9Zz9Zz'));
  figure('missing model', result);
  expect(result.codes).toEqual({ MATTERPORT_NOT_FOUND: READS });
  expect(result.counters.graphRequests + result.counters.tokenRequests).toBeLessThanOrEqual(
    READS / 10
  );
});

test('a 429 storm (every Matterport call answered 429, Retry-After 1 s)', async () => {
  const documentId = await createSpace(pool[0]);
  await sandbox.addFault({ target: 'all', mode: 'rate-limit', retryAfter: 1 });
  try {
    const result = await readMany(documentId);
    figure('429 storm', result);
    expect(result.codes).toEqual({ MATTERPORT_RATE_LIMITED: READS });
    expect(result.counters.graphRequests + result.counters.tokenRequests).toBeLessThanOrEqual(
      READS / 10
    );
  } finally {
    await sandbox.clearFaults();
  }
});

test('a secret reset in Matterport', async () => {
  const documentId = await createSpace(pool[1]);
  await sandbox.resetClientSecret(credentials.clientId);
  const result = await readMany(documentId);
  figure('secret reset', result);
  expect(result.codes).toEqual({ MATTERPORT_AUTH_FAILED: READS });
  expect(result.counters.tokenRequests).toBeLessThanOrEqual(READS / 10);
});
