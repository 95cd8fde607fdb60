import { LINK_UID } from '../../common/plugin';
import type { PluginConfig } from '../../server/src/config';
import type { Context } from 'koa';

import controllers from '../../server/src/controllers';
import { answerErrors } from '../../server/src/errors';
import { getService } from '../../server/src/utils/get-service';
import { createFakeMatterport, type FakeMatterport } from './fakes/matterport';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';
import { strapiErrorMiddleware } from './fakes/strapi-errors';

/**
 * The admin controllers, called as Strapi calls them, from the README: bad input is a 400
 * `ValidationError` naming the field and changes nothing (CONTRIBUTING rule, README
 * "Wrong credentials are refused and nothing is saved"); the settings never answer the
 * secret (its last 4 characters only); revocation "is told truthfully, link by link": a
 * row is revoked only when Matterport answered `true` (or `not.found` for a token the same
 * client ID minted); a `false` is `REVOKE_REFUSED`, the link stays usable at Matterport
 * but is no longer handed out; `POST /links/:id/revoke` that fails answers 502
 * `RevokeFailedError` with `details: { code, link }`.
 */
const SECRET = 'Sup3r-secret-value-WXYZ';

let fake: FakeStrapi;
let matterport: FakeMatterport;

const start = async (config: Partial<PluginConfig> = {}) => {
  matterport = createFakeMatterport();
  fake = await createFakeStrapi({ services: { matterport: matterport.service }, config });
};
afterEach(async () => {
  await fake.close();
});

interface Ctx {
  request: { body?: unknown };
  params: Record<string, string>;
  query: Record<string, string>;
  state: { user: Record<string, unknown> };
  status: number;
  body: unknown;
  headers: Map<string, string>;
  set(name: string, value: string): void;
}

const ctxOf = (
  input: { body?: unknown; params?: Record<string, string>; query?: Record<string, string> } = {}
): Ctx => ({
  request: { body: input.body },
  params: input.params ?? {},
  query: input.query ?? {},
  state: { user: { id: 7, firstname: 'Ada', lastname: 'Admin', email: 'ada@example.com' } },
  status: 200,
  body: undefined,
  headers: new Map(),
  set(name, value) {
    this.headers.set(name.toLowerCase(), value);
  },
});

const call = async (
  controller: keyof typeof controllers,
  action: string,
  input: Parameters<typeof ctxOf>[0] = {}
) => {
  const ctx = ctxOf(input);
  const made = controllers[controller]({ strapi: fake.strapi }) as unknown as Record<
    string,
    (ctx: unknown) => Promise<void>
  >;
  // As Strapi runs an admin route: its error middleware around the route's, around the action.
  await strapiErrorMiddleware(ctx, () =>
    answerErrors(ctx as unknown as Context, () => made[action](ctx))
  );
  return ctx as Ctx & { body: { data?: unknown; error?: Record<string, unknown>; meta?: unknown } };
};

const storedSettings = () => JSON.stringify([...fake.coreStore.entries()]);

