import type { ConnectionRemoval, ConnectionView } from '../../common/contracts/connections';
import type { AuditEntry } from '../../common/contracts/ops';
import type { ConnectionTestResult, SettingsView } from '../../common/contracts/settings';
import {
  DEFAULT_ORGANIZATION_ID,
  SECOND_ORGANIZATION,
  SEED_MODELS,
  createSandbox,
} from '../../sandbox/src';
import {
  ADMIN,
  createAdminUser,
  createApiToken,
  createRole,
  findRole,
  login,
  registerAdmin,
} from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { attachDatabase, createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, statusOf, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/*
 * Connections (issue 26): one Matterport organisation's credentials each. The expectations are
 * the issue's: an install with the single settings of before starts with one connection
 * `default` holding them, without anything to do; the secret is write-only; removing a
 * connection published content uses is refused unless forced, and revokes its links. The
 * sandbox holds two organisations (its own, and SECOND_ORGANIZATION "Harbour Estates").
 */

// This file's own organisation and client (nothing else in the run knows them).
const FIRST = {
  clientId: 'connections-first-client',
  clientSecret: 'connections-first-secret-13579bdf',
};
const [HARBOUR] = SECOND_ORGANIZATION.clients;
const FIRST_MODEL = SEED_MODELS.find((m) => m.state === 'active' && !m.demo)!.id;
const HARBOUR_MODELS = SECOND_ORGANIZATION.models.map((m) => m.id);

/** The settings row exactly as the release before connections wrote it (written by hand). */
const todaysRow = (secret: unknown) => ({
  clientId: FIRST.clientId,
  secret,
  secretHint: FIRST.clientSecret.slice(-4),
  secretUpdatedAt: '2025-06-01T10:00:00.000Z',
  secretUpdatedBy: 'Previous Admin',
  secretUpdatedById: 1,
  secretUpdatedByEmail: 'previous@example.com',
  defaultValidFor: '2h',
  revision: 4,
});

const sandbox = createSandbox({
  organizations: [
    {
      id: DEFAULT_ORGANIZATION_ID,
      name: 'Sandbox organisation',
      clients: [FIRST],
      models: SEED_MODELS,
    },
    SECOND_ORGANIZATION,
  ],
});
let sandboxOrigin: string;
let database: TestDatabase;
let strapi: StrapiProcess | undefined;
let admin: Client;
let adminJwt: string;
let api: Client;

const STORE_KEY = 'plugin_matterport_settings';
const keyColumn = () => (database.client === 'mysql' ? '`key`' : '"key"');

/** The raw settings row, as someone reading a database dump would. */
const rawRow = async (): Promise<string> => {
  const handle = await attachDatabase(database.env);
  try {
    const rows = await handle.query<{ value: string }>(
      `SELECT value FROM strapi_core_store_settings WHERE ${keyColumn()} = '${STORE_KEY}'`
    );
    expect(rows).toHaveLength(1);
    return String(rows[0].value);
  } finally {
    await handle.close();
  }
};

/** Replaces the settings row (Strapi stopped). The SQLite handle of the harness is read-only. */
const writeRow = async (value: unknown): Promise<void> => {
  const json = JSON.stringify(value);
  if (database.client === 'sqlite') {
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(database.env.DATABASE_FILENAME);
    db.prepare(`UPDATE strapi_core_store_settings SET value = ? WHERE "key" = ?`).run(
      json,
      STORE_KEY
    );
    db.close();
    return;
  }
  const handle = await attachDatabase(database.env);
  try {
    const placeholder = database.client === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    await handle.query(
      `UPDATE strapi_core_store_settings SET value = ${placeholder[0]} WHERE ${keyColumn()} = ${placeholder[1]}`,
      [json, STORE_KEY]
    );
  } finally {
    await handle.close();
  }
};

const boot = async () => {
  strapi = await startStrapi({ name: 'connections', databaseEnv: database.env, sandboxOrigin });
  return strapi;
};

const read = async (documentId: string) => {
  const res = await client(strapi!.url).get<{ data: { tour: Delivered } }>(
    `/api/spaces/${documentId}`
  );
  expect(res.status).toBe(200);
  return res.body.data.tour;
};

const auditOf = async (action: string) =>
  (await admin.get<{ data: AuditEntry[] }>(`/matterport/audit?action=${action}&pageSize=100`)).body
    .data;

let spaceId: string;
let deliveredToken: string;

beforeAll(async () => {
  ({ origin: sandboxOrigin } = await sandbox.start(0));
  database = await createTestDatabase('connections');
  await boot();
  const jwt = await registerAdmin(strapi!.url);
  // The release before connections saved its settings through this route; the row it wrote
  // is then replaced by one in that release's shape, written by hand, keeping only the secret.
  expect(
    (
      await client(strapi!.url, jwt).put('/matterport/settings', {
        ...FIRST,
        defaultValidFor: '1h',
      })
    ).status
  ).toBe(200);
  const written = JSON.parse(await rawRow()) as { secret: unknown };
  await strapi!.stop();
  await writeRow(todaysRow(written.secret));
  await boot();
  adminJwt = await login(strapi!.url, ADMIN.email, ADMIN.password);
  admin = client(strapi!.url, adminJwt);
  api = client(strapi!.url, await createApiToken(strapi!.url, adminJwt));
});

afterAll(async () => {
  await strapi?.stop();
  await database?.drop();
  await sandbox.stop();
});

describe('upgrade from the single settings', () => {
  test('GET /connections lists one connection `default` holding them', async () => {
    const res = await admin.get<{ data: ConnectionView[] }>('/matterport/connections');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        id: 'default',
        name: 'Default',
        clientId: FIRST.clientId,
        hasSecret: true,
        secretHint: FIRST.clientSecret.slice(-4),
        secretUpdatedAt: '2025-06-01T10:00:00.000Z',
        secretUpdatedBy: 'Previous Admin',
        secretUpdatedById: 1,
        secretUpdatedByEmail: 'previous@example.com',
        defaultValidFor: '2h',
        enabled: true,
        isDefault: true,
        managedBy: 'admin',
        roles: [],
      },
    ]);
    expect(res.text).not.toContain(FIRST.clientSecret);
  });

  test('nothing was written to upgrade: the row is the one the previous release wrote', async () => {
    const row = JSON.parse(await rawRow()) as Record<string, unknown>;
    expect(row).toEqual(todaysRow(row.secret));
  });

  test('the settings page still shows the same settings', async () => {
    const res = await admin.get<{ data: SettingsView }>('/matterport/settings');
    expect(res.body.data).toMatchObject({
      clientId: FIRST.clientId,
      secretHint: FIRST.clientSecret.slice(-4),
      secretUpdatedBy: 'Previous Admin',
      defaultValidFor: '2h',
      managedBy: 'admin',
    });
  });

  test('delivery keeps working with the default connection', async () => {
    const space = await createSpace(api, { title: uniqueTitle('Connections'), tour: FIRST_MODEL });
    spaceId = space.documentId;
    const tour = await expectShowcaseAccepts(await read(spaceId), FIRST_MODEL);
    deliveredToken = tour.accessToken as string;
  });
});

