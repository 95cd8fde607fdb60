import { SandboxControl } from '../../sandbox/src';
import {
  ACTIVATION_KEY,
  activate,
  modelPool,
  poster,
  refFor,
  spaceRef,
  type ActivationBody,
} from '../harness/activation';
import { createApiToken, registerAdmin } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts } from '../harness/embed';
import { client, request, type Client, type HttpResult } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * The content-API embed routes of issue 27, on one Strapi of their own (their limits are per
 * process and per client address, which a shared Strapi would mix with other files):
 *
 * - `GET /api/matterport/embeds/<ref>`: "a link from the same cache, ledger, mint lock and
 *   failure memory as delivery"; the ref "names the entry (type, document, locale), the
 *   field's path and the model, and the route checks at each use that this entry is still
 *   published and still holds that model there"; "a forged or tampered ref, an old key, an
 *   unpublished entry: 404 or 403, never a link"; "bounded Cache-Control (never past the link's
 *   life minus a margin)"; CORS for `activationOrigins`; per-client and per-ref rate limits
 *   answering 429 with Retry-After; errors in the plugin's error shape.
 * - `GET /api/matterport/posters/<ref>`: the model's image, raster only, long-cacheable, "for
 *   models used in published content only".
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const credentials = { clientId: `activation-${Date.now()}`, clientSecret: 'activation-secret-01' };
const SITE = 'https://site.example';
const CLIENT_LIMIT = 100;
const REF_LIMIT = 150;
// The playground's field options (playground/src/api/space, components/tour): `tour` is
// `validFor: 30m, play, qs`; `rooms.model` is `validFor: 10m`; `sections.model` (tour.embed)
// is `help: 0, title: false`.
const TOUR_LIFETIME_S = 30 * 60;
const ROOM_LIFETIME_S = 10 * 60;

let db: TestDatabase;
let strapi: StrapiProcess;
let admin: Client;
let api: Client;
const nextModel = modelPool();

beforeAll(async () => {
  await sandbox.registerClient(credentials);
  db = await createTestDatabase('activation');
  strapi = await startStrapi({
    name: 'activation',
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig: {
      encryptionKey: ACTIVATION_KEY,
      activationOrigins: [SITE],
      activationRateLimit: CLIENT_LIMIT,
      activationRefRateLimit: REF_LIMIT,
      // The failure test waits for the client's retries to end in MATTERPORT_UNAVAILABLE,
      // which takes longer than the default 3 s budget (then the answer is MATTERPORT_TIMEOUT).
      deliveryTimeout: '20s',
    },
    // Client addresses come from X-Forwarded-For (Strapi's server.proxy.koa), so each test
    // can be its own client and the limits can be driven from one machine.
    env: { TRUST_PROXY: 'true' },
  });
  const jwt = await registerAdmin(strapi.url);
  admin = client(strapi.url, jwt);
  api = client(strapi.url, await createApiToken(strapi.url, jwt));
  expect((await admin.put('/matterport/settings', credentials)).status).toBe(200);
});

afterAll(async () => {
  await sandbox.clearFaults();
  await strapi?.stop();
  await db?.drop();
});

let clientCount = 0;
/** A client address of its own for each call site that is not about limits. */
const asClient = (): Record<string, string> => {
  clientCount += 1;
  return { 'x-forwarded-for': `198.51.100.${clientCount % 250}` };
};

const mintsOf = async (modelId: string): Promise<number> =>
  (await sandbox.counters()).mintsByModel[modelId] ?? 0;

const unpublish = (documentId: string) =>
  admin.post(
    `/content-manager/collection-types/api::space.space/${documentId}/actions/unpublish`,
    {}
  );

const expectNotPublished = (res: HttpResult<ActivationBody>) => {
  expect({ status: res.status, body: res.body }).toEqual({
    status: 404,
    body: {
      data: null,
      error: {
        status: 404,
        name: 'MatterportError',
        message: expect.any(String),
        details: { code: 'MATTERPORT_NOT_PUBLISHED' },
      },
    },
  });
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.text).not.toMatch(/accessToken|link/);
};

