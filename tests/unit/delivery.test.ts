import type { PluginConfig } from '../../server/src/config';
import register from '../../server/src/register';
import { getService } from '../../server/src/utils/get-service';
import { createFakeMatterport, type FakeMatterport } from './fakes/matterport';
import { adminRequest, contentApiRequest, createFakeStrapi, type FakeStrapi } from './fakes/strapi';

/**
 * Content reads through the plugin's Document Service middleware (captured from its
 * register, called as Strapi calls it), from the README's "What site developers get":
 * - a content-API read delivers `{ modelId, name, link, accessToken, validUntil }`, `link`
 *   being Matterport's link with the field's Showcase parameters appended, `accessToken`
 *   the model-scoped token, the lifetime the field's `validFor` (else the settings' 1h);
 * - not in the admin Content Manager: it keeps the stored value and makes no Matterport call;
 * - drafts (`draftLinks`, default 'api-token'): only API-token requests get links; any other
 *   draft read gets `link`, `accessToken`, `validUntil` null and `MATTERPORT_DRAFT`, and
 *   nothing is minted; with `onError: 'throw'` such a read answers 403;
 * - a failure is `error: { code, message }` with a 200, unless `onError: 'throw'` (502,
 *   504 for a timeout, header `X-Matterport-Error: <code>`).
 */
const SPACE = 'api::space.space';
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
      title: { type: 'string' },
      tour: field({ validFor: '30m', play: true }),
      rooms: { type: 'component', component: 'tour.room', repeatable: true },
    },
  },
};
const components = { 'tour.room': { uid: 'tour.room', attributes: { model: field() } } };

let fake: FakeStrapi;
let matterport: FakeMatterport;

const start = async (config: Partial<PluginConfig> = {}) => {
  matterport = createFakeMatterport();
  fake = await createFakeStrapi({
    contentTypes,
    components,
    services: { matterport: matterport.service },
    config: { clientId: 'client-a', clientSecret: 'secret-a-0123456789', ...config },
  });
  register({ strapi: fake.strapi });
  expect(fake.documentMiddlewares).toHaveLength(1);
};
afterEach(async () => {
  await fake.close();
});

const stored = () => ({
  documentId: 'abc123',
  title: 'Lobby page',
  tour: { modelId: 'SxQL3iGyoDo', name: 'Lobby' },
  rooms: [{ id: 1, model: { modelId: 'WziSQO0ORu7' } }],
});

type Entry = ReturnType<typeof stored>;

/** One findOne through the middleware, as the Document Service runs it for `request`. */
const read = async (
  request: unknown,
  params: Record<string, unknown> = { status: 'published' }
): Promise<Record<string, unknown>> => {
  fake.setRequest(request);
  const [middleware] = fake.documentMiddlewares;
  const result = stored();
  await middleware({ uid: SPACE, action: 'findOne', params }, async () => result);
  return result as unknown as Record<string, unknown>;
};

const refusedDraft = (value: unknown) => {
  expect(value).toEqual({
    ...(value as { modelId: string; name?: string }),
    link: null,
    accessToken: null,
    validUntil: null,
    error: { code: 'MATTERPORT_DRAFT', message: expect.any(String) },
  });
};

