import type { GetLinks } from '../../common/contracts/links';
import type { GetAudit, HealthView } from '../../common/contracts/ops';
import { SandboxControl } from '../../sandbox/src';
import { ADMIN, createAdminUser, createApiToken, findRole, registerAdmin } from '../harness/admin';
import { uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';
import { startWebhookReceiver, type ReceivedWebhook } from '../harness/webhooks';

/**
 * Operations (issue 20), end to end on a Strapi of its own: webhooks received by a real
 * HTTP receiver on 127.0.0.1, the audit trail with its actors, the health figures, and
 * who may see them. NODE_ENV=development, because Strapi's admin API refuses webhook URLs
 * on loopback in production.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `ops-${Date.now()}`, clientSecret: 'ops-secret-0000-wxyz' };
const ACTOR = `${ADMIN.firstname} ${ADMIN.lastname}`;
/** Webhooks name the admin by id and email (what identifies them) with the display name beside. */
const WEBHOOK_ACTOR = { id: expect.any(Number), email: ADMIN.email, name: ACTOR };
// Matterport's shortest link (30 s is its minimum) plus room for the lead: the expiring event is due 15 s after a mint.
const LIFETIME = '45s';
const LEAD_SECONDS = 30;

const PUBLISHED = 'WziSQO0ORu7';
const REVOKED = 'XddYUqNaTWl';
const DRAFT_ONLY = 'AHaxI9GRBzD';
const PREVIEWED = 'dqhBZIb8Ntn';
const UNKNOWN = 'ZZZZZZZZZZZ';

let db: TestDatabase;
let strapi: StrapiProcess;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let admin: Client;
let api: Client;
let editor: Client;
let publishedDoc: string;
let draftDoc: string;
let revokedDoc: string;
const delivered: Delivered[] = [];

/** Venues: their Matterport field takes the default lifetime (the settings'), unlike spaces'. */
const createVenue = async (model: string, status?: 'draft') => {
  const res = await api.post<{ data: { documentId: string } }>(
    `/api/venues${status ? '?status=draft' : ''}`,
    { data: { name: uniqueTitle('Ops venue'), model } }
  );
  expect(res.status).toBe(201);
  return res.body.data.documentId;
};

const byEvent =
  (event: string, extra: (w: ReceivedWebhook) => boolean = () => true) =>
  (w: ReceivedWebhook) =>
    w.body.event === event && extra(w);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('ops');
  strapi = await startStrapi({
    name: 'ops',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    env: { NODE_ENV: 'development' },
    pluginConfig: { expiringLead: `${LEAD_SECONDS}s` },
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  const hook = await admin.post<{ data: { id: number } }>('/admin/webhooks', {
    name: 'matterport operations',
    url: receiver.url,
    headers: {},
    events: ['matterport.settings.update', 'matterport.link.revoke', 'matterport.links.expiring'],
  });
  expect(hook.status).toBe(201);
  const editorRole = await findRole(strapi.url, jwt, 'strapi-editor');
  editor = client(
    strapi.url,
    await createAdminUser(strapi.url, jwt, `ops.editor.${Date.now()}@example.com`, [editorRole.id])
  );
});

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
  await receiver?.close();
});

describe('matterport.settings.update', () => {
  test('saving credentials sends who did it, the client ID and that the secret rotated, nothing of the secret', async () => {
    expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
    const hook = await receiver.waitFor(
      byEvent('matterport.settings.update', (w) => w.body.secretRotated === true),
      10_000,
      'for the saved credentials'
    );
    expect(hook.body).toMatchObject({
      event: 'matterport.settings.update',
      actor: WEBHOOK_ACTOR,
      clientId: credentials.clientId,
      clientIdChanged: true,
      secretRotated: true,
      defaultValidFor: null,
    });
    // Not even its last characters (issue 24): the payload says the secret rotated, nothing more.
    expect(hook.body).not.toHaveProperty('secretHint');
    expect(hook.raw).not.toContain(credentials.clientSecret);
  });

  test('changing the default lifetime sends the old and new value', async () => {
    expect((await admin.put('/matterport/settings', { defaultValidFor: LIFETIME })).status).toBe(
      200
    );
    const hook = await receiver.waitFor(
      byEvent('matterport.settings.update', (w) => w.body.defaultValidFor !== null),
      10_000,
      'for the lifetime change'
    );
    expect(hook.body).toMatchObject({
      actor: WEBHOOK_ACTOR,
      secretRotated: false,
      clientIdChanged: false,
      defaultValidFor: { from: '1h', to: LIFETIME },
    });
  });
});

