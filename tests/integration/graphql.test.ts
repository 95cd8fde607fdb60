import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase } from '../harness/database';
import { expectShowcaseAccepts, type Delivered } from '../harness/embed';
import { client } from '../harness/http';
import { startStrapi } from '../harness/strapi';

/**
 * What a site using GraphQL gets, checked by opening every delivered link in the sandbox's
 * Showcase. CI runs this file with the plugin listed both after `graphql` in config/plugins
 * (the playground's default, as a site adding the plugin later has it) and before it
 * (PLUGIN_ORDER=matterport-first).
 */
const ctx = readContext();
const api = client(ctx.strapiUrl, ctx.apiToken);
const admin = client(ctx.strapiUrl, ctx.adminToken);
const sandbox = new SandboxControl(ctx.sandboxOrigin);
// Models of their own (the end of the seed list), so links minted here are this file's.
const models = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo)
  .map((m) => m.id)
  .reverse();
const [A, B, C, D, E, F, G, H, I] = models;

const anonymous = <T>(query: string, variables: Record<string, unknown> = {}) =>
  graphql<T>(ctx.strapiUrl, query, variables);
const withToken = <T>(query: string, variables: Record<string, unknown> = {}) =>
  graphql<T>(ctx.strapiUrl, query, variables, ctx.apiToken);

interface Room {
  name: string;
  model: Delivered | null;
}
interface Section {
  __typename: string;
  model?: Delivered | null;
}
interface SpaceNode {
  documentId: string;
  title: string;
  tour: Delivered | null;
  rooms: Room[];
  sections: Section[];
  venue: { documentId: string; model: Delivered | null; spaces?: SpaceNode[] } | null;
}

const SPACE_FIELDS = `documentId title tour rooms { name model } sections { __typename ... on ComponentTourEmbed { model } }`;

let venueId: string;
let spaceId: string;
const title = uniqueTitle('GraphQL');

beforeAll(async () => {
  const venue = await api.post<{ data: { documentId: string } }>('/api/venues', {
    data: { name: 'GraphQL venue', model: { modelId: A, name: 'Venue model' } },
  });
  expect(venue.status).toBe(201);
  venueId = venue.body.data.documentId;
  const space = await createSpace(api, {
    title,
    tour: { modelId: B, name: 'Tour' },
    rooms: [{ name: 'Hall', model: C }],
    sections: [
      { __component: 'tour.text', body: 'intro' },
      { __component: 'tour.embed', caption: 'Embedded', model: D },
    ],
    venue: venueId,
  });
  spaceId = space.documentId;
});

const expectSpace = async (space: SpaceNode | undefined) => {
  expect(space).toBeTruthy();
  const entry = space as SpaceNode;
  await expectShowcaseAccepts(entry.tour, B);
  await expectShowcaseAccepts(entry.rooms[0].model, C);
  const embed = entry.sections.find((s) => s.__typename === 'ComponentTourEmbed');
  await expectShowcaseAccepts(embed?.model, D);
};

test(`the app runs with the plugin order under test (${ctx.pluginOrder})`, () => {
  expect(['graphql-first', 'matterport-first']).toContain(ctx.pluginOrder);
});

test('a single type is delivered', async () => {
  expect(
    (await api.put('/api/homepage', { data: { headline: 'GraphQL home', hero: { modelId: E } } }))
      .status
  ).toBe(200);
  const res = await anonymous<{ homepage: { headline: string; hero: Delivered } }>(
    `{ homepage { headline hero } }`
  );
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data?.homepage.headline).toBe('GraphQL home');
  const hero = await expectShowcaseAccepts(res.body.data?.homepage.hero, E);
  // The field's own options travel with the link.
  expect(new URL(hero.link as string).searchParams.get('mls')).toBe('2');
});

