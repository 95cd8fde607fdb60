import { cacheControlMiddleware } from '../../server/src/delivery/cache-control';
import deliveryService from '../../server/src/delivery/service';
import { registerGraphQL, type Resolver } from '../../server/src/graphql';

/**
 * README, draftLinks 'api-token' (the default): a draft version gets working links only on
 * requests authenticated with an API token; any other read of a draft gets the stored value,
 * `MATTERPORT_DRAFT`, and nothing is asked of the links service. Defence in depth (issue 24):
 * a value held by an entry of a D&P type whose `publishedAt` is null is a draft wherever it
 * appears, even on a request nothing else marked as a draft read. An API token's draft
 * answer is private to it: `Cache-Control: private`, `Vary: Authorization`.
 */
const field = () => ({ type: 'json', customField: 'plugin::matterport.model' });

const contentTypes = {
  // No draft & publish, relating to tours (which have it).
  'api::venue.venue': {
    uid: 'api::venue.venue',
    modelType: 'contentType',
    kind: 'collectionType',
    info: { singularName: 'venue' },
    options: { draftAndPublish: false },
    attributes: { tours: { type: 'relation', relation: 'oneToMany', target: 'api::tour.tour' } },
  },
  'api::tour.tour': {
    uid: 'api::tour.tour',
    modelType: 'contentType',
    kind: 'collectionType',
    info: { singularName: 'tour' },
    options: { draftAndPublish: true },
    attributes: { space: field() },
  },
};

const PUBLISHED_AT = '2026-01-01T00:00:00.000Z';
const LINK = (modelId: string) => ({
  link: `https://my.matterport.com/show?m=${modelId}&auth=Bearer+t-${modelId}`,
  accessToken: `t-${modelId}`,
  validUntil: new Date(Date.now() + 3_600_000).toISOString(),
  validUntilMs: Date.now() + 3_600_000,
  lifetimeSeconds: 3600,
  fingerprint: 'fp',
});

const REFUSED = {
  // Issue 26: every delivered value names its connection (`default` when it names none).
  connection: 'default',
  link: null,
  accessToken: null,
  validUntil: null,
  error: { code: 'MATTERPORT_DRAFT', message: expect.stringMatching(/draft/i) },
  // A draft never carries a ref (issue 27).
  poster: null,
  activate: null,
};

/** A Koa context as delivery and the Cache-Control middleware read and write it. */
const koaContext = (auth?: 'api-token') => {
  const headers: Record<string, string> = { 'cache-control': 'public, max-age=600' };
  return {
    headers,
    state: {
      route: { info: { type: 'content-api' } },
      ...(auth ? { auth: { strategy: { name: auth } } } : {}),
    },
    response: { get: (name: string) => headers[name.toLowerCase()] ?? '' },
    set: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    vary: (name: string) => {
      headers.vary = headers.vary ? `${headers.vary}, ${name}` : name;
    },
    throw: (status: number, message: string) => {
      throw Object.assign(new Error(message), { status });
    },
  };
};