describe('content and links', () => {
  beforeAll(async () => {
    publishedDoc = await createVenue(PUBLISHED);
    revokedDoc = await createVenue(REVOKED);
    draftDoc = await createVenue(DRAFT_ONLY, 'draft');
    for (const [doc, query] of [
      [publishedDoc, ''],
      [revokedDoc, ''],
      [draftDoc, '?status=draft'],
    ] as const) {
      const read = await api.get<{ data: { model: Delivered } }>(`/api/venues/${doc}${query}`);
      expect(read.status).toBe(200);
      expect(typeof read.body.data.model.link).toBe('string');
      delivered.push(read.body.data.model);
    }
    const preview = await admin.post<{ data: { link: string } }>(
      `/matterport/models/${PREVIEWED}/preview-link`
    );
    expect(preview.status).toBe(200);
  });

  test('matterport.link.revoke: revoking one link sends the model, the counts, the outcome and who', async () => {
    const listed = await admin.get<GetLinks.Response>(
      `/matterport/links?modelId=${REVOKED}&status=active`
    );
    expect(listed.body.data).toHaveLength(1);
    expect((await admin.post(`/matterport/links/${listed.body.data[0].id}/revoke`)).status).toBe(
      200
    );
    const hook = await receiver.waitFor(
      byEvent('matterport.link.revoke'),
      10_000,
      'for the revocation'
    );
    expect(hook.body).toMatchObject({
      event: 'matterport.link.revoke',
      actor: WEBHOOK_ACTOR,
      scope: 'link',
      modelIds: [REVOKED],
      // Issue 26: the organisation whose link it was (the only connection here: `default`).
      connection: 'default',
      connections: ['default'],
      counts: { revoked: 1, failed: 0 },
      outcome: 'revoked',
    });
  });

  test('matterport.links.expiring fires before the published link expires, naming the model and the entry; not drafts, previews or revoked links', async () => {
    const published = delivered[0];
    const expiresAt = Date.parse(published.validUntil as string);
    const hook = await receiver.waitFor(
      byEvent('matterport.links.expiring'),
      40_000,
      'for the expiring links'
    );
    expect(hook.receivedAt).toBeLessThan(expiresAt);
    expect(hook.body).toMatchObject({
      event: 'matterport.links.expiring',
      leadSeconds: LEAD_SECONDS,
      modelIds: [PUBLISHED],
      connections: ['default'],
      models: [expect.objectContaining({ modelId: PUBLISHED, connection: 'default' })],
      expiresAt: new Date(expiresAt).toISOString(),
      entries: [
        { uid: 'api::venue.venue', documentId: publishedDoc, locale: 'en', modelIds: [PUBLISHED] },
      ],
    });
    expect(hook.raw).not.toContain(draftDoc);
    expect(hook.raw).not.toContain(revokedDoc);
  });

  test('one wave, one event: the same links are not announced again', async () => {
    // Two more checks of the watch (every lead/4) pass without a second event.
    await new Promise((r) => setTimeout(r, (LEAD_SECONDS / 4) * 1000 * 2 + 1000));
    expect(
      receiver.received.filter((w) => w.body.event === 'matterport.links.expiring')
    ).toHaveLength(1);
  });

  test('no webhook payload carries a secret, an account token, an embed token or an embed link', async () => {
    const tokens = (await sandbox.accessTokens())
      .filter((t) => t.clientId === credentials.clientId)
      .map((t) => t.token);
    expect(tokens.length).toBeGreaterThan(0);
    const needles = [
      credentials.clientSecret,
      ...tokens,
      ...delivered.flatMap((d) => [d.accessToken as string, d.link as string]),
    ];
    expect(receiver.received.length).toBeGreaterThanOrEqual(4);
    const found = receiver.received.flatMap((w) =>
      needles.filter((n) => w.raw.includes(n) || JSON.stringify(w.headers).includes(n))
    );
    expect(found).toEqual([]);
  });
});

