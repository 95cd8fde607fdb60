import { createCipher } from '../../server/src/crypto';
import { peekSession } from '../../server/src/delivery/session';
import { decodeRef } from '../../server/src/embeds/ref';
import register from '../../server/src/register';
import type { PluginConfig } from '../../server/src/config';
import { createFakeMatterport, type FakeMatterport } from './fakes/matterport';
import {
  ENCRYPTION_KEY,
  contentApiRequest,
  createFakeStrapi,
  type FakeStrapi,
} from './fakes/strapi';

/**
 * Issue 27, the delivery side, through the plugin's Document Service middleware:
 * - an `on-demand` field's published value is `{ modelId, name, link: null, accessToken: null,
 *   validUntil: null, poster: { url }, activate: { url } }`: no token, nothing minted;
 * - every published value (both modes) names its poster; a draft never carries a ref (an
 *   API-token draft read gets a link, as before, in both modes);
 * - a value whose entry the read does not name cannot get a ref: an on-demand field falls back
 *   to a link;
 * - a response of on-demand values only puts no bound on the page's caches.
 */
const LISTING = 'api::listing.listing';
const field = (options?: Record<string, unknown>) => ({
  type: 'json',
  customField: 'plugin::matterport.model',
  options,
});
const contentTypes = {
  [LISTING]: {
    uid: LISTING,
    modelType: 'contentType',
    kind: 'collectionType',
    options: { draftAndPublish: true },
    pluginOptions: { i18n: { localized: true } },
    attributes: {
      title: { type: 'string' },
      tour: field({ delivery: 'on-demand' }),
      backup: field(),
      rooms: { type: 'component', component: 'listing.room', repeatable: true },
    },
  },
};
const components = {
  'listing.room': {
    uid: 'listing.room',
    modelType: 'component',
    attributes: { space: field({ delivery: 'on-demand' }) },
  },
};

let fake: FakeStrapi;
let matterport: FakeMatterport;
const cipher = createCipher(ENCRYPTION_KEY);

const start = async (config: Partial<PluginConfig> = {}) => {
  matterport = createFakeMatterport();
  fake = await createFakeStrapi({
    contentTypes,
    components,
    services: { matterport: matterport.service },
    config: { clientId: 'client-a', clientSecret: 'secret-a-0123456789', ...config },
  });
  register({ strapi: fake.strapi });
};
afterEach(async () => {
  await fake.close();
});

const entry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  documentId: 'doc-1',
  locale: 'fr',
  title: 'Loft',
  tour: { modelId: 'SxQL3iGyoDo', name: 'Loft' },
  backup: { modelId: 'WziSQO0ORu7' },
  rooms: [{ id: 1, space: { modelId: 'Abcdefghijk' } }],
  ...over,
});

const read = async (
  request: ReturnType<typeof contentApiRequest>,
  result: Record<string, unknown>,
  params: Record<string, unknown> = { status: 'published' }
) => {
  fake.setRequest(request);
  const [middleware] = fake.documentMiddlewares;
  await middleware({ uid: LISTING, action: 'findOne', params }, async () => result);
  return result;
};

const refOf = (url: unknown, kind: 'posters' | 'embeds') => {
  const match = new RegExp(`^http://localhost:1337/api/matterport/${kind}/([^/]+)$`).exec(
    String(url)
  );
  expect(match).not.toBeNull();
  return decodeRef((match as RegExpExecArray)[1], cipher);
};

