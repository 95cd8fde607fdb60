import type { TestConnection } from '../../common/contracts/settings';
import type { GetAudit, HealthView } from '../../common/contracts/ops';
import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import {
  createAdminUser,
  createApiToken,
  createRole,
  findRole,
  registerAdmin,
} from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Issue 24, item 4, on a Strapi of its own (the breaker is per process): Test connection
 * drives Matterport, so it needs the permission to edit the settings, is throttled per
 * admin, and only a pass with the saved credentials closes the credentials breaker. A mint
 * Matterport refuses while the account token works is remembered like a refused token.
 * Expectations come from the acceptance list, not from the code.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const stamp = Date.now();
const SAVED = { clientId: `guard-saved-${stamp}`, clientSecret: 'guard-saved-secret-0001' };
const OTHER = { clientId: `guard-other-${stamp}`, clientSecret: 'guard-other-secret-0001' };
const NO_EMBED = { clientId: `guard-noembed-${stamp}`, clientSecret: 'guard-noembed-secret-01' };
const UNKNOWN_MODEL = 'Yy8Yy8Yy8Yy';
// The figure: a test at the 11th attempt of a minute is refused.
const TESTS_PER_MINUTE = 10;

const pool = SEED_MODELS.filter((m) => m.state === 'active').map((m) => m.id);
let nextModel = 0;
const freshModel = () => {
  const id = pool[nextModel++];
  if (!id) throw new Error('The seed has no active model left for this test');
  return id;
};

let db: TestDatabase;
let strapi: StrapiProcess;
let jwt: string;
let admin: Client;
let api: Client;
let reader: Client;
let superRoleId: number;
let admins = 0;

const createSpace = async (tour: string) => {
  const res = await api.post<{ data: { documentId: string } }>('/api/spaces', {
    data: { title: `Guard ${tour}`, tour },
  });
  expect(res.status).toBe(201);
  return res.body.data.documentId;
};
const readSpace = async (documentId: string) =>
  (await client(strapi.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)).body
    .data.tour;
const health = async () => (await admin.get<{ data: HealthView }>('/matterport/health')).body.data;
/** Every call the plugin made to Matterport (token endpoint and Model API). */
const calls = async () => {
  const c = await sandbox.counters();
  return c.tokenRequests + c.graphRequests;
};
const useCredentials = async (credentials: typeof SAVED) => {
  expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
};
/** A super admin of its own: the throttle counts per admin, so each test starts with none used. */
const freshSuperAdmin = async (): Promise<Client> =>
  client(
    strapi.url,
    await createAdminUser(strapi.url, jwt, `guard.super.${stamp}.${(admins += 1)}@example.com`, [
      superRoleId,
    ])
  );

beforeAll(async () => {
  for (const c of [SAVED, OTHER, NO_EMBED]) await sandbox.registerClient(c);
  db = await createTestDatabase('guard');
  strapi = await startStrapi({
    name: 'guard',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { requestTimeout: '2s', retryBudget: '1s', failureTtl: '60s' },
  });
  jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  superRoleId = (await findRole(strapi.url, jwt, 'strapi-super-admin')).id;
  const readRole = await createRole(strapi.url, jwt, `guard read ${stamp}`, [
    'plugin::matterport.settings.read',
  ]);
  reader = client(
    strapi.url,
    await createAdminUser(strapi.url, jwt, `guard.reader.${stamp}@example.com`, [readRole.id])
  );
  await useCredentials(SAVED);
});

afterEach(async () => {
  await sandbox.clearFaults();
  await sandbox.setModes({ clientsWithoutPrivateModelEmbed: [] });
  // Matterport accepts the saved secret again (a test may have reset it).
  await sandbox.registerClient(SAVED);
});

afterAll(async () => {
  await sandbox.setModes({ clientsWithoutPrivateModelEmbed: [] });
  await strapi?.stop();
  await db?.drop();
});

describe('who may test the connection', () => {
  test('an admin with only "Read settings" gets 403, and Matterport is not called', async () => {
    const before = await calls();
    expect((await reader.get('/matterport/settings')).status).toBe(200);
    expect((await reader.post('/matterport/settings/test')).status).toBe(403);
    expect((await reader.post('/matterport/settings/test', OTHER)).status).toBe(403);
    expect(await calls()).toBe(before);
  });
});

