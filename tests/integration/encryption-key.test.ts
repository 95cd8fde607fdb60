import type { HealthView } from '../../common/contracts/ops';
import { SandboxControl } from '../../sandbox/src';
import { ADMIN, createApiToken, login, registerAdmin } from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Issue 24: a Strapi started with an encryption key that cannot open the stored secret says so
 * at start-up (an error, not silence), and content readers are told "not configured" and
 * nothing of the site's administration (keys, previousEncryptionKeys, settings pages); the
 * admin's health view carries the reason.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const CREDENTIALS = { clientId: `key-${Date.now()}`, clientSecret: 'key-change-secret-0001' };
const KEY_1 = 'encryption-key-one-0123456789';
const KEY_2 = 'encryption-key-two-0123456789';

let db: TestDatabase;
let strapi: StrapiProcess | undefined;
let documentId: string;

beforeAll(async () => {
  await sandbox.registerClient(CREDENTIALS);
  db = await createTestDatabase('encryption-key');
  strapi = await startStrapi({
    name: 'key-one',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { encryptionKey: KEY_1 },
  });
  const jwt = await registerAdmin(strapi.url);
  expect((await client(strapi.url, jwt).put('/matterport/settings', CREDENTIALS)).status).toBe(200);
  const api = client(strapi.url, await createApiToken(strapi.url, jwt));
  const created = await api.post<{ data: { documentId: string } }>('/api/spaces', {
    data: { title: 'Key change', tour: 'WziSQO0ORu7' },
  });
  expect(created.status).toBe(201);
  documentId = created.body.data.documentId;
  await strapi.stop();
  strapi = await startStrapi({
    name: 'key-two',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { encryptionKey: KEY_2 },
  });
});

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

test('start-up logs an error naming the problem and the way out', () => {
  const line = (strapi as StrapiProcess)
    .logs()
    // Strapi colours the level: compare the text without the colour codes.
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .find((l) => l.includes('[matterport]') && l.includes('cannot be decrypted'));
  expect(line).toBeDefined();
  expect(line).toMatch(/\] error: \[matterport\]/);
  expect(line).toContain('previousEncryptionKeys');
  expect(line).not.toContain(CREDENTIALS.clientSecret);
});

test('a public reader gets MATTERPORT_NOT_CONFIGURED and nothing about keys or the admin', async () => {
  const res = await client((strapi as StrapiProcess).url).get<{ data: { tour: Delivered } }>(
    `/api/spaces/${documentId}`
  );
  expect(res.status).toBe(200);
  const tour = res.body.data.tour;
  expect(tour.link).toBeNull();
  expect(tour.error?.code).toBe('MATTERPORT_NOT_CONFIGURED');
  for (const word of [
    'previousEncryptionKeys',
    'encryption',
    'key',
    'decrypt',
    'Settings',
    'config/',
    'configuration',
  ])
    expect(tour.error?.message).not.toContain(word);
});

test("the admin's health view says why", async () => {
  const admin = client(
    (strapi as StrapiProcess).url,
    await login((strapi as StrapiProcess).url, ADMIN.email, ADMIN.password)
  );
  const health = (await admin.get<{ data: HealthView }>('/matterport/health')).body.data;
  expect(health.configured).toBe(false);
  expect(health.problem).toContain('cannot be decrypted');
  expect(health.problem).toContain('previousEncryptionKeys');
});