describe('audit trail', () => {
  test('lists the settings changes and the revocation with their actors, newest first', async () => {
    const res = await admin.get<GetAudit.Response>('/matterport/audit');
    expect(res.status).toBe(200);
    const actions = res.body.data.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['settings.update', 'link.revoke']));
    expect(res.body.data.every((e) => e.actor === ACTOR)).toBe(true);
    const times = res.body.data.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const revoke = res.body.data.find((e) => e.action === 'link.revoke');
    expect(revoke?.details).toMatchObject({
      scope: 'link',
      modelIds: [REVOKED],
      connection: 'default',
      connections: ['default'],
      outcome: 'revoked',
      counts: { revoked: 1, failed: 0 },
    });
    const lifetime = res.body.data.find(
      (e) =>
        e.action === 'settings.update' &&
        (e.details as { defaultValidFor: unknown }).defaultValidFor !== null
    );
    expect(lifetime?.details).toMatchObject({ defaultValidFor: { from: '1h', to: LIFETIME } });
    // The credentials change says the secret rotated and holds nothing of it (issue 24).
    const rotation = res.body.data.find(
      (e) =>
        e.action === 'settings.update' && (e.details as { secretRotated: unknown }).secretRotated
    );
    expect(rotation?.details).toEqual({
      clientId: credentials.clientId,
      clientIdChanged: true,
      secretRotated: true,
      defaultValidFor: null,
    });
    expect(res.text).not.toContain(credentials.clientSecret);
  });

  test('records a credential test, failed or not', async () => {
    expect((await admin.post('/matterport/settings/test')).status).toBe(200);
    expect(
      (
        await admin.post('/matterport/settings/test', {
          clientId: credentials.clientId,
          clientSecret: 'not-the-secret-1234',
        })
      ).status
    ).toBe(400);
    const res = await admin.get<GetAudit.Response>('/matterport/audit?action=credentials.test');
    expect(res.body.data.map((e) => e.details)).toEqual([
      { ok: false, code: 'MATTERPORT_AUTH_FAILED', mintTested: false, outcome: 'failure' },
      // Test connection now mints (and revokes) one link: the audit says the mint was tested.
      { ok: true, code: null, mintTested: true, outcome: 'success' },
    ]);
    expect(res.text).not.toContain('not-the-secret-1234');
  });

  test('filters by action, actor and date range, and pages', async () => {
    const revokes = await admin.get<GetAudit.Response>('/matterport/audit?action=link.revoke');
    expect(revokes.body.data.map((e) => e.action)).toEqual(['link.revoke']);
    expect(
      (await admin.get<GetAudit.Response>('/matterport/audit?actor=nobody')).body.meta.pagination
        .total
    ).toBe(0);
    expect(
      (await admin.get<GetAudit.Response>('/matterport/audit?actor=ada')).body.meta.pagination.total
    ).toBe(5);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(
      (await admin.get<GetAudit.Response>(`/matterport/audit?from=${future}`)).body.data
    ).toEqual([]);
    const paged = await admin.get<GetAudit.Response>('/matterport/audit?pageSize=2&page=2');
    expect(paged.body.meta.pagination).toEqual({ page: 2, pageSize: 2, total: 5, pageCount: 3 });
    expect(paged.body.data).toHaveLength(2);
  });

  test('refuses bad filters with the field named', async () => {
    const bad = await admin.get<{ error: { details: { errors: Array<{ path: string[] }> } } }>(
      '/matterport/audit?from=yesterday'
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['from']);
    const unknown = await admin.get<{ error: { message: string } }>('/matterport/audit?secret=1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Unknown parameter\(s\): secret/);
  });
});

describe('health', () => {
  test('reports configuration, the mints with their latency, the cache, the ledger, and failures by code', async () => {
    const failed = await admin.post(`/matterport/models/${UNKNOWN}/preview-link`);
    expect(failed.status).toBe(404);
    const res = await admin.get<{ data: HealthView }>('/matterport/health');
    expect(res.status).toBe(200);
    const health = res.body.data;
    expect(health).toMatchObject({
      configured: true,
      managedBy: 'admin',
      breaker: { state: 'closed', reason: null, openUntil: null },
      rateLimitedUntil: null,
      // Four links minted (three deliveries, one preview), of which one revoked.
      ledger: { rows: 4, active: 3 },
    });
    // The unknown model. The wrong secret typed into the credential test is not counted: it
    // says nothing about the saved credentials, and would turn the panel red while embeds work.
    expect(health.failuresLastHour).toEqual({ MATTERPORT_NOT_FOUND: 1 });
    expect(health.mintLatencyMs.samples).toBe(4);
    expect(health.mintLatencyMs.p50).toEqual(expect.any(Number));
    expect(health.mintLatencyMs.p95).toBeGreaterThanOrEqual(health.mintLatencyMs.p50 as number);
    expect(Date.parse(health.lastMintAt as string)).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(Date.parse(health.lastTokenAt as string)).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(health.cache.size).toBeGreaterThan(0);
    expect(health.cache.hits + health.cache.misses).toBeGreaterThan(0);
    expect(health.cache.hitRate).toBe(
      health.cache.hits / (health.cache.hits + health.cache.misses)
    );
  });
});

