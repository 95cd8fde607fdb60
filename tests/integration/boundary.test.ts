import { createApiToken, createEndUser, graphql, registerAdmin } from '../harness/admin';
import { readContext } from '../harness/context';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { client, request, type Client } from '../harness/http';
import { startStrapi, type StrapiProcess } from '../harness/strapi';

/**
 * The threat: the links ledger (plugin::matterport.link: every minted model ID, token
 * hint, expiry) read or changed through the content API. An attacker holds whatever a
 * site hands out: the read-only API token shipped to its front-end, a full-access or
 * custom token, or nothing (Public) or an end-user login (Authenticated), on a site
 * whose admin ticked every box the Users & Permissions role editor offers. For each,
 * the ledger must not exist in GraphQL (validation error: no such field), in REST, or
 * in the permission listings. Run in both plugin orders.
 */
const ctx = readContext();

type Caller =
  | 'Public (every permission)'
  | 'Authenticated (every permission)'
  | 'read-only token'
  | 'full-access token'
  | 'custom token (every scope)';
const CALLERS: Caller[] = [
  'Public (every permission)',
  'Authenticated (every permission)',
  'read-only token',
  'full-access token',
  'custom token (every scope)',
];

/** Every way Strapi's GraphQL plugin would expose a collection type named link of plugin matterport. */
const LEDGER_QUERIES = [
  ['query', '{ matterportLinks { modelId } }', 'matterportLinks', 'Query'],
  [
    'query',
    '{ matterportLinks_connection { nodes { modelId } } }',
    'matterportLinks_connection',
    'Query',
  ],
  ['query', '{ matterportLink(documentId: "x") { modelId tokenHint } }', 'matterportLink', 'Query'],
  [
    'mutation',
    'mutation { createMatterportLink(data: { modelId: "x" }) { documentId } }',
    'createMatterportLink',
    'Mutation',
  ],
  [
    'mutation',
    'mutation { updateMatterportLink(documentId: "x", data: { revokedAt: null }) { documentId } }',
    'updateMatterportLink',
    'Mutation',
  ],
  [
    'mutation',
    'mutation { deleteMatterportLink(documentId: "x") { documentId } }',
    'deleteMatterportLink',
    'Mutation',
  ],
] as const;

/** REST paths a content API would use for the ledger, were it routed. */
const LEDGER_PATHS = [
  '/api/matterport/links',
  '/api/matterport/link',
  '/api/links',
  '/api/matterport-links',
  '/api/matterport/links/1',
];

interface PermissionTree {
  [api: string]: {
    controllers: Record<string, Record<string, { enabled: boolean; policy: string }>>;
  };
}

/** What an admin does in Settings → Users & Permissions → Roles: ticks every action, saves. */
const grantEverything = async (admin: Client) => {
  const listed = await admin.get<{ permissions: PermissionTree }>('/users-permissions/permissions');
  expect(listed.status).toBe(200);
  const all: PermissionTree = JSON.parse(JSON.stringify(listed.body.permissions));
  for (const api of Object.values(all)) {
    for (const actions of Object.values(api.controllers))
      for (const action of Object.values(actions)) action.enabled = true;
  }
  const roles = await admin.get<{
    roles: Array<{ id: number; type: string; name: string; description: string }>;
  }>('/users-permissions/roles');
  for (const type of ['public', 'authenticated']) {
    const role = roles.body.roles.find((r) => r.type === type);
    expect(role).toBeDefined();
    const saved = await admin.put(`/users-permissions/roles/${role?.id}`, {
      name: role?.name,
      description: role?.description,
      permissions: all,
    });
    expect(saved.status).toBe(200);
  }
  return listed.body.permissions;
};

/** A custom API token with every scope the admin's token editor offers. */
const customTokenWithEveryScope = async (url: string, admin: Client, adminJwt: string) => {
  const offered = await admin.get<{
    data: Record<string, { controllers: Record<string, string[]> }>;
  }>('/admin/content-api/permissions');
  expect(offered.status).toBe(200);
  const scopes = Object.entries(offered.body.data).flatMap(([api, { controllers }]) =>
    Object.entries(controllers).flatMap(([controller, actions]) =>
      actions.map((action) => `${api}.${controller}.${action}`)
    )
  );
  expect(scopes).toContain('api::space.space.find');
  const res = await request<{ data: { accessKey: string } }>('POST', `${url}/admin/api-tokens`, {
    token: adminJwt,
    body: {
      name: `custom-${Date.now()}`,
      description: '',
      type: 'custom',
      lifespan: null,
      permissions: scopes,
    },
  });
  expect(res.status).toBe(201);
  return { token: res.body.data.accessKey, scopes, offered: offered.body.data };
};

