import type { UsageView } from '../../common/catalogue';
import type { GetModelUsage } from '../../common/contracts/models';
import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import {
  ADMIN,
  createApiToken,
  ensureLocale,
  graphql,
  login,
  registerAdmin,
} from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type DatabaseHandle, type TestDatabase } from '../harness/database';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/*
 * Issue 28, item 1 (where used): every place a space is used, published versions and drafts,
 * is listed by GET /matterport/models/:modelId/usage, kept on every write path (create,
 * update, publish, unpublish, discard draft, delete, one locale or all) through top-level
 * fields, repeatable components and dynamic zones; content written before the index existed
 * is found by the backfill at start (rows removed and cursor reset → after a restart, back).
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const [TOUR, ROOM, EMBED, NEXT, DISCARDED, VENUE_EN, VENUE_FR, OFFICE, HERO, GRAPH, CLONED] =
  SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);

const SPACE = 'api::space.space';
const CM = `/content-manager/collection-types/${SPACE}`;

let database: TestDatabase;
let strapi: StrapiProcess | undefined;
let admin: Client;
let api: Client;
let apiToken: string;

const boot = async (name: string) => {
  strapi = await startStrapi({ name, databaseEnv: database.env, sandboxOrigin: ctx.sandboxOrigin });
};

/** What the route answers (200 expected). */
const usage = async (modelId: string, query = '') => {
  const res = await admin.get<GetModelUsage.Response>(
    `/matterport/models/${modelId}/usage${query}`
  );
  expect(res.status).toBe(200);
  return res.body.data;
};

/** The places, without what the tests do not fix (titles are checked on their own). */
const places = (entries: UsageView[]) =>
  entries.map((e) => [e.contentType, e.documentId, e.locale, e.status, e.path, e.connection]);

/** The rows of the index as the database holds them, sorted the same way on every database. */
const indexRows = async (db: DatabaseHandle) =>
  (
    await db.query<Record<string, string | null>>(
      'SELECT content_type, entry_document_id, entry_locale, entry_status, path, model_id, connection FROM matterport_usages'
    )
  )
    .map((r) =>
      [
        r.content_type,
        r.entry_document_id,
        r.entry_locale,
        r.entry_status,
        r.path,
        r.model_id,
        r.connection,
      ].join('|')
    )
    .sort();

/** A statement through a writable connection (the SQLite handle is read-only). */
const execute = async (db: DatabaseHandle, sql: string) => {
  if (db.client !== 'sqlite') {
    await db.query(sql);
    return;
  }
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const conn = new Database(db.env.DATABASE_FILENAME, { fileMustExist: true });
  try {
    conn.prepare(sql).run();
  } finally {
    conn.close();
  }
};

let spaceId: string;

beforeAll(async () => {
  const credentials = { clientId: `usage-${Date.now()}`, clientSecret: 'usage-secret-0123456789' };
  await sandbox.registerClient(credentials);
  database = await createTestDatabase('usage');
  await boot('usage');
  const jwt = await registerAdmin(strapi!.url);
  admin = client(strapi!.url, jwt);
  expect(
    (await admin.put('/matterport/settings', { ...credentials, defaultValidFor: '1h' })).status
  ).toBe(200);
  apiToken = await createApiToken(strapi!.url, jwt, 'full-access');
  api = client(strapi!.url, apiToken);
  await ensureLocale(admin, 'fr', 'French (fr)');
});

afterAll(async () => {
  await strapi?.stop();
  await database?.drop();
});

