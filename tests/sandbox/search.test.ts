import { SEED_MODELS } from '../../sandbox/src/index';
import { startSandbox, type Harness } from './harness';

const SEARCH = `
  query search($query: String) {
    models(query: $query, include: [demo, inactive], pageSize: 1000) { totalResults results { name } }
  }`;

const namesWhere = (test: (m: (typeof SEED_MODELS)[number]) => boolean): string[] =>
  SEED_MODELS.filter(test)
    .map((m) => m.name)
    .sort();

describe('models(query:): Elasticsearch query-string subset', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startSandbox();
    token = await h.accessToken();
  });
  afterAll(() => h.sandbox.stop());

  const search = async (query: string): Promise<string[]> => {
    const answer = await h.graph(SEARCH, { query }, token);
    if (answer.body.errors)
      throw new Error(`query ${query} failed: ${answer.body.errors[0]?.message}`);
    const names = (answer.body.data?.models.results as Array<{ name: string }>)
      .map((r) => r.name)
      .sort();
    expect(answer.body.data?.models.totalResults).toBe(names.length);
    return names;
  };

  const searchError = async (query: string) => {
    const answer = await h.graph(SEARCH, { query }, token);
    expect(answer.status).toBe(200);
    expect(answer.body.data?.models).toBeNull();
    return answer.body.errors?.[0];
  };

  it('matches everything with *, and with an empty query', async () => {
    expect(await search('*')).toHaveLength(SEED_MODELS.length);
    expect(await search('')).toHaveLength(SEED_MODELS.length);
  });

  it('searches bare terms as whole words of the name, case-insensitively', async () => {
    const lobbies = [
      'Grand Hotel Lobby',
      'Lobby & Atrium – Harbour Point',
      'North Tower Lobby (Level 2)',
      'Old Lobby (archived scan)',
    ];
    expect(await search('lobby')).toEqual(lobbies);
    expect(await search('LOBBY')).toEqual(lobbies);
  });

  it('treats term* as a prefix of any word of the field', async () => {
    const names = await search('name:Lobby*');
    expect(names).toContain('Lobbyist Association Meeting Room');
    expect(names).toHaveLength(5);
    expect(await search('apart*')).toEqual(namesWhere((m) => /apartment/i.test(m.name)));
    expect(await search('gal?ery')).toEqual([
      '<img src=x onerror=alert(1)> Gallery',
      'Modern Art Gallery',
    ]);
  });

  it('matches quoted phrases as consecutive words', async () => {
    expect(await search('"hotel lobby"')).toEqual(['Grand Hotel Lobby']);
    expect(await search('"lobby hotel"')).toEqual([]);
    expect(await search('name:"sample office"')).toEqual(['Demo: Sample Office']);
  });

  it('honours backslash escapes of reserved characters', async () => {
    expect(await search('Showroom\\: Spring')).toEqual(['Showroom: Spring Collection']);
    expect(await search('Lobb\\*')).toEqual([]);
    expect(await search('Level\\ 2\\)')).toEqual(['North Tower Lobby (Level 2)']);
    expect(await search('\\(archived')).toEqual(['Old Lobby (archived scan)']);
    const unescaped = await searchError('Showroom: Spring');
    expect(unescaped?.message).toMatch(/unknown field "Showroom"/);
  });

  it('searches named fields', async () => {
    expect(await search('state:inactive')).toEqual(namesWhere((m) => m.state === 'inactive'));
    expect(await search('accessVisibility:password')).toEqual(
      namesWhere((m) => m.accessVisibility === 'password')
    );
    expect(await search('id:WziSQO0ORu7')).toEqual(['Grand Hotel Lobby']);
    expect(await search('id:wzisqo0oru7')).toEqual([]);
  });

  it('searches description (internal notes), not publication.description', async () => {
    expect(await search('description:renovation')).toEqual(['Grand Hotel Lobby']);
    expect(await search('description:"not a lobby"')).toEqual([
      'Lobbyist Association Meeting Room',
    ]);
  });

  it('combines clauses with AND (the default), OR, NOT and parentheses', async () => {
    expect(await search('office AND berlin')).toEqual(['Open-Plan Office Berlin']);
    expect(await search('office berlin')).toEqual(['Open-Plan Office Berlin']);
    expect(await search('office && berlin')).toEqual(['Open-Plan Office Berlin']);
    expect(await search('berlin OR milano')).toEqual([
      'Open-Plan Office Berlin',
      'Retail Showroom Milano',
    ]);
    expect(await search('berlin || milano')).toEqual([
      'Open-Plan Office Berlin',
      'Retail Showroom Milano',
    ]);
    expect(await search('lobby NOT grand')).toHaveLength(3);
    expect(await search('lobby -grand')).toHaveLength(3);
    expect(await search('(lobby OR showroom) AND state:inactive')).toEqual([
      'Kitchen Showroom Lyon',
      'Old Lobby (archived scan)',
    ]);
    expect(await search('name:(milano OR lyon)')).toEqual([
      'Kitchen Showroom Lyon',
      'Retail Showroom Milano',
    ]);
  });

  it('keeps unicode words whole, without folding accents', async () => {
    expect(await search('müller')).toEqual(['Café Müller']);
    expect(await search('café')).toEqual(['Café Müller']);
    expect(await search('cafe')).toEqual([]);
    expect(await search('zürich')).toEqual(['Ferienwohnung Zürich Altstadt']);
  });

  it('filters dates with ranges, open ends and comparisons', async () => {
    const since2024 = namesWhere((m) => m.created >= '2024-01-01');
    expect(since2024.length).toBeGreaterThan(3);
    expect(await search('created:[2024-01-01 TO *]')).toEqual(since2024);
    expect(await search('created:>=2024-01-01')).toEqual(since2024);
    expect(await search('created:[2019 TO 2019]')).toEqual(
      namesWhere((m) => m.created.startsWith('2019'))
    );
    expect(await search('created:{2019 TO 2020}')).toEqual([]);
    expect(await search('created:<2017')).toEqual(['Demo: Retired Sample Loft']);
    expect(await search('modified:[2025-01-01 TO 2025-12-31]')).toEqual(
      namesWhere((m) => m.modified.startsWith('2025'))
    );
    expect(await search('created:2019-03-14')).toEqual(['Grand Hotel Lobby']);
    expect(await search('office AND created:[* TO 2019-12-31T23:59:59Z]')).toEqual([
      'Demo: Sample Office',
      'Office Suite 12B',
      'Riverside Office, Floor 3',
    ]);
  });

  it.each([
    ['name:(lobby', /never closed/],
    ['lobby)', /unbalanced/],
    ['"unterminated', /not closed/],
    ['AND lobby', /unexpected AND/],
    ['lobby AND', /query ended/],
    ['colour:red', /unknown field "colour"/],
    ['created:yesterday', /not a date/],
    ['created:[2024-01-01 TO]', /range looks like/],
    ['name:[a TO z]', /ranges work on created and modified/],
    ['lobby^2', /not supported/],
    ['lobby~', /not supported/],
    ['a]', /must be escaped/],
    ['lobby\\', /lone backslash/],
    ['name:', /query ended/],
  ])('refuses %s with request.invalid and a message', async (query, message) => {
    const error = await searchError(query);
    expect(error?.extensions).toEqual({ code: 'request.invalid', httpStatus: 400 });
    expect(error?.message).toMatch(message);
  });
});
