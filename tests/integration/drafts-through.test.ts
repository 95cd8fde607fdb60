import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, type Delivered } from '../harness/embed';
import { client, type Client, type HttpResult } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * The threat (issue 24): Strapi hands a read's `status` down to every populated relation
 * whose target has draft & publish, whatever the type at the top. A public type WITHOUT
 * draft & publish (a guide, an organizer) related to spaces (which have it) let anyone read
 * the spaces' drafts: `GET /api/guides/<id>?status=draft&populate=…`, GraphQL
 * `guide(documentId, status: DRAFT) { spaces { tour } }`. Such reads are draft reads
 * (README, draftLinks 'api-token', the default): no link, MATTERPORT_DRAFT, nothing minted;
 * an API token still gets links, in an answer no shared cache may keep for anyone else.
 *
 * The playground: guide (no D&P) → spaces (D&P); guide → stops (component) → space;
 * organizer (no D&P) → guides → spaces. The site sets `Cache-Control: public, max-age=600`
 * on REST and Apollo answers `max-age=600, public` on GraphQL, so "public" is what a
 * careless plugin would leave on a token's draft answer.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const active = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);
// One pair of models (the space's top-level tour, its first room) per shape and API, so that
// every "mints nothing" below is counted on models nothing else has minted.
const [
  REST_REL_TOUR,
  REST_REL_ROOM,
  REST_CMP_TOUR,
  REST_CMP_ROOM,
  REST_CHAIN_TOUR,
  REST_CHAIN_ROOM,
  GQL_REL_TOUR,
  GQL_REL_ROOM,
  GQL_CMP_TOUR,
  GQL_CMP_ROOM,
  GQL_CHAIN_TOUR,
  GQL_CHAIN_ROOM,
  PUBLISHED_TOUR,
  PUBLISHED_ROOM,
  CHANGED_TOUR,
  CHANGED_ROOM,
] = active;

const REFUSED = {
  // Issue 26: every delivered value names its connection (`default` when it names none).
  connection: 'default',
  link: null,
  accessToken: null,
  validUntil: null,
  error: { code: 'MATTERPORT_DRAFT', message: expect.stringMatching(/draft/i) },
  // A draft never carries a ref (issue 27): nothing to show or activate anonymously.
  poster: null,
  activate: null,
};

interface SpaceRead {
  tour: Delivered | null;
  rooms: Array<{ model: Delivered | null }>;
}
interface GuideRead {
  spaces: SpaceRead[];
  stops: Array<{ space: SpaceRead | null }>;
}
interface OrganizerRead {
  guides: GuideRead[];
}

type Shape = 'relation' | 'component' | 'chain';
const SHAPES: Shape[] = ['relation', 'component', 'chain'];

/** The one space each shape reaches, read from the answer (exactly one, or the test fails). */
const spaceOf = (shape: Shape, data: unknown): SpaceRead => {
  let spaces: Array<SpaceRead | null>;
  if (shape === 'relation') spaces = (data as GuideRead).spaces;
  else if (shape === 'component') spaces = (data as GuideRead).stops.map((s) => s.space);
  else spaces = (data as OrganizerRead).guides.flatMap((g) => g.spaces);
  expect(spaces).toHaveLength(1);
  return spaces[0] as SpaceRead;
};

/** [model the space holds, value delivered] for its tour and its first room. */
const valuesOf = (space: SpaceRead, tour: string, room: string) =>
  [
    [tour, space.tour],
    [room, space.rooms[0]?.model],
  ] as const;

const expectRefused = (space: SpaceRead, tour: string, room: string) => {
  for (const [modelId, value] of valuesOf(space, tour, room))
    expect(value).toEqual({ modelId, ...REFUSED });
};

const expectLinks = async (space: SpaceRead, tour: string, room: string) => {
  for (const [modelId, value] of valuesOf(space, tour, room))
    await expectShowcaseAccepts(value, modelId);
};

/** Where each shape's space sits in a REST populate, and which type is read. */
const REST: Record<Shape, { type: 'guides' | 'organizers'; space: string }> = {
  relation: { type: 'guides', space: 'populate[spaces]' },
  component: { type: 'guides', space: 'populate[stops][populate][space]' },
  chain: { type: 'organizers', space: 'populate[guides][populate][spaces]' },
};

/** The full populate an attacker would send for each shape. */
const restPath = (shape: Shape, id: string, query: string) =>
  `/api/${REST[shape].type}/${id}?${query}&${REST[shape].space}[populate]=rooms`;

/**
 * The same read with a `fields` selection on the space: its entry then comes without
 * `publishedAt`, so only the request's own status can tell it is a draft.
 */
const restPathSelected = (shape: Shape, id: string, query: string) => {
  const { type, space } = REST[shape];
  return `/api/${type}/${id}?${query}&${space}[fields][0]=tour&${space}[populate][rooms]=true`;
};

