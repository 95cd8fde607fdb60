import { ADMIN_ROUTES } from '../../server/src/routes/admin';
import { createAdminUser, createEndUser, createRole, findRole } from '../harness/admin';
import { readContext } from '../harness/context';
import { request } from '../harness/http';

/**
 * Every admin route of the plugin × every kind of caller, generated from the route
 * table itself: a route added there is checked here without anyone remembering to.
 */
const ctx = readContext();

type Principal = 'no auth' | 'content-API user JWT' | 'API token' | 'Editor' | 'Author' | 'role with exactly the action' | 'super admin';
const tokens: Partial<Record<Principal, string>> = {};
const exactRoleTokens = new Map<string, string>();

const PARAMS: Record<string, string> = { modelId: 'WziSQO0ORu7', id: '999999' };
const pathOf = (path: string) => `/matterport${path.replace(/:(\w+)/g, (_, name: string) => PARAMS[name])}`;
const bodyOf = (method: string) => (method === 'GET' ? undefined : {});

beforeAll(async () => {
  tokens['super admin'] = ctx.adminToken;
  tokens['API token'] = ctx.apiToken;
  tokens['content-API user JWT'] = await createEndUser(ctx.strapiUrl);
  const stamp = Date.now();
  const editor = await findRole(ctx.strapiUrl, ctx.adminToken, 'strapi-editor');
  const author = await findRole(ctx.strapiUrl, ctx.adminToken, 'strapi-author');
  tokens.Editor = await createAdminUser(ctx.strapiUrl, ctx.adminToken, `matrix.editor.${stamp}@example.com`, [editor.id]);
  tokens.Author = await createAdminUser(ctx.strapiUrl, ctx.adminToken, `matrix.author.${stamp}@example.com`, [author.id]);
  for (const action of new Set(ADMIN_ROUTES.map((r) => r.action))) {
    const role = await createRole(ctx.strapiUrl, ctx.adminToken, `Only ${action} ${stamp}`, [action]);
    exactRoleTokens.set(action, await createAdminUser(ctx.strapiUrl, ctx.adminToken, `matrix.${action.split('.').slice(1).join('-')}.${stamp}@example.com`, [role.id]));
  }
});

/** What each caller must get: 401 (not an admin), 403 (an admin without the action), or through. */
const expected = (principal: Principal, action: string): 401 | 403 | 'allowed' => {
  switch (principal) {
    case 'no auth':
    case 'content-API user JWT':
    case 'API token':
      return 401;
    case 'Editor':
    case 'Author':
      return action === 'plugin::matterport.models.read' ? 'allowed' : 403;
    case 'role with exactly the action':
    case 'super admin':
      return 'allowed';
  }
};

const PRINCIPALS: Principal[] = ['no auth', 'content-API user JWT', 'API token', 'Editor', 'Author', 'role with exactly the action', 'super admin'];
const cases = ADMIN_ROUTES.flatMap((route) => PRINCIPALS.map((principal) => [route.method, route.path, principal, route.action] as const));

test('the matrix covers every route', () => {
  expect(cases).toHaveLength(ADMIN_ROUTES.length * PRINCIPALS.length);
  expect(ADMIN_ROUTES.length).toBeGreaterThanOrEqual(10);
});

const call = (method: string, path: string, principal: Principal, action: string) => {
  const token = principal === 'role with exactly the action' ? exactRoleTokens.get(action) : tokens[principal];
  return request(method, `${ctx.strapiUrl}${pathOf(path)}`, { token, body: bodyOf(method) });
};
const allowed = cases.filter(([, , principal, action]) => expected(principal, action) === 'allowed');
const refused = cases
  .filter(([, , principal, action]) => expected(principal, action) !== 'allowed')
  .map(([method, path, principal, action]) => [method, path, principal, action, expected(principal, action)] as const);

test('the matrix has allowed and refused calls', () => {
  expect(allowed.length + refused.length).toBe(cases.length);
  expect(allowed.length).toBeGreaterThan(0);
  expect(refused.length).toBeGreaterThan(0);
});

test.each(allowed)('%s %s as %s', async (method, path, principal, action) => {
  const res = await call(method, path, principal, action);
  expect([401, 403]).not.toContain(res.status);
  expect(res.status).toBeLessThan(500);
});

test.each(refused)('%s %s as %s', async (method, path, principal, action, want) => {
  const res = await call(method, path, principal, action);
  expect(res.status).toBe(want);
});

test('a role holding one action cannot use the others', async () => {
  const token = exactRoleTokens.get('plugin::matterport.links.read') as string;
  expect((await request('GET', `${ctx.strapiUrl}/matterport/links`, { token })).status).toBe(200);
  expect((await request('POST', `${ctx.strapiUrl}/matterport/links/1/revoke`, { token, body: {} })).status).toBe(403);
  expect((await request('GET', `${ctx.strapiUrl}/matterport/settings`, { token })).status).toBe(403);
});
