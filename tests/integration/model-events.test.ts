import type { ModelEventsView } from '../../common/contracts/connections';
import type { GetAudit, HealthView, PrivacySpaceView } from '../../common/contracts/ops';
import type { UsageResponse } from '../../common/catalogue';
import { SEED_MODELS, SandboxControl, createSandbox } from '../../sandbox/src';
import { ADMIN, createApiToken, graphql, login, registerAdmin } from '../harness/admin';
import { uniqueTitle } from '../harness/content';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, request, type Client } from '../harness/http';
import { freePort } from '../harness/ports';
import { startStrapi, type StrapiProcess } from '../harness/strapi';
import { startWebhookReceiver, type ReceivedWebhook } from '../harness/webhooks';

/*
 * Issue 28, item 2: Matterport's model events. The plugin registers a callback at Matterport
 * (the sandbox's addModelEventWebhookCallback) with credentials it generates; the sandbox,
 * told a space changed, posts the documented payload to it. A space deleted, transferred out
 * or archived has its links revoked at Matterport and is delivered as MATTERPORT_MODEL_GONE
 * (REST, GraphQL) without any mint; restored, it is delivered again. Each accepted event
 * applies once (a replay or a duplicate changes nothing), an older one than one applied is
 * not applied, wrong credentials are refused with 401 and change nothing; every applied
 * event fires `matterport.model.update`. Then each sandbox mode of what Matterport leaves
 * undocumented. NODE_ENV=development: Strapi refuses loopback webhook URLs in production.
 */

const CLIENT = { clientId: 'model-events-client', clientSecret: 'model-events-secret-13579' };
const active = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);
/** The space two published entries use; deleted, then restored. */
const GONE = active[1] as string;
/** Spaces of the other tests, one each. */
const [AUTH, REPLAY, DUPLICATE, ORDER, EPOCH, FLAG, TOKEN_HEADER, TOKEN_BEARER, DETAILS] =
  active.slice(2, 11) as string[];
/** A private space one published entry uses; made public at Matterport. */
const MADE_PUBLIC = SEED_MODELS.find(
  (m) => active.slice(11).includes(m.id) && m.accessVisibility === 'private'
)?.id as string;
const UPDATE = 'matterport.model.update';

const sandbox = createSandbox({ clients: [CLIENT], models: SEED_MODELS });
let control: SandboxControl;
let database: TestDatabase;
let strapi: StrapiProcess | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let admin: Client;
let api: Client;
let anonymous: Client;

/** Retries `check` until it passes or `timeoutMs` is over (then its last failure is thrown). */
const eventually = async <T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
};

const publish = async (modelId: string): Promise<string> => {
  const created = await api.post<{ data: { documentId: string } }>('/api/spaces', {
    data: { title: uniqueTitle('Events'), tour: modelId },
  });
  expect(created.status).toBe(201);
  return created.body.data.documentId;
};