describe('throttle', () => {
  test(`the ${TESTS_PER_MINUTE + 1}th test of a minute answers 429 with Retry-After and asks Matterport nothing; another admin is not held`, async () => {
    const tester = await freshSuperAdmin();
    for (let i = 0; i < TESTS_PER_MINUTE; i += 1) {
      expect((await tester.post<TestConnection.Response>('/matterport/settings/test')).status).toBe(
        200
      );
    }
    const audited = (
      await admin.get<GetAudit.Response>('/matterport/audit?action=credentials.test&pageSize=100')
    ).body.meta.pagination.total;
    const before = await calls();
    const refused = await tester.post<{ error: { status: number } }>('/matterport/settings/test');
    expect(refused.status).toBe(429);
    expect(refused.body.error.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // With other credentials too: the throttle is the admin's, whatever is tested.
    expect((await tester.post('/matterport/settings/test', OTHER)).status).toBe(429);
    // And whichever route tests: a connection's own Test connection counts against it too.
    expect((await tester.post('/matterport/connections/default/test')).status).toBe(429);
    // Nothing changed: no Matterport call, no audit entry.
    expect(await calls()).toBe(before);
    expect(
      (await admin.get<GetAudit.Response>('/matterport/audit?action=credentials.test&pageSize=100'))
        .body.meta.pagination.total
    ).toBe(audited);
    // Another admin still may.
    const other = await freshSuperAdmin();
    expect((await other.post('/matterport/settings/test')).status).toBe(200);
  });
});

describe('the credentials breaker and Test connection', () => {
  /**
   * Closings of the breaker by Test connection, from the audit trail: unlike the breaker's state,
   * they do not depend on how long the machine took (an open breaker also ends by itself).
   */
  const closedByTests = async () =>
    (
      await admin.get<GetAudit.Response>('/matterport/audit?action=breaker.close&pageSize=100')
    ).body.data.filter((e) => (e.details as { reason?: string }).reason === 'connection-tested')
      .length;
  /** Audit entries are written just after the answer: a moment for a wrong one to show up. */
  const settle = () => new Promise((r) => setTimeout(r, 1500));

  /** Opens the breaker the way the issue describes: Matterport stops accepting the saved secret. */
  const openBreaker = async () => {
    await sandbox.resetClientSecret(SAVED.clientId);
    const documentId = await createSpace(freshModel());
    expect((await readSpace(documentId)).error?.code).toBe('MATTERPORT_AUTH_FAILED');
    expect((await health()).breaker.state).toBe('open');
    return documentId;
  };

  test('a passing test of candidate credentials leaves an open breaker open (no closing in the audit trail)', async () => {
    const tester = await freshSuperAdmin();
    const documentId = await openBreaker();
    const closings = await closedByTests();
    const candidate = await tester.post<TestConnection.Response>(
      '/matterport/settings/test',
      OTHER
    );
    expect(candidate.status).toBe(200);
    expect(candidate.body.data?.ok).toBe(true);
    await settle();
    expect(await closedByTests()).toBe(closings);
    expect((await readSpace(documentId)).error?.code).toBe('MATTERPORT_AUTH_FAILED');
  });

  test('a failing test of the saved credentials leaves it open; a passing one closes it', async () => {
    const tester = await freshSuperAdmin();
    const documentId = await openBreaker();
    const closings = await closedByTests();
    const failed = await tester.post<TestConnection.Response>('/matterport/settings/test');
    expect(failed.status).toBe(400);
    expect(failed.body.error?.details?.code).toBe('MATTERPORT_AUTH_FAILED');
    await settle();
    expect(await closedByTests()).toBe(closings);

    // Matterport accepts the saved secret again: the admin's test proves it and closes the breaker.
    await sandbox.registerClient(SAVED);
    const passed = await tester.post<TestConnection.Response>('/matterport/settings/test');
    expect(passed.status).toBe(200);
    expect(passed.body.data?.ok).toBe(true);
    expect((await health()).breaker.state).toBe('closed');
    // The audit trail is written after the answer: wait for the closing to appear.
    for (let i = 0; i < 50 && (await closedByTests()) === closings; i += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect(await closedByTests()).toBe(closings + 1);
    const read = await readSpace(documentId);
    expect(read.error).toBeUndefined();
    expect(read.link).toBeTruthy();
  });

  test('a test of candidate credentials does not clear the remembered failures', async () => {
    const tester = await freshSuperAdmin();
    // Saving closes any breaker an earlier test left open (and starts with no remembered failure).
    await useCredentials(SAVED);
    const documentId = await createSpace(UNKNOWN_MODEL);
    expect((await readSpace(documentId)).error?.code).toBe('MATTERPORT_NOT_FOUND');
    expect((await tester.post('/matterport/settings/test', OTHER)).status).toBe(200);
    const before = await calls();
    expect((await readSpace(documentId)).error?.code).toBe('MATTERPORT_NOT_FOUND');
    expect(await calls()).toBe(before);
  });
});

describe('refused mints', () => {
  test('20 reads while Matterport refuses every mint (the account token works) make at most 2 Matterport calls; the picker still lists; a passing test ends it', async () => {
    const tester = await freshSuperAdmin();
    await sandbox.setModes({ clientsWithoutPrivateModelEmbed: [NO_EMBED.clientId] });
    await useCredentials(NO_EMBED);
    // Twenty entries of twenty models: what is remembered is the refusal, not one model's answer.
    const documents: string[] = [];
    for (let i = 0; i < 20; i += 1) documents.push(await createSpace(freshModel()));
    await sandbox.resetCounters();

    const codes: Array<string | undefined> = [];
    for (const documentId of documents) codes.push((await readSpace(documentId)).error?.code);
    const counters = await sandbox.counters();
    expect(codes).toEqual(Array(20).fill('MATTERPORT_AUTH_FAILED'));
    expect(counters.tokenRequests + counters.graphRequests).toBeLessThanOrEqual(2);
    expect((await health()).auth.failing).toBe(true);

    // Only mints are refused: the editors' picker keeps working.
    expect((await admin.get('/matterport/models')).status).toBe(200);

    // Matterport enables Private Model Embed; the admin's test passes and the next read mints.
    await sandbox.setModes({ clientsWithoutPrivateModelEmbed: [] });
    const passed = await tester.post<TestConnection.Response>('/matterport/settings/test');
    expect(passed.body.data?.ok).toBe(true);
    const read = await readSpace(documents[0]);
    expect(read.error).toBeUndefined();
    expect(read.link).toBeTruthy();
    await useCredentials(SAVED);
  });
});
