import type { ConnectionRemoval, ConnectionView } from '../../common/contracts/connections';
import type { GetLinks, RevokeResponse } from '../../common/contracts/links';
import type { AuditEntry, HealthView } from '../../common/contracts/ops';
import {
  DEFAULT_ORGANIZATION_ID,
  SECOND_ORGANIZATION,
  SEED_MODELS,
  SandboxControl,
  createSandbox,
} from '../../sandbox/src';
import { ADMIN, login, registerAdmin } from '../harness/admin';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/*
 * Issue 26, operations per connection: the links page lists and revokes one connection's links
 * ("revoke every link of this connection" touches only that organisation: the sandbox says
 * which embed tokens still play), each link revoked with its own organisation's credentials,
 * and the health panel has a row per connection: a secret reset at one organisation shows as
 * that connection's refused credentials only.
 *
 * Links of the second connection are minted as an editor's preview
 * (POST /matterport/models/:id/preview-link?connection=harbour).
 */

const FIRST = {
  clientId: 'connections-links-first-client',
  clientSecret: 'connections-links-first-secret-2468ace',
};
const [HARBOUR] = SECOND_ORGANIZATION.clients;
const FIRST_MODELS = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo)
  .slice(0, 2)
  .map((m) => m.id);
const HARBOUR_MODELS = SECOND_ORGANIZATION.models
  .filter((m) => m.state === 'active')
  .map((m) => m.id);

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
let control: SandboxControl;
let database: TestDatabase;
let strapi: StrapiProcess | undefined;
let admin: Client;

/** Embed tokens the sandbox minted for a client, with their status now. */
const tokensOf = async (clientId: string) =>
  (await control.embedTokens())
    .filter((t) => t.clientId === clientId)
    .map((t) => ({ token: t.accessToken, status: t.status, modelIds: t.modelIds }));

const preview = (modelId: string, connection?: string) =>
  admin.post<{ data: { modelId: string; link: string }; error?: { name: string } }>(
    `/matterport/models/${modelId}/preview-link${connection ? `?connection=${connection}` : ''}`
  );

const byModel = (a: { modelId: string }, b: { modelId: string }) =>
  a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0;

const health = async () => {
  const res = await admin.get<{ data: HealthView }>('/matterport/health');
  expect(res.status).toBe(200);
  return res.body.data;
};

beforeAll(async () => {
  const { origin } = await sandbox.start(0);
  control = new SandboxControl(origin);
  database = await createTestDatabase('connections-links');
  strapi = await startStrapi({
    name: 'connections-links',
    databaseEnv: database.env,
    sandboxOrigin: origin,
  });
  await registerAdmin(strapi.url);
  admin = client(strapi.url, await login(strapi.url, ADMIN.email, ADMIN.password));
  expect(
    (await admin.put('/matterport/settings', { ...FIRST, defaultValidFor: '1h' })).status
  ).toBe(200);
  const created = await admin.post<{ data: ConnectionView }>('/matterport/connections', {
    id: 'harbour',
    name: 'Harbour Estates',
    ...HARBOUR,
  });
  expect(created.status).toBe(201);

  // Two links of each organisation, minted with its own credentials.
  for (const modelId of FIRST_MODELS) expect((await preview(modelId)).status).toBe(200);
  for (const modelId of HARBOUR_MODELS.slice(0, 2))
    expect((await preview(modelId, 'harbour')).status).toBe(200);
});

afterAll(async () => {
  await strapi?.stop();
  await database?.drop();
  await sandbox.stop();
});

describe('the links list', () => {
  test('each link names the connection that minted it', async () => {
    const res = await admin.get<GetLinks.Response>('/matterport/links');
    expect(res.status).toBe(200);
    const expected = [
      ...FIRST_MODELS.map((modelId) => ({ modelId, connection: 'default' })),
      ...HARBOUR_MODELS.slice(0, 2).map((modelId) => ({ modelId, connection: 'harbour' })),
    ].sort(byModel);
    // Sorted here: the databases' collations order mixed-case ids differently.
    expect(
      res.body.data.map((l) => ({ modelId: l.modelId, connection: l.connection })).sort(byModel)
    ).toEqual(expected);
  });

  test('?connection= lists that connection only', async () => {
    const harbour = await admin.get<GetLinks.Response>('/matterport/links?connection=harbour');
    expect(harbour.body.data.map((l) => [l.modelId, l.connection]).sort()).toEqual(
      [...HARBOUR_MODELS.slice(0, 2)].sort().map((id) => [id, 'harbour'])
    );
    const byDefault = await admin.get<GetLinks.Response>('/matterport/links?connection=default');
    expect(byDefault.body.data.map((l) => [l.modelId, l.connection]).sort()).toEqual(
      [...FIRST_MODELS].sort().map((id) => [id, 'default'])
    );
    const nobody = await admin.get<GetLinks.Response>('/matterport/links?connection=nobody');
    expect(nobody.status).toBe(200);
    expect(nobody.body.data).toEqual([]);
    expect((await admin.get('/matterport/links?connection=Not%20an%20id')).status).toBe(400);
  });
});

