import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import type { GetLinks } from '../../common/contracts/links';
import type { GetAudit } from '../../common/contracts/ops';
import type { SettingsView } from '../../common/contracts/settings';
import { ADMIN, createAdminUser, createApiToken, findRole, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { refuseWrites } from '../harness/refuse';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * Who did what (issue 24 point 3): the audit trail, the ledger's revokedBy and the settings
 * name an admin by what they cannot change to someone else's (their id and email), with the
 * display name they had beside it, cut to fit the database's varchar(255). An admin who
 * renames themselves to another admin's name is still told apart; a display name of 401
 * characters (a 250-character first name, as long as Strapi's own column holds on PostgreSQL
 * and MariaDB, and a 150-character last name) is recorded, not lost. And a change whose
 * audit entry the database refuses is not made.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `actors-${Date.now()}`, clientSecret: 'actors-secret-000001' };
const MODELS = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo)
  .slice(0, 4)
  .map((m) => m.id);

const LONG_FIRST = `Bartholomew${'x'.repeat(239)}`;
const LONG_LAST = `Longname${'y'.repeat(142)}`;
/** What the record keeps of the 401-character name: its first 119 characters and an ellipsis. */
const LONG_RECORDED = `${`${LONG_FIRST} ${LONG_LAST}`.slice(0, 119)}…`;

let db: TestDatabase;
let strapi: StrapiProcess;
let ada: Client;
let mallory: Client;
let long: Client;
let api: Client;
const ids: Record<'ada' | 'mallory' | 'long', number> = { ada: 0, mallory: 0, long: 0 };

const me = async (as: Client): Promise<number> =>
  (await as.get<{ data: { id: number } }>('/admin/users/me')).body.data.id;

/** Reads the entry holding `model` once, so its link is minted and recorded; answers the ledger row id. */
const mintedLink = async (model: string): Promise<{ id: number; delivered: Delivered }> => {
  const { documentId } = await createSpace(api, { title: uniqueTitle('Actors'), tour: model });
  const delivered = (
    await client(strapi.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)
  ).body.data.tour;
  expect(typeof delivered.link).toBe('string');
  const listed = await ada.get<GetLinks.Response>(`/matterport/links?modelId=${model}`);
  expect(listed.body.data).toHaveLength(1);
  return { id: listed.body.data[0].id, delivered };
};

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('actors');
  strapi = await startStrapi({
    name: 'actors',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
  });
  const jwt = await registerAdmin(strapi.url);
  ada = client(strapi.url, jwt);
  const superAdmin = await findRole(strapi.url, jwt, 'strapi-super-admin');
  mallory = client(
    strapi.url,
    await createAdminUser(strapi.url, jwt, 'mallory@example.com', [superAdmin.id])
  );
  long = client(
    strapi.url,
    await createAdminUser(strapi.url, jwt, 'long@example.com', [superAdmin.id])
  );
  // Mallory takes Ada's display name; the other admin a 401-character one.
  expect(
    (await mallory.put('/admin/users/me', { firstname: ADMIN.firstname, lastname: ADMIN.lastname }))
      .status
  ).toBe(200);
  expect(
    (await long.put('/admin/users/me', { firstname: LONG_FIRST, lastname: LONG_LAST })).status
  ).toBe(200);
  ids.ada = await me(ada);
  ids.mallory = await me(mallory);
  ids.long = await me(long);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
});

afterAll(async () => {
  await strapi?.stop();
  await db?.drop();
});

const ADA = () => ({ actor: 'Ada Admin', actorId: ids.ada, actorEmail: 'ada@example.com' });
const MALLORY = () => ({
  actor: 'Ada Admin',
  actorId: ids.mallory,
  actorEmail: 'mallory@example.com',
});
const LONG = () => ({ actor: LONG_RECORDED, actorId: ids.long, actorEmail: 'long@example.com' });

