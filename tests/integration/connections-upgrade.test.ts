import type { ConnectionView } from '../../common/contracts/connections';
import type { GetLinks, RevokeResponse } from '../../common/contracts/links';
import type { AuditEntry } from '../../common/contracts/ops';
import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import { ADMIN, createApiToken, login, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, statusOf, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { buildPreviousVersion } from '../harness/previous-version';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Upgrade (issue 26): a database written by the previous release, 0.2.0 (dd55a27), which had
 * one set of credentials and no connections, is opened by this version. The issue: it "starts
 * with `default` and delivers, revokes and lists as before", without anything to do.
 */
const PREVIOUS = 'dd55a27';
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = {
  clientId: `conn-upgrade-${Date.now()}`,
  clientSecret: 'conn-upgrade-secret-000026',
};
// Three spaces the previous release delivers, one this version delivers first (this file's
// own client minted them all, whichever other file uses the same spaces).
const ACTIVE = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);
const MODELS = ACTIVE.slice(0, 3);
const NEW_MODEL = ACTIVE[3];

let db: TestDatabase;
const documentIds: string[] = [];
/** What the previous release delivered, by model. */
const delivered: Record<string, Delivered> = {};
let oldAudit: AuditEntry[];

const spaceOf = async (url: string, documentId: string) =>
  (await client(url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)).body.data
    .tour;

beforeAll(async () => {
  const previous = await buildPreviousVersion(PREVIOUS);
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('connections-upgrade');
  const old = await startStrapi({
    name: 'connections-upgrade-old',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    playground: previous.playground,
  });
  try {
    const jwt = await registerAdmin(old.url);
    const admin = client(old.url, jwt);
    // 0.2.0's settings: one client ID and secret, saved through its admin API.
    expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
    const api = client(old.url, await createApiToken(old.url, jwt));
    for (const model of MODELS) {
      const { documentId } = await createSpace(api, {
        title: uniqueTitle('Connections upgrade'),
        tour: model,
      });
      documentIds.push(documentId);
      delivered[model] = await spaceOf(old.url, documentId);
      expect(typeof delivered[model].accessToken).toBe('string');
    }
    const audit = await admin.get<{ data: AuditEntry[] }>('/matterport/audit?pageSize=100');
    expect(audit.status).toBe(200);
    oldAudit = audit.body.data;
  } finally {
    await old.stop();
  }
}, 300_000);

afterAll(async () => {
  await db?.drop();
});

test('the previous release saved its settings with an audit entry and left a link per space', async () => {
  expect(oldAudit.map((e) => [e.action, e.actor])).toEqual([['settings.update', 'Ada Admin']]);
  expect(oldAudit[0].details).toMatchObject({ clientId: credentials.clientId });
  expect(await db.query('SELECT id FROM matterport_links')).toHaveLength(MODELS.length);
});

describe('after an upgrade to this version', () => {
  let strapi: StrapiProcess;
  let admin: Client;
  let jwt: string;
  beforeAll(async () => {
    await sandbox.resetCounters();
    strapi = await startStrapi({
      name: 'connections-upgrade-new',
      databaseEnv: db.env,
      sandboxOrigin: ctx.sandboxOrigin,
    });
    jwt = await login(strapi.url, ADMIN.email, ADMIN.password);
    admin = client(strapi.url, jwt);
  }, 120_000);
  afterAll(async () => {
    await strapi?.stop();
  });

  test('GET /connections lists exactly one connection, `default`, with the same client, hint and author', async () => {
    const res = await admin.get<{ data: ConnectionView[] }>('/matterport/connections');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      id: 'default',
      clientId: credentials.clientId,
      hasSecret: true,
      secretHint: credentials.clientSecret.slice(-4),
      secretUpdatedBy: `${ADMIN.firstname} ${ADMIN.lastname}`,
      enabled: true,
      isDefault: true,
    });
    expect(res.text).not.toContain(credentials.clientSecret);
  });

  test('entries deliver the links the previous release minted: ledger rows reused, nothing minted', async () => {
    for (const [i, model] of MODELS.entries()) {
      const tour = await expectShowcaseAccepts(await spaceOf(strapi.url, documentIds[i]), model);
      expect(tour.accessToken).toBe(delivered[model].accessToken);
      expect(tour.link).toBe(delivered[model].link);
    }
    expect((await sandbox.counters()).mints).toBe(0);
    expect(await db.query('SELECT id FROM matterport_links')).toHaveLength(MODELS.length);
  });

  test('the delivered values name the connection `default`', async () => {
    for (const documentId of documentIds)
      expect((await spaceOf(strapi.url, documentId)).connection).toBe('default');
  });

  test('GET /links lists the old rows as the `default` connection’s, alone or filtered by it', async () => {
    const expected = [...MODELS].sort().map((m) => [m, 'default', 'active', 'delivery']);
    const all = await admin.get<GetLinks.Response>('/matterport/links?sort=modelId:asc');
    expect(all.status).toBe(200);
    expect(all.body.data.map((l) => [l.modelId, l.connection, l.status, l.purpose])).toEqual(
      expected
    );
    const filtered = await admin.get<GetLinks.Response>(
      '/matterport/links?connection=default&sort=modelId:asc'
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body.data.map((l) => [l.modelId, l.connection, l.status, l.purpose])).toEqual(
      expected
    );
  });

  test('a new value is minted with the default connection’s credentials', async () => {
    const api = client(strapi.url, await createApiToken(strapi.url, jwt));
    const { documentId } = await createSpace(api, {
      title: uniqueTitle('Connections upgrade new'),
      tour: NEW_MODEL,
    });
    const tour = await expectShowcaseAccepts(await spaceOf(strapi.url, documentId), NEW_MODEL);
    delivered[NEW_MODEL] = tour;
    const minted = (await sandbox.embedTokens()).find((t) => t.accessToken === tour.accessToken);
    expect(minted?.clientId).toBe(credentials.clientId);
  });

  test('revoking an old link by model revokes it at Matterport', async () => {
    const res = await admin.post<RevokeResponse>(`/matterport/models/${MODELS[0]}/revoke-links`);
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({ matched: 1, revoked: 1, failed: 0 });
    expect(res.body.data.revoked.map((l) => [l.modelId, l.connection])).toEqual([
      [MODELS[0], 'default'],
    ]);
    expect(await statusOf(ctx.sandboxOrigin, delivered[MODELS[0]].accessToken as string)).toBe(
      'revoked'
    );
    expect(await statusOf(ctx.sandboxOrigin, delivered[MODELS[1]].accessToken as string)).toBe(
      'valid'
    );
  });

  test('revoking by connection `default` revokes the other old rows and the new one at Matterport', async () => {
    const res = await admin.post<RevokeResponse>('/matterport/links/revoke', {
      filter: { connection: 'default' },
    });
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({ matched: 3, revoked: 3, failed: 0 });
    expect(res.body.data.revoked.map((l) => l.modelId).sort()).toEqual(
      [MODELS[1], MODELS[2], NEW_MODEL].sort()
    );
    for (const model of [MODELS[1], MODELS[2], NEW_MODEL])
      expect(await statusOf(ctx.sandboxOrigin, delivered[model].accessToken as string)).toBe(
        'revoked'
      );
  });

  test('the audit trail still shows the entry the previous release wrote', async () => {
    const res = await admin.get<{ data: AuditEntry[] }>(
      '/matterport/audit?action=settings.update&pageSize=100'
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toContainEqual(expect.objectContaining(oldAudit[0]));
  });
});
