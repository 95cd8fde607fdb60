import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import { ensureLocale, graphql } from '../harness/admin';
import { createSpace, uniqueTitle } from '../harness/content';
import { readContext } from '../harness/context';
import { expectShowcaseAccepts, type Delivered } from '../harness/embed';
import { client } from '../harness/http';

const ctx = readContext();
const api = client(ctx.strapiUrl, ctx.apiToken);
const publicApi = client(ctx.strapiUrl);
const admin = client(ctx.strapiUrl, ctx.adminToken);
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const active = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo);
const [A, B, C, D, E, F] = active.map((m) => m.id);

interface SpaceEntry {
  documentId: string;
  title: string;
  tour: Delivered | null;
  rooms: Array<{ name: string; model: Delivered | null }>;
  sections: Array<{ __component: string; model?: Delivered | null; body?: string }>;
  venue: { name: string; model: Delivered | null } | null;
}

let venueId: string;
let spaceId: string;
const title = uniqueTitle('Delivery');

beforeAll(async () => {
  const venue = await api.post<{ data: { documentId: string } }>('/api/venues', {
    data: { name: 'Harbour venue', model: { modelId: A, name: 'Venue model' } },
  });
  expect(venue.status).toBe(201);
  venueId = venue.body.data.documentId;
  const space = await createSpace(api, {
    title,
    tour: { modelId: B, name: 'Main tour' },
    rooms: [{ name: 'Kitchen', model: C }],
    sections: [
      {
        __component: 'tour.embed',
        caption: 'Embedded',
        model: `https://my.matterport.com/show/?m=${D}&play=1`,
      },
      { __component: 'tour.text', body: 'Just text' },
    ],
    venue: venueId,
  });
  spaceId = space.documentId;
});

describe('REST delivery', () => {
  test('every place yields a link the Showcase accepts: top level, repeatable component, dynamic zone, relation', async () => {
    const res = await publicApi.get<{ data: SpaceEntry }>(`/api/spaces/${spaceId}?populate=*`);
    expect(res.status).toBe(200);
    const entry = res.body.data;
    const tour = await expectShowcaseAccepts(entry.tour, B);
    expect(tour.name).toBe('Main tour');
    // The field's options (play, qs) are appended to Matterport's link.
    const params = new URL(tour.link as string).searchParams;
    expect(params.get('play')).toBe('1');
    expect(params.get('qs')).toBe('1');
    await expectShowcaseAccepts(entry.rooms[0].model, C);
    const embed = entry.sections.find((s) => s.__component === 'tour.embed');
    const delivered = await expectShowcaseAccepts(embed?.model, D);
    expect(new URL(delivered.link as string).searchParams.get('help')).toBe('0');
    expect(new URL(delivered.link as string).searchParams.get('title')).toBe('0');
    const venueModel = await expectShowcaseAccepts(entry.venue?.model, A);
    expect(new URL(venueModel.link as string).searchParams.get('brand')).toBe('0');
  });

  test('findMany lists carry links, and two reads in a row reuse the link without a new mint', async () => {
    const first = await publicApi.get<{ data: SpaceEntry[] }>(
      `/api/spaces?filters[title][$eq]=${encodeURIComponent(title)}`
    );
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(1);
    await expectShowcaseAccepts(first.body.data[0].tour, B);
    const before = await sandbox.counters();
    const second = await publicApi.get<{ data: SpaceEntry[] }>(
      `/api/spaces?filters[title][$eq]=${encodeURIComponent(title)}`
    );
    const after = await sandbox.counters();
    expect(second.body.data[0].tour?.link).toBe(first.body.data[0].tour?.link);
    expect(after.mints).toBe(before.mints);
  });

  test('the account access token and the client secret never appear in the answer', async () => {
    const res = await publicApi.get(`/api/spaces/${spaceId}?populate=*`);
    const counters = await sandbox.counters();
    expect(res.text).not.toContain(ctx.clientSecret);
    for (const token of counters.accessTokensUsed) expect(res.text).not.toContain(token);
  });

  test('Cache-Control never outlives the earliest link', async () => {
    const res = await publicApi.get<{ data: SpaceEntry }>(`/api/spaces/${spaceId}?populate=*`);
    const header = res.headers.get('cache-control') ?? '';
    const maxAge = Number(/max-age=(\d+)/.exec(header)?.[1]);
    expect(Number.isFinite(maxAge)).toBe(true);
    const entry = res.body.data;
    const earliest = Math.min(
      ...[entry.tour, entry.rooms[0].model, entry.venue?.model].map((v) =>
        Date.parse(v?.validUntil as string)
      )
    );
    expect(Date.now() + maxAge * 1000).toBeLessThanOrEqual(earliest);
    // The rooms' links live 10 minutes (the field's validFor), the shortest here.
    expect(maxAge).toBeLessThanOrEqual(600);
  });

  test('a single type is delivered, and drafts are delivered when asked for with status=draft', async () => {
    const put = await api.put('/api/homepage', {
      data: { headline: 'Welcome', hero: { modelId: E } },
    });
    expect(put.status).toBe(200);
    const home = await publicApi.get<{ data: { hero: Delivered } }>('/api/homepage');
    expect(home.status).toBe(200);
    const hero = await expectShowcaseAccepts(home.body.data.hero, E);
    expect(new URL(hero.link as string).searchParams.get('mls')).toBe('2');

    const draft = await createSpace(api, { title: uniqueTitle('Draft'), tour: F }, 'draft');
    const read = await api.get<{ data: SpaceEntry }>(
      `/api/spaces/${draft.documentId}?status=draft`
    );
    expect(read.status).toBe(200);
    await expectShowcaseAccepts(read.body.data.tour, F);
  });

  test('every locale is delivered', async () => {
    await ensureLocale(admin, 'fr', 'French (fr)');
    const locales = await admin.get<Array<{ code: string }>>('/i18n/locales');
    expect(locales.body.map((l) => l.code)).toContain('fr');
    const created = await api.post<{ data: { documentId: string } }>('/api/venues?locale=fr', {
      data: { name: 'Lieu', model: { modelId: C } },
    });
    expect(created.status).toBe(201);
    const read = await publicApi.get<{
      data: Array<{ documentId: string; model: Delivered; locale: string }>;
    }>('/api/venues?locale=fr');
    const fr = read.body.data.find((v) => v.documentId === created.body.data.documentId);
    expect(fr?.locale).toBe('fr');
    await expectShowcaseAccepts(fr?.model, C);
  });

  test('content with no Matterport field is untouched and costs no upstream call', async () => {
    const made = await api.post<{ data: { documentId: string } }>('/api/articles', {
      data: { title: 'Plain', body: 'no spaces here', meta: { modelId: A } },
    });
    expect(made.status).toBe(201);
    const before = await sandbox.counters();
    const res = await publicApi.get<{ data: Array<{ documentId: string; meta: unknown }> }>(
      '/api/articles'
    );
    const after = await sandbox.counters();
    expect(res.status).toBe(200);
    // A plain JSON field that happens to look like a value is left alone.
    expect(res.body.data.find((a) => a.documentId === made.body.data.documentId)?.meta).toEqual({
      modelId: A,
    });
    expect(res.headers.get('cache-control')).toBeNull();
    expect(after.graphRequests).toBe(before.graphRequests);
  });
});

