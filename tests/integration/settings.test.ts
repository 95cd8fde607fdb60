import type { SettingsView, TestConnection } from '../../common/contracts/settings';
import { SandboxControl } from '../../sandbox/src';
import { createAdminUser, findRole } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { CANARY_CLIENT, readContext } from '../harness/context';
import {
  attachDatabase,
  createTestDatabase,
  type DatabaseHandle,
  type TestDatabase,
} from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

const ctx = readContext();
const admin = client(ctx.strapiUrl, ctx.adminToken);
const anonymous = client(ctx.strapiUrl);
const sandbox = new SandboxControl(ctx.sandboxOrigin);

const rawSettingsRow = async (db: DatabaseHandle): Promise<string> => {
  // `key` is a reserved word in MySQL/MariaDB.
  const key = db.client === 'mysql' ? '`key`' : '"key"';
  const rows = await db.query<{ value: string }>(
    `SELECT value FROM strapi_core_store_settings WHERE ${key} = 'plugin_matterport_settings'`
  );
  expect(rows).toHaveLength(1);
  return String(rows[0].value);
};

let db: DatabaseHandle;
beforeAll(async () => {
  // A second handle on the shared database, to read the raw row the plugin wrote.
  db = await attachDatabase(ctx.databaseEnv);
});
afterAll(async () => {
  await db.close();
});

describe('access', () => {
  test('no admin JWT → 401 on every settings route', async () => {
    expect((await anonymous.get('/matterport/settings')).status).toBe(401);
    expect((await anonymous.put('/matterport/settings', { defaultValidFor: '2h' })).status).toBe(
      401
    );
    expect((await anonymous.post('/matterport/settings/test')).status).toBe(401);
  });

  test('an Editor without the actions → 403; a super admin → 200', async () => {
    const editorRole = await findRole(ctx.strapiUrl, ctx.adminToken, 'strapi-editor');
    const editorToken = await createAdminUser(
      ctx.strapiUrl,
      ctx.adminToken,
      `editor.settings.${Date.now()}@example.com`,
      [editorRole.id]
    );
    const editor = client(ctx.strapiUrl, editorToken);
    expect((await editor.get('/matterport/settings')).status).toBe(403);
    expect((await editor.put('/matterport/settings', { defaultValidFor: '2h' })).status).toBe(403);
    expect((await editor.post('/matterport/settings/test')).status).toBe(403);
    expect((await admin.get('/matterport/settings')).status).toBe(200);
  });
});