describe('every locale', () => {
  const perLocale: Record<string, string> = {};
  let localized: string;

  beforeAll(async () => {
    for (const code of ['fr', 'de']) {
      const made = await admin.post('/i18n/locales', { code, name: code, isDefault: false });
      // 400: the locale exists already (another file made it).
      expect([200, 201, 400]).toContain(made.status);
    }
    const locales = await admin.get<Array<{ code: string }>>('/i18n/locales');
    expect(locales.status).toBe(200);
    const codes = locales.body.map((l) => l.code);
    expect(codes).toEqual(expect.arrayContaining(['en', 'fr', 'de']));
    // A different model in each locale: the test sees which version was delivered.
    const pool = [F, G, H, I, ...models.slice(9)];
    codes.forEach((code, i) => {
      perLocale[code] = pool[i];
    });
    const created = await api.post<{ data: { documentId: string } }>('/api/venues?locale=en', {
      data: { name: 'Localized venue', model: perLocale.en },
    });
    expect(created.status).toBe(201);
    localized = created.body.data.documentId;
    for (const code of codes.filter((c) => c !== 'en')) {
      const res = await api.put(`/api/venues/${localized}?locale=${code}`, {
        data: { name: `Lieu ${code}`, model: perLocale[code] },
      });
      expect(res.status).toBe(200);
    }
  });

  test('each locale (locale: argument) gets a link to its own model, in findOne and findMany', async () => {
    for (const [code, modelId] of Object.entries(perLocale)) {
      const res = await anonymous<{
        venue: { locale: string; model: Delivered } | null;
        venues: Array<{ locale: string; model: Delivered }>;
      }>(
        `query($id: ID!, $locale: I18NLocaleCode) {
          venue(documentId: $id, locale: $locale) { locale model }
          venues(locale: $locale, filters: { documentId: { eq: $id } }) { locale model }
        }`,
        { id: localized, locale: code }
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.venue?.locale).toBe(code);
      expect(res.body.data?.venues[0]?.locale).toBe(code);
      await expectShowcaseAccepts(res.body.data?.venue?.model, modelId);
      await expectShowcaseAccepts(res.body.data?.venues[0]?.model, modelId);
    }
  });

  test('a relation read in a non-default locale delivers the related entry of that locale', async () => {
    // Relations in Strapi 5 link locale versions: the space points at the French venue.
    const space = await createSpace(api, {
      title: uniqueTitle('Vers le lieu'),
      venue: { documentId: localized, locale: 'fr' },
    });
    const res = await anonymous<{ space: { venue: { locale: string; model: Delivered } } }>(
      `query($id: ID!) { space(documentId: $id) { venue { locale model } } }`,
      { id: space.documentId }
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.space.venue.locale).toBe('fr');
    await expectShowcaseAccepts(res.body.data?.space.venue.model, perLocale.fr);
  });
});

describe('drafts (status: DRAFT)', () => {
  let draftId: string;

  beforeAll(async () => {
    const draft = await createSpace(
      api,
      { title: uniqueTitle('Draft'), tour: F, rooms: [{ name: 'Draft room', model: G }] },
      'draft'
    );
    draftId = draft.documentId;
  });

  test('read with an API token (previews, site builds): live links at the top level and in components', async () => {
    const res = await withToken<{ space: SpaceNode }>(
      `query($id: ID!) { space(documentId: $id, status: DRAFT) { tour rooms { model } } }`,
      {
        id: draftId,
      }
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    await expectShowcaseAccepts(res.body.data?.space.tour, F);
    await expectShowcaseAccepts(res.body.data?.space.rooms[0].model, G);
  });

  // needs draftLinks (issue 17)
  test('read anonymously (Public role allowed to find): no link, error MATTERPORT_DRAFT, at the top level and in components', async () => {
    const before = await sandbox.counters();
    const res = await anonymous<{ space: SpaceNode }>(
      `query($id: ID!) { space(documentId: $id, status: DRAFT) { tour rooms { model } } }`,
      {
        id: draftId,
      }
    );
    expect(res.status).toBe(200);
    const space = res.body.data?.space as SpaceNode;
    for (const [value, modelId] of [
      [space.tour, F],
      [space.rooms[0].model, G],
    ] as const) {
      expect(value?.modelId).toBe(modelId);
      expect(value?.link).toBeNull();
      expect(value?.accessToken).toBeNull();
      expect(value?.error?.code).toBe('MATTERPORT_DRAFT');
    }
    expect((await sandbox.counters()).mints).toBe(before.mints);
  });
});

test('relations two levels deep: entry → relation → component and dynamic zone, and back again', async () => {
  const res = await anonymous<{
    venue: { model: Delivered; spaces: SpaceNode[] };
    space: SpaceNode;
  }>(
    `query($venue: ID!, $space: ID!) {
      venue(documentId: $venue) { model spaces { ${SPACE_FIELDS} } }
      space(documentId: $space) { venue { model spaces { ${SPACE_FIELDS} venue { model } } } }
    }`,
    { venue: venueId, space: spaceId }
  );
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  await expectShowcaseAccepts(res.body.data?.venue.model, A);
  await expectSpace(res.body.data?.venue.spaces.find((s) => s.documentId === spaceId));
  const back = res.body.data?.space.venue;
  await expectShowcaseAccepts(back?.model, A);
  const twice = back?.spaces?.find((s) => s.documentId === spaceId);
  await expectSpace(twice);
  await expectShowcaseAccepts(twice?.venue?.model, A);
});

test('…_connection queries, top level and nested', async () => {
  const res = await anonymous<{
    spaces_connection: { nodes: SpaceNode[]; pageInfo: { total: number } };
    venue: { spaces_connection: { nodes: SpaceNode[] } };
  }>(
    `query($title: String, $venue: ID!) {
      spaces_connection(filters: { title: { eq: $title } }) { nodes { ${SPACE_FIELDS} venue { model } } pageInfo { total } }
      venue(documentId: $venue) { spaces_connection { nodes { ${SPACE_FIELDS} } } }
    }`,
    { title, venue: venueId }
  );
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data?.spaces_connection.pageInfo.total).toBe(1);
  const node = res.body.data?.spaces_connection.nodes[0];
  await expectSpace(node);
  await expectShowcaseAccepts(node?.venue?.model, A);
  await expectSpace(
    res.body.data?.venue.spaces_connection.nodes.find((s) => s.documentId === spaceId)
  );
});

