import type { GetLinks } from '../../common/contracts/links';
import { SandboxControl } from '../../sandbox/src';
import { ADMIN, createApiToken, login, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { statusOf, type Delivered } from '../harness/embed';
import { client } from '../harness/http';
import { buildPreviousVersion } from '../harness/previous-version';
import { startStrapi } from '../harness/strapi';

/**
 * Upgrade (issue 19 point 2): a database written by the previous release (9ddff81, before
 * the ledger had indexes and a purpose) is opened by this version. The indexes are created,
 * the old rows keep every value, get a purpose, and their links can still be revoked.
 */
const PREVIOUS = '9ddff81';
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `upgrade-${Date.now()}`, clientSecret: 'upgrade-secret-000001' };
const MODELS = ['v920G39TU0d', 'lnYwsGgr4EW', 'zzl7789dBhJ'];
const INDEXES = [
  // Issue 26: one connection's links, newest first (the links page's connection filter).
  'matterport_links_connection_created_idx',
  'matterport_links_created_at_idx',
  'matterport_links_model_created_idx',
  'matterport_links_purpose_valid_until_idx',
  'matterport_links_reuse_idx',
  'matterport_links_revoke_failed_at_idx',
  'matterport_links_revoked_at_idx',
  'matterport_links_valid_until_idx',
];
const COLUMNS =
  'id, model_id, secret, token_hint, lifetime, valid_until, fingerprint, revoked_at, revoked_by, created_at';

let db: TestDatabase;
const documentIds: string[] = [];
const delivered: Delivered[] = [];
let before: Array<Record<string, unknown>>;

const linkIndexes = async (): Promise<string[]> => {
  const rows =
    db.client === 'sqlite'
      ? await db.query<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'matterport_links'"
        )
      : db.client === 'postgres'
        ? await db.query<{ name: string }>(
            "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'matterport_links'"
          )
        : await db.query<{ name: string }>(
            "SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'matterport_links'"
          );
  // Strapi's own (document_id, locale, published_at) index is on every table: only the plugin's are of interest.
  return rows
    .map((r) => r.name)
    .filter((n) => n.endsWith('_idx') && n !== 'matterport_links_documents_idx')
    .sort();
};

const hasColumn = async (table: string, column: string): Promise<boolean> => {
  if (db.client === 'sqlite')
    return (await db.query<{ name: string }>(`PRAGMA table_info("${table}")`)).some(
      (c) => c.name === column
    );
  const sql =
    db.client === 'mysql'
      ? 'SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?'
      : 'SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name = $2';
  const rows = await db.query(sql, [table, column]);
  return rows.length > 0;
};

beforeAll(async () => {
  const previous = await buildPreviousVersion(PREVIOUS);
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('upgrade');
  const old = await startStrapi({
    name: 'upgrade-old',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    playground: previous.playground,
  });
  try {
    const jwt = await registerAdmin(old.url);
    const admin = client(old.url, jwt);
    expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
    const api = client(old.url, await createApiToken(old.url, jwt));
    for (const model of MODELS) {
      const { documentId } = await createSpace(api, { title: uniqueTitle('Upgrade'), tour: model });
      documentIds.push(documentId);
      delivered.push(
        (await client(old.url).get<{ data: { tour: Delivered } }>(`/api/spaces/${documentId}`)).body
          .data.tour
      );
    }
    const listed = await admin.get<{ data: Array<{ id: number; modelId: string }> }>(
      `/matterport/links?modelId=${MODELS[2]}`
    );
    expect((await admin.post(`/matterport/links/${listed.body.data[0].id}/revoke`)).status).toBe(
      200
    );
  } finally {
    await old.stop();
  }
  before = await db.query(`SELECT ${COLUMNS} FROM matterport_links ORDER BY id`);
}, 300_000);

afterAll(async () => {
  await db?.drop();
});

test('the previous version left a ledger without indexes or purpose', async () => {
  expect(before).toHaveLength(3);
  expect(await linkIndexes()).toEqual([]);
  expect(await hasColumn('matterport_links', 'purpose')).toBe(false);
});

describe('after an upgrade to this version', () => {
  let strapi: Awaited<ReturnType<typeof startStrapi>>;
  beforeAll(async () => {
    await sandbox.resetCounters();
    strapi = await startStrapi({
      name: 'upgrade-new',
      databaseEnv: db.env,
      sandboxOrigin: ctx.sandboxOrigin,
    });
  });
  afterAll(async () => {
    await strapi?.stop();
  });

  test('every index of the ledger exists, and the audit table too', async () => {
    expect(await linkIndexes()).toEqual(INDEXES);
    expect(await hasColumn('matterport_audit', 'action')).toBe(true);
  });

  test('the old rows are intact and were minted for delivery', async () => {
    expect(await db.query(`SELECT ${COLUMNS} FROM matterport_links ORDER BY id`)).toEqual(before);
    const purposes = await db.query<{ purpose: string }>(
      'SELECT purpose FROM matterport_links ORDER BY id'
    );
    expect(purposes.map((p) => p.purpose)).toEqual(['delivery', 'delivery', 'delivery']);
  });

  test('the links API lists them with their status', async () => {
    const admin = client(strapi.url, await login(strapi.url, ADMIN.email, ADMIN.password));
    const res = await admin.get<GetLinks.Response>('/matterport/links?sort=modelId:asc');
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(3);
    expect(
      Object.fromEntries(res.body.data.map((l) => [l.modelId, [l.status, l.purpose]]))
    ).toEqual({
      [MODELS[0]]: ['active', 'delivery'],
      [MODELS[1]]: ['active', 'delivery'],
      [MODELS[2]]: ['revoked', 'delivery'],
    });
  });

  test('a link revoked before the upgrade still says who revoked it, by the name recorded then (no id or email)', async () => {
    const admin = client(strapi.url, await login(strapi.url, ADMIN.email, ADMIN.password));
    const res = await admin.get<GetLinks.Response>(`/matterport/links?modelId=${MODELS[2]}`);
    expect(res.status).toBe(200);
    expect(
      res.body.data.map((l) => ({
        revokedBy: l.revokedBy,
        revokedById: l.revokedById,
        revokedByEmail: l.revokedByEmail,
      }))
    ).toEqual([{ revokedBy: 'Ada Admin', revokedById: null, revokedByEmail: null }]);
  });

  test('a link minted before the upgrade is still revocable: its token, encrypted by the previous version, is read', async () => {
    const admin = client(strapi.url, await login(strapi.url, ADMIN.email, ADMIN.password));
    const listed = await admin.get<GetLinks.Response>(`/matterport/links?modelId=${MODELS[0]}`);
    const revoked = await admin.post<{ data: { status: string } }>(
      `/matterport/links/${listed.body.data[0].id}/revoke`
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.status).toBe('revoked');
    expect(await statusOf(ctx.sandboxOrigin, delivered[0].accessToken as string)).toBe('revoked');
  });

  test('content reads still deliver links after the upgrade', async () => {
    const read = await client(strapi.url).get<{ data: { tour: Delivered } }>(
      `/api/spaces/${documentIds[1]}`
    );
    expect(await statusOf(ctx.sandboxOrigin, read.body.data.tour.accessToken as string)).toBe(
      'valid'
    );
  });
});
