import { ADMIN_ROUTES } from '../../server/src/routes/admin';
import { createAdminUser, createEndUser, createRole, findRole } from '../harness/admin';
import { readContext } from '../harness/context';
import { request } from '../harness/http';

/**
 * Who may call which admin route, written out by hand from the threat (a caller using
 * a route their role does not grant), not derived from the route table. Each cell is
 * what the caller must get: 401 (not an admin at all), 403 (an admin without the
 * permission), or OK (through the permission check: neither 401 nor 403, no 5xx).
 */
const ctx = readContext();
const OK = 'OK' as const;
type Expect = 401 | 403 | typeof OK;

const CALLERS = [
  'nobody',
  'end user JWT',
  'API token',
  'Editor',
  'Author',
  'settings.read only',
  'settings.read + update',
  'links.read only',
  'models.read only',
  'super admin',
] as const;
type Caller = (typeof CALLERS)[number];

/** Custom admin roles, created through the admin API with exactly these actions. */
const CUSTOM_ROLES: Partial<Record<Caller, string[]>> = {
  'settings.read only': ['plugin::matterport.settings.read'],
  'settings.read + update': [
    'plugin::matterport.settings.read',
    'plugin::matterport.settings.update',
  ],
  'links.read only': ['plugin::matterport.links.read'],
  'models.read only': ['plugin::matterport.models.read'],
};

