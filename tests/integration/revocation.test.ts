import type { LinkView, RevokeResponse } from '../../common/contracts/links';
import { SandboxControl } from '../../sandbox/src';
import { createApiToken, registerAdmin } from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { statusOf, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/** Automatic revocation: revokeOnUnpublish, and revoking what older credentials minted. */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `revocation-${Date.now()}`, clientSecret: 'revocation-secret-01' };
const M = 'yopBRDqxfR4';
const N = '8BeOIQt5L57';

let db: TestDatabase;
let strapi: StrapiProcess;
let admin: Client;
let api: Client;

const create = async (title: string, tour: string) =>
  (await api.post<{ data: { documentId: string } }>('/api/spaces', { data: { title, tour } })).body
    .data.documentId;
const read = async (documentId: string) =>
  (await client(strapi.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)).body
    .data.tour;
const unpublish = (documentId: string) =>
  admin.post(
    `/content-manager/collection-types/api::space.space/${documentId}/actions/unpublish`,
    {}
  );

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('revocation');
  strapi = await startStrapi({
    name: 'revocation',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: { revokeOnUnpublish: true },
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
});

/**
 * The status Matterport reports for a token once it is revoked, or after `ms`. The Content
 * Manager unpublishes and deletes inside a transaction: links recorded by then are revoked
 * before it answers, and a link minted a few milliseconds before (its ledger row still on its
 * way) right after the commit (README, "Several Strapi processes").
 */
const statusSoon = async (accessToken: string, ms = 5000): Promise<string> => {
  const deadline = Date.now() + ms;
  let status = await statusOf(ctx.sandboxOrigin, accessToken);
  while (status !== 'revoked' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    status = await statusOf(ctx.sandboxOrigin, accessToken);
  }
  return status;
};

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

test('unpublishing the only entry that uses a model revokes its links; a model still used elsewhere keeps them', async () => {
  const only = await create('Only M', M);
  const first = await create('First N', N);
  const second = await create('Second N', N);
  const linkM = await read(only);
  const linkN = await read(first);
  expect(await statusOf(ctx.sandboxOrigin, linkM.accessToken as string)).toBe('valid');

  expect((await unpublish(only)).status).toBe(200);
  expect(await statusSoon(linkM.accessToken as string)).toBe('revoked');

  expect((await unpublish(first)).status).toBe(200);
  expect(await statusOf(ctx.sandboxOrigin, linkN.accessToken as string)).toBe('valid');
  expect((await read(second)).link).toBe(linkN.link);

  // Deleting the last published user of N revokes N's links too.
  expect(
    (await admin.del(`/content-manager/collection-types/api::space.space/${second}`)).status
  ).toBe(200);
  expect(await statusSoon(linkN.accessToken as string)).toBe('revoked');
});

test('after a rotation, the links minted with the previous credentials can be revoked at once', async () => {
  const documentId = await create('Rotated', M);
  const before = await read(documentId);
  expect(await statusOf(ctx.sandboxOrigin, before.accessToken as string)).toBe('valid');
  const fresh = await sandbox.resetClientSecret(credentials.clientId);
  expect((await admin.put('/matterport/settings', { clientSecret: fresh })).status).toBe(200);
  const res = await admin.post<{ meta: { revoked: number } }>(
    '/matterport/links/revoke-previous-credentials'
  );
  expect(res.status).toBe(200);
  expect(res.body.meta.revoked).toBeGreaterThanOrEqual(1);
  expect(await statusOf(ctx.sandboxOrigin, before.accessToken as string)).toBe('revoked');
  const after = await read(documentId);
  expect(after.link).not.toBe(before.link);
  expect(await statusOf(ctx.sandboxOrigin, after.accessToken as string)).toBe('valid');
  // The links of the current credentials are kept.
  const again = await admin.post<{ meta: { revoked: number } }>(
    '/matterport/links/revoke-previous-credentials'
  );
  expect(again.body.meta.revoked).toBe(0);
  expect(await statusOf(ctx.sandboxOrigin, after.accessToken as string)).toBe('valid');
});

/**
 * README, "Revocation is told truthfully": a row is marked revoked when Matterport answers
 * `not.found` for a token the SAME client ID minted (it is gone already); for a token another
 * client ID minted, `not.found` is a refusal (REVOKE_FOREIGN_TOKEN) and the row stays usable.
 * The sandbox's `revokeAnswer: 'not.found'` says not.found for live tokens, so each half of the
 * rule can fail: counting every not.found as revoked, or none of them.
 */