describe('settings', () => {
  beforeEach(() => start());

  test('saved credentials: the view shows the last 4 characters, never the secret; the store holds it encrypted', async () => {
    const saved = await call('settings', 'update', {
      body: { clientId: 'client-a', clientSecret: SECRET },
    });
    expect(saved.status).toBe(200);
    const got = await call('settings', 'get');
    for (const answer of [saved.body, got.body]) {
      expect(JSON.stringify(answer)).not.toContain(SECRET);
      expect(answer.data).toMatchObject({
        clientId: 'client-a',
        hasSecret: true,
        secretHint: 'WXYZ',
      });
    }
    expect(storedSettings()).not.toContain(SECRET);
    expect(storedSettings()).not.toContain(Buffer.from(SECRET).toString('base64'));
    // …and the plugin can still use it.
    expect(await getService('settings', fake.strapi).getCredentials()).toEqual({
      clientId: 'client-a',
      clientSecret: SECRET,
    });
  });

  // [body, the field the error names]
  const BAD: Array<[unknown, string]> = [
    [{ clientId: 'client-b', clientSecret: 'has a space in it' }, 'clientSecret'],
    [{ clientId: 'client-b', clientSecret: 'short' }, 'clientSecret'],
    [{ clientId: 'client-b' }, 'clientSecret'],
    [{ clientId: 42 }, 'clientId'],
    [{ defaultValidFor: '10s' }, 'defaultValidFor'],
    [{ defaultValidFor: '25h' }, 'defaultValidFor'],
    [{ defaultValidFor: '3600' }, 'defaultValidFor'],
    [{ defaultValidFor: 'soon' }, 'defaultValidFor'],
  ];

  test.each(BAD)(
    'bad settings %j: 400 naming %s, nothing saved, Matterport not asked',
    async (body, path) => {
      const checked = jest.spyOn(matterport.service, 'checkCredentials');
      const before = storedSettings();
      const ctx = await call('settings', 'update', { body });
      expect(ctx.status).toBe(400);
      expect(ctx.body.error).toMatchObject({ name: 'ValidationError' });
      expect(JSON.stringify(ctx.body.error)).toContain(path);
      expect(storedSettings()).toBe(before);
      expect(checked).not.toHaveBeenCalled();
    }
  );

  test.each([[null], [[1, 2]], ['text'], [{ unknown: 'key' }]])(
    'a body that is not a settings object (%j) is a 400 and changes nothing',
    async (body) => {
      await call('settings', 'update', { body: { clientId: 'client-a', clientSecret: SECRET } });
      const before = storedSettings();
      const ctx = await call('settings', 'update', { body });
      expect(ctx.status).toBe(400);
      expect(storedSettings()).toBe(before);
    }
  );

  test('credentials Matterport refuses: 400, nothing saved', async () => {
    matterport.service.checkCredentials = async () => {
      const { MatterportError } = await import('../../common/errors');
      throw new MatterportError('MATTERPORT_AUTH_FAILED');
    };
    const before = storedSettings();
    const ctx = await call('settings', 'update', {
      body: { clientId: 'client-a', clientSecret: SECRET },
    });
    expect(ctx.status).toBe(400);
    expect(storedSettings()).toBe(before);
    expect(JSON.stringify(ctx.body)).not.toContain(SECRET);
  });

  test('credentials pinned in config: the view gives the hint only', async () => {
    await fake.close();
    await start({ clientId: 'client-cfg', clientSecret: SECRET });
    const ctx = await call('settings', 'get');
    expect(JSON.stringify(ctx.body)).not.toContain(SECRET);
    expect(ctx.body.data).toMatchObject({
      managedBy: 'config',
      secretHint: 'WXYZ',
      hasSecret: true,
    });
  });
});

