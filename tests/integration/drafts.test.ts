import { SEED_MODELS, SandboxControl } from '../../sandbox/src';
import { createApiToken, createEndUser, graphql, registerAdmin } from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { expectShowcaseAccepts, statusOf, type Delivered } from '../harness/embed';
import { client, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * The threat: Strapi 5 answers `?status=draft` (GraphQL `status: DRAFT`) to anyone
 * allowed to `find`, so a plugin that mints for every read shows the private space of
 * an entry nobody published, or one an editor just unpublished (undoing
 * revokeOnUnpublish). Policy `draftLinks`: 'api-token' (default) gives drafts links only
 * on API-token requests (Preview, site builds); 'always'; 'never'. A refused draft read
 * gets the stored value, no link, error MATTERPORT_DRAFT, and mints nothing.
 */
const ctx = readContext();
const sandbox = new SandboxControl(ctx.sandboxOrigin);
const active = SEED_MODELS.filter((m) => m.state === 'active' && !m.demo).map((m) => m.id);
const [TOUR, ROOM, EMBED, VENUE, UNPUBLISHED, PUBLISHED] = active;

interface SpaceEntry {
  documentId: string;
  tour: Delivered | null;
  rooms: Array<{ model: Delivered | null }>;
  sections: Array<{ __component?: string; __typename?: string; model?: Delivered | null }>;
  venue: { model: Delivered | null } | null;
}

const REFUSED = {
  // Issue 26: every delivered value names its connection (`default` when it names none).
  connection: 'default',
  link: null,
  accessToken: null,
  validUntil: null,
  error: { code: 'MATTERPORT_DRAFT', message: expect.stringMatching(/draft/i) },
  // A draft never carries a ref (issue 27): nothing to show or activate anonymously.
  poster: null,
  activate: null,
};

/** Every Matterport value of a populated space: top level, component, dynamic zone, relation. */
const valuesOf = (entry: SpaceEntry) =>
  [
    [TOUR, entry.tour],
    [ROOM, entry.rooms[0]?.model],
    [
      EMBED,
      entry.sections.find(
        (s) => s.__component === 'tour.embed' || s.__typename === 'ComponentTourEmbed'
      )?.model,
    ],
    [VENUE, entry.venue?.model],
  ] as const;

const expectRefused = (entry: SpaceEntry) => {
  const values = valuesOf(entry);
  expect(values.map(([, v]) => v)).toHaveLength(4);
  for (const [modelId, value] of values) expect(value).toEqual({ modelId, ...REFUSED });
};

const expectLinks = async (entry: SpaceEntry) => {
  for (const [modelId, value] of valuesOf(entry)) await expectShowcaseAccepts(value, modelId);
};

const SPACE_QUERY = `query($id: ID!, $status: PublicationStatus) {
  space(documentId: $id, status: $status) {
    documentId
    tour
    rooms { model }
    sections { __typename ... on ComponentTourEmbed { model } }
    venue { model }
  }
}`;

interface App {
  db: TestDatabase;
  strapi: StrapiProcess;
  admin: Client;
  /** Full-access API token. */
  api: Client;
  readOnly: Client;
  anonymous: Client;
  user: Client;
  tokens: { api: string; readOnly: string; user: string };
}

const boot = async (
  name: string,
  pluginConfig: Record<string, unknown>,
  env: Record<string, string> = {}
): Promise<App> => {
  const credentials = {
    clientId: `${name}-${Date.now()}`,
    clientSecret: `${name}-secret-0123456789`,
  };
  await sandbox.registerClient(credentials);
  const db = await createTestDatabase(name);
  const strapi = await startStrapi({
    name,
    databaseEnv: db.env,
    sandboxOrigin: ctx.sandboxOrigin,
    pluginConfig,
    env,
  });
  const jwt = await registerAdmin(strapi.url);
  const admin = client(strapi.url, jwt);
  expect(
    (await admin.put('/matterport/settings', { ...credentials, defaultValidFor: '1h' })).status
  ).toBe(200);
  await letEndUsersRead(admin);
  const tokens = {
    api: await createApiToken(strapi.url, jwt, 'full-access'),
    readOnly: await createApiToken(strapi.url, jwt, 'read-only'),
    user: await createEndUser(strapi.url),
  };
  return {
    db,
    strapi,
    admin,
    api: client(strapi.url, tokens.api),
    readOnly: client(strapi.url, tokens.readOnly),
    anonymous: client(strapi.url),
    user: client(strapi.url, tokens.user),
    tokens,
  };
};

type PermissionTree = Record<
  string,
  { controllers: Record<string, Record<string, { enabled: boolean }>> }
>;

/** As a site with member-only content would: the Authenticated role may find spaces and venues. */
const letEndUsersRead = async (admin: Client) => {
  const roles = await admin.get<{ roles: Array<{ id: number; type: string }> }>(
    '/users-permissions/roles'
  );
  const id = roles.body.roles.find((r) => r.type === 'authenticated')?.id;
  const role = await admin.get<{
    role: { name: string; description: string; permissions: PermissionTree };
  }>(`/users-permissions/roles/${id}`);
  const { permissions } = role.body.role;
  for (const name of ['space', 'venue']) {
    for (const action of ['find', 'findOne'])
      permissions[`api::${name}`].controllers[name][action].enabled = true;
  }
  const saved = await admin.put(`/users-permissions/roles/${id}`, {
    name: role.body.role.name,
    description: role.body.role.description,
    permissions,
  });
  expect(saved.status).toBe(200);
};

const stop = async (app: App | undefined) => {
  await app?.strapi.stop();
  await app?.db.drop();
};

/** A space saved as a draft only (never published), with a value in every kind of place. */
const createDraftSpace = async (app: App) => {
  const venue = await app.api.post<{ data: { documentId: string } }>('/api/venues', {
    data: { name: 'Draft venue', model: VENUE },
  });
  expect(venue.status).toBe(201);
  const space = await app.api.post<{ data: { documentId: string } }>('/api/spaces?status=draft', {
    data: {
      title: `Draft ${Date.now()}`,
      tour: TOUR,
      rooms: [{ name: 'Hall', model: ROOM }],
      sections: [{ __component: 'tour.embed', model: EMBED }],
      venue: venue.body.data.documentId,
    },
  });
  expect(space.status).toBe(201);
  return space.body.data.documentId;
};

const restDraft = (api: Client, id: string) =>
  api.get<{ data: SpaceEntry }>(`/api/spaces/${id}?status=draft&populate=*`);
const graphDraft = (app: App, id: string, token?: string) =>
  graphql<{ space: SpaceEntry }>(app.strapi.url, SPACE_QUERY, { id, status: 'DRAFT' }, token);

/** Runs `read` and says how many links the sandbox minted meanwhile. */
const minted = async <T>(read: () => Promise<T>): Promise<[T, number]> => {
  const before = (await sandbox.counters()).mints;
  const result = await read();
  return [result, (await sandbox.counters()).mints - before];
};

describe("draftLinks: 'api-token' (the default), with revokeOnUnpublish", () => {
  let app: App;
  let draftId: string;

  beforeAll(async () => {
    app = await boot('drafts', { revokeOnUnpublish: true });
    draftId = await createDraftSpace(app);
  });
  afterAll(() => stop(app));

  test.each(['anonymous', 'user'] as const)(
    'REST: a %s read of a draft-only entry gets no link, MATTERPORT_DRAFT everywhere, and mints nothing',
    async (who) => {
      const [res, mints] = await minted(() => restDraft(app[who], draftId));
      expect(res.status).toBe(200);
      expectRefused(res.body.data);
      expect(mints).toBe(0);
      // The answer is not kept by any cache: the entry may be published a moment later.
      expect(res.headers.get('cache-control')).toBe('private, max-age=0');
    }
  );

  test('REST list: ?status=draft without a token gets no link either', async () => {
    const [res, mints] = await minted(() =>
      app.anonymous.get<{ data: SpaceEntry[] }>('/api/spaces?status=draft&populate=*')
    );
    expect(res.status).toBe(200);
    const entry = res.body.data.find((e) => e.documentId === draftId) as SpaceEntry;
    expectRefused(entry);
    expect(mints).toBe(0);
  });

  test('GraphQL: status DRAFT without a token gets no link at the top level nor nested, and mints nothing', async () => {
    const [res, mints] = await minted(() => graphDraft(app, draftId));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expectRefused(res.body.data?.space as SpaceEntry);
    expect(mints).toBe(0);
  });

  test("GraphQL: an end user's status DRAFT read gets no link", async () => {
    const res = await graphDraft(app, draftId, app.tokens.user);
    expect(res.body.errors).toBeUndefined();
    expectRefused(res.body.data?.space as SpaceEntry);
  });

  test.each(['api', 'readOnly'] as const)(
    'REST: the same draft read with an API token (%s) gets live links everywhere',
    async (who) => {
      const res = await restDraft(app[who], draftId);
      expect(res.status).toBe(200);
      await expectLinks(res.body.data);
    }
  );

  test('GraphQL: the same draft read with an API token gets live links everywhere', async () => {
    const res = await graphDraft(app, draftId, app.tokens.api);
    expect(res.body.errors).toBeUndefined();
    await expectLinks(res.body.data?.space as SpaceEntry);
  });

  test('published reads are unchanged: anonymous readers get links', async () => {
    const made = await app.api.post<{ data: { documentId: string } }>('/api/spaces', {
      data: { title: `Published ${Date.now()}`, tour: PUBLISHED },
    });
    expect(made.status).toBe(201);
    const rest = await app.anonymous.get<{ data: { tour: Delivered } }>(
      `/api/spaces/${made.body.data.documentId}`
    );
    await expectShowcaseAccepts(rest.body.data.tour, PUBLISHED);
    const explicit = await app.anonymous.get<{ data: { tour: Delivered } }>(
      `/api/spaces/${made.body.data.documentId}?status=published`
    );
    await expectShowcaseAccepts(explicit.body.data.tour, PUBLISHED);
    const gql = await graphql<{ space: { tour: Delivered } }>(app.strapi.url, SPACE_QUERY, {
      id: made.body.data.documentId,
    });
    await expectShowcaseAccepts(gql.body.data?.space.tour, PUBLISHED);
    // Un-headed by the site: the plugin makes it private, for no longer than the link is handed out.
    const header = rest.headers.get('cache-control') as string;
    expect(header).toMatch(/^private, max-age=\d+$/);
    const maxAge = Number(/max-age=(\d+)/.exec(header)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(Date.now() + maxAge * 1000).toBeLessThanOrEqual(
      Date.parse(rest.body.data.tour.validUntil as string)
    );
  });

  test("an unpublished entry's links stay dead for anonymous readers (revokeOnUnpublish is not undone by draft reads)", async () => {
    const made = await app.api.post<{ data: { documentId: string } }>('/api/spaces', {
      data: { title: `To unpublish ${Date.now()}`, tour: UNPUBLISHED },
    });
    const id = made.body.data.documentId;
    const live = (await app.anonymous.get<{ data: { tour: Delivered } }>(`/api/spaces/${id}`)).body
      .data.tour;
    expect(await statusOf(ctx.sandboxOrigin, live.accessToken as string)).toBe('valid');
    expect(
      (
        await app.admin.post(
          `/content-manager/collection-types/api::space.space/${id}/actions/unpublish`,
          {}
        )
      ).status
    ).toBe(200);
    // The link was minted a moment ago: if its ledger row was still on its way when the Content
    // Manager's unpublish transaction ran, it is revoked right after that transaction commits
    // (README, revokeOnUnpublish). Wait for that, bounded.
    let status = await statusOf(ctx.sandboxOrigin, live.accessToken as string);
    for (let i = 0; i < 50 && status !== 'revoked'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await statusOf(ctx.sandboxOrigin, live.accessToken as string);
    }
    expect(status).toBe('revoked');

    const [rest, restMints] = await minted(() =>
      app.anonymous.get<{ data: { tour: Delivered } }>(`/api/spaces/${id}?status=draft`)
    );
    expect(rest.body.data.tour).toEqual({ modelId: UNPUBLISHED, ...REFUSED });
    expect(restMints).toBe(0);
    const [gql, gqlMints] = await minted(() => graphDraft(app, id));
    expect(gql.body.data?.space.tour).toEqual({ modelId: UNPUBLISHED, ...REFUSED });
    expect(gqlMints).toBe(0);

    // A preview (API token) mints a fresh link; anonymous readers still do not get it.
    const preview = await app.api.get<{ data: { tour: Delivered } }>(
      `/api/spaces/${id}?status=draft`
    );
    await expectShowcaseAccepts(preview.body.data.tour, UNPUBLISHED);
    const after = await app.anonymous.get<{ data: { tour: Delivered } }>(
      `/api/spaces/${id}?status=draft`
    );
    expect(after.body.data.tour).toEqual({ modelId: UNPUBLISHED, ...REFUSED });
    expect(await statusOf(ctx.sandboxOrigin, live.accessToken as string)).toBe('revoked');
  });
});

describe("draftLinks: 'always', on a site that sets Cache-Control: public, max-age=600 itself", () => {
  let app: App;
  let draftId: string;

  beforeAll(async () => {
    app = await boot(
      'drafts-always',
      { draftLinks: 'always' },
      { SITE_CACHE_CONTROL: 'public, max-age=600' }
    );
    draftId = await createDraftSpace(app);
  });
  afterAll(() => stop(app));

  test('anonymous draft reads get live links, REST and GraphQL', async () => {
    const rest = await restDraft(app.anonymous, draftId);
    expect(rest.status).toBe(200);
    await expectLinks(rest.body.data);
    const gql = await graphDraft(app, draftId);
    expect(gql.body.errors).toBeUndefined();
    await expectLinks(gql.body.data?.space as SpaceEntry);
  });

  test("the site's public max-age=600 is kept public and lowered to the earliest link's bound", async () => {
    const res = await restDraft(app.anonymous, draftId);
    const header = res.headers.get('cache-control') as string;
    expect(header).toMatch(/^public, max-age=\d+$/);
    const maxAge = Number(/max-age=(\d+)/.exec(header)?.[1]);
    // The rooms' field lives 10 minutes, so the bound is below the site's 600 s.
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThan(600);
    const earliest = Math.min(
      ...valuesOf(res.body.data).map(([, v]) => Date.parse(v?.validUntil as string))
    );
    expect(Date.now() + maxAge * 1000).toBeLessThanOrEqual(earliest);
  });
});

describe("draftLinks: 'never'", () => {
  let app: App;
  let draftId: string;

  beforeAll(async () => {
    app = await boot('drafts-never', { draftLinks: 'never' });
    draftId = await createDraftSpace(app);
  });
  afterAll(() => stop(app));

  test('even an API token gets no link for a draft, REST and GraphQL, and nothing is minted', async () => {
    const [rest, restMints] = await minted(() => restDraft(app.api, draftId));
    expect(rest.status).toBe(200);
    expectRefused(rest.body.data);
    const [gql, gqlMints] = await minted(() => graphDraft(app, draftId, app.tokens.api));
    expect(gql.body.errors).toBeUndefined();
    expectRefused(gql.body.data?.space as SpaceEntry);
    expect(restMints + gqlMints).toBe(0);
  });

  test('the published version still gets links', async () => {
    const made = await app.api.post<{ data: { documentId: string } }>('/api/spaces', {
      data: { title: `Never ${Date.now()}`, tour: PUBLISHED },
    });
    const res = await app.anonymous.get<{ data: { tour: Delivered } }>(
      `/api/spaces/${made.body.data.documentId}`
    );
    await expectShowcaseAccepts(res.body.data.tour, PUBLISHED);
  });
});
