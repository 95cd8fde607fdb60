import { SEED_MODELS } from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { CANARY_CLIENT, readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * App configurations that change what the GraphQL side of the plugin does, each in its own
 * Strapi (in the run's plugin order): GraphQL disabled, a type hidden with shadowCRUD, i18n off.
 */
const ctx = readContext();
const [A, B, C] = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);

interface App {
  strapi: StrapiProcess;
  db: TestDatabase;
  api: Client;
  spaceId: string;
}

const boot = async (name: string, env: Record<string, string>): Promise<App> => {
  const db = await createTestDatabase(name);
  const strapi = await startStrapi({
    name,
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    env,
  });
  const jwt = await registerAdmin(strapi.url);
  const api = client(strapi.url, await createApiToken(strapi.url, jwt));
  expect(
    (
      await client(strapi.url, jwt).put('/matterport/settings', {
        ...CANARY_CLIENT,
        defaultValidFor: '1h',
      })
    ).status
  ).toBe(200);
  const venue = await api.post<{ data: { documentId: string } }>('/api/venues', {
    data: { name: 'Venue', model: A },
  });
  expect(venue.status).toBe(201);
  const space = await createSpace(api, {
    title: uniqueTitle(name),
    tour: B,
    rooms: [{ name: 'r', model: C }],
    venue: venue.body.data.documentId,
  });
  return { strapi, db, api, spaceId: space.documentId };
};

const stop = async (app: App | undefined) => {
  await app?.strapi.stop();
  await app?.db.drop();
};

/** The plugin's own log lines at error level. */
const pluginErrors = (logs: string) =>
  logs.split('\n').filter((l) => /\berror\b/i.test(l) && l.includes('[matterport]'));

interface SpaceRead {
  tour: Delivered;
  rooms: Array<{ model: Delivered }>;
  venue: { model: Delivered } | null;
}

describe('GraphQL disabled (GRAPHQL=off)', () => {
  let app: App | undefined;
  beforeAll(async () => {
    app = await boot('graphql-off', { GRAPHQL: 'off' });
  });
  afterAll(() => stop(app));

  test('starts without error, REST delivers everywhere, and there is no /graphql', async () => {
    const { strapi, spaceId } = app as App;
    expect(pluginErrors(strapi.logs())).toEqual([]);
    const res = await client(strapi.url).get<{ data: SpaceRead }>(
      `/api/spaces/${spaceId}?populate=*`
    );
    expect(res.status).toBe(200);
    await expectShowcaseAccepts(res.body.data.tour, B);
    await expectShowcaseAccepts(res.body.data.rooms[0].model, C);
    await expectShowcaseAccepts(res.body.data.venue?.model, A);
    // No route: Strapi answers 405 to a POST on an unknown path (404 to a GET).
    const post = await graphql(strapi.url, '{ spaces { tour } }');
    expect(post.status).toBe(405);
    expect(post.body.data).toBeUndefined();
  });
});

describe('a type hidden from GraphQL with shadowCRUD (GRAPHQL_DISABLED_TYPES=api::venue.venue)', () => {
  let app: App | undefined;
  beforeAll(async () => {
    app = await boot('graphql-shadowcrud', { GRAPHQL_DISABLED_TYPES: 'api::venue.venue' });
  });
  afterAll(() => stop(app));

  test('starts, says so at info level (not as an error), and delivers every other type', async () => {
    const { strapi, spaceId } = app as App;
    expect(pluginErrors(strapi.logs())).toEqual([]);
    expect(strapi.logs()).toMatch(
      /\[matterport\] GraphQL: api::venue\.venue is disabled in GraphQL \(shadowCRUD\)/
    );
    const res = await graphql<{ space: SpaceRead }>(
      strapi.url,
      `
        query ($id: ID!) {
          space(documentId: $id) {
            tour
            rooms {
              model
            }
          }
        }
      `,
      {
        id: spaceId,
      }
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    await expectShowcaseAccepts(res.body.data?.space.tour, B);
    await expectShowcaseAccepts(res.body.data?.space.rooms[0].model, C);
    // The hidden type is really gone from the schema (and REST still delivers it).
    expect((await graphql(strapi.url, '{ venues { model } }')).status).toBe(400);
    const rest = await client(strapi.url).get<{ data: SpaceRead }>(
      `/api/spaces/${spaceId}?populate=venue`
    );
    await expectShowcaseAccepts(rest.body.data.venue?.model, A);
  });
});

describe('i18n disabled (I18N=off)', () => {
  let app: App | undefined;
  beforeAll(async () => {
    app = await boot('graphql-no-i18n', { I18N: 'off' });
  });
  afterAll(() => stop(app));

  test('starts without error and delivers through GraphQL and REST, nested values included', async () => {
    const { strapi, spaceId } = app as App;
    expect(pluginErrors(strapi.logs())).toEqual([]);
    const res = await graphql<{ space: SpaceRead }>(
      strapi.url,
      `
        query ($id: ID!) {
          space(documentId: $id) {
            tour
            rooms {
              model
            }
            venue {
              model
            }
          }
        }
      `,
      { id: spaceId }
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    await expectShowcaseAccepts(res.body.data?.space.tour, B);
    await expectShowcaseAccepts(res.body.data?.space.rooms[0].model, C);
    await expectShowcaseAccepts(res.body.data?.space.venue?.model, A);
    const rest = await client(strapi.url).get<{ data: SpaceRead }>(
      `/api/spaces/${spaceId}?populate=*`
    );
    await expectShowcaseAccepts(rest.body.data.venue?.model, A);
  });
});