describe('health', () => {
  test('a row per connection, each with its own ledger counts', async () => {
    const view = await health();
    expect(view.connections.map((c) => c.id)).toEqual(['default', 'harbour']);
    const [byDefault, harbour] = view.connections;
    expect(byDefault).toMatchObject({
      enabled: true,
      configured: true,
      auth: { failing: false },
      breaker: { state: 'closed' },
      lastMintAt: expect.any(String),
      ledger: { rows: 2, active: 2 },
    });
    expect(harbour).toMatchObject({
      name: 'Harbour Estates',
      enabled: true,
      configured: true,
      auth: { failing: false },
      breaker: { state: 'closed' },
      lastMintAt: expect.any(String),
      ledger: { rows: 2, active: 2 },
    });
    expect(view.ledger).toEqual({ rows: 4, active: 4 });
  });
});

describe('revoking every link of a connection', () => {
  test('touches only that organisation: its tokens stop playing, the other one’s still play', async () => {
    expect((await tokensOf(HARBOUR.clientId)).map((t) => t.status)).toEqual(['valid', 'valid']);
    expect((await tokensOf(FIRST.clientId)).map((t) => t.status)).toEqual(['valid', 'valid']);

    const res = await admin.post<RevokeResponse>('/matterport/links/revoke', {
      filter: { connection: 'harbour' },
    });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ matched: 2, revoked: 2, failed: 0 });
    expect(res.body.data.revoked.map((l) => l.connection)).toEqual(['harbour', 'harbour']);

    expect((await tokensOf(HARBOUR.clientId)).map((t) => t.status)).toEqual(['revoked', 'revoked']);
    expect((await tokensOf(FIRST.clientId)).map((t) => t.status)).toEqual(['valid', 'valid']);
    const usable = await admin.get<GetLinks.Response>('/matterport/links?status=usable');
    expect(usable.body.data.map((l) => l.connection)).toEqual(['default', 'default']);
  });

  test('the audit entry names the connection', async () => {
    const audit = await admin.get<{ data: AuditEntry[] }>(
      '/matterport/audit?action=link.revoke&pageSize=10'
    );
    expect(audit.body.data[0].details).toMatchObject({
      scope: 'filter',
      connection: 'harbour',
      connections: ['harbour'],
      outcome: 'revoked',
      counts: { revoked: 2, failed: 0 },
    });
  });
});

describe('one organisation refusing its credentials', () => {
  test('its secret reset at Matterport: its row says auth failing, the other connection keeps working', async () => {
    // A link of it still usable when its secret is reset (for the removal below).
    expect((await preview(HARBOUR_MODELS[2], 'harbour')).status).toBe(200);
    await control.resetClientSecret(HARBOUR.clientId);
    const refused = await preview(HARBOUR_MODELS[0], 'harbour');
    expect(refused.status).toBeGreaterThanOrEqual(400);
    // The default organisation still mints.
    expect((await preview(FIRST_MODELS[0])).status).toBe(200);

    const view = await health();
    const byId = Object.fromEntries(view.connections.map((c) => [c.id, c]));
    expect(byId.harbour.auth).toEqual({ failing: true, lastFailureAt: expect.any(String) });
    expect(byId.harbour.failuresLastHour.MATTERPORT_AUTH_FAILED).toBeGreaterThanOrEqual(1);
    expect(byId.default.auth.failing).toBe(false);
    expect(byId.default.failuresLastHour).toEqual({});
    // The top-level figures are the default connection's.
    expect(view.auth.failing).toBe(false);
    expect(view.breaker.state).toBe('closed');
  });
});

describe('removing a connection', () => {
  test('revokes its links by connection and says which it could not revoke; the other organisation keeps its links', async () => {
    const usableOfHarbour = await admin.get<GetLinks.Response>(
      '/matterport/links?connection=harbour&status=usable'
    );
    expect(usableOfHarbour.body.data.map((l) => l.modelId)).toEqual([HARBOUR_MODELS[2]]);

    const res = await admin.del<{ data: ConnectionRemoval }>('/matterport/connections/harbour');
    expect(res.status).toBe(200);
    // Its saved secret no longer works at Matterport (reset above): the link could not be revoked.
    expect(res.body.data.links.revoked).toBe(0);
    expect(res.body.data.links.notRevoked).toEqual([
      {
        id: usableOfHarbour.body.data[0].id,
        modelId: HARBOUR_MODELS[2],
        error: { code: 'MATTERPORT_AUTH_FAILED', message: expect.any(String) },
      },
    ]);
    expect((await tokensOf(FIRST.clientId)).every((t) => t.status === 'valid')).toBe(true);
    const view = await health();
    expect(view.connections.map((c) => c.id)).toEqual(['default']);
  });
});