const maxAgeOf = (res: HttpResult<unknown>): number => {
  const match = /^private, max-age=(\d+)$/.exec(res.headers.get('cache-control') ?? '');
  expect(match).not.toBeNull();
  return Number(match?.[1]);
};

describe('a published entry', () => {
  test('its ref answers a link the Showcase accepts, minted once, with the field’s parameters', async () => {
    const model = nextModel();
    const space = await createSpace(api, { title: uniqueTitle('Activation'), tour: model });
    await sandbox.resetCounters();
    const ref = spaceRef(space.documentId, model);

    const first = await activate(strapi.url, ref, asClient());
    expect(first.status).toBe(200);
    const value = await expectShowcaseAccepts(first.body.data as never, model);
    // `tour` asks for play=1 and qs=1 (Showcase parameters appended as delivery does).
    const params = new URL(value.link as string).searchParams;
    expect([params.get('play'), params.get('qs')]).toEqual(['1', '1']);
    expect(Object.keys(first.body.data ?? {}).sort()).toEqual(
      ['accessToken', 'link', 'modelId', 'validUntil'].sort()
    );
    expect(await mintsOf(model)).toBe(1);

    // Cached: the same link, no second mint.
    const second = await activate(strapi.url, ref, asClient());
    expect(second.body.data).toEqual(first.body.data);
    expect(await mintsOf(model)).toBe(1);

    // Cache-Control: private, and never past the link's life minus the links' margin (by
    // default half the lifetime: README, minRemaining).
    const secondsLeft = (Date.parse(second.body.data?.validUntil as string) - Date.now()) / 1000;
    const maxAge = maxAgeOf(second);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(Math.ceil(secondsLeft - TOUR_LIFETIME_S / 2));
  });

  test('a value in a repeatable component: its own lifetime, and the read mints nothing else', async () => {
    const [model, sibling] = [nextModel(), nextModel()];
    const space = await createSpace(api, {
      title: uniqueTitle('Rooms'),
      rooms: [
        { name: 'Hall', model: sibling },
        { name: 'Kitchen', model },
      ],
    });
    await sandbox.resetCounters();
    const res = await activate(strapi.url, spaceRef(space.documentId, model, 'rooms.model'));
    expect(res.status).toBe(200);
    await expectShowcaseAccepts(res.body.data as never, model);
    const lifetime = (Date.parse(res.body.data?.validUntil as string) - Date.now()) / 1000;
    expect(lifetime).toBeLessThanOrEqual(ROOM_LIFETIME_S);
    // The route's own read of the entry is not a content read: delivery, which would mint
    // the other room's link, does not run in it.
    expect((await sandbox.counters()).mintsByModel).toEqual({ [model]: 1 });
    expect(await mintsOf(sibling)).toBe(0);
  });

  test('a value in a dynamic zone answers with that component’s parameters', async () => {
    const model = nextModel();
    const space = await createSpace(api, {
      title: uniqueTitle('Sections'),
      sections: [
        { __component: 'tour.text', body: 'Intro' },
        { __component: 'tour.embed', caption: 'Tour', model },
      ],
    });
    const res = await activate(strapi.url, spaceRef(space.documentId, model, 'sections.model'));
    expect(res.status).toBe(200);
    const value = await expectShowcaseAccepts(res.body.data as never, model);
    const params = new URL(value.link as string).searchParams;
    expect([params.get('help'), params.get('title')]).toEqual(['0', '0']);
  });

  test('a localized entry: the ref names its locale, and no other', async () => {
    const model = nextModel();
    const venue = await api.post<{ data: { documentId: string } }>('/api/venues?locale=en', {
      data: { name: uniqueTitle('Venue'), model },
    });
    expect(venue.status).toBe(201);
    const target = {
      uid: 'api::venue.venue',
      documentId: venue.body.data.documentId,
      path: 'model',
      modelId: model,
    };
    expect((await activate(strapi.url, refFor({ ...target, locale: 'en' }))).status).toBe(200);
    expectNotPublished(await activate(strapi.url, refFor({ ...target, locale: 'fr' })));
  });

  test('its poster is the model’s raster image, long-cacheable', async () => {
    const model = nextModel();
    const space = await createSpace(api, { title: uniqueTitle('Poster'), tour: model });
    const res = await poster(strapi.url, spaceRef(space.documentId, model));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/(png|jpeg|webp|gif)/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // Sites show it in <img> on their own origin: said explicitly, so that a stricter
    // security middleware (helmet's default is same-origin) does not make browsers refuse it.
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});

describe('refs as delivery hands them out (activate.url, poster.url of a REST read)', () => {
  interface Value {
    modelId: string;
    link: string | null;
    poster?: { url: string } | null;
    activate?: { url: string } | null;
  }
  interface Listing {
    documentId: string;
    tour: Value;
    rooms: Array<{ space: Value }>;
    space: { tour: Value } | null;
  }

  test('every on-demand value activates and every poster serves, until the entry is unpublished', async () => {
    const [top, room, related] = [nextModel(), nextModel(), nextModel()];
    const space = await createSpace(api, { title: uniqueTitle('Related'), tour: related });
    const made = await api.post<{ data: { documentId: string } }>('/api/listings', {
      data: {
        title: uniqueTitle('Listing'),
        tour: top,
        rooms: [{ name: 'Hall', space: room }],
        space: space.documentId,
      },
    });
    expect(made.status).toBe(201);
    const documentId = made.body.data.documentId;
    const read = await client(strapi.url).get<{ data: Listing }>(
      `/api/listings/${documentId}?populate[rooms]=true&populate[space]=true`
    );
    expect(read.status).toBe(200);
    const listing = read.body.data;
    const onDemand = [listing.tour, listing.rooms[0].space];
    expect(onDemand.map((v) => v.modelId)).toEqual([top, room]);
    for (const value of onDemand) {
      const res = await request<ActivationBody>('GET', value.activate?.url as string, {
        headers: asClient(),
      });
      expect(res.status).toBe(200);
      await expectShowcaseAccepts(res.body.data as never, value.modelId);
    }
    // Posters of both modes (the related space's `tour` is a link value).
    const values = [...onDemand, listing.space?.tour as Value];
    for (const value of values) {
      const image = await fetch(value.poster?.url as string);
      expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);
    }

    expect(
      (
        await admin.post(
          `/content-manager/collection-types/api::listing.listing/${documentId}/actions/unpublish`,
          {}
        )
      ).status
    ).toBe(200);
    for (const value of onDemand) {
      expectNotPublished(
        await request<ActivationBody>('GET', value.activate?.url as string, {
          headers: asClient(),
        })
      );
      expect((await fetch(value.poster?.url as string)).status).toBe(404);
    }
    // The related space is still published: its poster still serves.
    expect((await fetch(listing.space?.tour.poster?.url as string)).status).toBe(200);
  });
});

describe('a ref dies with its place', () => {
  test('unpublish: the very next activation and poster answer 404, and nothing is minted', async () => {
    const model = nextModel();
    const space = await createSpace(api, { title: uniqueTitle('Unpublish'), tour: model });
    const ref = spaceRef(space.documentId, model);
    expect((await activate(strapi.url, ref)).status).toBe(200);
    expect((await poster(strapi.url, ref)).status).toBe(200);
    expect((await unpublish(space.documentId)).status).toBe(200);
    await sandbox.resetCounters();
    expectNotPublished(await activate(strapi.url, ref, asClient()));
    const image = await poster(strapi.url, ref);
    expect([image.status, image.headers.get('cache-control')]).toEqual([404, 'no-store']);
    expect(await mintsOf(model)).toBe(0);
  });

  test('the model changed and published: the old ref is refused, a ref to the new one works', async () => {
    const [before, after] = [nextModel(), nextModel()];
    const space = await createSpace(api, { title: uniqueTitle('Change'), tour: before });
    const old = spaceRef(space.documentId, before);
    expect((await activate(strapi.url, old)).status).toBe(200);
    const updated = await api.put(`/api/spaces/${space.documentId}`, { data: { tour: after } });
    expect(updated.status).toBe(200);
    expectNotPublished(await activate(strapi.url, old));
    expect((await activate(strapi.url, spaceRef(space.documentId, after))).status).toBe(200);
  });

  test('delete: 404', async () => {
    const model = nextModel();
    const space = await createSpace(api, { title: uniqueTitle('Delete'), tour: model });
    const ref = spaceRef(space.documentId, model);
    expect((await activate(strapi.url, ref)).status).toBe(200);
    expect((await api.del(`/api/spaces/${space.documentId}`)).status).toBe(204);
    expectNotPublished(await activate(strapi.url, ref));
  });

  test('a draft-only entry never had a usable ref: 404, no mint', async () => {
    const model = nextModel();
    const draft = await createSpace(api, { title: uniqueTitle('Draft'), tour: model }, 'draft');
    await sandbox.resetCounters();
    expectNotPublished(await activate(strapi.url, spaceRef(draft.documentId, model)));
    expect((await poster(strapi.url, spaceRef(draft.documentId, model))).status).toBe(404);
    expect(await mintsOf(model)).toBe(0);
  });
});

describe('refs this Strapi did not sign', () => {
  let documentId: string;
  let model: string;
  let good: string;

  beforeAll(async () => {
    model = nextModel();
    documentId = (await createSpace(api, { title: uniqueTitle('Forged'), tour: model })).documentId;
    good = spaceRef(documentId, model);
  });

  const flip = (text: string, at: number) =>
    text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

  const forged = (): Array<[string, string]> => {
    const [payload, kid, mac] = good.split('.');
    const other = nextModel();
    // Another document's payload under this ref's MAC: a payload swap.
    const swapped = Buffer.from(
      JSON.stringify([1, 'api::space.space', documentId, null, 'tour', other]),
      'utf8'
    ).toString('base64url');
    return [
      ['a tampered payload', `${flip(payload, 5)}.${kid}.${mac}`],
      ['a payload naming another model under the same MAC', `${swapped}.${kid}.${mac}`],
      ['a tampered MAC', `${payload}.${kid}.${flip(mac, 3)}`],
      ['a ref signed with another key', spaceRef(documentId, model, 'tour', `${ACTIVATION_KEY}-x`)],
      ['garbage', 'not-a-ref'],
      ['an over-long ref', `${payload}.${kid}.${mac}${'A'.repeat(2000)}`],
      ['a ref without its MAC', `${payload}.${kid}`],
    ];
  };

  test('each answers 404 MATTERPORT_NOT_PUBLISHED, never a link, and nothing is minted', async () => {
    await sandbox.resetCounters();
    const cases = forged();
    for (const [, ref] of cases) {
      expectNotPublished(await activate(strapi.url, ref, asClient()));
      expect((await poster(strapi.url, ref)).status).toBe(404);
    }
    expect((await sandbox.counters()).mints).toBe(0);
    // The genuine ref works: the refusals above are about the refs, not the entry.
    expect((await activate(strapi.url, good, asClient())).status).toBe(200);
  });
});

describe('failures', () => {
  test('a Matterport failure answers in the plugin’s error shape with its status, never a 500', async () => {
    const model = nextModel();
    const space = await createSpace(api, { title: uniqueTitle('Failure'), tour: model });
    await sandbox.addFault({ target: 'mint', mode: 'status', status: 500 });
    try {
      const res = await activate(strapi.url, spaceRef(space.documentId, model), asClient());
      expect({ status: res.status, body: res.body }).toEqual({
        status: 502,
        body: {
          data: null,
          error: {
            status: 502,
            name: 'MatterportError',
            message: expect.any(String),
            details: { code: 'MATTERPORT_UNAVAILABLE' },
          },
        },
      });
      expect(res.headers.get('cache-control')).toBe('no-store');
    } finally {
      await sandbox.clearFaults();
    }
  });
});

describe('CORS', () => {
  let ref: string;
  beforeAll(async () => {
    const model = nextModel();
    ref = spaceRef(
      (await createSpace(api, { title: uniqueTitle('Cors'), tour: model })).documentId,
      model
    );
  });

  const preflight = (origin: string) =>
    request('OPTIONS', `${strapi.url}/api/matterport/embeds/${ref}`, {
      headers: { origin, 'access-control-request-method': 'GET' },
    });

  test('a preflight from an activationOrigins site is allowed, without credentials', async () => {
    const res = await preflight(SITE);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/Origin/i);
  });

  test('a preflight from another origin is not (although strapi::cors allows every origin)', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('the answer itself: allowed for the site, Retry-After readable, not for another origin', async () => {
    const site = await activate(strapi.url, ref, { origin: SITE, ...asClient() });
    expect(site.status).toBe(200);
    expect(site.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(site.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
    expect(site.headers.get('access-control-allow-credentials')).toBeNull();
    expect(site.headers.get('vary')).toMatch(/Origin/i);
    const other = await activate(strapi.url, ref, {
      origin: 'https://evil.example',
      ...asClient(),
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('rate limits', () => {
  /** `count` requests, `concurrency` at a time, in order. */
  const flood = async (
    count: number,
    call: (i: number) => Promise<HttpResult<ActivationBody>>,
    concurrency = 25
  ): Promise<Array<HttpResult<ActivationBody>>> => {
    const results: Array<HttpResult<ActivationBody>> = [];
    for (let i = 0; i < count; i += concurrency) {
      const batch = Array.from({ length: Math.min(concurrency, count - i) }, (_, j) => call(i + j));
      results.push(...(await Promise.all(batch)));
    }
    return results;
  };

  const expectRefusedAsLimited = (refused: Array<HttpResult<ActivationBody>>) => {
    for (const res of refused) {
      expect(res.body.error?.details.code).toBe('MATTERPORT_TOO_MANY_ACTIVATIONS');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  };

  test('1,000 activations from one client: at most the client limit answered, the rest 429, one mint', async () => {
    const model = nextModel();
    const space = await createSpace(api, { title: uniqueTitle('Flood'), tour: model });
    const ref = spaceRef(space.documentId, model);
    await sandbox.resetCounters();
    const results = await flood(1000, () =>
      activate(strapi.url, ref, { 'x-forwarded-for': '203.0.113.7' })
    );
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(ok.length).toBe(CLIENT_LIMIT);
    expect(refused.length).toBe(1000 - CLIENT_LIMIT);
    expectRefusedAsLimited(refused);
    expect(await mintsOf(model)).toBe(1);
    // Another client is not held back by this one.
    expect((await activate(strapi.url, ref, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(
      200
    );
  });

  test('one ref from many clients: at most the ref limit answered, then 429', async () => {
    const model = nextModel();
    const space = await createSpace(api, { title: uniqueTitle('Ref flood'), tour: model });
    const ref = spaceRef(space.documentId, model);
    await sandbox.resetCounters();
    const results = await flood(REF_LIMIT + 50, (i) =>
      activate(strapi.url, ref, { 'x-forwarded-for': `10.20.${Math.floor(i / 250)}.${i % 250}` })
    );
    expect(results.filter((r) => r.status === 200).length).toBe(REF_LIMIT);
    const refused = results.filter((r) => r.status === 429);
    expect(refused.length).toBe(50);
    expectRefusedAsLimited(refused);
    expect(await mintsOf(model)).toBe(1);
  });

  test('garbage from one client is limited too (before any decoding)', async () => {
    const results = await flood(CLIENT_LIMIT + 10, (i) =>
      activate(strapi.url, `garbage-${i}`, { 'x-forwarded-for': '203.0.113.99' })
    );
    expect(results.filter((r) => r.status === 404).length).toBe(CLIENT_LIMIT);
    expectRefusedAsLimited(results.filter((r) => r.status === 429));
  });
});