const rest = async (documentId: string): Promise<Delivered> => {
  const res = await anonymous.get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`);
  expect(res.status).toBe(200);
  return res.body.data.tour;
};

const viaGraphql = async (documentId: string): Promise<Delivered> => {
  const res = await graphql<{ space: { tour: Delivered } }>(
    (strapi as StrapiProcess).url,
    `
      query ($id: ID!) {
        space(documentId: $id) {
          tour
        }
      }
    `,
    { id: documentId }
  );
  expect(res.body.errors).toBeUndefined();
  return (res.body.data as { space: { tour: Delivered } }).space.tour;
};

const errorCode = (value: Delivered): string | null =>
  (value as { error?: { code: string } | null }).error?.code ?? null;

const modelEventAudits = async (): Promise<number> => {
  const res = await admin.get<GetAudit.Response>('/matterport/audit?action=model.event&pageSize=1');
  expect(res.status).toBe(200);
  return res.body.meta.pagination.total;
};

const updatesFor = (modelId: string): ReceivedWebhook[] =>
  receiver.received.filter((w) => w.body.event === UPDATE && w.body.modelId === modelId);

const waitForUpdate = (modelId: string, type: string): Promise<ReceivedWebhook> =>
  receiver.waitFor(
    (w) => w.body.event === UPDATE && w.body.modelId === modelId && w.body.type === type,
    5000,
    `${UPDATE} ${type} for ${modelId}`
  );

/** The deliveries of one model's events, once every one under way has been posted. */
const deliveriesOf = async (modelId: string) =>
  (await control.webhookDeliveries(true)).filter((d) => d.payload.modelId === modelId);

const register = (body?: Record<string, unknown>) =>
  admin.post<{ data: ModelEventsView }>('/matterport/connections/default/events', body);

const mintsNow = async () => (await control.counters()).mints;

beforeAll(async () => {
  const { origin } = await sandbox.start(0);
  control = new SandboxControl(origin);
  receiver = await startWebhookReceiver();
  database = await createTestDatabase('model-events');
  const port = await freePort();
  strapi = await startStrapi({
    name: 'model-events',
    databaseEnv: database.env,
    sandboxOrigin: origin,
    port,
    env: { NODE_ENV: 'development', PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
  await registerAdmin(strapi.url);
  const jwt = await login(strapi.url, ADMIN.email, ADMIN.password);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  anonymous = client(strapi.url);
  expect(
    (await admin.put('/matterport/settings', { ...CLIENT, defaultValidFor: '1h' })).status
  ).toBe(200);
  const hook = await admin.post('/admin/webhooks', {
    name: 'matterport model updates',
    url: receiver.url,
    headers: {},
    events: [UPDATE],
  });
  expect(hook.status).toBe(201);
});

afterAll(async () => {
  await strapi?.stop();
  await database?.drop();
  await receiver?.close();
  await sandbox.stop();
});

describe('registration', () => {
  test('unregistered at first; registering creates a callback at Matterport with the public URL', async () => {
    const before = await admin.get<{ data: ModelEventsView }>(
      '/matterport/connections/default/events'
    );
    expect(before.status).toBe(200);
    expect(before.body.data).toMatchObject({ registered: false, registrationId: null });

    const res = await register();
    expect(res.status).toBe(200);
    const callbackUrl = `${(strapi as StrapiProcess).url}/api/matterport/events`;
    expect(res.body.data).toMatchObject({
      connection: 'default',
      registered: true,
      callbackUrl,
      credType: 'basic',
      registeredBy: expect.any(String),
    });
    const atMatterport = await control.webhooks();
    expect(atMatterport).toEqual([
      expect.objectContaining({
        id: res.body.data.registrationId,
        url: callbackUrl,
        version: 2,
        credType: 'basic',
      }),
    ]);
    // The callback's secret is in no answer.
    expect(JSON.stringify(res.body)).not.toMatch(/secret/i);
  });

  test('an unknown connection is a 404 and registers nothing', async () => {
    const res = await admin.post('/matterport/connections/nowhere/events');
    expect(res.status).toBe(404);
    expect(await control.webhooks()).toHaveLength(1);
  });
});

describe('a space deleted at Matterport', () => {
  const entries: string[] = [];

  beforeAll(async () => {
    entries.push(await publish(GONE), await publish(GONE));
    // Both delivered with a link first: the links exist at Matterport.
    for (const id of entries) expect(errorCode(await rest(id))).toBeNull();
    await control.changeModel(GONE, { change: 'delete' });
  });

  test('its links are revoked at Matterport within 5 s', async () => {
    await eventually(async () => {
      const tokens = (await control.embedTokens()).filter((t) => t.modelIds.includes(GONE));
      expect(tokens.length).toBeGreaterThan(0);
      expect(tokens.map((t) => t.status)).toEqual(tokens.map(() => 'revoked'));
    });
  });

  test('REST and GraphQL deliver MATTERPORT_MODEL_GONE, and nothing is minted', async () => {
    await eventually(async () =>
      expect(errorCode(await rest(entries[0] as string))).toBe('MATTERPORT_MODEL_GONE')
    );
    const mints = await mintsNow();
    for (const id of entries) {
      expect(errorCode(await rest(id))).toBe('MATTERPORT_MODEL_GONE');
      expect(errorCode(await viaGraphql(id))).toBe('MATTERPORT_MODEL_GONE');
    }
    // The activation route (issue 27) of a published value of it refuses it too.
    const { activate } = (await rest(entries[0] as string)) as { activate?: { url: string } };
    const activation = await request<{ error: { details: { code: string } } }>(
      'GET',
      (activate as { url: string }).url
    );
    expect(activation.status).toBe(410);
    expect(activation.body.error.details.code).toBe('MATTERPORT_MODEL_GONE');
    // And so does the editor's preview.
    const preview = await admin.post<{ error: { details: { code: string } } }>(
      `/matterport/models/${GONE}/preview-link`
    );
    expect(preview.status).toBe(410);
    expect(preview.body.error.details.code).toBe('MATTERPORT_MODEL_GONE');
    expect(await mintsNow()).toBe(mints);
  });

  test('the Strapi webhook says what happened', async () => {
    const hook = await waitForUpdate(GONE, 'deleted');
    expect(hook.body).toMatchObject({
      event: UPDATE,
      modelId: GONE,
      connection: 'default',
      type: 'deleted',
      state: 'deleted',
    });
    expect(hook.raw).not.toMatch(/secret/i);
  });

  // Needs the where-used index (issue 28 item 1) to list the entries.
  test('where used lists both entries, in the route and in the webhook', async () => {
    const usage = await admin.get<{ data: UsageResponse }>(
      `/matterport/models/${GONE}/usage?connection=default`
    );
    expect(usage.status).toBe(200);
    // Each entry is listed once per version that holds the space (its draft and its published version).
    const published = usage.body.data.entries.filter((e) => e.status === 'published');
    expect(published.map((e) => e.documentId).sort()).toEqual([...entries].sort());
    expect(usage.body.data.totals.published).toBe(2);
    const distinct = (list: Array<{ documentId: string }>) =>
      [...new Set(list.map((e) => e.documentId))].sort();
    expect(distinct(usage.body.data.entries)).toEqual([...entries].sort());
    const hook = await waitForUpdate(GONE, 'deleted');
    expect(distinct(hook.body.entries as Array<{ documentId: string }>)).toEqual(
      [...entries].sort()
    );
  });

  test('restored, it is delivered again', async () => {
    await control.changeModel(GONE, { change: 'restore' });
    await eventually(async () => expect(errorCode(await rest(entries[0] as string))).toBeNull());
    expect(errorCode(await viaGraphql(entries[1] as string))).toBeNull();
    const hook = await waitForUpdate(GONE, 'restored');
    expect(hook.body).toMatchObject({ state: 'active' });
  });
});

describe('the receiver', () => {
  test('wrong or missing credentials: 401, and nothing changes', async () => {
    const entry = await publish(AUTH);
    const audits = await modelEventAudits();
    const payload = {
      modelId: AUTH,
      version: 2,
      webhookId: 'forged',
      webhookCustomKey: null,
      timestamp: new Date().toISOString(),
      type: 'deleted',
      body: {},
    };
    const url = `${(strapi as StrapiProcess).url}/api/matterport/events`;
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: `Basic ${Buffer.from('strapi:wrong').toString('base64')}` },
      { authorization: 'Bearer wrong' },
    ];
    for (const headers of attempts) {
      const res = await request('POST', url, { body: payload, headers });
      expect(res.status).toBe(401);
      expect(res.text).not.toMatch(/x-strapi-matterport/);
    }
    expect(errorCode(await rest(entry))).toBeNull();
    expect(await modelEventAudits()).toBe(audits);
    expect(updatesFor(AUTH)).toEqual([]);
  });

  test('a replayed event answers 200 and changes nothing', async () => {
    const entry = await publish(REPLAY);
    await control.changeModel(REPLAY, { change: 'deactivate' });
    await waitForUpdate(REPLAY, 'activation_state_changed');
    await control.changeModel(REPLAY, { change: 'activate' });
    await eventually(async () => expect(errorCode(await rest(entry))).toBeNull());
    const [deactivation] = await deliveriesOf(REPLAY);
    const audits = await modelEventAudits();
    // The deactivation again, byte for byte: it must not make the space gone again.
    const replayed = await control.replayDelivery(deactivation?.index as number);
    expect(replayed.status).toBe(200);
    expect(errorCode(await rest(entry))).toBeNull();
    expect(await modelEventAudits()).toBe(audits);
    expect(updatesFor(REPLAY)).toHaveLength(2);
  });

  test('an oversized event is refused with 413', async () => {
    const res = await request('POST', `${(strapi as StrapiProcess).url}/api/matterport/events`, {
      body: { modelId: AUTH, padding: 'x'.repeat(70 * 1024) },
    });
    expect(res.status).toBe(413);
  });
});

describe('sandbox modes', () => {
  afterEach(async () => {
    await control.setModes({
      webhookTokenCredentials: 'header',
      webhookDuplicates: 'once',
      webhookOrder: 'in-order',
      webhookTimestamp: 'iso',
      activationBody: 'state',
    });
  });

  test('webhookDuplicates twice: the second copy changes nothing', async () => {
    await control.setModes({ webhookDuplicates: 'twice' });
    const audits = await modelEventAudits();
    await control.changeModel(DUPLICATE, { change: 'visibility', accessVisibility: 'public' });
    const deliveries = await deliveriesOf(DUPLICATE);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(await modelEventAudits()).toBe(audits + 1);
    expect(updatesFor(DUPLICATE)).toHaveLength(1);
  });

  test('webhookOrder reversed: the older deactivation arriving last is not applied', async () => {
    await control.setModes({ webhookOrder: 'reversed' });
    const entry = await publish(ORDER);
    expect(errorCode(await rest(entry))).toBeNull();
    await control.changeModel(ORDER, { change: 'deactivate' }, { change: 'activate' });
    const deliveries = await deliveriesOf(ORDER);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(errorCode(await rest(entry))).toBeNull();
    expect(updatesFor(ORDER).map((w) => w.body.state)).toEqual(['active']);
  });

  test('webhookTimestamp epoch-ms: read and applied', async () => {
    await control.setModes({ webhookTimestamp: 'epoch-ms' });
    await control.changeModel(EPOCH, { change: 'visibility', accessVisibility: 'unlisted' });
    const hook = await waitForUpdate(EPOCH, 'visibility_changed');
    expect(hook.body).toMatchObject({ visibility: 'unlisted', state: 'active' });
  });

  test('activationBody active-flag: archived is gone, active again is delivered', async () => {
    await control.setModes({ activationBody: 'active-flag' });
    const entry = await publish(FLAG);
    expect(errorCode(await rest(entry))).toBeNull();
    await control.changeModel(FLAG, { change: 'deactivate' });
    await eventually(async () =>
      expect(errorCode(await rest(entry))).toBe('MATTERPORT_MODEL_GONE')
    );
    await control.changeModel(FLAG, { change: 'activate' });
    await eventually(async () => expect(errorCode(await rest(entry))).toBeNull());
  });

  test.each([
    ['header', TOKEN_HEADER],
    ['bearer', TOKEN_BEARER],
  ] as const)('webhookTokenCredentials %s: token credentials are accepted', async (mode, model) => {
    const res = await register({ credType: 'token' });
    expect(res.status).toBe(200);
    expect(res.body.data.credType).toBe('token');
    // Registering again replaced the previous callback.
    expect(await control.webhooks()).toHaveLength(1);
    await control.setModes({ webhookTokenCredentials: mode });
    const entry = await publish(model as string);
    await control.changeModel(model as string, { change: 'delete' });
    await eventually(async () =>
      expect(errorCode(await rest(entry))).toBe('MATTERPORT_MODEL_GONE')
    );
  });
});

describe('visibility changed at Matterport', () => {
  test('a published space made public shows in the health panel with its entry', async () => {
    expect(MADE_PUBLIC).toMatch(/^[A-Za-z0-9]{11}$/);
    const entry = await publish(MADE_PUBLIC);
    expect(errorCode(await rest(entry))).toBeNull();
    const exposedNow = async () => {
      const res = await admin.get<{ data: HealthView }>('/matterport/health');
      expect(res.status).toBe(200);
      return res.body.data.privacy?.exposed ?? [];
    };
    expect((await exposedNow()).map((v) => v.space.modelId)).not.toContain(MADE_PUBLIC);

    await control.changeModel(MADE_PUBLIC, { change: 'visibility', accessVisibility: 'public' });
    const hook = await waitForUpdate(MADE_PUBLIC, 'visibility_changed');
    expect(hook.body).toMatchObject({ visibility: 'public', state: 'active' });
    const listed = await eventually(async () => {
      const found = (await exposedNow()).find((v) => v.space.modelId === MADE_PUBLIC);
      expect(found).toBeDefined();
      return found as PrivacySpaceView;
    });
    expect(listed.space).toMatchObject({ connection: 'default', visibility: 'public' });
    expect(listed.published).toBe(1);
    expect(listed.entries.map((e) => e.documentId)).toEqual([entry]);
  });
});

describe('details and unregistration', () => {
  test('details_changed: the new name is in the webhook', async () => {
    await control.changeModel(DETAILS, { change: 'details', name: 'Renamed at Matterport' });
    const hook = await waitForUpdate(DETAILS, 'details_changed');
    expect(hook.body).toMatchObject({ name: 'Renamed at Matterport', state: 'active' });
  });

  test('removing a connection removes its callback at Matterport', async () => {
    const second = { clientId: 'model-events-second', clientSecret: 'model-events-second-2468' };
    await control.registerClient(second);
    const created = await admin.post('/matterport/connections', {
      id: 'branch',
      name: 'Branch',
      ...second,
    });
    expect(created.status).toBe(201);
    const registered = await admin.post<{ data: ModelEventsView }>(
      '/matterport/connections/branch/events'
    );
    expect(registered.status).toBe(200);
    expect(registered.body.data.callbackUrl).toBe(
      `${(strapi as StrapiProcess).url}/api/matterport/events/branch`
    );
    expect((await control.webhooks()).map((w) => w.id)).toContain(
      registered.body.data.registrationId
    );
    expect((await admin.del('/matterport/connections/branch')).status).toBe(200);
    expect((await control.webhooks()).map((w) => w.id)).not.toContain(
      registered.body.data.registrationId
    );
  });

  test('unregistering removes the callback at Matterport and here', async () => {
    const res = await admin.del<{ data: ModelEventsView }>(
      '/matterport/connections/default/events'
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ registered: false, registrationId: null });
    expect(await control.webhooks()).toEqual([]);
  });
});