describe('reading and validating', () => {
  test('GET shows the client ID and the hint, never the secret', async () => {
    const res = await admin.get<{ data: SettingsView }>('/matterport/settings');
    expect(res.body.data).toMatchObject({
      clientId: CANARY_CLIENT.clientId,
      hasSecret: true,
      secretHint: CANARY_CLIENT.clientSecret.slice(-4),
      managedBy: 'admin',
      defaultValidFor: '1h',
    });
    expect(res.body.data.secretUpdatedBy).toBe('Ada Admin');
    expect(Date.parse(res.body.data.secretUpdatedAt as string)).toBeLessThanOrEqual(Date.now());
    expect(res.text).not.toContain(CANARY_CLIENT.clientSecret);
  });

  test.each(['25h', 'abc', '10', '0s'])(
    'defaultValidFor %p → 400 naming the accepted forms; nothing saved',
    async (value) => {
      const before = await rawSettingsRow(db);
      const res = await admin.put<{
        error: { message: string; details: { errors: Array<{ path: string[] }> } };
      }>('/matterport/settings', { defaultValidFor: value });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/30s, 5m, 1h/);
      expect(res.body.error.message).toMatch(/PT10M/);
      expect(res.body.error.details.errors[0].path).toEqual(['defaultValidFor']);
      expect(await rawSettingsRow(db)).toBe(before);
    }
  );

  test.each([
    [[1, 2], /JSON object/],
    [{ clientId: 5 }, /clientId must be a string/],
    [{ surprise: true }, /Unknown setting/],
  ])('a malformed body %p → 400; nothing saved', async (body, message) => {
    const before = await rawSettingsRow(db);
    const res = await admin.put<{ error: { message: string } }>('/matterport/settings', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await rawSettingsRow(db)).toBe(before);
  });

  test('wrong credentials → 400, and the stored settings are unchanged', async () => {
    const before = await rawSettingsRow(db);
    const res = await admin.put<{ error: { message: string } }>('/matterport/settings', {
      clientId: CANARY_CLIENT.clientId,
      clientSecret: 'definitely-not-the-secret',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/rejected.*Nothing was saved/);
    expect(res.text).not.toContain('definitely-not-the-secret');
    expect(await rawSettingsRow(db)).toBe(before);
  });

  test('a valid lifetime is saved and shown', async () => {
    const res = await admin.put<{ data: SettingsView }>('/matterport/settings', {
      defaultValidFor: 'PT2H',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.defaultValidFor).toBe('PT2H');
    const back = await admin.put<{ data: SettingsView }>('/matterport/settings', {
      defaultValidFor: '1h',
    });
    expect(back.body.data.defaultValidFor).toBe('1h');
  });

  test('the raw database row holds no plaintext secret', async () => {
    const raw = await rawSettingsRow(db);
    expect(raw).not.toContain(CANARY_CLIENT.clientSecret);
    expect(raw).not.toContain(Buffer.from(CANARY_CLIENT.clientSecret).toString('base64'));
    expect(JSON.parse(raw).secret).toMatchObject({ v: 2, kid: expect.any(String) });
  });
});

describe('test connection', () => {
  test('the saved credentials pass', async () => {
    const res = await admin.post<TestConnection.Response>('/matterport/settings/test');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      ok: true,
      scope: 'ViewPublic ViewDetails',
      mint: { tested: true, ok: true, code: null },
    });
    expect(res.body.data.expiresIn).toBeGreaterThan(0);
  });

  test('a working client: one real mint, revoked at Matterport at once; no token in the answer', async () => {
    const before = await sandbox.counters();
    const tokensBefore = new Set((await sandbox.embedTokens()).map((t) => t.accessToken));
    const res = await admin.post<TestConnection.Response>(
      '/matterport/settings/test',
      CANARY_CLIENT
    );
    expect(res.status).toBe(200);
    expect(res.body.data.ok).toBe(true);
    expect(res.body.data.mint).toMatchObject({ tested: true, ok: true, code: null, message: null });
    expect(typeof res.body.data.mint.modelId).toBe('string');
    const after = await sandbox.counters();
    expect(after.mints - before.mints).toBe(1);
    const minted = (await sandbox.embedTokens()).filter(
      (t) => !tokensBefore.has(t.accessToken) && t.clientId === CANARY_CLIENT.clientId
    );
    expect(minted).toHaveLength(1);
    expect(minted[0].modelIds).toEqual([res.body.data.mint.modelId]);
    expect((await sandbox.embedToken(minted[0].accessToken)).status).toBe('revoked');
    expect(res.text).not.toContain(minted[0].accessToken);
    expect(res.text).not.toContain(CANARY_CLIENT.clientSecret);
  });

  test('a client whose account lacks Private Model Embed: 200, ok false, the mint refused with the reason', async () => {
    const noEmbed = { clientId: `no-embed-${Date.now()}`, clientSecret: 'no-embed-secret-0001' };
    await sandbox.registerClient(noEmbed);
    await sandbox.setModes({ clientsWithoutPrivateModelEmbed: [noEmbed.clientId] });
    try {
      const before = await sandbox.counters();
      const res = await admin.post<TestConnection.Response>('/matterport/settings/test', noEmbed);
      expect(res.status).toBe(200);
      expect(res.body.data.ok).toBe(false);
      expect(res.body.data.mint).toMatchObject({
        tested: true,
        ok: false,
        code: 'MATTERPORT_AUTH_FAILED',
        message:
          'The credentials work, but Matterport refused to create an embed link: Private Model Embed may not be enabled for this account (or this client may not use it).',
      });
      // One attempt, refused: no embed token exists for this client.
      expect((await sandbox.counters()).mints - before.mints).toBe(1);
      expect((await sandbox.embedTokens()).filter((t) => t.clientId === noEmbed.clientId)).toEqual(
        []
      );
      expect(res.text).not.toContain(noEmbed.clientSecret);
      // The saved credentials are untouched by a test of others, and still pass.
      const saved = await admin.post<TestConnection.Response>('/matterport/settings/test');
      expect(saved.body.data.ok).toBe(true);
    } finally {
      await sandbox.setModes({ clientsWithoutPrivateModelEmbed: [] });
    }
  });

  test('unsaved wrong credentials answer 400 with the cause; nothing is saved, nothing minted', async () => {
    const before = await rawSettingsRow(db);
    const mintsBefore = (await sandbox.counters()).mints;
    const res = await admin.post<{ error: { details: { code: string } } }>(
      '/matterport/settings/test',
      {
        clientId: 'nobody',
        clientSecret: 'wrong-secret-xyz',
      }
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.code).toBe('MATTERPORT_AUTH_FAILED');
    expect(await rawSettingsRow(db)).toBe(before);
    expect((await sandbox.counters()).mints).toBe(mintsBefore);
  });

  test("wrong secret for the saved client ID → today's 400 MATTERPORT_AUTH_FAILED", async () => {
    const res = await admin.post<{ error: { details: { code: string } } }>(
      '/matterport/settings/test',
      {
        clientId: CANARY_CLIENT.clientId,
        clientSecret: 'wrong-secret-for-canary',
      }
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.code).toBe('MATTERPORT_AUTH_FAILED');
  });

  test('Matterport down → 502 naming the cause', async () => {
    await sandbox.addFault({ target: 'token', mode: 'status', status: 503 });
    try {
      const res = await admin.post<{ error: { details: { code: string } } }>(
        '/matterport/settings/test',
        {
          clientId: CANARY_CLIENT.clientId,
          clientSecret: CANARY_CLIENT.clientSecret,
        }
      );
      expect(res.status).toBe(502);
      expect(res.body.error.details.code).toBe('MATTERPORT_UNAVAILABLE');
    } finally {
      await sandbox.clearFaults();
    }
  });
});