describe('kept on every write path', () => {
  test('create (published): the top level, a repeatable component and a zone, both versions', async () => {
    const created = await api.post<{ data: { documentId: string } }>('/api/spaces', {
      data: {
        title: 'Harbour loft',
        tour: { modelId: TOUR },
        rooms: [
          { name: 'Hall', model: null },
          { name: 'Kitchen', model: { modelId: ROOM } },
        ],
        sections: [
          { __component: 'tour.text', body: 'Welcome' },
          { __component: 'tour.embed', caption: 'Roof', model: { modelId: EMBED } },
        ],
      },
    });
    expect(created.status).toBe(201);
    spaceId = created.body.data.documentId;

    const tour = await usage(TOUR);
    expect(places(tour.entries)).toEqual([
      [SPACE, spaceId, null, 'published', 'tour', 'default'],
      [SPACE, spaceId, null, 'draft', 'tour', 'default'],
    ]);
    expect(tour.totals).toEqual({ published: 1, draft: 1 });
    expect(tour.entries[0]).toMatchObject({
      modelId: TOUR,
      contentTypeName: 'Space',
      title: 'Harbour loft',
      adminPath: `/content-manager/collection-types/${SPACE}/${spaceId}?status=published`,
    });
    expect(places((await usage(ROOM)).entries)).toEqual([
      [SPACE, spaceId, null, 'published', 'rooms.1.model', 'default'],
      [SPACE, spaceId, null, 'draft', 'rooms.1.model', 'default'],
    ]);
    expect(places((await usage(EMBED)).entries)).toEqual([
      [SPACE, spaceId, null, 'published', 'sections.1.model', 'default'],
      [SPACE, spaceId, null, 'draft', 'sections.1.model', 'default'],
    ]);
  });

  test('update of the draft: the draft moves, the published version stays', async () => {
    const res = await api.put(`/api/spaces/${spaceId}?status=draft`, {
      data: { tour: { modelId: NEXT } },
    });
    expect(res.status).toBe(200);
    expect(places((await usage(TOUR)).entries)).toEqual([
      [SPACE, spaceId, null, 'published', 'tour', 'default'],
    ]);
    expect(places((await usage(NEXT)).entries)).toEqual([
      [SPACE, spaceId, null, 'draft', 'tour', 'default'],
    ]);
    // ?status= narrows the list, not the totals.
    const drafts = await usage(NEXT, '?status=published');
    expect(drafts.entries).toEqual([]);
    expect(drafts.totals).toEqual({ published: 0, draft: 1 });
  });

  test('publish: the published version takes the draft’s space', async () => {
    expect((await admin.post(`${CM}/${spaceId}/actions/publish`, {})).status).toBe(200);
    expect((await usage(TOUR)).entries).toEqual([]);
    expect(places((await usage(NEXT)).entries)).toEqual([
      [SPACE, spaceId, null, 'published', 'tour', 'default'],
      [SPACE, spaceId, null, 'draft', 'tour', 'default'],
    ]);
  });

  test('discard draft: the draft’s new space is no longer used', async () => {
    const res = await api.put(`/api/spaces/${spaceId}?status=draft`, {
      data: { tour: { modelId: DISCARDED } },
    });
    expect(res.status).toBe(200);
    expect(places((await usage(DISCARDED)).entries)).toEqual([
      [SPACE, spaceId, null, 'draft', 'tour', 'default'],
    ]);
    expect((await admin.post(`${CM}/${spaceId}/actions/discard`, {})).status).toBe(200);
    expect((await usage(DISCARDED)).entries).toEqual([]);
    expect(places((await usage(NEXT)).entries)).toEqual([
      [SPACE, spaceId, null, 'published', 'tour', 'default'],
      [SPACE, spaceId, null, 'draft', 'tour', 'default'],
    ]);
  });

  test('unpublish: only the draft is left', async () => {
    expect((await admin.post(`${CM}/${spaceId}/actions/unpublish`, {})).status).toBe(200);
    expect(places((await usage(NEXT)).entries)).toEqual([
      [SPACE, spaceId, null, 'draft', 'tour', 'default'],
    ]);
    expect(places((await usage(ROOM)).entries)).toEqual([
      [SPACE, spaceId, null, 'draft', 'rooms.1.model', 'default'],
    ]);
    const published = (await usage(NEXT)).totals.published;
    expect(published).toBe(0);
  });

  test('delete: nothing of the entry is left', async () => {
    expect((await api.del(`/api/spaces/${spaceId}`)).status).toBe(204);
    for (const modelId of [TOUR, ROOM, EMBED, NEXT]) {
      const answer = await usage(modelId);
      expect(answer.entries).toEqual([]);
      expect(answer.totals).toEqual({ published: 0, draft: 0 });
    }
  });

  test('locales: each is an entry; deleting one locale keeps the others, `*` deletes all', async () => {
    const en = await api.post<{ data: { documentId: string } }>('/api/venues?locale=en', {
      data: { name: 'Quay', model: { modelId: VENUE_EN } },
    });
    expect(en.status).toBe(201);
    const venueId = en.body.data.documentId;
    const fr = await api.put(`/api/venues/${venueId}?locale=fr`, {
      data: { name: 'Quai', model: { modelId: VENUE_FR } },
    });
    expect(fr.status).toBe(200);
    const venue = 'api::venue.venue';
    expect(places((await usage(VENUE_FR)).entries)).toEqual([
      [venue, venueId, 'fr', 'published', 'model', 'default'],
      [venue, venueId, 'fr', 'draft', 'model', 'default'],
    ]);
    expect((await usage(VENUE_FR)).entries[0].adminPath).toBe(
      `/content-manager/collection-types/${venue}/${venueId}?status=published&plugins%5Bi18n%5D%5Blocale%5D=fr`
    );

    expect((await api.del(`/api/venues/${venueId}?locale=fr`)).status).toBe(204);
    expect((await usage(VENUE_FR)).entries).toEqual([]);
    expect(places((await usage(VENUE_EN)).entries)).toEqual([
      [venue, venueId, 'en', 'published', 'model', 'default'],
      [venue, venueId, 'en', 'draft', 'model', 'default'],
    ]);

    expect(
      (
        await api.put(`/api/venues/${venueId}?locale=fr`, {
          data: { name: 'Quai', model: { modelId: VENUE_FR } },
        })
      ).status
    ).toBe(200);
    expect((await api.del(`/api/venues/${venueId}?locale=*`)).status).toBe(204);
    expect((await usage(VENUE_EN)).entries).toEqual([]);
    expect((await usage(VENUE_FR)).entries).toEqual([]);
  });

  test('a type without draft & publish: published only, titled by its main field', async () => {
    const office = await api.post<{ data: { documentId: string } }>('/api/offices', {
      data: { name: 'Head office', tour: { modelId: OFFICE } },
    });
    expect(office.status).toBe(201);
    const answer = await usage(OFFICE);
    expect(places(answer.entries)).toEqual([
      ['api::office.office', office.body.data.documentId, null, 'published', 'tour', 'default'],
    ]);
    expect(answer.entries[0].title).toBe('Head office');
    expect(answer.totals).toEqual({ published: 1, draft: 0 });
  });
});

