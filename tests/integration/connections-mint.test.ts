import {
  DEFAULT_ORGANIZATION_ID,
  SECOND_ORGANIZATION,
  SEED_MODELS,
  createSandbox,
} from '../../sandbox/src';
import { ACTIVATION_KEY, activate, poster, spaceRef } from '../harness/activation';
import { createApiToken, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/*
 * The mint path per connection (issue 26): "the delivered value names its connection", and
 * every link of a value, its activation route's link, its poster and the editor's preview come
 * from the organisation holding the model. The sandbox plays two organisations and refuses a
 * link (and an image) asked with the other organisation's credentials, so a link the Showcase
 * accepts proves which credentials made it.
 */
const FIRST = {
  clientId: 'connections-mint-first-client',
  clientSecret: 'connections-mint-first-secret-2468ace',
};
const [HARBOUR] = SECOND_ORGANIZATION.clients;
const [FIRST_MODEL, FIRST_ROOM] = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map(
  (m) => m.id
);
const [HARBOUR_MODEL, HARBOUR_ROOM] = SECOND_ORGANIZATION.models.map((m) => m.id);

const sandbox = createSandbox({
  organizations: [
    {
      id: DEFAULT_ORGANIZATION_ID,
      name: 'Sandbox organisation',
      clients: [FIRST],
      models: SEED_MODELS,
    },
    SECOND_ORGANIZATION,
  ],
});
let database: TestDatabase;
let strapi: StrapiProcess | undefined;
let admin: Client;
let api: Client;
let harbourSpace: string;

interface SpaceRead {
  tour: Delivered;
  rooms: Array<{ model: Delivered }>;
}

beforeAll(async () => {
  const { origin: sandboxOrigin } = await sandbox.start(0);
  database = await createTestDatabase('connections-mint');
  strapi = await startStrapi({
    name: 'connections-mint',
    databaseEnv: database.env,
    sandboxOrigin,
    pluginConfig: { encryptionKey: ACTIVATION_KEY },
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  expect((await admin.put('/matterport/settings', FIRST)).status).toBe(200);
  expect(
    (
      await admin.post('/matterport/connections', {
        id: 'harbour',
        name: 'Harbour Estates',
        ...HARBOUR,
      })
    ).status
  ).toBe(201);
  harbourSpace = (
    await createSpace(api, {
      title: uniqueTitle('Harbour'),
      tour: { modelId: HARBOUR_MODEL, connection: 'harbour' },
      rooms: [
        { model: { modelId: FIRST_ROOM } },
        { model: { modelId: HARBOUR_ROOM, connection: 'harbour' } },
      ],
    })
  ).documentId;
});

afterAll(async () => {
  await strapi?.stop();
  await database?.drop();
  await sandbox.stop();
});

test("a read delivers each value with its own organisation's link and names its connection", async () => {
  const res = await api.get<{ data: SpaceRead }>(`/api/spaces/${harbourSpace}?populate=rooms`);
  expect(res.status).toBe(200);
  const { tour, rooms } = res.body.data;
  expect([tour.connection, ...rooms.map((r) => r.model.connection)]).toEqual([
    'harbour',
    'default',
    'harbour',
  ]);
  await expectShowcaseAccepts(tour, HARBOUR_MODEL);
  await expectShowcaseAccepts(rooms[0].model, FIRST_ROOM);
  await expectShowcaseAccepts(rooms[1].model, HARBOUR_ROOM);
});

test("the activation route mints with the published value's connection", async () => {
  const res = await activate(strapi!.url, spaceRef(harbourSpace, HARBOUR_MODEL));
  expect(res.status).toBe(200);
  await expectShowcaseAccepts(res.body.data as never, HARBOUR_MODEL);
});

test("the poster route asks the published value's organisation for the image", async () => {
  const res = await poster(strapi!.url, spaceRef(harbourSpace, HARBOUR_ROOM, 'rooms.model'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^image\//);
});

describe('the editor’s preview link, ?connection=', () => {
  test('names the organisation whose credentials mint it', async () => {
    const res = await admin.post<{ data: { modelId: string; link: string } }>(
      `/matterport/models/${HARBOUR_MODEL}/preview-link?connection=harbour`
    );
    expect(res.status).toBe(200);
    expect(await (await fetch(res.body.data.link)).text()).toContain('data-status="valid"');
  });

  test('without it, the default connection: its organisation does not hold that model', async () => {
    const res = await admin.post(`/matterport/models/${HARBOUR_MODEL}/preview-link`);
    expect(res.status).toBe(404);
    const own = await admin.post<{ data: { link: string } }>(
      `/matterport/models/${FIRST_MODEL}/preview-link`
    );
    expect(own.status).toBe(200);
    expect(await (await fetch(own.body.data.link)).text()).toContain('data-status="valid"');
  });

  test('an unknown connection answers 404 naming it; a malformed id 400', async () => {
    const unknown = await admin.post(
      `/matterport/models/${HARBOUR_MODEL}/preview-link?connection=nobody`
    );
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('There is no Matterport connection \\"nobody\\"');
    const malformed = await admin.post(
      `/matterport/models/${HARBOUR_MODEL}/preview-link?connection=Not%20An%20Id`
    );
    expect(malformed.status).toBe(400);
  });
});