const SPACE_FIELDS = 'tour rooms { model }';
const GQL: Record<Shape, { query: string; root: 'guide' | 'organizer' }> = {
  relation: {
    root: 'guide',
    query: `query($id: ID!, $status: PublicationStatus) {
      guide(documentId: $id, status: $status) { spaces { ${SPACE_FIELDS} } }
    }`,
  },
  component: {
    root: 'guide',
    query: `query($id: ID!, $status: PublicationStatus) {
      guide(documentId: $id, status: $status) { stops { space { ${SPACE_FIELDS} } } }
    }`,
  },
  chain: {
    root: 'organizer',
    query: `query($id: ID!, $status: PublicationStatus) {
      organizer(documentId: $id, status: $status) { guides { spaces { ${SPACE_FIELDS} } } }
    }`,
  },
};

/** Runs `read` and says how many links the sandbox minted meanwhile. */
const minted = async <T>(read: () => Promise<T>): Promise<[T, number]> => {
  const before = (await sandbox.counters()).mints;
  const result = await read();
  return [result, (await sandbox.counters()).mints - before];
};

const varyList = (res: HttpResult) =>
  (res.headers.get('vary') ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);

/** The answer belongs to the token that asked: private, never public, keyed on Authorization. */
const expectPrivateToToken = (res: HttpResult) => {
  const header = res.headers.get('cache-control') as string;
  expect(header).toMatch(/^private\b/);
  expect(header).not.toMatch(/public|s-maxage/i);
  expect(varyList(res)).toContain('authorization');
};

interface Fixture {
  /** documentId of the root entry (guide or organizer) per shape. */
  root: Record<Shape, string>;
  models: Record<Shape, [string, string]>;
}

