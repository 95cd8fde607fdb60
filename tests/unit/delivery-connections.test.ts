import { MatterportError } from '../../common/errors';
import type { EmbedLink } from '../../server/src/matterport/types';
import register from '../../server/src/register';
import { getService } from '../../server/src/utils/get-service';
import { createFakeMatterport } from './fakes/matterport';
import { contentApiRequest, createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/*
 * Delivery per connection (issue 26): "The delivered value names its connection"; each value
 * gets a link minted with ITS connection's credentials (the organisation holding the model),
 * with that connection's default lifetime; a connection that cannot make links (unknown,
 * disabled, credentials refused) fails its own values only and the others keep delivering;
 * a warm read asks nothing of Matterport, whatever the connections.
 */
const SPACE = 'api::space.space';
const ACTOR = { id: 1, email: 'ada@example.com', name: 'Ada' };
const DEFAULT = { clientId: 'acme-client', clientSecret: 'acme-Secret-value-AAAA' };
const HARBOUR = { clientId: 'harbour-client', clientSecret: 'harbour-Secret-value-HHHH' };

const field = (options?: Record<string, unknown>) => ({
  type: 'json',
  customField: 'plugin::matterport.model',
  options,
});
const contentTypes = {
  [SPACE]: {
    uid: SPACE,
    kind: 'collectionType',
    options: { draftAndPublish: true },
    attributes: {
      tour: field({ validFor: '30m' }),
      rooms: { type: 'component', component: 'tour.room', repeatable: true },
    },
  },
};
const components = { 'tour.room': { uid: 'tour.room', attributes: { model: field() } } };

/** Values over two connections, one unknown connection, and the default spelled both ways. */
const entry = () => ({
  documentId: 'abc123',
  tour: { modelId: 'SxQL3iGyoDo', name: 'Lobby' },
  rooms: [
    { model: { modelId: 'WziSQO0ORu7', connection: 'harbour' } },
    { model: { modelId: 'Harbour0002', connection: 'harbour', name: 'Quay' } },
    { model: { modelId: 'Nowhere0001', connection: 'gone' } },
    { model: { modelId: 'Default0002', connection: 'default' } },
  ],
});
type Entry = ReturnType<typeof entry>;
type Delivered = Record<string, unknown>;
const valuesOf = (e: Entry): Delivered[] => [
  e.tour as Delivered,
  ...e.rooms.map((r) => r.model as Delivered),
];

let fake: FakeStrapi;
/** Every mint asked of "Matterport", with the connection whose credentials it used. */
let mints: Array<{ modelId: string; connection: string; lifetime: number }>;
/** Connections whose credentials Matterport refuses. */
let refusing: Set<string>;

const start = async (harbourValidFor = '2h') => {
  mints = [];
  refusing = new Set();
  const matterport = createFakeMatterport();
  const createLink = async (
    modelId: string,
    lifetime: number,
    connection = 'default'
  ): Promise<EmbedLink> => {
    if (refusing.has(connection))
      throw new MatterportError('MATTERPORT_AUTH_FAILED', undefined, {
        operation: 'createLink',
      });
    // The token names the organisation that made it, so a test can tell them apart.
    const accessToken = `${connection}-tok-${mints.length}`;
    mints.push({ modelId, connection, lifetime });
    return {
      modelId,
      accessToken,
      link: `https://my.matterport.com/show?m=${modelId}&auth=Bearer+${accessToken}`,
      validUntil: new Date(Date.now() + lifetime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      clientId: connection === 'harbour' ? HARBOUR.clientId : DEFAULT.clientId,
    };
  };
  fake = await createFakeStrapi({
    contentTypes,
    components,
    services: { matterport: { ...matterport.service, createLink } },
  });
  register({ strapi: fake.strapi });
  const settings = getService('settings', fake.strapi);
  await settings.write(await settings.prepareUpdate(DEFAULT), ACTOR);
  await settings.writeConnection(
    await settings.prepareCreate({
      id: 'harbour',
      name: 'Harbour',
      ...HARBOUR,
      defaultValidFor: harbourValidFor,
    }),
    ACTOR
  );
  await settings.refresh();
};
afterEach(() => fake.close());

/** One content-API read of the entry; answers it, and whether delivery had to wait (a promise). */
const read = async (): Promise<{ entry: Entry; waited: boolean }> => {
  const request = contentApiRequest();
  fake.setRequest(request);
  const result = entry();
  const pending = getService('delivery', fake.strapi).deliverResult(
    SPACE,
    result,
    request as never
  );
  await pending;
  return { entry: result, waited: pending !== undefined };
};

const linked = (connection: string, modelId: string, name?: string) => ({
  modelId,
  connection,
  ...(name === undefined ? {} : { name }),
  link: expect.stringMatching(
    new RegExp(
      `^https://my\\.matterport\\.com/show\\?m=${modelId}&auth=Bearer\\+${connection}-tok-\\d+`
    )
  ),
  accessToken: expect.stringMatching(new RegExp(`^${connection}-tok-\\d+$`)),
  validUntil: expect.any(String),
  // Issue 28: a PME link says so.
  access: 'private',
  poster: { url: expect.stringContaining('/api/matterport/posters/') },
  activate: { url: expect.stringContaining('/api/matterport/embeds/') },
});
const failed = (connection: string, modelId: string, code: string, name?: string) => ({
  modelId,
  connection,
  ...(name === undefined ? {} : { name }),
  link: null,
  accessToken: null,
  validUntil: null,
  error: { code, message: expect.any(String) },
  poster: { url: expect.stringContaining('/api/matterport/posters/') },
  activate: { url: expect.stringContaining('/api/matterport/embeds/') },
});

const byModel = (a: { modelId: string }, b: { modelId: string }) =>
  a.modelId.localeCompare(b.modelId);

test("each value gets a link from its own connection, with that connection's lifetime; an unknown connection fails its values only", async () => {
  await start();
  const { entry: first } = await read();
  expect(valuesOf(first)).toEqual([
    linked('default', 'SxQL3iGyoDo', 'Lobby'),
    linked('harbour', 'WziSQO0ORu7'),
    linked('harbour', 'Harbour0002', 'Quay'),
    failed('gone', 'Nowhere0001', 'MATTERPORT_NOT_CONFIGURED'),
    linked('default', 'Default0002'),
  ]);
  // Readers learn "not configured", not which connection is missing.
  expect((valuesOf(first)[3].error as { message: string }).message).not.toContain('gone');
  // The field's validFor (30m) first; else the connection's own default: 1h, harbour 2h.
  expect([...mints].sort(byModel)).toEqual(
    [
      { modelId: 'SxQL3iGyoDo', connection: 'default', lifetime: 1800 },
      { modelId: 'WziSQO0ORu7', connection: 'harbour', lifetime: 7200 },
      { modelId: 'Harbour0002', connection: 'harbour', lifetime: 7200 },
      { modelId: 'Default0002', connection: 'default', lifetime: 3600 },
    ].sort(byModel)
  );

  // Each link is remembered under its connection's fingerprint (its cache and ledger key).
  const settings = getService('settings', fake.strapi);
  const links = getService('links', fake.strapi);
  const harbourPrint = (await settings.getConnectionSnapshot('harbour'))?.fingerprint as string;
  const defaultPrint = (await settings.getConnectionSnapshot('default'))?.fingerprint as string;
  expect(harbourPrint).not.toBe(defaultPrint);
  expect(links.peekFresh('WziSQO0ORu7', 7200, harbourPrint)?.accessToken).toBe(
    valuesOf(first)[1].accessToken
  );
  expect(links.peekFresh('WziSQO0ORu7', 7200, defaultPrint)).toBeUndefined();
  expect(links.peekFresh('SxQL3iGyoDo', 1800, defaultPrint)?.accessToken).toBe(
    valuesOf(first)[0].accessToken
  );

  // Warm: the same links from memory, no promise, nothing asked of Matterport.
  const { entry: again, waited } = await read();
  expect(waited).toBe(false);
  expect(valuesOf(again)).toEqual(valuesOf(first));
  expect(mints).toHaveLength(4);
});

test("one connection's credentials refused: its values say so, the other connection's still deliver", async () => {
  await start();
  refusing.add('harbour');
  const { entry: first } = await read();
  expect(valuesOf(first)).toEqual([
    linked('default', 'SxQL3iGyoDo', 'Lobby'),
    failed('harbour', 'WziSQO0ORu7', 'MATTERPORT_AUTH_FAILED'),
    failed('harbour', 'Harbour0002', 'MATTERPORT_AUTH_FAILED', 'Quay'),
    failed('gone', 'Nowhere0001', 'MATTERPORT_NOT_CONFIGURED'),
    linked('default', 'Default0002'),
  ]);
  expect(mints.map((m) => m.connection)).toEqual(['default', 'default']);
});

test("a disabled connection: its values answer MATTERPORT_NOT_CONFIGURED without a call; the default's deliver, warm", async () => {
  await start();
  const settings = getService('settings', fake.strapi);
  await settings.writeConnection(
    await settings.prepareConnectionUpdate('harbour', { enabled: false }),
    ACTOR
  );
  await settings.refresh();
  await read();
  const { entry: warm, waited } = await read();
  expect(waited).toBe(false);
  expect(valuesOf(warm)).toEqual([
    linked('default', 'SxQL3iGyoDo', 'Lobby'),
    failed('harbour', 'WziSQO0ORu7', 'MATTERPORT_NOT_CONFIGURED'),
    failed('harbour', 'Harbour0002', 'MATTERPORT_NOT_CONFIGURED', 'Quay'),
    failed('gone', 'Nowhere0001', 'MATTERPORT_NOT_CONFIGURED'),
    linked('default', 'Default0002'),
  ]);
  expect(mints.map((m) => m.connection)).toEqual(['default', 'default']);
});

test('the same model ID under two connections: two links, one per organisation (never shared)', async () => {
  // The same lifetime on both: only the connection tells the two links apart.
  await start('1h');
  const request = contentApiRequest();
  fake.setRequest(request);
  const result = {
    documentId: 'abc123',
    rooms: [
      { model: { modelId: 'WziSQO0ORu7' } },
      { model: { modelId: 'WziSQO0ORu7', connection: 'harbour' } },
    ],
  };
  await getService('delivery', fake.strapi).deliverResult(SPACE, result, request as never);
  expect(result.rooms.map((r) => r.model)).toEqual([
    linked('default', 'WziSQO0ORu7'),
    linked('harbour', 'WziSQO0ORu7'),
  ]);
  expect([...mints].sort((a, b) => a.connection.localeCompare(b.connection))).toEqual([
    { modelId: 'WziSQO0ORu7', connection: 'default', lifetime: 3600 },
    { modelId: 'WziSQO0ORu7', connection: 'harbour', lifetime: 3600 },
  ]);
});