describe('rotation', () => {
  test('after Matterport resets the secret and the new one is saved, the next mint uses it and never the old token', async () => {
    const rotating = { clientId: `rotating-${Date.now()}`, clientSecret: 'rotating-secret-0001' };
    await sandbox.registerClient(rotating);
    try {
      expect((await admin.put('/matterport/settings', rotating)).status).toBe(200);
      const api = client(ctx.strapiUrl, ctx.apiToken);
      const space = await createSpace(api, { title: uniqueTitle('Rotation'), tour: 'qmbN149vB0l' });
      const first = await api.get<{ data: { tour: Delivered } }>(`/api/spaces/${space.documentId}`);
      expect(first.body.data.tour.link).toBeTruthy();
      const oldTokens = (await sandbox.counters()).accessTokensUsed;

      const fresh = await sandbox.resetClientSecret(rotating.clientId);
      const saved = await admin.put<{ data: SettingsView }>('/matterport/settings', {
        clientSecret: fresh,
      });
      expect(saved.status).toBe(200);
      expect(saved.body.data.secretHint).toBe(fresh.slice(-4));

      await sandbox.resetCounters();
      // A different lifetime forces a mint now, with the new credentials.
      await admin.put('/matterport/settings', { defaultValidFor: '45m' });
      const other = await createSpace(api, { title: uniqueTitle('Rotation'), tour: 'WziSQO0ORu7' });
      const second = await api.get<{ data: { tour: Delivered } }>(
        `/api/spaces/${other.documentId}`
      );
      expect(second.body.data.tour.error).toBeUndefined();
      expect(second.body.data.tour.link).toBeTruthy();
      const after = await sandbox.counters();
      expect(after.mints).toBeGreaterThanOrEqual(1);
      expect(after.tokenRequests).toBe(1);
      for (const token of after.accessTokensUsed) expect(oldTokens).not.toContain(token);
    } finally {
      const restored = await admin.put('/matterport/settings', {
        ...CANARY_CLIENT,
        defaultValidFor: '1h',
      });
      expect(restored.status).toBe(200);
    }
  });
});

describe('other configurations', () => {
  let database: TestDatabase;
  let strapi: StrapiProcess | undefined;
  afterEach(async () => {
    await strapi?.stop();
    strapi = undefined;
    await database?.drop();
  });

  test('credentials pinned in config win: read-only with the hint, and cannot be changed here', async () => {
    database = await createTestDatabase('pinned');
    strapi = await startStrapi({
      name: 'pinned',
      databaseEnv: database.env,
      sandboxOrigin: ctx.sandboxOrigin,
      env: {
        MATTERPORT_CLIENT_ID: CANARY_CLIENT.clientId,
        MATTERPORT_CLIENT_SECRET: CANARY_CLIENT.clientSecret,
      },
    });
    const { registerAdmin } = await import('../harness/admin');
    const pinnedAdmin = client(strapi.url, await registerAdmin(strapi.url));
    const view = await pinnedAdmin.get<{ data: SettingsView }>('/matterport/settings');
    expect(view.body.data).toMatchObject({
      managedBy: 'config',
      clientId: CANARY_CLIENT.clientId,
      hasSecret: true,
      secretHint: CANARY_CLIENT.clientSecret.slice(-4),
    });
    expect(view.text).not.toContain(CANARY_CLIENT.clientSecret);
    const change = await pinnedAdmin.put<{ error: { message: string } }>('/matterport/settings', {
      clientSecret: 'another-secret-123',
    });
    expect(change.status).toBe(400);
    expect(change.body.error.message).toMatch(/managed by configuration/);
    expect((await pinnedAdmin.put('/matterport/settings', { defaultValidFor: '2h' })).status).toBe(
      200
    );
    expect(
      (await pinnedAdmin.post<{ data: { ok: boolean } }>('/matterport/settings/test')).body.data.ok
    ).toBe(true);
  });

  test('with no encryption key, saving a secret is refused with a message saying how to set one', async () => {
    database = await createTestDatabase('nokey');
    strapi = await startStrapi({
      name: 'nokey',
      databaseEnv: database.env,
      sandboxOrigin: ctx.sandboxOrigin,
      env: { ENCRYPTION_KEY: '' },
    });
    const { registerAdmin } = await import('../harness/admin');
    const noKeyAdmin = client(strapi.url, await registerAdmin(strapi.url));
    const res = await noKeyAdmin.put<{ error: { message: string } }>(
      '/matterport/settings',
      CANARY_CLIENT
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/encryptionKey.*ENCRYPTION_KEY/);
    const view = await noKeyAdmin.get<{ data: SettingsView & { encryptionAvailable: boolean } }>(
      '/matterport/settings'
    );
    expect(view.body.data).toMatchObject({
      hasSecret: false,
      clientId: null,
      encryptionAvailable: false,
    });
  });
});
