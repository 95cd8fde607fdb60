import type { MatterportEmbed } from '../../common/value';
import { SEED_MODELS, type ModelRecord } from '../../sandbox/src';
import { call, expectStatus } from './http';
import type { Instance } from './instance';

export const ENTRIES = 25;

/** The 25 sandbox spaces the warm-path content uses: active, not demo, sorted by id (stable across runs). */
export const benchModels = (): ModelRecord[] => {
  const usable = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).sort((a, b) =>
    a.id.localeCompare(b.id)
  );
  if (usable.length < ENTRIES)
    throw new Error(`the sandbox seed has only ${usable.length} active non-demo spaces`);
  return usable.slice(0, ENTRIES);
};

const pad = (i: number) => String(i + 1).padStart(2, '0');

const LOREM =
  'A short article body so the unrelated list carries text of a realistic size. It has no Matterport field and nothing it relates to has one either, so delivery must leave it alone. ';

/**
 * The same content in every instance, through the REST content API with an API token
 * (so the plugin's write-path normalisation runs as in production):
 * 25 spaces (tour = one distinct model each), 25 venues (model = the same 25 models,
 * no validFor of their own) and 25 articles (no Matterport field).
 */
export const seedContent = async (
  instance: Instance,
  models: ModelRecord[]
): Promise<{ entries: number; ms: number }> => {
  const started = performance.now();
  const post = async (path: string, data: Record<string, unknown>) =>
    expectStatus(
      await call('POST', `${instance.url}${path}`, { token: instance.apiToken, body: { data } }),
      `POST ${path} (${instance.label})`,
      [200, 201]
    );
  let entries = 0;
  for (const [i, model] of models.entries()) {
    const value = { modelId: model.id, name: model.name };
    await post('/api/spaces', { title: `Space ${pad(i)}`, tour: value });
    await post('/api/venues', { name: `Venue ${pad(i)}`, model: value });
    await post('/api/articles', {
      title: `Article ${pad(i)}`,
      body: LOREM.repeat(2),
      meta: { author: 'Bench', tags: ['news', `n${i}`], words: 60 },
    });
    entries += 3;
  }
  return { entries, ms: performance.now() - started };
};

type Delivered = MatterportEmbed;

export const linkedCount = (values: Array<Delivered | null | undefined>) =>
  values.filter((v) => v && typeof v.link === 'string' && !v.error).length;

/** Checks that the instances hold the same content and that ON delivers while OFF returns the stored value. */
export const checkContent = async (
  on: Instance,
  off: Instance,
  graphqlQuery: string
): Promise<void> => {
  for (const instance of [on, off]) {
    const spaces = expectStatus(
      await call<{ data: Array<{ title: string; tour: Delivered }> }>(
        'GET',
        `${instance.url}/api/spaces?pagination[pageSize]=${ENTRIES}`
      ),
      `GET /api/spaces (${instance.label})`
    ).body.data;
    const articles = expectStatus(
      await call<{ data: unknown[] }>(
        'GET',
        `${instance.url}/api/articles?pagination[pageSize]=${ENTRIES}`
      ),
      `GET /api/articles (${instance.label})`
    ).body.data;
    const gql = expectStatus(
      await call<{
        data?: { spaces: Array<{ title: string; tour: Delivered }> };
        errors?: unknown;
      }>('POST', `${instance.url}/graphql`, {
        body: { query: graphqlQuery },
      }),
      `POST /graphql (${instance.label})`
    ).body;
    if (
      spaces.length !== ENTRIES ||
      articles.length !== ENTRIES ||
      gql.data?.spaces.length !== ENTRIES
    ) {
      throw new Error(
        `${instance.label}: expected ${ENTRIES} spaces/articles/GraphQL spaces, got ${spaces.length}/${articles.length}/${gql.data?.spaces.length} ${JSON.stringify(gql.errors ?? '')}`
      );
    }
    const rest = linkedCount(spaces.map((s) => s.tour));
    const graph = linkedCount(gql.data.spaces.map((s) => s.tour));
    const want = instance === on ? ENTRIES : 0;
    if (rest !== want || graph !== want) {
      throw new Error(
        `${instance.label}: expected ${want} delivered links (REST and GraphQL), got ${rest} REST, ${graph} GraphQL`
      );
    }
  }
};

/** Generated sandbox models for the fan-out and replicas phases (not in the seed: nothing else reads them). */
export const generatedModels = (prefix: string, n: number): ModelRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(11 - prefix.length, '0')}`,
    name: `${prefix} bench space ${i}`,
    description: null,
    created: '2024-01-01T00:00:00Z',
    modified: '2024-01-01T00:00:00Z',
    state: 'active' as const,
    accessVisibility: 'private' as const,
    demo: false,
    publicDescription: null,
  }));

/** Venues named `${namePrefix} 001`… holding these models (REST, API token). */
export const seedVenues = async (
  instance: Instance,
  models: ModelRecord[],
  namePrefix: string
): Promise<void> => {
  for (const [i, model] of models.entries()) {
    expectStatus(
      await call('POST', `${instance.url}/api/venues`, {
        token: instance.apiToken,
        body: {
          data: {
            name: `${namePrefix} ${String(i + 1).padStart(3, '0')}`,
            model: { modelId: model.id, name: model.name },
          },
        },
      }),
      `POST /api/venues (${instance.label})`,
      [200, 201]
    );
  }
};

export const PLAIN_GRAPHQL_QUERY = `{ plainspaces(pagination: { pageSize: ${ENTRIES} }) { title tour } }`;

/**
 * The baseline of the "plain" comparison: 25 plainspaces whose JSON field holds what ON
 * delivers for the 25 spaces, byte for byte the same size and shape, with every token
 * character replaced by `x` (no embed token is written to a database row in plain text).
 * Returns the sizes of both REST lists, to show they match.
 */
export const seedPlain = async (
  on: Instance
): Promise<{ deliveredBytes: number; plainBytes: number }> => {
  const url = `${on.url}/api/spaces?pagination[pageSize]=${ENTRIES}&sort=title:asc`;
  const spaces = expectStatus(
    await call<{ data: Array<{ title: string; tour: Delivered & Record<string, unknown> }> }>(
      'GET',
      url
    ),
    'GET spaces (plain)'
  );
  for (const space of spaces.body.data) {
    const token = space.tour.accessToken;
    if (!token || typeof space.tour.link !== 'string')
      throw new Error(`plain: space ${space.title} was not delivered`);
    const masked = JSON.parse(
      JSON.stringify(space.tour).split(token).join('x'.repeat(token.length))
    ) as unknown;
    expectStatus(
      await call('POST', `${on.url}/api/plainspaces`, {
        token: on.apiToken,
        body: { data: { title: space.title, tour: masked } },
      }),
      'POST /api/plainspaces',
      [200, 201]
    );
  }
  const delivered = await call('GET', `${on.url}/api/spaces?pagination[pageSize]=${ENTRIES}`);
  const plain = await call('GET', `${on.url}/api/plainspaces?pagination[pageSize]=${ENTRIES}`);
  return { deliveredBytes: delivered.text.length, plainBytes: plain.text.length };
};