describe('managing connections', () => {
  test('a second connection with the harbour organisation: created, secret never answered nor stored in clear', async () => {
    const res = await admin.post<{ data: ConnectionView }>('/matterport/connections', {
      id: 'harbour',
      name: 'Harbour Estates',
      ...HARBOUR,
      defaultValidFor: '30m',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      id: 'harbour',
      name: 'Harbour Estates',
      clientId: HARBOUR.clientId,
      hasSecret: true,
      secretHint: HARBOUR.clientSecret.slice(-4),
      defaultValidFor: '30m',
      enabled: true,
      isDefault: false,
      managedBy: 'admin',
      secretUpdatedBy: 'Ada Admin',
    });
    expect(res.text).not.toContain(HARBOUR.clientSecret);
    expect(await rawRow()).not.toContain(HARBOUR.clientSecret);

    const list = await admin.get<{ data: ConnectionView[] }>('/matterport/connections');
    expect(list.body.data.map((c) => c.id)).toEqual(['default', 'harbour']);
    expect(list.text).not.toContain(HARBOUR.clientSecret);
    const one = await admin.get<{ data: ConnectionView }>('/matterport/connections/harbour');
    expect(one.body.data.clientId).toBe(HARBOUR.clientId);
    expect(one.text).not.toContain(HARBOUR.clientSecret);
    // The default is untouched.
    expect(
      (await admin.get<{ data: SettingsView }>('/matterport/settings')).body.data.clientId
    ).toBe(FIRST.clientId);
    const [entry] = await auditOf('connection.create');
    expect(entry.details).toMatchObject({ connection: 'harbour', clientId: HARBOUR.clientId });
    expect(JSON.stringify(entry)).not.toContain(HARBOUR.clientSecret);
  });

  test('Test connection on it mints one of the harbour organisation’s spaces', async () => {
    const res = await admin.post<{ data: ConnectionTestResult }>(
      '/matterport/connections/harbour/test'
    );
    expect(res.status).toBe(200);
    expect(res.body.data.ok).toBe(true);
    expect(res.body.data.mint.tested).toBe(true);
    expect(HARBOUR_MODELS).toContain(res.body.data.mint.modelId);
    // Test connection's entry is written by a listener of the event, as the settings page's.
    const deadline = Date.now() + 5000;
    let entries = await auditOf('credentials.test');
    while (!entries.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      entries = await auditOf('credentials.test');
    }
    expect(entries.map((e) => e.details)).toEqual([
      { connection: 'harbour', ok: true, code: null, mintTested: true, outcome: 'success' },
    ]);
  });

  test.each([
    ['an id with upper case and a space', { id: 'Bad Id', name: 'x', ...HARBOUR }, ['id']],
    ['an id starting with a hyphen', { id: '-x', name: 'x', ...HARBOUR }, ['id']],
    ['an id of 41 characters', { id: 'a'.repeat(41), name: 'x', ...HARBOUR }, ['id']],
    ['no name', { id: 'nameless', ...HARBOUR }, ['name']],
    [
      'a secret Matterport refuses',
      { id: 'wrong', name: 'Wrong', clientId: HARBOUR.clientId, clientSecret: 'not-the-secret' },
      ['clientSecret'],
    ],
    ['an unknown field', { id: 'extra', name: 'x', ...HARBOUR, surprise: 1 }, ['surprise']],
    [
      'a lifetime over 24 h',
      { id: 'nolife', name: 'x', ...HARBOUR, defaultValidFor: '25h' },
      ['defaultValidFor'],
    ],
  ])('POST with %s → 400 naming the field; nothing saved', async (_label, body, path) => {
    const before = await rawRow();
    const res = await admin.post<{ error: { details: { errors: Array<{ path: string[] }> } } }>(
      '/matterport/connections',
      body
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(path);
    expect(await rawRow()).toBe(before);
    expect(res.text).not.toContain('not-the-secret');
  });

  test('POST with an id in use → 409; nothing saved', async () => {
    const before = await rawRow();
    const res = await admin.post('/matterport/connections', {
      id: 'harbour',
      name: 'Again',
      ...HARBOUR,
    });
    expect(res.status).toBe(409);
    expect(await rawRow()).toBe(before);
  });

  test('PUT renames it; a new id or a wrong secret is refused and changes nothing', async () => {
    const renamed = await admin.put<{ data: ConnectionView }>('/matterport/connections/harbour', {
      name: 'Harbour Estates Ltd',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ id: 'harbour', name: 'Harbour Estates Ltd' });
    const before = await rawRow();
    const idChange = await admin.put('/matterport/connections/harbour', { id: 'other' });
    expect(idChange.status).toBe(400);
    const wrong = await admin.put('/matterport/connections/harbour', {
      clientSecret: 'wrong-secret-000',
    });
    expect(wrong.status).toBe(400);
    expect(await rawRow()).toBe(before);
    const [entry] = await auditOf('connection.update');
    expect(entry.details).toMatchObject({ connection: 'harbour', secretRotated: false });
    expect((await admin.put('/matterport/connections/nobody', { name: 'x' })).status).toBe(404);
  });

  test('an admin without the settings actions gets 403 and changes nothing', async () => {
    const editorRole = await findRole(strapi!.url, adminJwt, 'strapi-editor');
    const editor = client(
      strapi!.url,
      await createAdminUser(strapi!.url, adminJwt, `editor.${Date.now()}@example.com`, [
        editorRole.id,
      ])
    );
    const reader = client(
      strapi!.url,
      await createAdminUser(strapi!.url, adminJwt, `reader.${Date.now()}@example.com`, [
        (
          await createRole(strapi!.url, adminJwt, `reader ${Date.now()}`, [
            'plugin::matterport.settings.read',
          ])
        ).id,
      ])
    );
    const before = await rawRow();
    expect((await editor.get('/matterport/connections')).status).toBe(403);
    expect((await editor.get('/matterport/connections/harbour')).status).toBe(403);
    expect(
      (await editor.post('/matterport/connections', { id: 'x', name: 'x', ...HARBOUR })).status
    ).toBe(403);
    expect((await editor.put('/matterport/connections/harbour', { name: 'x' })).status).toBe(403);
    expect((await editor.del('/matterport/connections/harbour')).status).toBe(403);
    expect((await editor.post('/matterport/connections/harbour/test')).status).toBe(403);
    expect((await reader.get('/matterport/connections')).status).toBe(200);
    expect((await reader.put('/matterport/connections/harbour', { name: 'x' })).status).toBe(403);
    expect((await reader.del('/matterport/connections/harbour')).status).toBe(403);
    expect(await rawRow()).toBe(before);
  });

  test('removing a connection no published content uses: removed, audited', async () => {
    const res = await admin.del<{ data: ConnectionRemoval }>('/matterport/connections/harbour');
    expect(res.status).toBe(200);
    expect(res.body.data.connection.id).toBe('harbour');
    expect(res.body.data.links).toEqual({ revoked: 0, notRevoked: [], error: null });
    expect((await admin.get('/matterport/connections/harbour')).status).toBe(404);
    const [entry] = await auditOf('connection.delete');
    expect(entry.details).toMatchObject({ connection: 'harbour', forced: false });
  });
});

describe('the default connection', () => {
  test('disabled: delivery answers MATTERPORT_NOT_CONFIGURED (not a 500); enabled again: delivers', async () => {
    expect((await admin.put('/matterport/connections/default', { enabled: false })).status).toBe(
      200
    );
    expect((await read(spaceId)).error?.code).toBe('MATTERPORT_NOT_CONFIGURED');
    expect((await admin.put('/matterport/connections/default', { enabled: true })).status).toBe(
      200
    );
    await expectShowcaseAccepts(await read(spaceId), FIRST_MODEL);
  });

  test('removal is refused while published content holds a Matterport value, saying how many and where', async () => {
    const before = await rawRow();
    const res = await admin.del<{
      error: {
        message: string;
        details: { entries: number; where: Array<{ uid: string; entries: number }> };
      };
    }>('/matterport/connections/default');
    expect(res.status).toBe(409);
    expect(res.body.error.details.entries).toBe(1);
    expect(res.body.error.details.where).toEqual([{ uid: 'api::space.space', entries: 1 }]);
    expect(res.body.error.message).toMatch(/1 published entry/);
    expect(await rawRow()).toBe(before);
    expect(await statusOf(sandboxOrigin, deliveredToken)).toBe('valid');
  });

  test('forced: removed, its links revoked at Matterport; delivery then answers MATTERPORT_NOT_CONFIGURED', async () => {
    const res = await admin.del<{ data: ConnectionRemoval }>(
      '/matterport/connections/default?force=true'
    );
    expect(res.status).toBe(200);
    expect(res.body.data.links.revoked).toBeGreaterThanOrEqual(1);
    expect(res.body.data.links.notRevoked).toEqual([]);
    expect(await statusOf(sandboxOrigin, deliveredToken)).toBe('revoked');
    expect(
      (await admin.get<{ data: ConnectionView[] }>('/matterport/connections')).body.data
    ).toEqual([]);
    expect((await read(spaceId)).error?.code).toBe('MATTERPORT_NOT_CONFIGURED');
    expect(await rawRow()).not.toContain(FIRST.clientId);
    const [entry] = await auditOf('connection.delete');
    expect(entry.details).toMatchObject({ connection: 'default', forced: true });
  });
});