describe('health says what is true now', () => {
  const health = async () => {
    const res = await admin.get<{ data: HealthView }>('/matterport/health');
    expect(res.status).toBe(200);
    return res.body.data;
  };
  /** Something that needs the saved credentials at Matterport: the picker's model list. */
  const listModels = () =>
    admin.get<{ error?: { details?: { code?: string } } }>('/matterport/models');

  test('a refusal of the saved credentials is red while it lasts, and only history once a later token works', async () => {
    // Matterport stops accepting the saved secret (as after "Reset secret" in its console).
    await sandbox.resetClientSecret(credentials.clientId);
    const refused = await listModels();
    expect(refused.body.error?.details?.code).toBe('MATTERPORT_AUTH_FAILED');
    const failing = await health();
    expect(failing.auth).toEqual({ failing: true, lastFailureAt: expect.any(String) });
    expect(Date.parse(failing.auth.lastFailureAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(failing.breaker.state).toBe('open');
    expect(failing.failuresLastHour).toEqual({
      MATTERPORT_NOT_FOUND: 1,
      MATTERPORT_AUTH_FAILED: 1,
    });

    // Other credentials typed into the form work: that says nothing about the saved ones.
    const other = { clientId: `ops-other-${Date.now()}`, clientSecret: 'ops-other-0000-abcd' };
    await sandbox.registerClient(other);
    expect((await admin.post('/matterport/settings/test', other)).status).toBe(200);
    expect((await health()).auth).toEqual(failing.auth);

    // Matterport accepts the saved secret again; Test connection asks for a token with it.
    await sandbox.registerClient(credentials);
    expect((await admin.post('/matterport/settings/test')).status).toBe(200);
    const recovered = await health();
    expect(recovered.auth).toEqual({ failing: false, lastFailureAt: failing.auth.lastFailureAt });
    expect(recovered.breaker.state).toBe('closed');
    // The failure is still in the last hour's history.
    expect(recovered.failuresLastHour).toEqual({
      MATTERPORT_NOT_FOUND: 1,
      MATTERPORT_AUTH_FAILED: 1,
    });
  });

  test('a refusal after the recovery is the current state again; a successful read ends it', async () => {
    await sandbox.resetClientSecret(credentials.clientId);
    expect((await listModels()).body.error?.details?.code).toBe('MATTERPORT_AUTH_FAILED');
    const failing = await health();
    expect(failing.auth.failing).toBe(true);
    expect(failing.failuresLastHour.MATTERPORT_AUTH_FAILED).toBe(2);

    await sandbox.registerClient(credentials);
    // Saving the settings again closes the breaker; the next read gets a token with the saved credentials.
    expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
    expect((await listModels()).status).toBe(200);
    expect((await health()).auth).toEqual({
      failing: false,
      lastFailureAt: failing.auth.lastFailureAt,
    });
  });
});

describe('who may see it', () => {
  test('the audit trail is not in the content API: no REST route, no GraphQL query or mutation', async () => {
    expect((await api.get('/api/matterport/audit-entries')).status).toBe(404);
    const schema = await client(strapi.url).post<{
      data: {
        __schema: {
          queryType: { fields: Array<{ name: string }> };
          mutationType: { fields: Array<{ name: string }> };
        };
      };
    }>('/graphql', {
      query: '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }',
    });
    expect(schema.status).toBe(200);
    const names = [
      ...schema.body.data.__schema.queryType.fields,
      ...schema.body.data.__schema.mutationType.fields,
    ].map((f) => f.name);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => /audit/i.test(n))).toEqual([]);
  });

  test('what the plugin knows of Matterport’s catalogue is not in GraphQL either (space states, where used, model events)', async () => {
    const schema = await client(strapi.url).post<{
      data: { __schema: { types: Array<{ name: string }> } };
    }>('/graphql', { query: '{ __schema { types { name } } }' });
    expect(schema.status).toBe(200);
    const types = schema.body.data.__schema.types.map((t) => t.name);
    // The plugin's own delivered type is there (the schema was read); its tables' types are not.
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((n) => /modelstate|usage|modelevent/i.test(n))).toEqual([]);
  });

  test.each(['/matterport/audit', '/matterport/health'])(
    '%s is 403 for an Editor',
    async (path) => {
      expect((await editor.get(path)).status).toBe(403);
    }
  );
});