describe('not in the admin Content Manager', () => {
  test('a Content Manager read returns the stored value and makes no Matterport call', async () => {
    const before = await sandbox.counters();
    const res = await admin.get<{ data: { tour: unknown; rooms: Array<{ model: unknown }> } }>(
      `/content-manager/collection-types/api::space.space/${spaceId}`
    );
    const after = await sandbox.counters();
    expect(res.status).toBe(200);
    expect(res.body.data.tour).toEqual({ modelId: B, name: 'Main tour' });
    expect(after.graphRequests).toBe(before.graphRequests);
    expect(after.tokenRequests).toBe(before.tokenRequests);
  });
});

describe('GraphQL delivery', () => {
  test('top level, components, dynamic zones and relations (loaded outside the Document Service) all carry links', async () => {
    const res = await graphql<{ spaces: SpaceEntry[] }>(
      ctx.strapiUrl,
      `
        query ($title: String) {
          spaces(filters: { title: { eq: $title } }) {
            documentId
            tour
            rooms {
              name
              model
            }
            sections {
              __typename
              ... on ComponentTourEmbed {
                model
              }
            }
            venue {
              name
              model
            }
          }
        }
      `,
      { title }
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const entry = res.body.data?.spaces[0] as SpaceEntry;
    await expectShowcaseAccepts(entry.tour, B);
    await expectShowcaseAccepts(entry.rooms[0].model, C);
    await expectShowcaseAccepts(entry.sections[0].model, D);
    await expectShowcaseAccepts(entry.venue?.model, A);
    // Apollo answers no-store on its own, which the plugin keeps (it can only shorten caching).
    const header = res.headers.get('cache-control') ?? '';
    const maxAge = /max-age=(\d+)/.exec(header)?.[1];
    expect(header.includes('no-store') || (maxAge !== undefined && Number(maxAge) <= 600)).toBe(
      true
    );
  });
});