describe('other write paths', () => {
  test('a single type: its entry, and a Content Manager path without a document id', async () => {
    const res = await api.put<{ data: { documentId: string } }>('/api/homepage', {
      data: { headline: 'Welcome', hero: { modelId: HERO } },
    });
    expect(res.status).toBe(200);
    const answer = await usage(HERO);
    expect(places(answer.entries)).toEqual([
      ['api::homepage.homepage', res.body.data.documentId, null, 'published', 'hero', 'default'],
      ['api::homepage.homepage', res.body.data.documentId, null, 'draft', 'hero', 'default'],
    ]);
    expect(answer.entries.map((e) => e.adminPath)).toEqual([
      '/content-manager/single-types/api::homepage.homepage?status=published',
      '/content-manager/single-types/api::homepage.homepage',
    ]);
  });

  test('GraphQL mutations go through the same index (create, then delete)', async () => {
    const created = await graphql<{ createSpace: { documentId: string } }>(
      strapi!.url,
      'mutation($data: SpaceInput!) { createSpace(data: $data, status: DRAFT) { documentId } }',
      { data: { title: 'Through GraphQL', tour: { modelId: GRAPH } } },
      apiToken
    );
    expect(created.body.errors).toBeUndefined();
    const documentId = created.body.data?.createSpace.documentId as string;
    expect(places((await usage(GRAPH)).entries)).toEqual([
      [SPACE, documentId, null, 'draft', 'tour', 'default'],
    ]);
    const deleted = await graphql(
      strapi!.url,
      'mutation($id: ID!) { deleteSpace(documentId: $id) { documentId } }',
      { id: documentId },
      apiToken
    );
    expect(deleted.body.errors).toBeUndefined();
    expect((await usage(GRAPH)).entries).toEqual([]);
  });

  test('clone in the Content Manager: the copy is a new entry using the space', async () => {
    const source = await api.post<{ data: { documentId: string } }>('/api/spaces', {
      data: { title: 'Original', tour: { modelId: CLONED } },
    });
    expect(source.status).toBe(201);
    const clone = await admin.post<{ data: { documentId: string } }>(
      `${CM}/clone/${source.body.data.documentId}`,
      { title: 'Copy' }
    );
    expect(clone.status).toBe(200);
    const copy = clone.body.data.documentId;
    expect(copy).not.toBe(source.body.data.documentId);
    const rows = places((await usage(CLONED)).entries);
    expect(rows).toContainEqual([SPACE, copy, null, 'draft', 'tour', 'default']);
    expect(rows).toContainEqual([
      SPACE,
      source.body.data.documentId,
      null,
      'published',
      'tour',
      'default',
    ]);
  });
});