describe('published content-API reads', () => {
  beforeEach(() => start());

  test('a value is delivered with exactly the documented keys, its link and its lifetime', async () => {
    const before = Date.now();
    const entry = await read(contentApiRequest());
    const tour = entry.tour as Record<string, string>;
    expect(Object.keys(tour).sort()).toEqual(
      [
        // Issue 28: how the link reaches the space (`private`: PME).
        'access',
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
    // Issue 26: the value names its connection; one stored without any is `default`'s.
    expect(tour.connection).toBe('default');
    // Issue 27: a published value names its poster and activation route (Strapi's own
    // address: the request's origin without server.url, then the REST prefix).
    const { poster, activate } = entry.tour as unknown as Record<string, { url: string }>;
    expect(poster.url).toMatch(
      /^http:\/\/localhost:1337\/api\/matterport\/posters\/[\w-]+\.[\w-]+\.[\w-]+$/
    );
    expect(activate.url).toBe(poster.url.replace('/posters/', '/embeds/'));
    const minted = matterport.minted.find((l) => l.modelId === 'SxQL3iGyoDo');
    expect(minted).toBeDefined();
    expect(tour.modelId).toBe('SxQL3iGyoDo');
    expect(tour.name).toBe('Lobby');
    expect(tour.accessToken).toBe(minted?.accessToken);
    // Matterport's link, treated as opaque, with the field's Showcase parameter appended.
    expect(tour.link.startsWith(minted?.link as string)).toBe(true);
    expect(new URL(tour.link).searchParams.get('play')).toBe('1');
    expect(new URL(tour.link).searchParams.get('auth')).toBe(`Bearer ${minted?.accessToken}`);
    // validFor '30m' on the field.
    expect(tour.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const lifetime = Date.parse(tour.validUntil) - before;
    expect(lifetime).toBeGreaterThan(29 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(30 * 60_000 + 1000);
    // A component's field without validFor: the settings' default lifetime, 1h.
    const room = (entry.rooms as Array<{ model: Record<string, string> }>)[0].model;
    expect(Object.keys(room).sort()).toEqual(
      [
        'access',
        'accessToken',
        'activate',
        'connection',
        'link',
        'modelId',
        'poster',
        'validUntil',
      ].sort()
    );
    const roomLifetime = Date.parse(room.validUntil) - before;
    expect(roomLifetime).toBeGreaterThan(59 * 60_000);
    expect(roomLifetime).toBeLessThanOrEqual(60 * 60_000 + 1000);
    expect(matterport.mints()).toBe(2);
  });

  test('the value never carries anything of the account (no secret, no account token)', async () => {
    const entry = await read(contentApiRequest());
    expect(JSON.stringify(entry)).not.toContain('secret-a-0123456789');
  });
});

describe('a stored value that is not a model reference', () => {
  beforeEach(() => start());

  // README: such a value (written around the plugin) comes back with `modelId: null` and
  // MATTERPORT_BAD_REQUEST, in a 200, and nothing is asked of Matterport for it.
  test.each([
    ['an object without a model id', { name: 'Lobby' }],
    ['a malformed model id', { modelId: 'not a model' }],
    ['a bare string', 'SxQL3iGyoDo is not stored like this'],
  ])('%s: modelId null, the link fields null, and why', async (_, tour) => {
    fake.setRequest(contentApiRequest());
    const [middleware] = fake.documentMiddlewares;
    const result: Record<string, unknown> = { documentId: 'abc123', tour };
    await middleware(
      { uid: SPACE, action: 'findOne', params: { status: 'published' } },
      async () => result
    );
    expect(result.tour).toEqual({
      modelId: null,
      // No model, no organisation to name.
      connection: null,
      link: null,
      accessToken: null,
      validUntil: null,
      error: { code: 'MATTERPORT_BAD_REQUEST', message: expect.any(String) },
      // No model: nothing to show or to activate.
      poster: null,
      activate: null,
    });
    expect(matterport.minted).toEqual([]);
  });
});

describe('the admin keeps the stored value and calls nobody', () => {
  beforeEach(() => start());

  test('a Content Manager read is left as stored, with no mint', async () => {
    const entry = await read(adminRequest(), { status: 'draft' });
    expect(entry).toEqual(stored());
    const published = await read(adminRequest(), { status: 'published' });
    expect(published).toEqual(stored());
    expect(matterport.mintCalls()).toBe(0);
  });

  test('a read outside any request (a script, a cron) is left as stored', async () => {
    const entry = await read(undefined);
    expect(entry).toEqual(stored());
    expect(matterport.mintCalls()).toBe(0);
  });

  test('a GraphQL field resolver in an admin request passes the stored value through', async () => {
    const delivery = getService('delivery', fake.strapi);
    const plan = delivery.plans().get(SPACE);
    const tourField = plan?.fields.find((f) => f.key === 'tour');
    expect(tourField).toBeDefined();
    const value = { modelId: 'SxQL3iGyoDo' };
    expect(await delivery.deliverValue(value, tourField as never, adminRequest() as never)).toEqual(
      { modelId: 'SxQL3iGyoDo' }
    );
    expect(matterport.mintCalls()).toBe(0);
  });
});

describe("drafts (draftLinks: 'api-token', the default)", () => {
  beforeEach(() => start());

  test.each([
    ['an anonymous reader', contentApiRequest({ query: { status: 'draft' } })],
    ['an end user (JWT)', contentApiRequest({ query: { status: 'draft' }, userJwt: true })],
  ])(
    '%s reading a draft gets no link anywhere, MATTERPORT_DRAFT, and nothing is minted',
    async (_who, request) => {
      const entry = (await read(request, { status: 'draft' })) as unknown as Entry;
      refusedDraft(entry.tour);
      expect(entry.tour).toMatchObject({ modelId: 'SxQL3iGyoDo', name: 'Lobby' });
      refusedDraft(entry.rooms[0].model);
      expect(matterport.mintCalls()).toBe(0);
    }
  );

  test('an API-token request reading a draft gets live links', async () => {
    const entry = (await read(contentApiRequest({ query: { status: 'draft' }, apiToken: true }), {
      status: 'draft',
    })) as unknown as Entry;
    expect((entry.tour as unknown as { link: string }).link).toMatch(
      /^https:\/\/my\.matterport\.com\//
    );
    expect(matterport.mints()).toBe(2);
  });
});

describe('draftLinks never / always', () => {
  test("'never': not even an API token gets a draft link", async () => {
    await start({ draftLinks: 'never' });
    const entry = (await read(contentApiRequest({ query: { status: 'draft' }, apiToken: true }), {
      status: 'draft',
    })) as unknown as Entry;
    refusedDraft(entry.tour);
    expect(matterport.mintCalls()).toBe(0);
  });

  test("'always': an anonymous draft read gets links", async () => {
    await start({ draftLinks: 'always' });
    const entry = (await read(contentApiRequest({ query: { status: 'draft' } }), {
      status: 'draft',
    })) as unknown as Entry;
    expect((entry.tour as unknown as { link: string }).link).toMatch(
      /^https:\/\/my\.matterport\.com\//
    );
  });
});

describe('onError', () => {
  test("'throw': a refused draft read answers 403 with X-Matterport-Error, and mints nothing", async () => {
    await start({ onError: 'throw' });
    const request = contentApiRequest({ query: { status: 'draft' } });
    await expect(read(request, { status: 'draft' })).rejects.toMatchObject({ status: 403 });
    expect(request.sent.get('x-matterport-error')).toBe('MATTERPORT_DRAFT');
    expect(matterport.mintCalls()).toBe(0);
  });

  test("'throw': a link that cannot be had answers 502 with the code in X-Matterport-Error", async () => {
    await start({ onError: 'throw' });
    matterport.fail('SxQL3iGyoDo', 'MATTERPORT_UNAVAILABLE');
    const request = contentApiRequest();
    await expect(read(request)).rejects.toMatchObject({ status: 502 });
    expect(request.sent.get('x-matterport-error')).toBe('MATTERPORT_UNAVAILABLE');
  });

  test("'field' (default): the failing value says why with null link fields; the others keep theirs", async () => {
    await start();
    matterport.fail('SxQL3iGyoDo', 'MATTERPORT_NOT_FOUND');
    const entry = (await read(contentApiRequest())) as unknown as Entry;
    expect(entry.tour).toEqual({
      modelId: 'SxQL3iGyoDo',
      // A value naming no connection is the default connection's (issue 26).
      connection: 'default',
      name: 'Lobby',
      link: null,
      accessToken: null,
      validUntil: null,
      error: { code: 'MATTERPORT_NOT_FOUND', message: expect.any(String) },
      // A published value keeps its refs: the route checks again at each use (a retry).
      poster: { url: expect.stringContaining('/api/matterport/posters/') },
      activate: { url: expect.stringContaining('/api/matterport/embeds/') },
    });
    expect((entry.rooms[0].model as unknown as { link: string }).link).toMatch(
      /^https:\/\/my\.matterport\.com\//
    );
  });

  test('not configured: MATTERPORT_NOT_CONFIGURED, and no call', async () => {
    await start({ clientId: undefined, clientSecret: undefined });
    const entry = (await read(contentApiRequest())) as unknown as Entry;
    expect(entry.tour).toMatchObject({
      link: null,
      error: { code: 'MATTERPORT_NOT_CONFIGURED' },
    });
    expect(matterport.mintCalls()).toBe(0);
  });
});
