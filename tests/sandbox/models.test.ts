import { SEED_MODELS } from '../../sandbox/src/index';
import { MODELS, startSandbox, type Harness } from './harness';

const LIST = `
  query list($query: String, $include: [SearchInclusion!], $sortBy: [ModelSort!], $pageSize: Int, $offset: String) {
    models(query: $query, include: $include, sortBy: $sortBy, pageSize: $pageSize, offset: $offset) {
      totalResults nextOffset results { id name state created modified accessVisibility }
    }
  }`;

interface Listed {
  id: string;
  name: string;
  state: string;
  created: string;
  modified: string;
  accessVisibility: string;
}

const activeNonDemo = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo);

describe('models and model', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startSandbox();
    token = await h.accessToken();
  });
  afterAll(() => h.sandbox.stop());

  const list = async (variables: Record<string, unknown>) => {
    const answer = await h.graph(LIST, variables, token);
    return {
      answer,
      page: answer.body.data?.models as {
        totalResults: number;
        nextOffset: string | null;
        results: Listed[];
      } | null,
    };
  };

  describe('the seed', () => {
    it('has 30+ spaces with 11-character ids, both states, demo spaces and every visibility', () => {
      expect(SEED_MODELS.length).toBeGreaterThanOrEqual(30);
      for (const model of SEED_MODELS) expect(model.id).toMatch(/^[A-Za-z0-9]{11}$/);
      expect(new Set(SEED_MODELS.map((m) => m.id)).size).toBe(SEED_MODELS.length);
      expect(new Set(SEED_MODELS.map((m) => m.state))).toEqual(new Set(['active', 'inactive']));
      expect(new Set(SEED_MODELS.map((m) => m.accessVisibility))).toEqual(
        new Set(['private', 'unlisted', 'public', 'password'])
      );
      expect(SEED_MODELS.some((m) => m.demo)).toBe(true);
      const years = new Set(SEED_MODELS.map((m) => m.created.slice(0, 4)));
      expect(years.size).toBeGreaterThanOrEqual(5);
    });
  });

  it('lists 10 active non-demo spaces, newest first, without arguments', async () => {
    const { answer, page } = await list({});
    expect(answer.status).toBe(200);
    expect(page?.totalResults).toBe(activeNonDemo.length);
    expect(page?.results).toHaveLength(10);
    expect(page?.nextOffset).toEqual(expect.any(String));
    const expected = [...activeNonDemo]
      .sort((a, b) => Date.parse(b.created) - Date.parse(a.created))
      .slice(0, 10);
    expect(page?.results.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    for (const model of page?.results ?? []) expect(model.state).toBe('active');
  });

  it('pages with nextOffset to the end over every space when asked to include demo and inactive ones', async () => {
    const seen: string[] = [];
    let offset: string | null = null;
    let pages = 0;
    do {
      const { page } = await list({ include: ['demo', 'inactive'], pageSize: 7, offset });
      expect(page?.totalResults).toBe(SEED_MODELS.length);
      expect(page?.results.length).toBeLessThanOrEqual(7);
      seen.push(...(page?.results.map((m) => m.id) ?? []));
      offset = page?.nextOffset ?? null;
      pages += 1;
    } while (offset !== null && pages < 20);
    expect(pages).toBe(Math.ceil(SEED_MODELS.length / 7));
    expect(seen).toHaveLength(SEED_MODELS.length);
    expect(new Set(seen)).toEqual(new Set(SEED_MODELS.map((m) => m.id)));
  });

  it('leaves nextOffset out of the last page', async () => {
    const { page } = await list({ pageSize: 1000 });
    expect(page?.results).toHaveLength(activeNonDemo.length);
    expect(page?.nextOffset).toBeNull();
  });

  it('adds demo spaces only with include: [demo], and archived ones only with include: [inactive]', async () => {
    const demo = (await list({ include: ['demo'], pageSize: 100 })).page?.results ?? [];
    expect(demo.map((m) => m.id)).toContain(MODELS.demoHome);
    expect(demo.every((m) => m.state === 'active')).toBe(true);
    const inactive = (await list({ include: ['inactive'], pageSize: 100 })).page?.results ?? [];
    expect(inactive.map((m) => m.id)).toContain(MODELS.officeSuiteArchived);
    expect(inactive.map((m) => m.id)).not.toContain(MODELS.demoHome);
    const plain = (await list({ pageSize: 100 })).page?.results ?? [];
    expect(plain.map((m) => m.id)).not.toContain(MODELS.demoHome);
    expect(plain.map((m) => m.id)).not.toContain(MODELS.officeSuiteArchived);
  });

  it.each([0, -1, 1001])('refuses pageSize %d with request.invalid', async (pageSize) => {
    const { answer, page } = await list({ pageSize });
    expect(page).toBeNull();
    expect(answer.body.errors?.[0]?.extensions.code).toBe('request.invalid');
    expect(answer.body.errors?.[0]?.message).toMatch(/pageSize/);
  });

  it.each(['garbage', 'c2J4MToxMA==x', Buffer.from('sbx1:-3').toString('base64url')])(
    'refuses the offset %s with request.invalid',
    async (offset) => {
      const { answer } = await list({ offset });
      expect(answer.body.errors?.[0]?.extensions.code).toBe('request.invalid');
      expect(answer.body.errors?.[0]?.message).toMatch(/offset/);
    }
  );

  it('sorts by name and by modified date when asked', async () => {
    const byName =
      (await list({ sortBy: [{ field: 'name', direction: 'asc' }], pageSize: 100 })).page
        ?.results ?? [];
    const names = byName.map((m) => m.name);
    expect(names).toEqual(
      [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }))
    );
    const byModified =
      (await list({ sortBy: [{ field: 'modified', direction: 'desc' }], pageSize: 100 })).page
        ?.results ?? [];
    const times = byModified.map((m) => Date.parse(m.modified));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('reads one space by id, archived ones included', async () => {
    const answer = await h.graph(
      `{ model(id: "${MODELS.officeSuiteArchived}") { id name state accessVisibility created } }`,
      {},
      token
    );
    expect(answer.body.data?.model).toEqual({
      id: MODELS.officeSuiteArchived,
      name: 'Office Suite 12B',
      state: 'inactive',
      accessVisibility: 'private',
      created: '2019-07-23T15:15:00Z',
    });
  });

  it('keeps the internal-notes description apart from the public publication.description', async () => {
    const answer = await h.graph(
      `{ model(id: "${MODELS.grandHotelLobby}") { description publication { description published url } } }`,
      {},
      token
    );
    expect(answer.body.data?.model).toEqual({
      description: 'Scanned for the 2019 renovation; lighting re-shot in 2023.',
      publication: {
        description: 'Step into the marble lobby of the Grand Hotel.',
        published: true,
        url: `${h.origin}/show?m=${MODELS.grandHotelLobby}`,
      },
    });
  });

  it('returns names with HTML as plain data', async () => {
    const answer = await h.graph(
      `{ model(id: "${MODELS.htmlGallery}") { name publication { published url } } }`,
      {},
      token
    );
    expect(answer.body.data?.model).toEqual({
      name: '<img src=x onerror=alert(1)> Gallery',
      publication: { published: false, url: null },
    });
  });

  it('answers search results with the same fields as Model', async () => {
    const answer = await h.graph(
      '{ models(pageSize: 1) { results { __typename id description publication { description } image { resizeUrl } } } }',
      {},
      token
    );
    expect(answer.body.data).toBeTruthy();
    const [first] = answer.body.data!.models.results;
    expect(first.__typename).toBe('ModelSearchResult');
    expect(first.description).not.toEqual(first.publication.description);
    expect(first.image.resizeUrl).toMatch(/\/thumbnails\/[A-Za-z0-9]{11}\.svg\?/);
  });

  it('counts list and single-model queries', async () => {
    await h.control.resetCounters();
    await h.graph(
      `{ a: models { totalResults } b: model(id: "${MODELS.cafeMuller}") { name } }`,
      {},
      token
    );
    expect(await h.control.counters()).toMatchObject({
      modelListQueries: 1,
      modelQueries: 1,
      graphRequests: 1,
    });
  });
});
