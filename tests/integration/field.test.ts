import { graphql } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { attachDatabase } from '../harness/database';
import type { Delivered } from '../harness/embed';
import { client } from '../harness/http';

const ctx = readContext();
const api = client(ctx.strapiUrl, ctx.apiToken);
const admin = client(ctx.strapiUrl, ctx.adminToken);
const ID = 'WziSQO0ORu7';

const countSpaces = async (): Promise<number> => {
  const res = await admin.get<{ pagination: { total: number } }>(
    '/content-manager/collection-types/api::space.space?page=1&pageSize=1'
  );
  return res.body.pagination.total;
};

const BAD_VALUES: Array<[string, unknown, RegExp]> = [
  ['a bad ID', 'tooShort', /exactly 11/],
  ['a URL without m=', 'https://my.matterport.com/show/?play=1', /no m= parameter/],
  ['a foreign URL', 'https://example.com/show/?m=WziSQO0ORu7', /not a Matterport address/],
  ['a number', 12345678901, /takes a model ID/],
  ['an array', [ID], /takes a model ID/],
  ['an object without modelId', { name: 'Lobby' }, /no "modelId"/],
  ['an ID with symbols', { modelId: 'Wzi<script>' }, /only letters and digits/],
];

describe.each(BAD_VALUES)(
  '%s is refused with 400 on every write path, and nothing is saved',
  (_label, value, message) => {
    test('REST create and update', async () => {
      const before = await countSpaces();
      const res = await api.post<{
        error: {
          status: number;
          name: string;
          message: string;
          details: { errors: Array<{ path: string[] }> };
        };
      }>('/api/spaces', { data: { title: uniqueTitle('Bad'), tour: value } });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.details.errors[0].path).toEqual(['tour']);
      expect(await countSpaces()).toBe(before);

      const good = await createSpace(api, { title: uniqueTitle('Good'), tour: ID });
      const update = await api.put<{ error: { message: string } }>(
        `/api/spaces/${good.documentId}`,
        { data: { tour: value } }
      );
      expect(update.status).toBe(400);
      expect(update.body.error.message).toMatch(message);
      const stored = await admin.get<{ data: { tour: unknown } }>(
        `/content-manager/collection-types/api::space.space/${good.documentId}`
      );
      expect(stored.body.data.tour).toEqual({ modelId: ID });
    });

    test('nested in a repeatable component and a dynamic zone, with the path named', async () => {
      const before = await countSpaces();
      const res = await api.post<{ error: { details: { errors: Array<{ path: string[] }> } } }>(
        '/api/spaces',
        {
          data: {
            title: uniqueTitle('Nested'),
            rooms: [
              { name: 'ok', model: ID },
              { name: 'bad', model: value },
            ],
            sections: [{ __component: 'tour.embed', model: value }],
          },
        }
      );
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors.map((e) => e.path.join('.'))).toEqual([
        'rooms.1.model',
        'sections.0.model',
      ]);
      expect(await countSpaces()).toBe(before);
    });

    test('Content Manager', async () => {
      const before = await countSpaces();
      const res = await admin.post<{ error: { message: string } }>(
        '/content-manager/collection-types/api::space.space',
        {
          title: uniqueTitle('CM bad'),
          tour: value,
        }
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(await countSpaces()).toBe(before);
    });

    test('GraphQL', async () => {
      const before = await countSpaces();
      const res = await graphql<{ createSpace: { documentId: string } | null }>(
        ctx.strapiUrl,
        'mutation($data: SpaceInput!) { createSpace(data: $data) { documentId } }',
        { data: { title: uniqueTitle('GQL bad'), tour: value } },
        ctx.apiToken
      );
      expect(res.body.data?.createSpace ?? null).toBeNull();
      expect(res.body.errors?.[0].message).toMatch(message);
      expect(await countSpaces()).toBe(before);
    });

    test("the Document Service called by a site's own code", async () => {
      const before = await countSpaces();
      const res = await client(ctx.strapiUrl).post<{ error: { message: string } }>(
        '/api/spaces-via-document-service',
        {
          data: { title: uniqueTitle('DS bad'), tour: value },
        }
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(await countSpaces()).toBe(before);
    });
  }
);

describe('accepted values are normalised on every write path', () => {
  test('URL and ID strings are stored as { modelId }, and null clears', async () => {
    const viaDs = await client(ctx.strapiUrl).post<{ data: { documentId: string; tour: unknown } }>(
      '/api/spaces-via-document-service',
      {
        data: { title: uniqueTitle('DS'), tour: `https://my.matterport.com/show?m=${ID}&qs=1` },
      }
    );
    expect(viaDs.status).toBe(200);
    expect(viaDs.body.data.tour).toEqual({ modelId: ID });

    const cm = await admin.post<{ data: { documentId: string; tour: unknown } }>(
      '/content-manager/collection-types/api::space.space',
      {
        title: uniqueTitle('CM'),
        tour: {
          modelId: ID,
          name: 'Lobby',
          link: 'https://stale',
          accessToken: 'stale',
          validUntil: '2020-01-01T00:00:00Z',
          extra: 1,
        },
      }
    );
    expect(cm.status).toBe(201);
    expect(cm.body.data.tour).toEqual({ modelId: ID, name: 'Lobby' });

    const gql = await graphql<{ createSpace: { documentId: string } }>(
      ctx.strapiUrl,
      'mutation($data: SpaceInput!) { createSpace(data: $data) { documentId } }',
      { data: { title: uniqueTitle('GQL'), tour: ID } },
      ctx.apiToken
    );
    expect(gql.body.errors).toBeUndefined();
    const stored = await admin.get<{ data: { tour: unknown } }>(
      `/content-manager/collection-types/api::space.space/${gql.body.data?.createSpace.documentId}`
    );
    expect(stored.body.data.tour).toEqual({ modelId: ID });

    const cleared = await api.put<{ data: { tour: unknown } }>(
      `/api/spaces/${viaDs.body.data.documentId}`,
      { data: { tour: null } }
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body.data.tour).toBeNull();
  });

  test('a value read through the content API (with its link) and written back unchanged is stored without link, token or expiry', async () => {
    const space = await createSpace(api, {
      title: uniqueTitle('Roundtrip'),
      tour: { modelId: ID, name: 'Grand Hotel Lobby' },
    });
    const read = await api.get<{ data: { tour: Delivered } }>(`/api/spaces/${space.documentId}`);
    expect(read.body.data.tour.link).toBeTruthy();
    const written = await api.put(`/api/spaces/${space.documentId}`, {
      data: { tour: read.body.data.tour },
    });
    expect(written.status).toBe(200);

    // The raw row, read from the database itself.
    const db = await openSharedDatabase();
    try {
      const rows = await db.query<{ tour: string }>(
        db.client === 'postgres'
          ? 'SELECT tour::text AS tour FROM spaces WHERE document_id = $1'
          : 'SELECT tour FROM spaces WHERE document_id = ?',
        [space.documentId]
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const raw = typeof row.tour === 'string' ? row.tour : JSON.stringify(row.tour);
        expect(JSON.parse(raw)).toEqual({ modelId: ID, name: 'Grand Hotel Lobby' });
        expect(raw).not.toMatch(/link|accessToken|validUntil/);
      }
    } finally {
      await db.close();
    }
  });
});

/** The shared run's database (not a new one), for raw reads. */
const openSharedDatabase = () => attachDatabase(ctx.databaseEnv);
