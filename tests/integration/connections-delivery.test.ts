import type { ConnectionView } from '../../common/contracts/connections';
import type { GetLinks, RevokeResponse } from '../../common/contracts/links';
import {
  DEFAULT_ORGANIZATION_ID,
  SECOND_ORGANIZATION,
  SEED_MODELS,
  SandboxControl,
  createSandbox,
} from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, statusOf, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/*
 * Acceptance of issue 26 ("connections used everywhere"), in the words: with two
 * connections and entries using each, REST and GraphQL deliver each model with its own
 * organisation's link (the sandbox refuses a link minted with the wrong organisation's
 * credentials, and tells which client minted each token); a reset secret on one connection
 * leaves the other delivering; revoking by connection touches only that organisation.
 * Every expectation below is written by hand from the issue, not read from the code.
 */

// This file's own default organisation client (nothing else in the run knows it).
const FIRST = {
  clientId: 'connections-delivery-first',
  clientSecret: 'connections-delivery-secret-2468ace0',
};
const [HARBOUR] = SECOND_ORGANIZATION.clients;
const HARBOUR_ID = 'harbour';

const [D1, D2, D3] = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);
const [H1, H2, H3] = SECOND_ORGANIZATION.models
  .filter((m) => m.state === 'active')
  .map((m) => m.id);

const sandbox = createSandbox({
  organizations: [
    {
      id: DEFAULT_ORGANIZATION_ID,
      name: 'Sandbox organisation',
      clients: [FIRST],
      models: SEED_MODELS,
    },
    { ...SECOND_ORGANIZATION, clients: [{ ...HARBOUR }] },
  ],
});
let control: SandboxControl;
let sandboxOrigin: string;
let database: TestDatabase;
let strapi: StrapiProcess;
let admin: Client;
let api: Client;

/** Where a value sits in an entry: the top-level field or the first room's. */
type Slot = 'tour' | 'room';
interface Expected {
  entry: 'one' | 'two';
  slot: Slot;
  modelId: string;
  connection: string;
  clientId: string;
}

/*
 * Entry one: a value naming no connection (old content: `default`) and a harbour value in a
 * room. Entry two: a harbour value at the top and a value naming `default` explicitly.
 */
const EXPECTED: Expected[] = [
  { entry: 'one', slot: 'tour', modelId: D1, connection: 'default', clientId: FIRST.clientId },
  { entry: 'one', slot: 'room', modelId: H1, connection: 'harbour', clientId: HARBOUR.clientId },
  { entry: 'two', slot: 'tour', modelId: H2, connection: 'harbour', clientId: HARBOUR.clientId },
  { entry: 'two', slot: 'room', modelId: D2, connection: 'default', clientId: FIRST.clientId },
];
const entries: Record<'one' | 'two', string> = { one: '', two: '' };

interface SpaceRead {
  tour: Delivered | null;
  rooms: Array<{ name: string; model: Delivered | null }>;
}

const slotOf = (space: SpaceRead, slot: Slot) =>
  slot === 'tour' ? space.tour : space.rooms[0].model;

const readRest = async (documentId: string): Promise<SpaceRead> => {
  const res = await client(strapi.url).get<{ data: SpaceRead }>(
    `/api/spaces/${documentId}?populate=rooms`
  );
  expect(res.status).toBe(200);
  return res.body.data;
};

const readGraphql = async (documentId: string): Promise<SpaceRead> => {
  const res = await graphql<{ space: SpaceRead }>(
    strapi.url,
    `
      query ($id: ID!) {
        space(documentId: $id) {
          tour
          rooms {
            name
            model
          }
        }
      }
    `,
    { id: documentId }
  );
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.space;
};

/** The client (hence organisation) the sandbox minted this embed token for. */
const minterOf = async (accessToken: string) =>
  (await control.embedTokens()).find((t) => t.accessToken === accessToken)?.clientId;

/** Every expected value of a read, delivered with a link of its own organisation. */
const expectOwnOrganisation = async (reads: Record<'one' | 'two', SpaceRead>) => {
  const tokens: Record<string, string> = {};
  for (const expected of EXPECTED) {
    const value = slotOf(reads[expected.entry], expected.slot);
    const embed = await expectShowcaseAccepts(value, expected.modelId);
    expect(embed.connection).toBe(expected.connection);
    expect(await minterOf(embed.accessToken as string)).toBe(expected.clientId);
    tokens[expected.modelId] = embed.accessToken as string;
  }
  return tokens;
};