describe('published reads', () => {
  beforeEach(() => start());

  test('an on-demand value carries no token and names its entry, field path and model; nothing is minted', async () => {
    const request = contentApiRequest();
    const result = await read(request, entry());
    const tour = result.tour as Record<string, { url: string } | string | null>;
    expect(Object.keys(tour).sort()).toEqual(
      [
        'accessToken',
        'activate',
        'connection',
        'link',
        'modelId',
        'name',
        'poster',
        'validUntil',
      ].sort()
    );
    // Issue 26: a value naming no connection is the default connection's.
    expect(tour).toMatchObject({ modelId: 'SxQL3iGyoDo', connection: 'default', name: 'Loft' });
    expect([tour.link, tour.accessToken, tour.validUntil]).toEqual([null, null, null]);
    const target = {
      uid: LISTING,
      documentId: 'doc-1',
      locale: 'fr',
      path: 'tour',
      modelId: 'SxQL3iGyoDo',
    };
    expect(refOf((tour.poster as { url: string }).url, 'posters')).toEqual(target);
    expect(refOf((tour.activate as { url: string }).url, 'embeds')).toEqual(target);
    // The component's on-demand value: its entry, the path without the list index.
    const room = (result.rooms as Array<{ space: Record<string, { url: string } | null> }>)[0]
      .space;
    expect(room.link).toBeNull();
    expect(refOf(room.activate?.url, 'embeds')).toEqual({
      ...target,
      path: 'rooms.space',
      modelId: 'Abcdefghijk',
    });
    // Only the link-mode field was minted for.
    expect(matterport.minted.map((l) => l.modelId)).toEqual(['WziSQO0ORu7']);
  });

  test('a link-mode value carries its link and its poster too', async () => {
    const result = await read(contentApiRequest(), entry());
    const backup = result.backup as Record<string, { url: string } | string>;
    expect(typeof backup.link).toBe('string');
    expect(typeof backup.accessToken).toBe('string');
    expect(refOf((backup.poster as { url: string }).url, 'posters')).toEqual({
      uid: LISTING,
      documentId: 'doc-1',
      locale: 'fr',
      path: 'backup',
      modelId: 'WziSQO0ORu7',
    });
  });

  test('a response of on-demand values only puts no bound on caches; one link bounds it', async () => {
    const onDemandOnly = contentApiRequest();
    await read(onDemandOnly, entry({ backup: null }));
    expect(matterport.mints()).toBe(0);
    expect(peekSession(onDemandOnly)?.freshUntil).toBe(Number.POSITIVE_INFINITY);
    const mixed = contentApiRequest();
    await read(mixed, entry());
    expect(Number.isFinite(peekSession(mixed)?.freshUntil)).toBe(true);
  });

  test('an entry the read does not name (no documentId): no ref, and on-demand falls back to a link', async () => {
    const result = await read(contentApiRequest(), entry({ documentId: undefined }));
    const tour = result.tour as Record<string, unknown>;
    expect(typeof tour.link).toBe('string');
    expect(tour.poster).toBeNull();
    expect(tour.activate).toBeNull();
    expect(matterport.minted.map((l) => l.modelId).sort()).toEqual(
      ['Abcdefghijk', 'SxQL3iGyoDo', 'WziSQO0ORu7'].sort()
    );
  });

  test('a localized entry read without its locale names no entry either', async () => {
    const result = await read(contentApiRequest(), entry({ locale: undefined, backup: null }));
    expect((result.tour as Record<string, unknown>).poster).toBeNull();
    expect(typeof (result.tour as Record<string, unknown>).link).toBe('string');
  });
});

describe('defaultDelivery', () => {
  test("'on-demand' makes fields without their own option on-demand", async () => {
    await start({ defaultDelivery: 'on-demand' });
    const result = await read(contentApiRequest(), entry());
    expect((result.backup as Record<string, unknown>).link).toBeNull();
    expect(matterport.mints()).toBe(0);
  });
});