const boot = () => {
  const asked: string[] = [];
  const links = {
    peekFresh: (modelId: string) => {
      asked.push(modelId);
      return LINK(modelId);
    },
    peekValid: () => undefined,
    getLink: (modelId: string) => {
      asked.push(modelId);
      return Promise.resolve(LINK(modelId));
    },
    minRemainingMs: () => 0,
  };
  const snapshot = {
    connectionId: 'default',
    credentials: { clientId: 'id', clientSecret: 'secret' },
    fingerprint: 'fp',
    defaultValidForSeconds: 3600,
  };
  const settings = {
    peekSnapshot: () => snapshot,
    peekConnectionSnapshot: (id: string) => (id === 'default' ? snapshot : undefined),
  };
  const runtime = {
    config: () => ({
      draftLinks: 'api-token',
      deliveryTimeoutMs: 3000,
      onError: 'field',
      publicSpaces: 'pme',
    }),
  };
  const factories: Array<
    (args: unknown) => { resolvers: Record<string, Record<string, Resolver>> }
  > = [];
  const plugins: Record<string, unknown> = {};
  const strapi = {
    contentTypes,
    components: {},
    log: { info: jest.fn(), error: jest.fn(), warn: jest.fn(), debug: jest.fn() },
    config: { get: () => undefined },
    requestContext: { get: () => undefined },
    plugin: (name: string) => plugins[name],
  };
  (globalThis as { strapi?: unknown }).strapi = strapi;
  const delivery = deliveryService({ strapi } as never);
  // No space is known to be gone (model events, issue 28).
  const catalogue = { isGone: () => false };
  const services: Record<string, unknown> = { delivery, links, settings, runtime, catalogue };
  plugins.matterport = { service: (name: string) => services[name] };
  plugins.graphql = {
    config: (_key: string, fallback: unknown) => fallback,
    service: (name: string) =>
      name === 'extension'
        ? {
            shadowCRUD: () => ({
              isEnabled: () => true,
              field: () => ({ hasOutputEnabled: () => true }),
            }),
            use: (factory: (typeof factories)[number]) => factories.push(factory),
          }
        : name === 'utils'
          ? { naming: { getTypeName: () => 'Tour', getComponentName: () => 'Unused' } }
          : undefined,
  };
  registerGraphQL(strapi as never);
  const [{ resolvers }] = factories.map((f) => f({ strapi, typeRegistry: { has: () => true } }));
  return { delivery, asked, resolvers };
};

/** A venue (no D&P) read on a request nothing marked as a draft read, with a draft tour and a published one. */
const venueWithTours = () => ({
  tours: [
    { publishedAt: null, space: { modelId: 'Draft000001' } },
    { publishedAt: PUBLISHED_AT, space: { modelId: 'Public00001' } },
  ],
});

test('REST: a value held by a draft entry is refused on an anonymous read nobody marked as a draft read; the published one gets its link', async () => {
  const { delivery, asked } = boot();
  const ctx = koaContext();
  const venue = venueWithTours();
  await delivery.deliverResult('api::venue.venue', venue, ctx as never);
  expect(venue.tours[0].space).toEqual({ modelId: 'Draft000001', ...REFUSED });
  expect(venue.tours[1].space).toMatchObject({
    modelId: 'Public00001',
    accessToken: 't-Public00001',
  });
  // Nothing was asked for the draft's model.
  expect(asked).toEqual(['Public00001']);
});

test('GraphQL: the field resolver refuses a value whose parent entry is a draft, and links a published one', async () => {
  const { resolvers, asked } = boot();
  const ctx = koaContext();
  const draft = await resolvers.Tour.space(
    { publishedAt: null, space: { modelId: 'Draft000002' } },
    {},
    { koaContext: ctx as never }
  );
  expect(draft).toEqual({ modelId: 'Draft000002', ...REFUSED });
  const published = await resolvers.Tour.space(
    { publishedAt: PUBLISHED_AT, space: { modelId: 'Public00002' } },
    {},
    { koaContext: ctx as never }
  );
  expect(published).toMatchObject({ modelId: 'Public00002', accessToken: 't-Public00002' });
  expect(asked).toEqual(['Public00002']);
});

test("an API token's draft answer gets its links, and leaves private with Vary: Authorization", async () => {
  const { delivery } = boot();
  const ctx = koaContext('api-token');
  ctx.headers.vary = 'Origin';
  const venue = venueWithTours();
  await cacheControlMiddleware()(ctx as never, async () => {
    await delivery.deliverResult('api::venue.venue', venue, ctx as never);
  });
  expect(venue.tours[0].space).toMatchObject({
    modelId: 'Draft000001',
    accessToken: 't-Draft000001',
  });
  expect(ctx.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
  expect(ctx.headers.vary).toBe('Origin, Authorization');
});

test('an anonymous answer holding only published values keeps the site’s public header and no Vary', async () => {
  const { delivery } = boot();
  const ctx = koaContext();
  const venue = { tours: [{ publishedAt: PUBLISHED_AT, space: { modelId: 'Public00003' } }] };
  await cacheControlMiddleware()(ctx as never, async () => {
    await delivery.deliverResult('api::venue.venue', venue, ctx as never);
  });
  expect(ctx.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
  expect(ctx.headers.vary).toBeUndefined();
});