const readAll = async (read: (id: string) => Promise<SpaceRead>) => ({
  one: await read(entries.one),
  two: await read(entries.two),
});

const revokeConnection = async (connection: string) => {
  const res = await admin.post<RevokeResponse>('/matterport/links/revoke', {
    filter: { connection },
  });
  expect(res.status).toBe(200);
  return res.body;
};

let delivered: Record<string, string>;

beforeAll(async () => {
  ({ origin: sandboxOrigin } = await sandbox.start(0));
  control = new SandboxControl(sandboxOrigin);
  database = await createTestDatabase('connections-delivery');
  strapi = await startStrapi({
    name: 'connections-delivery',
    databaseEnv: database.env,
    sandboxOrigin,
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  expect(
    (await admin.put('/matterport/settings', { ...FIRST, defaultValidFor: '1h' })).status
  ).toBe(200);
  const created = await admin.post<{ data: ConnectionView }>('/matterport/connections', {
    id: HARBOUR_ID,
    name: 'Harbour Estates',
    ...HARBOUR,
  });
  expect(created.status).toBe(201);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  entries.one = (
    await createSpace(api, {
      title: uniqueTitle('Connections one'),
      tour: D1,
      rooms: [{ name: 'Harbour room', model: { modelId: H1, connection: HARBOUR_ID } }],
    })
  ).documentId;
  entries.two = (
    await createSpace(api, {
      title: uniqueTitle('Connections two'),
      tour: { modelId: H2, connection: HARBOUR_ID },
      rooms: [{ name: 'Default room', model: { modelId: D2, connection: 'default' } }],
    })
  ).documentId;
  await control.resetCounters();
}, 180_000);

afterAll(async () => {
  await strapi?.stop();
  await database?.drop();
  await sandbox.stop();
});

describe('two connections, entries using each', () => {
  test('REST delivers each model with a link of its own organisation, naming its connection', async () => {
    delivered = await expectOwnOrganisation(await readAll(readRest));
  });

  test('GraphQL delivers the same values (the same links: one mint per model)', async () => {
    const tokens = await expectOwnOrganisation(await readAll(readGraphql));
    expect(tokens).toEqual(delivered);
    expect((await control.counters()).mintsByModel).toEqual({ [D1]: 1, [H1]: 1, [H2]: 1, [D2]: 1 });
  });

  test('the links list filters by connection and names it on each row', async () => {
    const harbour = await admin.get<GetLinks.Response>(
      `/matterport/links?connection=${HARBOUR_ID}&sort=modelId:asc`
    );
    expect(harbour.status).toBe(200);
    expect(harbour.body.data.map((l) => [l.modelId, l.connection])).toEqual(
      [H1, H2].sort().map((m) => [m, 'harbour'])
    );
    const first = await admin.get<GetLinks.Response>(
      '/matterport/links?connection=default&sort=modelId:asc'
    );
    expect(first.body.data.map((l) => [l.modelId, l.connection])).toEqual(
      [D1, D2].sort().map((m) => [m, 'default'])
    );
  });
});

describe('revoking by connection touches only that organisation', () => {
  test('revoking harbour: its links revoked at Matterport, the default ones still valid', async () => {
    const res = await revokeConnection(HARBOUR_ID);
    expect(res.meta).toMatchObject({ matched: 2, revoked: 2, failed: 0 });
    expect(res.data.revoked.map((l) => [l.modelId, l.connection]).sort()).toEqual(
      [H1, H2].sort().map((m) => [m, 'harbour'])
    );
    expect(await statusOf(sandboxOrigin, delivered[H1])).toBe('revoked');
    expect(await statusOf(sandboxOrigin, delivered[H2])).toBe('revoked');
    expect(await statusOf(sandboxOrigin, delivered[D1])).toBe('valid');
    expect(await statusOf(sandboxOrigin, delivered[D2])).toBe('valid');
  });

  test('the next read mints new harbour links and keeps the default ones', async () => {
    const tokens = await expectOwnOrganisation(await readAll(readRest));
    expect(tokens[D1]).toBe(delivered[D1]);
    expect(tokens[D2]).toBe(delivered[D2]);
    expect(tokens[H1]).not.toBe(delivered[H1]);
    expect(tokens[H2]).not.toBe(delivered[H2]);
    delivered = tokens;
  });

  test('revoking default: its links revoked, the new harbour ones still valid', async () => {
    const res = await revokeConnection('default');
    expect(res.meta).toMatchObject({ matched: 2, revoked: 2, failed: 0 });
    expect(res.data.revoked.map((l) => [l.modelId, l.connection]).sort()).toEqual(
      [D1, D2].sort().map((m) => [m, 'default'])
    );
    expect(await statusOf(sandboxOrigin, delivered[D1])).toBe('revoked');
    expect(await statusOf(sandboxOrigin, delivered[D2])).toBe('revoked');
    expect(await statusOf(sandboxOrigin, delivered[H1])).toBe('valid');
    expect(await statusOf(sandboxOrigin, delivered[H2])).toBe('valid');
    delivered = await expectOwnOrganisation(await readAll(readRest));
  });
});

describe('one connection failing leaves the other delivering', () => {
  let cold: string;

  beforeAll(async () => {
    // Both values are new: no link is cached for either.
    cold = (
      await createSpace(api, {
        title: uniqueTitle('Connections cold'),
        tour: { modelId: H3, connection: HARBOUR_ID },
        rooms: [{ name: 'Default room', model: D3 }],
      })
    ).documentId;
  });

  test('harbour disabled: its value answers MATTERPORT_NOT_CONFIGURED, the default one delivers', async () => {
    expect(
      (await admin.put(`/matterport/connections/${HARBOUR_ID}`, { enabled: false })).status
    ).toBe(200);
    const space = await readRest(cold);
    expect(space.tour).toMatchObject({
      modelId: H3,
      connection: 'harbour',
      error: { code: 'MATTERPORT_NOT_CONFIGURED' },
    });
    const room = await expectShowcaseAccepts(space.rooms[0].model, D3);
    expect(room.connection).toBe('default');
    expect(
      (await admin.put(`/matterport/connections/${HARBOUR_ID}`, { enabled: true })).status
    ).toBe(200);
  });

  test('harbour’s secret reset at Matterport: its new value answers MATTERPORT_AUTH_FAILED, every default value delivers', async () => {
    const fresh = await control.resetClientSecret(HARBOUR.clientId);
    const other = (
      await createSpace(api, {
        title: uniqueTitle('Connections reset'),
        tour: { modelId: H3, connection: HARBOUR_ID },
        rooms: [{ name: 'Default room', model: D3 }],
      })
    ).documentId;
    // H3 was never minted (disabled above): no cached link can hide the refusal.
    for (const documentId of [cold, other]) {
      const space = await readRest(documentId);
      expect(space.tour).toMatchObject({
        modelId: H3,
        connection: 'harbour',
        error: { code: 'MATTERPORT_AUTH_FAILED' },
      });
      // The unavailable shape of the contract (common/value.ts): no link, no token.
      expect(space.tour).toMatchObject({ link: null, accessToken: null });
      const room = await expectShowcaseAccepts(space.rooms[0].model, D3);
      expect(room.connection).toBe('default');
      expect(await minterOf(room.accessToken as string)).toBe(FIRST.clientId);
    }
    const one = await readRest(entries.one);
    expect((await expectShowcaseAccepts(one.tour, D1)).connection).toBe('default');
    const two = await readGraphql(entries.two);
    expect((await expectShowcaseAccepts(two.rooms[0].model, D2)).connection).toBe('default');

    // Saving the new secret on that connection recovers it.
    expect(
      (await admin.put(`/matterport/connections/${HARBOUR_ID}`, { clientSecret: fresh })).status
    ).toBe(200);
    const recovered = await expectShowcaseAccepts((await readRest(cold)).tour, H3);
    expect(recovered.connection).toBe('harbour');
    expect(await minterOf(recovered.accessToken as string)).toBe(HARBOUR.clientId);
  });
});
