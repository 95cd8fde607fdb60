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