describe('revocation', () => {
  const MODEL = 'SxQL3iGyoDo';
  beforeEach(() => start({ clientId: 'client-a', clientSecret: SECRET }));

  /** Links of MODEL (and one other model) minted and recorded, as content reads do. */
  const mint = async (lifetimes: number[]) => {
    const { fingerprint } = await getService('settings', fake.strapi).getSnapshot();
    const links = getService('links', fake.strapi);
    const minted = [];
    for (const lifetime of lifetimes)
      minted.push(await links.getLink(MODEL, lifetime, fingerprint as string));
    await links.getLink('WziSQO0ORu7', 600, fingerprint as string);
    await links.flushRecords();
    return { minted, fingerprint: fingerprint as string, links };
  };
  const rowOf = (token: string) => {
    const hint = token.slice(-4);
    return fake.db.rows(LINK_UID).find((r) => r.tokenHint === hint);
  };

  test.each([['abc'], ['-1'], ['1.5'], ['1e3'], ['']])(
    'a link id %j is a 400, and nothing is revoked',
    async (id) => {
      await mint([600]);
      const before = JSON.stringify(fake.db.rows(LINK_UID));
      const ctx = await call('links', 'revoke', { params: { id } });
      expect(ctx.status).toBe(400);
      expect(ctx.body.error).toMatchObject({ name: 'ValidationError' });
      expect(matterport.revokeCalls).toHaveLength(0);
      expect(JSON.stringify(fake.db.rows(LINK_UID))).toBe(before);
    }
  );

  test('a model id that is not one is a 400, and nothing is revoked', async () => {
    await mint([600]);
    const ctx = await call('links', 'revokeModel', { params: { modelId: '../../etc' } });
    expect(ctx.status).toBe(400);
    expect(matterport.revokeCalls).toHaveLength(0);
  });

  test('Matterport answering true: the link is revoked and nobody gets it again', async () => {
    const { minted, fingerprint, links } = await mint([600]);
    const row = rowOf(minted[0].accessToken);
    const ctx = await call('links', 'revoke', { params: { id: String(row?.id) } });
    expect(ctx.status).toBe(200);
    expect(ctx.body.data).toMatchObject({
      id: row?.id,
      active: false,
      revokedAt: expect.any(String),
    });
    expect(matterport.live.has(minted[0].accessToken)).toBe(false);
    expect(links.peekFresh(MODEL, 600, fingerprint)).toBeUndefined();
    expect((await links.getLink(MODEL, 600, fingerprint)).accessToken).not.toBe(
      minted[0].accessToken
    );
    // Revoking it again is a conflict, not a second call.
    const again = await call('links', 'revoke', { params: { id: String(row?.id) } });
    expect(again.status).toBe(409);
    expect(matterport.revokeCalls).toHaveLength(1);
  });

  test('Matterport answering false: reported as failed (REVOKE_REFUSED), the row stays unrevoked, the link is no longer handed out', async () => {
    const { minted, fingerprint, links } = await mint([600]);
    matterport.answerRevocations(false);
    const row = rowOf(minted[0].accessToken);
    const ctx = await call('links', 'revoke', { params: { id: String(row?.id) } });
    expect(ctx.status).toBe(502);
    expect(ctx.body.error).toMatchObject({
      name: 'RevokeFailedError',
      details: {
        code: 'REVOKE_REFUSED',
        link: expect.objectContaining({ id: row?.id, revokedAt: null }),
      },
    });
    // The ledger tells the truth: not revoked, with the reason.
    const after = rowOf(minted[0].accessToken);
    expect(after?.revokedAt ?? null).toBeNull();
    expect(after?.revokeError).toMatchObject({ code: 'REVOKE_REFUSED' });
    // The admin asked to stop it: not delivered any more, from memory nor from the ledger.
    expect(links.peekFresh(MODEL, 600, fingerprint)).toBeUndefined();
    expect((await links.getLink(MODEL, 600, fingerprint)).accessToken).not.toBe(
      minted[0].accessToken
    );
    // …and it can be tried again.
    matterport.answerRevocations(true);
    const retry = await call('links', 'revoke', { params: { id: String(row?.id) } });
    expect(retry.status).toBe(200);
    expect(rowOf(minted[0].accessToken)?.revokedAt).not.toBeNull();
  });

  test("a model's links, Matterport answering true then false: one revoked, one failed, each counted", async () => {
    const { minted } = await mint([600, 1800]);
    matterport.answerNextRevocations(true, false);
    const ctx = await call('links', 'revokeModel', { params: { modelId: MODEL } });
    expect(ctx.status).toBe(200);
    const body = ctx.body as {
      data: {
        revoked: Array<{ id: number }>;
        failed: Array<{ link: { id: number }; error: { code: string } }>;
      };
      meta: unknown;
    };
    expect(body.meta).toEqual({ matched: 2, revoked: 1, failed: 1 });
    expect(body.data.failed[0].error.code).toBe('REVOKE_REFUSED');
    const ids = minted.map((l) => rowOf(l.accessToken)?.id).sort();
    expect([body.data.revoked[0].id, body.data.failed[0].link.id].sort()).toEqual(ids);
    // The other model's link was not touched.
    expect(matterport.revokeCalls).toHaveLength(2);
  });

  test("not.found for a token this client ID minted is revoked (it is gone); for another client ID's it is REVOKE_FOREIGN_TOKEN", async () => {
    const { minted } = await mint([600, 1800]);
    // The second link was minted by a previous client ID.
    const foreign = rowOf(minted[1].accessToken);
    if (foreign) foreign.clientId = 'client-old';
    matterport.answerRevocations('MATTERPORT_NOT_FOUND');
    const ctx = await call('links', 'revokeModel', { params: { modelId: MODEL } });
    const body = ctx.body as {
      data: {
        revoked: Array<{ id: number }>;
        failed: Array<{ link: { id: number }; error: { code: string } }>;
      };
    };
    expect(body.data.revoked.map((l) => l.id)).toEqual([rowOf(minted[0].accessToken)?.id]);
    expect(body.data.failed.map((f) => [f.link.id, f.error.code])).toEqual([
      [foreign?.id, 'REVOKE_FOREIGN_TOKEN'],
    ]);
  });

  test('a bad links query is a 400', async () => {
    const queries: Array<Record<string, string>> = [
      { pageSize: '1000' },
      { status: 'gone' },
      { sort: 'secret:asc' },
      { page: '0' },
    ];
    for (const query of queries) {
      const ctx = await call('links', 'find', { query });
      expect([JSON.stringify(query), ctx.status]).toEqual([JSON.stringify(query), 400]);
    }
  });
});
