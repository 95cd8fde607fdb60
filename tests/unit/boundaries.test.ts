import { AUDIT_UID, LINK_UID } from '../../common/plugin';
import register from '../../server/src/register';
import routes from '../../server/src/routes';
import { createFakeStrapi } from './fakes/strapi';

/**
 * Who may reach what, from the README's admin API table and Security threat table:
 * "every admin route requires an admin JWT and one action"; the ledger (and the audit
 * trail) is not in the content API: the plugin turns off GraphQL's generated schema for
 * `plugin::matterport.link` in its register phase; its only content-API routes are the
 * public embed routes of issue 27.
 */
const P = 'plugin::matterport.';

/**
 * The README's admin API table, written out by hand: method and path → the one action.
 * `POST /settings/test` is left out: which action Test connection needs is being changed
 * (issue 24, item 4), and its row follows that change.
 */
const EXPECTED: Array<[string, string, string]> = [
  ['GET', '/settings', 'settings.read'],
  ['PUT', '/settings', 'settings.update'],
  ['POST', '/settings/reencrypt', 'settings.update'],
  ['GET', '/models', 'models.read'],
  ['GET', '/models/:modelId', 'models.read'],
  ['GET', '/models/:modelId/thumbnail', 'models.read'],
  ['POST', '/models/:modelId/preview-link', 'models.read'],
  ['GET', '/pickable-connections', 'models.read'],
  ['GET', '/models/:modelId/connections', 'models.read'],
  ['GET', '/links', 'links.read'],
  ['POST', '/links/revoke', 'links.revoke'],
  ['POST', '/links/:id/revoke', 'links.revoke'],
  ['POST', '/models/:modelId/revoke-links', 'links.revoke'],
  ['POST', '/links/revoke-previous-credentials', 'links.revoke'],
  ['POST', '/links/revoke-current-credentials', 'links.revoke'],
  ['GET', '/audit', 'settings.read'],
  ['GET', '/health', 'settings.read'],
];

type Route = {
  method: string;
  path: string;
  config?: { policies?: Array<{ name: string; config?: { actions?: string[] } }> };
};

const registered = (): Route[] =>
  Object.values(routes as Record<string, { type?: string; routes: Route[] }>).flatMap((router) =>
    router.routes.map((route) => ({ ...route, type: router.type }))
  );

test.each(EXPECTED)(
  '%s %s requires exactly %s through admin::hasPermissions',
  (method, path, action) => {
    const route = registered().find((r) => r.method === method && r.path === path);
    expect(route).toBeDefined();
    expect(route?.config?.policies).toEqual([
      { name: 'admin::hasPermissions', config: { actions: [`${P}${action}`] } },
    ]);
  }
);

test('a route that changes settings, or revokes, never accepts a read permission', () => {
  const writes = registered().filter((r) => r.method !== 'GET' && r.path !== '/settings/test');
  // PUT /settings, reencrypt, preview-link and the five revocations.
  expect(writes.length).toBeGreaterThanOrEqual(8);
  for (const route of writes) {
    const actions = route.config?.policies?.flatMap((p) => p.config?.actions ?? []) ?? [];
    expect([
      route.path,
      actions.some((a) => a.endsWith('.read') && a !== `${P}models.read`),
    ]).toEqual([route.path, false]);
  }
});

test('the content API holds the two public embed routes (GET, by ref) and the model event receivers, nothing else', () => {
  // Issue 27: the activation and poster routes need no login (the signed ref is the
  // authorization); issue 28: Matterport's model event callbacks (the callback's credentials
  // are the authorization); nothing of the picker, the ledger or the settings is in the content API.
  const content = registered().filter((r) => (r as { type?: string }).type === 'content-api');
  expect(
    content.map((r) => [r.method, r.path, (r.config as { auth?: unknown } | undefined)?.auth])
  ).toEqual([
    ['GET', '/embeds/:ref', false],
    ['GET', '/posters/:ref', false],
    ['POST', '/events', false],
    ['POST', '/events/:connection', false],
  ]);
  const others = Object.entries(routes as Record<string, { type?: string }>).filter(
    ([name]) => name !== 'content-api'
  );
  for (const [, router] of others) expect(router.type).toBe('admin');
});

test("register hides the ledger and the audit trail from GraphQL's generated schema", async () => {
  const disabled: string[] = [];
  const extension = {
    shadowCRUD: (uid: string) => ({
      disable: () => disabled.push(uid),
      isEnabled: () => !disabled.includes(uid),
      field: () => ({ hasOutputEnabled: () => true }),
    }),
    use: () => undefined,
  };
  const fake = await createFakeStrapi({
    plugins: {
      graphql: {
        service: (name: string) => (name === 'extension' ? extension : undefined),
        config: () => undefined,
      },
    },
  });
  try {
    register({ strapi: fake.strapi });
    expect(disabled).toEqual(
      expect.arrayContaining([LINK_UID, AUDIT_UID, 'plugin::matterport.model-event'])
    );
  } finally {
    await fake.close();
  }
});
