import type { GetModelState } from '../../common/contracts/models';
import type { TestConnection } from '../../common/contracts/settings';
import type { MatterportEmbed } from '../../common/value';
import {
  DEFAULT_ORGANIZATION_ID,
  SEED_MODELS,
  SandboxControl,
  createSandbox,
  type ModelRecord,
} from '../../sandbox/src';
import { createApiToken, graphql, registerAdmin } from '../harness/admin';
import { uniqueTitle } from '../harness/content';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/*
 * Issue 28, public spaces: an account without Private Model Embed (no Enterprise) delivers its
 * public and unlisted spaces with the plain Showcase link when the field says `access: auto`,
 * and refuses its private ones with MATTERPORT_PME_UNAVAILABLE; nothing is minted (no embed
 * token at the sandbox, no row in the ledger). `access: public` never mints. The plugin option
 * `publicSpaces` decides what private fields deliver for public spaces (`pme`, `plain`,
 * `refuse`), with an account that has PME.
 *
 * The playground's Gallery type holds `autoTour` (access auto), `publicTour` (access public,
 * play=1) and `tour` (no access option: private).
 */

const NO_PME = { clientId: 'public-access-no-pme', clientSecret: 'public-access-no-pme-secret-01' };
const NO_PME_2 = {
  clientId: 'public-access-no-pme-2',
  clientSecret: 'public-access-no-pme-secret-02',
};
const FULL = { clientId: 'public-access-full', clientSecret: 'public-access-full-secret-0003' };

// The organisation's own copies of the seed spaces (a test changes one's visibility).
const MODELS: ModelRecord[] = SEED_MODELS.map((m) => ({ ...m }));
const active = (visibility: ModelRecord['accessVisibility']) =>
  MODELS.filter((m) => m.state === 'active' && !m.demo && m.accessVisibility === visibility).map(
    (m) => m.id
  );
const PUBLIC = active('public');
const UNLISTED = active('unlisted');
const PRIVATE = active('private');
const PASSWORD = active('password');

const sandbox = createSandbox({
  organizations: [
    {
      id: DEFAULT_ORGANIZATION_ID,
      name: 'Sandbox organisation',
      clients: [NO_PME, NO_PME_2, FULL],
      models: MODELS,
    },
  ],
  modes: { clientsWithoutPrivateModelEmbed: [NO_PME.clientId, NO_PME_2.clientId] },
});
let control: SandboxControl;
let sandboxOrigin: string;
let database: TestDatabase;
let strapi: StrapiProcess | undefined;
let admin: Client;
let api: Client;

type Value = MatterportEmbed & { access?: string };
interface Gallery {
  documentId: string;
  autoTour: Value | null;
  publicTour: Value | null;
  tour: Value | null;
}

const plain = (modelId: string, query = '') =>
  `https://my.matterport.com/show/?m=${modelId}${query ? `&${query}` : ''}`;

const createGallery = async (data: Record<string, unknown>): Promise<string> => {
  const res = await api.post<{ data: { documentId: string } }>('/api/galleries', {
    data: { title: uniqueTitle('Gallery'), ...data },
  });
  expect(res.status).toBe(201);
  return res.body.data.documentId;
};

const readGallery = async (documentId: string): Promise<Gallery> => {
  const res = await client((strapi as StrapiProcess).url).get<{ data: Gallery }>(
    `/api/galleries/${documentId}`
  );
  expect(res.status).toBe(200);
  return res.body.data;
};

/** The plain link of a public space: no token, no expiry, nothing minted. */
const expectPlain = (value: Value | null, modelId: string, query = '') =>
  expect(value).toMatchObject({
    modelId,
    connection: 'default',
    link: plain(modelId, query),
    accessToken: null,
    validUntil: null,
    access: 'public',
  });

const expectError = (value: Value | null, modelId: string, code: string) =>
  expect(value).toMatchObject({
    modelId,
    link: null,
    accessToken: null,
    validUntil: null,
    error: { code },
  });

const ledgerRows = async () =>
  Number(
    (await database.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM matterport_links'))[0]
      .n
  );

const tokensOf = async (clientId: string) =>
  (await control.embedTokens()).filter((t) => t.clientId === clientId);

const useCredentials = async (credentials: { clientId: string; clientSecret: string }) =>
  expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);

const start = async (pluginConfig: Record<string, unknown> = {}) => {
  strapi = await startStrapi({
    name: 'public-access',
    databaseEnv: database.env,
    sandboxOrigin,
    pluginConfig,
  });
};