describe("reads through types without draft & publish (draftLinks 'api-token', the default)", () => {
  let db: TestDatabase;
  let strapi: StrapiProcess;
  let api: Client;
  let readOnly: Client;
  let anonymous: Client;
  let apiToken: string;
  let rest: Fixture;
  let gql: Fixture;
  let published: Record<Shape, string>;

  const createSpace = async (status: 'draft' | 'published', tour: string, room: string) => {
    const res = await api.post<{ data: { documentId: string } }>(
      `/api/spaces${status === 'draft' ? '?status=draft' : ''}`,
      { data: { title: `Space ${tour}`, tour, rooms: [{ name: 'Hall', model: room }] } }
    );
    expect(res.status).toBe(201);
    return res.body.data.documentId;
  };

  const createGuide = async (data: Record<string, unknown>) => {
    const res = await api.post<{ data: { documentId: string } }>('/api/guides', {
      data: { name: `Guide ${Date.now()}`, ...data },
    });
    expect(res.status).toBe(201);
    return res.body.data.documentId;
  };

  const createOrganizer = async (guide: string) => {
    const res = await api.post<{ data: { documentId: string } }>('/api/organizers', {
      data: { name: `Organizer ${Date.now()}`, guides: [guide] },
    });
    expect(res.status).toBe(201);
    return res.body.data.documentId;
  };

  /** Each shape reaching its own space: a draft that was never published. */
  const fixture = async (models: Record<Shape, [string, string]>): Promise<Fixture> => {
    const relation = await createSpace('draft', ...models.relation);
    const component = await createSpace('draft', ...models.component);
    const chain = await createSpace('draft', ...models.chain);
    return {
      models,
      root: {
        relation: await createGuide({ spaces: [relation] }),
        component: await createGuide({ stops: [{ label: 'Stop', space: component }] }),
        chain: await createOrganizer(await createGuide({ spaces: [chain] })),
      },
    };
  };

  beforeAll(async () => {
    const credentials = {
      clientId: `drafts-through-${Date.now()}`,
      clientSecret: 'drafts-through-secret-0123456789',
    };
    await sandbox.registerClient(credentials);
    db = await createTestDatabase('drafts-through');
    strapi = await startStrapi({
      name: 'drafts-through',
      databaseEnv: db.env,
      sandboxOrigin: ctx.sandboxOrigin,
      env: { SITE_CACHE_CONTROL: 'public, max-age=600', GRAPHQL_CACHE_MAX_AGE: '600' },
    });
    const jwt = await registerAdmin(strapi.url);
    const admin = client(strapi.url, jwt);
    expect(
      (await admin.put('/matterport/settings', { ...credentials, defaultValidFor: '1h' })).status
    ).toBe(200);
    apiToken = await createApiToken(strapi.url, jwt, 'full-access');
    api = client(strapi.url, apiToken);
    readOnly = client(strapi.url, await createApiToken(strapi.url, jwt, 'read-only'));
    anonymous = client(strapi.url);

    rest = await fixture({
      relation: [REST_REL_TOUR, REST_REL_ROOM],
      component: [REST_CMP_TOUR, REST_CMP_ROOM],
      chain: [REST_CHAIN_TOUR, REST_CHAIN_ROOM],
    });
    gql = await fixture({
      relation: [GQL_REL_TOUR, GQL_REL_ROOM],
      component: [GQL_CMP_TOUR, GQL_CMP_ROOM],
      chain: [GQL_CHAIN_TOUR, GQL_CHAIN_ROOM],
    });

    // A published space whose draft has since been changed to other models (not published).
    const space = await createSpace('published', PUBLISHED_TOUR, PUBLISHED_ROOM);
    const changed = await api.put(`/api/spaces/${space}?status=draft`, {
      data: { tour: CHANGED_TOUR, rooms: [{ name: 'Hall', model: CHANGED_ROOM }] },
    });
    expect(changed.status).toBe(200);
    const guide = await createGuide({ spaces: [space], stops: [{ label: 'Stop', space }] });
    published = {
      relation: guide,
      component: guide,
      chain: await createOrganizer(guide),
    };
  });

  afterAll(async () => {
    await strapi?.stop();
    await db?.drop();
  });

  test.each(
    SHAPES.flatMap((shape) => [
      [shape, 'populate'],
      [shape, 'fields'],
    ])
  )(
    'REST, anonymous ?status=draft through a type without D&P (%s, %s): no link, MATTERPORT_DRAFT, nothing minted',
    async (shape, how) => {
      const [tour, room] = rest.models[shape];
      const path =
        how === 'populate'
          ? restPath(shape, rest.root[shape], 'status=draft')
          : restPathSelected(shape, rest.root[shape], 'status=draft');
      const [res, mints] = await minted(() => anonymous.get<{ data: unknown }>(path));
      expect(res.status).toBe(200);
      expectRefused(spaceOf(shape, res.body.data), tour, room);
      expect(mints).toBe(0);
      // Refused: nothing in the answer may be kept by a cache.
      expect(res.headers.get('cache-control')).toBe('public, max-age=0');
    }
  );

  test.each(SHAPES)(
    'GraphQL, anonymous status: DRAFT through a type without D&P (%s): no link, MATTERPORT_DRAFT, nothing minted',
    async (shape) => {
      const [tour, room] = gql.models[shape];
      const { query, root } = GQL[shape];
      const [res, mints] = await minted(() =>
        graphql<Record<string, unknown>>(strapi.url, query, {
          id: gql.root[shape],
          status: 'DRAFT',
        })
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expectRefused(spaceOf(shape, res.body.data?.[root]), tour, room);
      expect(mints).toBe(0);
    }
  );

  test('the draft of a published space (changed, not published) stays hidden the same way', async () => {
    for (const shape of SHAPES) {
      const [restRes, restMints] = await minted(() =>
        anonymous.get<{ data: unknown }>(restPath(shape, published[shape], 'status=draft'))
      );
      expectRefused(spaceOf(shape, restRes.body.data), CHANGED_TOUR, CHANGED_ROOM);
      const { query, root } = GQL[shape];
      const [gqlRes, gqlMints] = await minted(() =>
        graphql<Record<string, unknown>>(strapi.url, query, {
          id: published[shape],
          status: 'DRAFT',
        })
      );
      expect(gqlRes.body.errors).toBeUndefined();
      expectRefused(spaceOf(shape, gqlRes.body.data?.[root]), CHANGED_TOUR, CHANGED_ROOM);
      expect(restMints + gqlMints).toBe(0);
    }
  });

  test.each(SHAPES)(
    'REST, the same draft reads with an API token (%s) get live links, private to the token',
    async (shape) => {
      const [tour, room] = rest.models[shape];
      for (const [who, reader] of [
        ['full-access', api],
        ['read-only', readOnly],
      ] as const) {
        const res = await reader.get<{ data: unknown }>(
          restPath(shape, rest.root[shape], 'status=draft')
        );
        expect([who, res.status]).toEqual([who, 200]);
        await expectLinks(spaceOf(shape, res.body.data), tour, room);
        expectPrivateToToken(res);
      }
    }
  );

  test.each(SHAPES)(
    'GraphQL, the same draft reads with an API token (%s) get live links, private to the token',
    async (shape) => {
      const [tour, room] = gql.models[shape];
      const { query, root } = GQL[shape];
      const res = await graphql<Record<string, unknown>>(
        strapi.url,
        query,
        { id: gql.root[shape], status: 'DRAFT' },
        apiToken
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      await expectLinks(spaceOf(shape, res.body.data?.[root]), tour, room);
      expectPrivateToToken(res);
    }
  );

  test.each(SHAPES)(
    'published reads through a type without D&P are unchanged (%s): links for everyone, public as the site said',
    async (shape) => {
      for (const query of ['populate-only', 'status=published']) {
        const res = await anonymous.get<{ data: unknown }>(
          restPath(shape, published[shape], query === 'populate-only' ? '' : query)
        );
        expect(res.status).toBe(200);
        await expectLinks(spaceOf(shape, res.body.data), PUBLISHED_TOUR, PUBLISHED_ROOM);
        expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
        expect(varyList(res)).not.toContain('authorization');
      }
      const { query, root } = GQL[shape];
      const res = await graphql<Record<string, unknown>>(strapi.url, query, {
        id: published[shape],
      });
      expect(res.body.errors).toBeUndefined();
      await expectLinks(spaceOf(shape, res.body.data?.[root]), PUBLISHED_TOUR, PUBLISHED_ROOM);
      expect(res.headers.get('cache-control')).toMatch(/\bpublic\b/);
      expect(res.headers.get('cache-control')).not.toMatch(/private/);
    }
  );
});