test('several operations in one request: every one delivered, one link per model and lifetime', async () => {
  // Warm up so the request below is judged on reuse, not on the first mint.
  await anonymous(
    `query($id: ID!) { space(documentId: $id) { ${SPACE_FIELDS} venue { model } } }`,
    { id: spaceId }
  );
  const before = await sandbox.counters();
  const res = await anonymous<{
    list: SpaceNode[];
    one: SpaceNode;
    again: SpaceNode;
    home: { hero: Delivered };
    venues: Array<{ model: Delivered }>;
  }>(
    `query($title: String, $id: ID!, $venue: ID!) {
      list: spaces(filters: { title: { eq: $title } }) { ${SPACE_FIELDS} venue { model } }
      one: space(documentId: $id) { ${SPACE_FIELDS} }
      again: space(documentId: $id) { tour rooms { model } }
      home: homepage { hero }
      venues(filters: { documentId: { eq: $venue } }) { model }
    }`,
    { title, id: spaceId, venue: venueId }
  );
  const after = await sandbox.counters();
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  const data = res.body.data as NonNullable<typeof res.body.data>;
  await expectSpace(data.list[0]);
  await expectShowcaseAccepts(data.list[0].venue?.model, A);
  await expectSpace(data.one);
  await expectShowcaseAccepts(data.again.tour, B);
  expect(data.again.tour?.link).toBe(data.one.tour?.link);
  expect(data.again.rooms[0].model?.link).toBe(data.list[0].rooms[0].model?.link);
  await expectShowcaseAccepts(data.home.hero, E);
  await expectShowcaseAccepts(data.venues[0].model, A);
  expect(after.mints).toBe(before.mints);
});

test('Cache-Control: Apollo marks these answers no-store, which the plugin keeps (never longer than a link)', async () => {
  const res = await anonymous<{ space: SpaceNode }>(
    `query($id: ID!) { space(documentId: $id) { ${SPACE_FIELDS} } }`,
    { id: spaceId }
  );
  expect(res.status).toBe(200);
  await expectSpace(res.body.data?.space);
  expect(res.headers.get('cache-control')).toBe('no-store');
});