beforeAll(async () => {
  ({ origin: sandboxOrigin } = await sandbox.start(0));
  control = new SandboxControl(sandboxOrigin);
  database = await createTestDatabase('public-access');
  await start();
  const jwt = await registerAdmin((strapi as StrapiProcess).url);
  admin = client((strapi as StrapiProcess).url, jwt);
  api = client((strapi as StrapiProcess).url, await createApiToken(strapi!.url, jwt));
  await useCredentials(NO_PME);
  await control.resetCounters();
}, 180_000);

afterAll(async () => {
  await strapi?.stop();
  await database?.drop();
  await sandbox.stop();
});

describe('an account without Private Model Embed, fields with access auto', () => {
  test('the first read learns there is no PME from one refused mint and still delivers the public space with its plain link', async () => {
    const documentId = await createGallery({ autoTour: PUBLIC[0] });
    const gallery = await readGallery(documentId);
    expectPlain(gallery.autoTour, PUBLIC[0]);
    // Refused: no embed token exists, and the ledger holds nothing.
    expect(await tokensOf(NO_PME.clientId)).toEqual([]);
    expect(await ledgerRows()).toBe(0);
  });

  test('public and unlisted spaces get plain links, private and password-protected ones MATTERPORT_PME_UNAVAILABLE; not one mint', async () => {
    await control.resetCounters();
    const open = [
      await createGallery({ autoTour: PUBLIC[1] }),
      await createGallery({ autoTour: UNLISTED[0] }),
    ];
    const closed = [
      await createGallery({ autoTour: PRIVATE[0] }),
      await createGallery({ autoTour: PASSWORD[0] }),
    ];
    expectPlain((await readGallery(open[0])).autoTour, PUBLIC[1]);
    expectPlain((await readGallery(open[1])).autoTour, UNLISTED[0]);
    expectError((await readGallery(closed[0])).autoTour, PRIVATE[0], 'MATTERPORT_PME_UNAVAILABLE');
    expectError((await readGallery(closed[1])).autoTour, PASSWORD[0], 'MATTERPORT_PME_UNAVAILABLE');
    // Read again: the same answers, from what is known.
    expectPlain((await readGallery(open[0])).autoTour, PUBLIC[1]);
    expectError((await readGallery(closed[0])).autoTour, PRIVATE[0], 'MATTERPORT_PME_UNAVAILABLE');

    const counters = await control.counters();
    expect(counters.mints).toBe(0);
    expect(counters.tokenMints).toBe(0);
    expect(await tokensOf(NO_PME.clientId)).toEqual([]);
    expect(await ledgerRows()).toBe(0);
  });

  test('GraphQL delivers the same values', async () => {
    const documentId = await createGallery({ autoTour: PUBLIC[2], tour: null });
    const res = await graphql<{ gallery: Gallery }>(
      strapi!.url,
      'query ($id: ID!) { gallery(documentId: $id) { autoTour } }',
      { id: documentId }
    );
    expect(res.body.errors).toBeUndefined();
    expectPlain(res.body.data!.gallery.autoTour, PUBLIC[2]);
  });

  test('Test connection says Private Model Embed is unavailable', async () => {
    const res = await admin.post<TestConnection.Response>('/matterport/settings/test');
    expect(res.status).toBe(200);
    expect(res.body.data.pme).toBe('unavailable');
    expect(res.body.data.mint).toMatchObject({ tested: true, ok: false });
  });

  test('mode noPmeAnswer request.unsupported: the plugin still tells a refused mint from an archived space', async () => {
    sandbox.state.setModes({ noPmeAnswer: 'request.unsupported' });
    try {
      // New credentials: what was learnt of the old ones' PME is forgotten.
      await useCredentials(NO_PME_2);
      const open = await createGallery({ autoTour: PUBLIC[3] });
      const closed = await createGallery({ autoTour: PRIVATE[1] });
      expectPlain((await readGallery(open)).autoTour, PUBLIC[3]);
      expectError((await readGallery(closed)).autoTour, PRIVATE[1], 'MATTERPORT_PME_UNAVAILABLE');
      expect(await tokensOf(NO_PME_2.clientId)).toEqual([]);
      const tested = await admin.post<TestConnection.Response>('/matterport/settings/test');
      expect(tested.body.data.pme).toBe('unavailable');
    } finally {
      sandbox.state.setModes({ noPmeAnswer: 'request.unauthorized' });
      await useCredentials(NO_PME);
    }
  });
});

