import type { GetLinks, LinkView, RevokeResponse } from '../../common/contracts/links';
import { SandboxControl } from '../../sandbox/src';
import { createApiToken, registerAdmin } from '../harness/admin';
import { uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';
import { startWebhookReceiver, type ReceivedWebhook } from '../harness/webhooks';

/**
 * `matterport.link.revoke` for every way an admin revokes (README, "Webhooks": `{ actor, scope:
 * link|model|previous-credentials|filter|unpublish, modelIds, counts: { revoked, failed, unrecorded },
 * outcome: revoked|partial|failed|none, failures: [{ id, modelId, code, connection }] }`), and the answers'
 * `meta` (`matched`, `revoked`, `failed`) beside them, for all-revoked, partial and all-failed
 * outcomes. A failure is made with a token of another client ID while Matterport refuses those
 * (sandbox `foreignRevoke: 'refuse'`). NODE_ENV=development: Strapi's admin API refuses webhook
 * URLs on loopback in production.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const stamp = Date.now();
const OWN = { clientId: `hooks-own-${stamp}`, clientSecret: 'hooks-own-secret-0001' };
const FOREIGN = { clientId: `hooks-foreign-${stamp}`, clientSecret: 'hooks-foreign-secret-01' };
const EVENT = 'matterport.link.revoke';

let db: TestDatabase;
let strapi: StrapiProcess;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let admin: Client;
let api: Client;
/** Links whose revocation was refused above: still usable, so "every active link" includes them. */
const refusedRows: LinkView[] = [];

type RevokeHook = {
  event: string;
  scope: string;
  modelIds: string[];
  counts: { revoked: number; failed: number; unrecorded: number };
  outcome: string;
  failures: Array<{ id: number; modelId: string; code: string; connection: string }>;
};

const use = async (c: typeof OWN) =>
  expect((await admin.put('/matterport/settings', c)).status).toBe(200);

/** An entry of `modelId` read once (a delivery link minted with the current credentials): its ledger row. */
const deliver = async (modelId: string): Promise<LinkView> => {
  const created = await api.post<{ data: { documentId: string } }>('/api/spaces', {
    data: { title: uniqueTitle('Hook'), tour: modelId },
  });
  expect(created.status).toBe(201);
  const read = await client(strapi.url).get<{ data: { tour: Delivered } }>(
    `/api/spaces/${created.body.data.documentId}`
  );
  const token = read.body.data.tour.accessToken as string;
  expect(typeof token).toBe('string');
  const rows = await admin.get<GetLinks.Response>(`/matterport/links?modelId=${modelId}`);
  const row = rows.body.data.find((l) => l.tokenHint === token.slice(-4));
  expect(row).toBeDefined();
  return row as LinkView;
};

/** An editor preview of `modelId` (a second link of the model, purpose preview): its ledger row. */
const preview = async (modelId: string): Promise<LinkView> => {
  expect((await admin.post(`/matterport/models/${modelId}/preview-link`)).status).toBe(200);
  const rows = await admin.get<GetLinks.Response>(
    `/matterport/links?modelId=${modelId}&purpose=preview&status=active`
  );
  expect(rows.body.data).toHaveLength(1);
  return rows.body.data[0];
};

/** The one revoke webhook of this scope that names exactly these models. */
const hookFor = async (scope: string, modelIds: string[]): Promise<RevokeHook> => {
  const wanted = [...modelIds].sort();
  const hook = await receiver.waitFor(
    (w: ReceivedWebhook) =>
      w.body.event === EVENT &&
      w.body.scope === scope &&
      JSON.stringify([...(w.body.modelIds as string[])].sort()) === JSON.stringify(wanted),
    15_000,
    `${EVENT} (${scope}) for ${wanted.join(', ')}`
  );
  return hook.body as unknown as RevokeHook;
};

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  await sandbox.registerClient(OWN);
  await sandbox.registerClient(FOREIGN);
  db = await createTestDatabase('revoke-hooks');
  strapi = await startStrapi({
    name: 'revoke-hooks',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    env: { NODE_ENV: 'development' },
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  const hook = await admin.post('/admin/webhooks', {
    name: 'matterport revocations',
    url: receiver.url,
    headers: {},
    events: [EVENT],
  });
  expect(hook.status).toBe(201);
  await use(OWN);
});

afterEach(async () => {
  await sandbox.setModes({ foreignRevoke: 'accept' });
});

afterAll(async () => {
  await sandbox.setModes({ foreignRevoke: 'accept' });
  await strapi?.stop();
  await db?.drop();
  await receiver?.close();
});

test('one link: scope link, the model, 1 revoked, outcome revoked, no failures', async () => {
  const row = await deliver('WziSQO0ORu7');
  expect((await admin.post(`/matterport/links/${row.id}/revoke`)).status).toBe(200);
  expect(await hookFor('link', ['WziSQO0ORu7'])).toMatchObject({
    scope: 'link',
    modelIds: ['WziSQO0ORu7'],
    counts: { revoked: 1, failed: 0 },
    outcome: 'revoked',
    failures: [],
  });
});

test('one link Matterport refuses: outcome failed, the failure named with its code', async () => {
  await use(FOREIGN);
  const row = await deliver('XddYUqNaTWl');
  await use(OWN);
  await sandbox.setModes({ foreignRevoke: 'refuse' });
  expect((await admin.post(`/matterport/links/${row.id}/revoke`)).status).not.toBe(200);
  expect(await hookFor('link', ['XddYUqNaTWl'])).toMatchObject({
    modelIds: ['XddYUqNaTWl'],
    counts: { revoked: 0, failed: 1 },
    outcome: 'failed',
    failures: [{ id: row.id, modelId: 'XddYUqNaTWl', code: 'REVOKE_FOREIGN_TOKEN' }],
  });
  refusedRows.push(row);
});

test("a model's links: scope model, both links counted, outcome revoked; meta agrees", async () => {
  const model = 'AHaxI9GRBzD';
  await deliver(model);
  await preview(model);
  const res = await admin.post<RevokeResponse>(`/matterport/models/${model}/revoke-links`);
  expect(res.status).toBe(200);
  expect(res.body.meta).toEqual({ matched: 2, revoked: 2, failed: 0 });
  expect(await hookFor('model', [model])).toMatchObject({
    modelIds: [model],
    counts: { revoked: 2, failed: 0 },
    outcome: 'revoked',
    failures: [],
  });
});

test("a model's links, some refused: outcome partial; meta, answer and payload name the failed one", async () => {
  const model = 'dqhBZIb8Ntn';
  const own = await deliver(model);
  await use(FOREIGN);
  const foreign = await preview(model);
  await use(OWN);
  await sandbox.setModes({ foreignRevoke: 'refuse' });
  const res = await admin.post<RevokeResponse>(`/matterport/models/${model}/revoke-links`);
  expect(res.status).toBe(200);
  expect(res.body.meta).toEqual({ matched: 2, revoked: 1, failed: 1 });
  expect(res.body.data.revoked.map((l) => l.id)).toEqual([own.id]);
  expect(res.body.data.failed.map((f) => [f.link.id, f.error.code])).toEqual([
    [foreign.id, 'REVOKE_FOREIGN_TOKEN'],
  ]);
  expect(await hookFor('model', [model])).toMatchObject({
    modelIds: [model],
    counts: { revoked: 1, failed: 1 },
    outcome: 'partial',
    failures: [{ id: foreign.id, modelId: model, code: 'REVOKE_FOREIGN_TOKEN' }],
  });
  refusedRows.push(foreign);
});

test('a filter over two models, one link refused: scope filter, both models, outcome partial', async () => {
  const kept = await deliver('ihngBuuO68J');
  await use(FOREIGN);
  const refused = await deliver('yopBRDqxfR4');
  await use(OWN);
  await sandbox.setModes({ foreignRevoke: 'refuse' });
  const res = await admin.post<RevokeResponse>('/matterport/links/revoke', {
    filter: { ids: [kept.id, refused.id] },
  });
  expect(res.status).toBe(200);
  expect(res.body.meta).toEqual({ matched: 2, revoked: 1, failed: 1 });
  const hook = await hookFor('filter', ['ihngBuuO68J', 'yopBRDqxfR4']);
  expect(hook.counts).toEqual({ revoked: 1, failed: 1, unrecorded: 0 });
  expect(hook.outcome).toBe('partial');
  expect(hook.failures).toEqual([
    // Issue 26: each failure names the connection whose link it was.
    { id: refused.id, modelId: 'yopBRDqxfR4', code: 'REVOKE_FOREIGN_TOKEN', connection: 'default' },
  ]);
  refusedRows.push(refused);
});

test('every usable link (filter {}): one event naming every model, the refused links retried too', async () => {
  const fresh = [await deliver('8BeOIQt5L57'), await deliver('v920G39TU0d')];
  // Still usable: the two fresh links and the three refused above (README: a failed revocation
  // leaves the link usable, and it can be revoked again). Matterport accepts them now.
  const usable = [...fresh, ...refusedRows];
  expect(refusedRows).toHaveLength(3);
  const expectedIds = usable.map((l) => l.id).sort((a, b) => a - b);
  const res = await admin.post<RevokeResponse>('/matterport/links/revoke', { filter: {} });
  expect(res.status).toBe(200);
  expect(res.body.meta).toEqual({ matched: 5, revoked: 5, failed: 0 });
  expect(res.body.data.revoked.map((l) => l.id).sort((a, b) => a - b)).toEqual(expectedIds);
  const hook = await hookFor('filter', [
    '8BeOIQt5L57',
    'v920G39TU0d',
    'XddYUqNaTWl',
    'dqhBZIb8Ntn',
    'yopBRDqxfR4',
  ]);
  expect(hook.counts).toEqual({ revoked: 5, failed: 0, unrecorded: 0 });
  expect(hook.outcome).toBe('revoked');
  expect(hook.failures).toEqual([]);
  expect((await admin.get<GetLinks.Response>('/matterport/links?status=active')).body.data).toEqual(
    []
  );
});

test('nothing to revoke: no link touched, and the answer says 0 of 0', async () => {
  const res = await admin.post<RevokeResponse>('/matterport/links/revoke', { filter: {} });
  expect(res.status).toBe(200);
  expect(res.body.meta).toEqual({ matched: 0, revoked: 0, failed: 0 });
});