test('settings changes and revocations by three admins, two of them sharing a name, are each recorded with the right admin', async () => {
  // Ada configures; Mallory (named "Ada Admin") and the long-named admin change the settings.
  expect((await ada.put('/matterport/settings', credentials)).status).toBe(200);
  expect((await mallory.put('/matterport/settings', { defaultValidFor: '2h' })).status).toBe(200);
  const fresh = await sandbox.resetClientSecret(credentials.clientId);
  expect((await long.put('/matterport/settings', { clientSecret: fresh })).status).toBe(200);
  credentials.clientSecret = fresh;

  // Each of them revokes a link.
  const links = [
    await mintedLink(MODELS[0]),
    await mintedLink(MODELS[1]),
    await mintedLink(MODELS[2]),
  ];
  expect((await ada.post(`/matterport/links/${links[0].id}/revoke`)).status).toBe(200);
  expect((await mallory.post(`/matterport/links/${links[1].id}/revoke`)).status).toBe(200);
  expect((await long.post(`/matterport/links/${links[2].id}/revoke`)).status).toBe(200);

  // The audit trail, newest first: every change, each with the admin who made it.
  const audit = await ada.get<GetAudit.Response>('/matterport/audit?pageSize=100');
  expect(audit.status).toBe(200);
  expect(
    audit.body.data
      .filter((e) => e.action === 'settings.update' || e.action === 'link.revoke')
      .map((e) => ({
        action: e.action,
        actor: e.actor,
        actorId: e.actorId,
        actorEmail: e.actorEmail,
      }))
  ).toEqual([
    { action: 'link.revoke', ...LONG() },
    { action: 'link.revoke', ...MALLORY() },
    { action: 'link.revoke', ...ADA() },
    { action: 'settings.update', ...LONG() },
    { action: 'settings.update', ...MALLORY() },
    { action: 'settings.update', ...ADA() },
  ]);
  // A revocation's entry is complete: its outcome is written, not left "started".
  expect(
    audit.body.data.filter((e) => e.action === 'link.revoke').map((e) => e.details.outcome)
  ).toEqual(['revoked', 'revoked', 'revoked']);

  // The ledger says who revoked each link.
  const ledger = await ada.get<GetLinks.Response>('/matterport/links?status=revoked&pageSize=100');
  const byId = new Map(ledger.body.data.map((l) => [l.id, l]));
  expect(
    links.map(({ id }) => {
      const row = byId.get(id);
      return {
        revokedBy: row?.revokedBy,
        revokedById: row?.revokedById,
        revokedByEmail: row?.revokedByEmail,
      };
    })
  ).toEqual([
    { revokedBy: 'Ada Admin', revokedById: ids.ada, revokedByEmail: 'ada@example.com' },
    { revokedBy: 'Ada Admin', revokedById: ids.mallory, revokedByEmail: 'mallory@example.com' },
    { revokedBy: LONG_RECORDED, revokedById: ids.long, revokedByEmail: 'long@example.com' },
  ]);

  // The settings say who saved the secret last.
  const settings = await ada.get<{ data: SettingsView }>('/matterport/settings');
  expect({
    by: settings.body.data.secretUpdatedBy,
    id: settings.body.data.secretUpdatedById,
    email: settings.body.data.secretUpdatedByEmail,
  }).toEqual({ by: LONG_RECORDED, id: ids.long, email: 'long@example.com' });
});

test('the activity list filters by email, by admin id, and by name (which two admins share)', async () => {
  const actors = async (filter: string) =>
    (
      await ada.get<GetAudit.Response>(
        `/matterport/audit?pageSize=100&actor=${encodeURIComponent(filter)}`
      )
    ).body.data
      .filter((e) => e.action === 'settings.update' || e.action === 'link.revoke')
      .map((e) => e.actorEmail);
  expect(await actors('mallory@')).toEqual(['mallory@example.com', 'mallory@example.com']);
  expect(await actors(`#${ids.mallory}`)).toEqual(['mallory@example.com', 'mallory@example.com']);
  expect(await actors('Ada Admin')).toEqual([
    'mallory@example.com',
    'ada@example.com',
    'mallory@example.com',
    'ada@example.com',
  ]);
});

test('a settings change whose audit entry the database refuses is not saved', async () => {
  const allow = await refuseWrites(db, 'matterport_audit', 'INSERT');
  let answer;
  try {
    answer = await mallory.put('/matterport/settings', { defaultValidFor: '45m' });
  } finally {
    await allow();
  }
  expect(answer.status).toBe(500);
  expect((answer.body as { error: { name: string } }).error.name).toBe('AuditWriteError');
  const settings = await ada.get<{ data: SettingsView }>('/matterport/settings');
  expect(settings.body.data.defaultValidFor).toBe('2h');
});

test('a revocation whose audit entry the database refuses is not made: the link keeps working', async () => {
  const { id, delivered } = await mintedLink(MODELS[3]);
  const allow = await refuseWrites(db, 'matterport_audit', 'INSERT');
  let answer;
  try {
    answer = await mallory.post(`/matterport/links/${id}/revoke`);
  } finally {
    await allow();
  }
  expect(answer.status).toBe(500);
  expect((answer.body as { error: { name: string } }).error.name).toBe('AuditWriteError');
  expect((await sandbox.embedToken(delivered.accessToken as string)).status).toBe('valid');
  const row = (
    await ada.get<{ data: Array<{ id: number; status: string }> }>(
      `/matterport/links?modelId=${MODELS[3]}`
    )
  ).body.data.find((l) => l.id === id);
  expect(row?.status).toBe('active');
});