// prettier-ignore
const TABLE: Array<[method: string, path: string, row: Expect[]]> = [
  //                                                   nobody end-user token Editor Author sRead sRW  lRead mRead super
  ['GET',  '/matterport/settings',                      [401,  401,     401,  403,   403,   OK,   OK,  403,  403,  OK]],
  ['PUT',  '/matterport/settings',                      [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
  ['POST', '/matterport/settings/test',                 [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
  ['GET',  '/matterport/models',                        [401,  401,     401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['GET',  '/matterport/models/WziSQO0ORu7',            [401,  401,     401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['GET',  '/matterport/models/WziSQO0ORu7/thumbnail',  [401,  401,     401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['POST', '/matterport/models/WziSQO0ORu7/preview-link', [401, 401,    401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['GET',  '/matterport/models/WziSQO0ORu7/usage',      [401,  401,     401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['GET',  '/matterport/pickable-connections',          [401,  401,     401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['GET',  '/matterport/models/WziSQO0ORu7/connections', [401, 401,     401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['GET',  '/matterport/models/WziSQO0ORu7/state',      [401,  401,     401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['GET',  '/matterport/models/WziSQO0ORu7/views',      [401,  401,     401,  OK,    OK,    403,  403, 403,  OK,   OK]],
  ['GET',  '/matterport/links',                         [401,  401,     401,  403,   403,   403,  403, OK,   403,  OK]],
  ['POST', '/matterport/links/999999/revoke',           [401,  401,     401,  403,   403,   403,  403, 403,  403,  OK]],
  ['POST', '/matterport/models/WziSQO0ORu7/revoke-links', [401, 401,    401,  403,   403,   403,  403, 403,  403,  OK]],
  ['POST', '/matterport/links/revoke-previous-credentials', [401, 401,  401,  403,   403,   403,  403, 403,  403,  OK]],
  ['POST', '/matterport/links/revoke-current-credentials', [401, 401,   401,  403,   403,   403,  403, 403,  403,  OK]],
  ['POST', '/matterport/links/revoke',                  [401,  401,     401,  403,   403,   403,  403, 403,  403,  OK]],
  ['POST', '/matterport/settings/reencrypt',            [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
  ['GET',  '/matterport/audit',                         [401,  401,     401,  403,   403,   OK,   OK,  403,  403,  OK]],
  ['GET',  '/matterport/health',                        [401,  401,     401,  403,   403,   OK,   OK,  403,  403,  OK]],
  ['GET',  '/matterport/connections',                   [401,  401,     401,  403,   403,   OK,   OK,  403,  403,  OK]],
  ['POST', '/matterport/connections',                   [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
  ['GET',  '/matterport/connections/999999',            [401,  401,     401,  403,   403,   OK,   OK,  403,  403,  OK]],
  ['PUT',  '/matterport/connections/999999',            [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
  ['DELETE', '/matterport/connections/999999',          [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
  ['POST', '/matterport/connections/999999/test',       [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
  ['GET',  '/matterport/connections/999999/events',     [401,  401,     401,  403,   403,   OK,   OK,  403,  403,  OK]],
  ['POST', '/matterport/connections/999999/events',     [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
  ['DELETE', '/matterport/connections/999999/events',   [401,  401,     401,  403,   403,   403,  OK,  403,  403,  OK]],
];

const tokens: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  tokens['super admin'] = ctx.adminToken;
  tokens['API token'] = ctx.apiToken;
  tokens['end user JWT'] = await createEndUser(ctx.strapiUrl);
  const stamp = Date.now();
  const editor = await findRole(ctx.strapiUrl, ctx.adminToken, 'strapi-editor');
  const author = await findRole(ctx.strapiUrl, ctx.adminToken, 'strapi-author');
  tokens.Editor = await createAdminUser(
    ctx.strapiUrl,
    ctx.adminToken,
    `matrix.editor.${stamp}@example.com`,
    [editor.id]
  );
  tokens.Author = await createAdminUser(
    ctx.strapiUrl,
    ctx.adminToken,
    `matrix.author.${stamp}@example.com`,
    [author.id]
  );
  for (const [caller, actions] of Object.entries(CUSTOM_ROLES) as Array<[Caller, string[]]>) {
    const role = await createRole(ctx.strapiUrl, ctx.adminToken, `${caller} ${stamp}`, actions);
    const email = `matrix.${caller.replace(/\W+/g, '-')}.${stamp}@example.com`;
    tokens[caller] = await createAdminUser(ctx.strapiUrl, ctx.adminToken, email, [role.id]);
  }
});

test('every admin route of the plugin has a row (a new route needs its row written)', () => {
  const routes = ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
  const rows = TABLE.map(
    ([method, path]) =>
      `${method} ${path
        .replace(/^\/matterport/, '')
        .replace('WziSQO0ORu7', ':modelId')
        .replace('999999', ':id')}`
  ).sort();
  expect(rows).toEqual(routes);
  for (const [, , row] of TABLE) expect(row).toHaveLength(CALLERS.length);
});

const cells = TABLE.flatMap(([method, path, row]) =>
  CALLERS.map((caller, i) => [method, path, caller, row[i]] as const)
);
const refused = cells.filter(
  (cell): cell is readonly [string, string, Caller, 401 | 403] => cell[3] !== OK
);
const allowed = cells.filter(([, , , want]) => want === OK);

const call = (method: string, path: string, caller: Caller) =>
  request(method, `${ctx.strapiUrl}${path}`, {
    token: tokens[caller],
    body: method === 'GET' ? undefined : {},
  });

test.each(refused)('%s %s as %s → %s', async (method, path, caller, want) => {
  expect((await call(method, path, caller)).status).toBe(want);
});

test.each(allowed)('%s %s as %s → through the permission check', async (method, path, caller) => {
  const { status } = await call(method, path, caller);
  expect([401, 403]).not.toContain(status);
  expect(status).toBeLessThan(500);
});

test('a refused settings update changes nothing', async () => {
  const before = await request<{ data: unknown }>('GET', `${ctx.strapiUrl}/matterport/settings`, {
    token: ctx.adminToken,
  });
  const res = await request('PUT', `${ctx.strapiUrl}/matterport/settings`, {
    token: tokens['settings.read only'],
    body: { clientId: 'attacker-client', clientSecret: 'attacker-secret-0000' },
  });
  expect(res.status).toBe(403);
  const after = await request<{ data: unknown }>('GET', `${ctx.strapiUrl}/matterport/settings`, {
    token: ctx.adminToken,
  });
  expect(after.body).toEqual(before.body);
});