describe.each([
  ['matterport listed first', {}],
  ['graphql listed first', { PLUGIN_ORDER: 'graphql-first' }],
])('plugin order: %s', (_order, env) => {
  let db: TestDatabase;
  let strapi: StrapiProcess;
  const tokens = {} as Record<Caller, string | undefined>;
  let userPermissions: PermissionTree;
  let tokenScopes: string[];
  let tokenOffer: Record<string, unknown>;

  beforeAll(async () => {
    db = await createTestDatabase('boundary');
    strapi = await startStrapi({
      name: 'boundary',
      databaseEnv: db.env,
      sandboxOrigin: ctx.sandboxOrigin,
      env,
    });
    const jwt = await registerAdmin(strapi.url);
    const admin = client(strapi.url, jwt);
    userPermissions = await grantEverything(admin);
    tokens['Public (every permission)'] = undefined;
    tokens['Authenticated (every permission)'] = await createEndUser(strapi.url);
    tokens['read-only token'] = await createApiToken(strapi.url, jwt, 'read-only');
    tokens['full-access token'] = await createApiToken(strapi.url, jwt, 'full-access');
    const custom = await customTokenWithEveryScope(strapi.url, admin, jwt);
    tokens['custom token (every scope)'] = custom.token;
    tokenScopes = custom.scopes;
    tokenOffer = custom.offered;
  });

  afterAll(async () => {
    await strapi?.stop();
    await db?.drop();
  });

  test('the Users & Permissions role editor and the API token editor list nothing of the ledger', () => {
    expect(Object.keys(userPermissions)).toContain('api::space');
    expect(
      Object.keys(userPermissions).filter((api) => api.startsWith('plugin::matterport'))
    ).toEqual([]);
    expect(JSON.stringify(userPermissions)).not.toMatch(/matterport/i);
    expect(tokenScopes.filter((scope) => /matterport/i.test(scope))).toEqual([]);
    expect(JSON.stringify(tokenOffer)).not.toMatch(/matterport/i);
  });

  describe.each(CALLERS)('%s', (caller) => {
    test('can read content through GraphQL (the caller is real)', async () => {
      const res = await graphql<{ spaces: unknown[] }>(
        strapi.url,
        '{ spaces { title } }',
        {},
        tokens[caller]
      );
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(Array.isArray(res.body.data?.spaces)).toBe(true);
    });

    test.each(LEDGER_QUERIES)(
      '%s %s is a GraphQL validation error',
      async (_kind, query, field, root) => {
        const res = await graphql(strapi.url, query, {}, tokens[caller]);
        expect(res.status).toBe(400);
        expect(res.body.data).toBeUndefined();
        // graphql-js may append a "Did you mean …?" about other fields.
        expect(
          res.body.errors?.[0]?.message.startsWith(
            `Cannot query field "${field}" on type "${root}".`
          )
        ).toBe(true);
        expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    );

    test('no GraphQL type of the ledger exists to be named in a fragment', async () => {
      const res = await graphql(
        strapi.url,
        '{ spaces { ... on MatterportLink { modelId } } }',
        {},
        tokens[caller]
      );
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.message).toBe('Unknown type "MatterportLink".');
    });

    test.each(LEDGER_PATHS)('GET %s has no route', async (path) => {
      const res = await request('GET', `${strapi.url}${path}`, { token: tokens[caller] });
      expect(res.status).toBe(404);
      expect(res.text).not.toMatch(/tokenHint|modelId/);
    });

    test('POST /api/matterport/links answers exactly as a path that does not exist', async () => {
      const body = { data: { modelId: 'x' } };
      const res = await request('POST', `${strapi.url}/api/matterport/links`, {
        token: tokens[caller],
        body,
      });
      const none = await request('POST', `${strapi.url}/api/no-such-type-${Date.now()}`, {
        token: tokens[caller],
        body,
      });
      expect(res.status).toBeGreaterThanOrEqual(404);
      expect(res.status).toBe(none.status);
      expect(res.text.replace(/matterport\/links/g, '')).toBe(
        none.text.replace(/no-such-type-\d+/g, '')
      );
    });
  });
});