describe('drafts never carry a ref', () => {
  beforeEach(() => start());

  test('an anonymous draft read: MATTERPORT_DRAFT, no poster, no activation, nothing minted', async () => {
    const result = await read(
      contentApiRequest({ query: { status: 'draft' } }),
      entry({ publishedAt: null }),
      { status: 'draft' }
    );
    for (const value of [result.tour, result.backup]) {
      expect(value).toMatchObject({
        link: null,
        error: { code: 'MATTERPORT_DRAFT' },
        poster: null,
        activate: null,
      });
    }
    expect(matterport.mints()).toBe(0);
  });

  test('an API-token draft read gets links, in both modes, and no ref', async () => {
    const result = await read(
      contentApiRequest({ query: { status: 'draft' }, apiToken: true }),
      entry({ publishedAt: null }),
      { status: 'draft' }
    );
    for (const value of [result.tour, result.backup]) {
      expect(value).toMatchObject({
        link: expect.stringMatching(/^https:\/\/my\.matterport\.com\//),
        poster: null,
        activate: null,
      });
    }
  });

  test('a draft entry met on a published read (publishedAt null) carries no ref', async () => {
    const result = await read(contentApiRequest(), entry({ publishedAt: null }));
    expect(result.tour).toMatchObject({ error: { code: 'MATTERPORT_DRAFT' }, poster: null });
  });

  test('a draft entry met on a published API-token read gets a link, not a ref, in both modes', async () => {
    const result = await read(contentApiRequest({ apiToken: true }), entry({ publishedAt: null }));
    for (const value of [result.tour, result.backup]) {
      expect(value).toMatchObject({ link: expect.any(String), poster: null, activate: null });
    }
  });
});

describe('GraphQL field resolvers', () => {
  type Resolver = (parent: unknown, args: unknown, context: unknown) => unknown;

  /** The plugin's resolvers as the GraphQL plugin would get them from its extension factory. */
  const resolvers = async () => {
    const factories: Array<
      (args: unknown) => { resolvers: Record<string, Record<string, Resolver>> }
    > = [];
    const graphqlPlugin = {
      config: (_key: string, fallback: unknown) => fallback,
      service: (name: string) =>
        name === 'extension'
          ? {
              shadowCRUD: () => ({
                disable: () => undefined,
                isEnabled: () => true,
                field: () => ({ hasOutputEnabled: () => true }),
              }),
              use: (factory: (typeof factories)[number]) => factories.push(factory),
            }
          : {
              naming: {
                getTypeName: () => 'Listing',
                getComponentName: () => 'ComponentListingRoom',
              },
            },
    };
    matterport = createFakeMatterport();
    fake = await createFakeStrapi({
      contentTypes,
      components,
      services: { matterport: matterport.service },
      plugins: { graphql: graphqlPlugin },
      config: { clientId: 'client-a', clientSecret: 'secret-a-0123456789' },
    });
    // Strapi's isPrivateAttribute reads the global `strapi`.
    (globalThis as { strapi?: unknown }).strapi = fake.strapi;
    register({ strapi: fake.strapi });
    const [factory] = factories;
    return factory({ strapi: fake.strapi, typeRegistry: { has: () => true } }).resolvers;
  };

  test("an entry's field (a related entry loaded by GraphQL) names that entry; a component's value, no entry, gets a link", async () => {
    const { Listing, ComponentListingRoom } = await resolvers();
    const koaContext = contentApiRequest({ path: '/graphql' });
    const tour = (await Listing.tour(
      { documentId: 'doc-9', locale: 'en', tour: { modelId: 'SxQL3iGyoDo' } },
      {},
      { koaContext }
    )) as Record<string, { url: string } | null>;
    expect(tour.link).toBeNull();
    expect(refOf(tour.activate?.url, 'embeds')).toEqual({
      uid: LISTING,
      documentId: 'doc-9',
      locale: 'en',
      path: 'tour',
      modelId: 'SxQL3iGyoDo',
    });
    const room = (await ComponentListingRoom.space(
      { id: 3, space: { modelId: 'Abcdefghijk' } },
      {},
      { koaContext }
    )) as Record<string, unknown>;
    expect(room).toMatchObject({ modelId: 'Abcdefghijk', poster: null, activate: null });
    expect(typeof room.link).toBe('string');
  });
});