describe('a site with GraphQL caching on (Apollo defaultMaxAge 3600) and onError "throw"', () => {
  const credentials = { clientId: `gql-${Date.now()}`, clientSecret: 'gql-throw-secret-000001' };
  let strict: Awaited<ReturnType<typeof startStrapi>>;
  let drop: () => Promise<void>;
  let strictApi: ReturnType<typeof client>;
  let cachedSpace: string;
  const fresh = models.slice(12);

  beforeAll(async () => {
    await sandbox.registerClient(credentials);
    const db = await createTestDatabase('graphql-throw');
    drop = () => db.drop();
    strict = await startStrapi({
      name: 'graphql-throw',
      databaseEnv: db.env,
      sandboxOrigin: ctx.sandboxOrigin,
      pluginConfig: { onError: 'throw', requestTimeout: '1s', retryBudget: '0s' },
      env: { GRAPHQL_CACHE_MAX_AGE: '3600' },
    });
    const jwt = await registerAdmin(strict.url);
    strictApi = client(strict.url, await createApiToken(strict.url, jwt));
    expect(
      (
        await client(strict.url, jwt).put('/matterport/settings', {
          ...credentials,
          defaultValidFor: '1h',
        })
      ).status
    ).toBe(200);
    const made = await createSpace(strictApi, {
      title: uniqueTitle('Cached'),
      tour: B,
      rooms: [{ name: 'r', model: C }],
    });
    cachedSpace = made.documentId;
  });

  afterAll(async () => {
    await sandbox.clearFaults();
    await strict?.stop();
    await drop?.();
  });

  test('Cache-Control holds the same bound as REST: no cache keeps the answer past its earliest link', async () => {
    const query = `query($id: ID!) { space(documentId: $id) { tour rooms { model } } }`;
    const res = await graphql<{ space: SpaceNode }>(strict.url, query, { id: cachedSpace });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const tour = await expectShowcaseAccepts(res.body.data?.space.tour, B);
    const room = await expectShowcaseAccepts(res.body.data?.space.rooms[0].model, C);
    const header = res.headers.get('cache-control') ?? '';
    const maxAge = Number(/max-age=(\d+)/.exec(header)?.[1]);
    // Apollo alone would say 3600; the rooms' links live 10 minutes (their field's validFor).
    expect(maxAge).toBeLessThanOrEqual(600);
    expect(Date.now() + maxAge * 1000).toBeLessThanOrEqual(
      Math.min(Date.parse(tour.validUntil as string), Date.parse(room.validUntil as string))
    );
    const rest = await client(strict.url).get(`/api/spaces/${cachedSpace}?populate=rooms`);
    const restMaxAge = Number(/max-age=(\d+)/.exec(rest.headers.get('cache-control') ?? '')?.[1]);
    // Same bound both ways (a second apart at most).
    expect(Math.abs(restMaxAge - maxAge)).toBeLessThanOrEqual(1);
  });

  test('a Matterport failure: HTTP status as REST, errors[].extensions.code MATTERPORT_…, nothing cacheable, no secret', async () => {
    const venue = await strictApi.post<{ data: { documentId: string } }>('/api/venues', {
      data: { name: 'fails', model: fresh[0] },
    });
    expect(venue.status).toBe(201);
    const space = await createSpace(strictApi, {
      title: uniqueTitle('Fails'),
      rooms: [{ name: 'r', model: fresh[1] }],
    });
    await sandbox.addFault({ target: 'mint', mode: 'status', status: 500 });

    const rest = await client(strict.url).get(`/api/venues/${venue.body.data.documentId}`);
    expect(rest.status).toBe(502);

    // Top level (delivered by the Document Service middleware)...
    const top = await graphql<{ venue: unknown }>(
      strict.url,
      `
        query ($id: ID!) {
          venue(documentId: $id) {
            model
          }
        }
      `,
      {
        id: venue.body.data.documentId,
      }
    );
    expect(top.status).toBe(rest.status);
    expect(top.body.errors?.[0].extensions?.code).toBe('MATTERPORT_UNAVAILABLE');
    expect(top.body.data?.venue).toBeNull();
    expect(top.headers.get('x-matterport-error')).toBe('MATTERPORT_UNAVAILABLE');
    expect(top.headers.get('cache-control')).toMatch(/no-store|max-age=0/);

    // ...and inside a component (delivered by the plugin's GraphQL field resolver).
    const nested = await graphql<{ space: { title: string; rooms: Array<{ model: unknown }> } }>(
      strict.url,
      `
        query ($id: ID!) {
          space(documentId: $id) {
            title
            rooms {
              model
            }
          }
        }
      `,
      { id: space.documentId }
    );
    expect(nested.status).toBe(502);
    expect(nested.body.errors?.[0].extensions?.code).toBe('MATTERPORT_UNAVAILABLE');
    expect(nested.body.errors?.[0].message).toMatch(/Matterport/);
    expect(nested.body.errors?.[0].extensions?.http).toBeUndefined();
    expect(nested.body.data?.space.rooms[0].model).toBeNull();
    expect(nested.headers.get('cache-control')).toMatch(/no-store|max-age=0/);
    for (const res of [top, nested]) expect(res.text).not.toContain(credentials.clientSecret);
  });
});