describe('the admin route', () => {
  test('another connection’s usage of the same space id is another list', async () => {
    expect((await usage(OFFICE, '?connection=harbour')).entries).toEqual([]);
  });

  test('bad input is refused before anything is read', async () => {
    for (const path of [
      `/matterport/models/${OFFICE}/usage?status=archived`,
      `/matterport/models/${OFFICE}/usage?limit=0`,
      `/matterport/models/${OFFICE}/usage?other=1`,
      '/matterport/models/not-a-model!/usage',
    ]) {
      const res = await admin.get<{ error: { name: string } }>(path);
      expect([path, res.status, res.body.error?.name]).toEqual([path, 400, 'ValidationError']);
    }
  });

  test('anyone without an admin session gets 401', async () => {
    expect((await api.get(`/matterport/models/${OFFICE}/usage`)).status).toBe(401);
  });
});

describe('the backfill of content older than the index', () => {
  test('rows removed and the cursor reset: after a restart, every row is back and complete', async () => {
    // Content of each shape, published and draft.
    const space = await api.post<{ data: { documentId: string } }>('/api/spaces', {
      data: {
        title: 'Backfilled',
        tour: { modelId: TOUR },
        rooms: [{ name: 'Hall', model: { modelId: ROOM } }],
        sections: [{ __component: 'tour.embed', model: { modelId: EMBED } }],
      },
    });
    expect(space.status).toBe(201);
    expect(
      (
        await api.post('/api/venues?locale=en&status=draft', {
          data: { name: 'Draft quay', model: { modelId: VENUE_EN } },
        })
      ).status
    ).toBe(201);
    const before = await indexRows(database);
    expect(before.length).toBeGreaterThanOrEqual(8);

    await strapi!.stop();
    strapi = undefined;
    await execute(database, 'DELETE FROM matterport_usages');
    // `key` is a reserved word in MySQL and MariaDB: quoted as each database quotes names.
    const key = database.client === 'mysql' ? '`key`' : '"key"';
    await execute(
      database,
      `DELETE FROM strapi_core_store_settings WHERE ${key} = 'plugin_matterport_usage-backfill'`
    );
    expect(await indexRows(database)).toEqual([]);

    await boot('usage-restart');
    admin = client(strapi!.url, await login(strapi!.url, ADMIN.email, ADMIN.password));
    const deadline = Date.now() + 60_000;
    let complete = (await usage(TOUR)).complete;
    while (!complete && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      complete = (await usage(TOUR)).complete;
    }
    expect(complete).toBe(true);
    expect(await indexRows(database)).toEqual(before);
    expect(places((await usage(ROOM)).entries)).toEqual([
      [SPACE, space.body.data.documentId, null, 'published', 'rooms.0.model', 'default'],
      [SPACE, space.body.data.documentId, null, 'draft', 'rooms.0.model', 'default'],
    ]);
  });
});