describe('fields with access public', () => {
  test('public and unlisted spaces get plain links with the field’s Showcase parameters; others MATTERPORT_NOT_PUBLIC', async () => {
    const open = await createGallery({ publicTour: UNLISTED[1] });
    const closed = await createGallery({ publicTour: PRIVATE[2] });
    const locked = await createGallery({ publicTour: PASSWORD[1] });
    expectPlain((await readGallery(open)).publicTour, UNLISTED[1], 'play=1');
    expectError((await readGallery(closed)).publicTour, PRIVATE[2], 'MATTERPORT_NOT_PUBLIC');
    expectError((await readGallery(locked)).publicTour, PASSWORD[1], 'MATTERPORT_NOT_PUBLIC');
  });

  test('with an account that has PME too: nothing minted, nothing in the ledger', async () => {
    await useCredentials(FULL);
    await control.resetCounters();
    const documentId = await createGallery({ publicTour: PUBLIC[4] });
    expectPlain((await readGallery(documentId)).publicTour, PUBLIC[4], 'play=1');
    expect((await control.counters()).mints).toBe(0);
    expect(await ledgerRows()).toBe(0);
  });
});

describe('what the plugin knows of a space (GET /matterport/models/:id/state)', () => {
  /** Asks until the answer is the expected status (the picker records in the background). */
  const stateWhen = async (modelId: string, status: number) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const res = await admin.get<GetModelState.Response>(`/matterport/models/${modelId}/state`);
      if (res.status === status || Date.now() > deadline) return res;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  test('nothing known: 404; the picker lists it: its visibility and name are recorded', async () => {
    const [modelId] = PASSWORD.slice(-1);
    expect((await admin.get(`/matterport/models/${modelId}/state`)).status).toBe(404);
    expect((await admin.get('/matterport/models?pageSize=100')).status).toBe(200);
    const res = await stateWhen(modelId, 200);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      modelId,
      connection: 'default',
      state: 'active',
      visibility: 'password',
      name: MODELS.find((m) => m.id === modelId)?.name,
    });
  });

  test('a space made public in Matterport: the next picker read records it', async () => {
    const model = MODELS.find((m) => m.id === PRIVATE[4]) as ModelRecord;
    expect((await admin.get(`/matterport/models/${model.id}`)).status).toBe(200);
    expect((await stateWhen(model.id, 200)).body.data.visibility).toBe('private');
    model.accessVisibility = 'public';
    try {
      expect((await admin.get(`/matterport/models/${model.id}`)).status).toBe(200);
      const deadline = Date.now() + 5000;
      let seen = (await stateWhen(model.id, 200)).body.data.visibility;
      while (seen !== 'public' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = (await stateWhen(model.id, 200)).body.data.visibility;
      }
      expect(seen).toBe('public');
    } finally {
      model.accessVisibility = 'private';
    }
  });

  test('a bad model id is refused (400), an unknown connection is 404', async () => {
    expect((await admin.get('/matterport/models/not-an-id/state')).status).toBe(400);
    expect(
      (await admin.get(`/matterport/models/${PUBLIC[0]}/state?connection=nobody`)).status
    ).toBe(404);
  });
});

describe('publicSpaces, with an account that has PME', () => {
  let mixed: string;
  beforeAll(async () => {
    await useCredentials(FULL);
    mixed = await createGallery({
      tour: PUBLIC[5],
      autoTour: PRIVATE[3],
    });
  });

  const restartWith = async (publicSpaces: string) => {
    await strapi?.stop();
    await start({ publicSpaces });
  };

  test("'pme' (default): a public space in a private field gets a PME link, as before", async () => {
    const gallery = await readGallery(mixed);
    expect(gallery.tour).toMatchObject({ modelId: PUBLIC[5], access: 'private' });
    expect(typeof gallery.tour?.accessToken).toBe('string');
    expect(gallery.autoTour).toMatchObject({ modelId: PRIVATE[3], access: 'private' });
    expect(
      (await tokensOf(FULL.clientId))
        .map((t) => t.modelIds)
        .flat()
        .sort()
    ).toEqual([PUBLIC[5], PRIVATE[3]].sort());
  });

  test("'plain': the public space gets its plain link, the private one PME", async () => {
    await restartWith('plain');
    const gallery = await readGallery(mixed);
    expectPlain(gallery.tour, PUBLIC[5]);
    expect(gallery.autoTour).toMatchObject({ modelId: PRIVATE[3], access: 'private' });
    expect(typeof gallery.autoTour?.accessToken).toBe('string');
  }, 120_000);

  test("'refuse': the public space is MATTERPORT_NOT_PRIVATE, the private one PME", async () => {
    await restartWith('refuse');
    const gallery = await readGallery(mixed);
    expectError(gallery.tour, PUBLIC[5], 'MATTERPORT_NOT_PRIVATE');
    expect(gallery.autoTour).toMatchObject({ modelId: PRIVATE[3], access: 'private' });
  }, 120_000);
});