describe('Matterport answering not.found for a live token', () => {
  const stamp = Date.now();
  const OWN = { clientId: `revocation-own-${stamp}`, clientSecret: 'revocation-own-secret-01' };
  const FOREIGN = {
    clientId: `revocation-foreign-${stamp}`,
    clientSecret: 'revocation-foreign-secret-01',
  };
  const OWN_MODEL = 'v920G39TU0d';
  const FOREIGN_MODEL = 'lnYwsGgr4EW';
  const MIXED_OWN = 'zzl7789dBhJ';
  const MIXED_FOREIGN = '1eR0Y7wVmpa';

  const use = async (c: { clientId: string; clientSecret: string }) =>
    expect((await admin.put('/matterport/settings', c)).status).toBe(200);
  /** Creates an entry of `modelId`, reads it with `minter`'s credentials, answers its ledger row. */
  const mintWith = async (minter: typeof OWN, modelId: string) => {
    await use(minter);
    const documentId = await create(`not.found ${modelId}`, modelId);
    const delivered = await read(documentId);
    expect(typeof delivered.accessToken).toBe('string');
    const rows = await admin.get<{ data: LinkView[] }>(`/matterport/links?modelId=${modelId}`);
    const row = rows.body.data.find(
      (l) => l.tokenHint === (delivered.accessToken as string).slice(-4)
    );
    expect(row).toBeDefined();
    return Object.assign(row as LinkView, { documentId, accessToken: delivered.accessToken });
  };
  const rowById = async (modelId: string, id: number) =>
    (await admin.get<{ data: LinkView[] }>(`/matterport/links?modelId=${modelId}`)).body.data.find(
      (l) => l.id === id
    ) as LinkView;

  beforeAll(async () => {
    await sandbox.registerClient(OWN);
    await sandbox.registerClient(FOREIGN);
  });
  afterEach(async () => {
    await sandbox.setModes({ revokeAnswer: 'true', foreignRevoke: 'accept' });
  });

  test('for a token the same client ID minted: recorded revoked, and no longer delivered', async () => {
    const row = await mintWith(OWN, OWN_MODEL);
    expect((await sandbox.setModes({ revokeAnswer: 'not.found' })).revokeAnswer).toBe('not.found');
    const res = await admin.post<{ data: LinkView }>(`/matterport/links/${row.id}/revoke`);
    expect(res.status).toBe(200);
    expect(res.body.data.revokedAt).not.toBeNull();
    const after = await rowById(OWN_MODEL, row.id);
    expect(after.revokedAt).not.toBeNull();
    expect(after.active).toBe(false);
    expect(after.revokeError ?? null).toBeNull();
    const next = await read(row.documentId);
    expect(typeof next.accessToken).toBe('string');
    expect(next.accessToken).not.toBe(row.accessToken);
  });

  test('for a token another client ID minted: a failure (REVOKE_FOREIGN_TOKEN), the row stays usable', async () => {
    const row = await mintWith(FOREIGN, FOREIGN_MODEL);
    await use(OWN);
    await sandbox.setModes({ revokeAnswer: 'not.found' });
    const res = await admin.post<{ error: { details: { code: string } } }>(
      `/matterport/links/${row.id}/revoke`
    );
    expect(res.status).not.toBe(200);
    expect(res.body.error.details.code).toBe('REVOKE_FOREIGN_TOKEN');
    const after = await rowById(FOREIGN_MODEL, row.id);
    expect(after.revokedAt).toBeNull();
    expect(after.active).toBe(true);
    expect(after.revokeError?.code).toBe('REVOKE_FOREIGN_TOKEN');
  });

  test('both in one revocation: the own token revoked, the foreign one failed, and meta says so', async () => {
    const own = await mintWith(OWN, MIXED_OWN);
    const foreign = await mintWith(FOREIGN, MIXED_FOREIGN);
    await use(OWN);
    await sandbox.setModes({ revokeAnswer: 'not.found' });
    const res = await admin.post<RevokeResponse>('/matterport/links/revoke', {
      filter: { ids: [own.id, foreign.id] },
    });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ matched: 2, revoked: 1, failed: 1 });
    expect(res.body.data.revoked.map((l) => l.id)).toEqual([own.id]);
    expect(res.body.data.failed.map((f) => [f.link.id, f.error.code])).toEqual([
      [foreign.id, 'REVOKE_FOREIGN_TOKEN'],
    ]);
  });
});
