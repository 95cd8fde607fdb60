import type { Context } from 'koa';

import { LINK_UID } from '../../common/plugin';
import controllers from '../../server/src/controllers';
import { answerErrors } from '../../server/src/errors';
import { on, type Actor, type PluginEvents } from '../../server/src/events';
import { getService } from '../../server/src/utils/get-service';
import { createFakeMatterport, type FakeMatterport } from './fakes/matterport';
import { createFakeStrapi, type FakeStrapi } from './fakes/strapi';
import { strapiErrorMiddleware } from './fakes/strapi-errors';

/**
 * Issue 26, "everything per connection": every link is revoked with the credentials of the
 * connection that minted it (an organisation's token is unknown to another's client), a filter
 * by connection touches that organisation only (`default` includes the rows written before
 * connections, whose column is null), and "previous credentials" are one connection's own:
 * another organisation's links are never counted as the default's previous credentials.
 */
const DEFAULT_CLIENT = 'client-default';
const HARBOUR_CLIENT = 'client-harbour';
const MODEL_A = 'SxQL3iGyoDo';
const MODEL_B = 'WziSQO0ORu7';
const ADA: Actor = { id: 7, email: 'ada@example.com', name: 'Ada Admin' };

let fake: FakeStrapi;
let matterport: FakeMatterport;
let revokedEvents: Array<PluginEvents['links.revoked']>;

beforeEach(async () => {
  matterport = createFakeMatterport();
  fake = await createFakeStrapi({
    services: {
      matterport: {
        ...matterport.service,
        // The connection's client carries the call; the credentials say who asks.
        revokeToken: (token: string, credentials?: { clientId: string; clientSecret: string }) =>
          matterport.service.revokeToken(token, credentials),
      },
    },
    config: {
      clientId: DEFAULT_CLIENT,
      clientSecret: 'default-secret-AAAA',
      connections: [
        {
          id: 'harbour',
          name: 'Harbour Estates',
          clientId: HARBOUR_CLIENT,
          clientSecret: 'harbour-secret-BBBB',
        },
      ],
    },
  });
  revokedEvents = [];
  on(fake.strapi, 'links.revoked', (e) => revokedEvents.push(e));
});
afterEach(async () => {
  await fake.close();
});

const links = () => getService('links', fake.strapi);
const settings = () => getService('settings', fake.strapi);

/** One link per (connection, model), minted as a content read does; answers their tokens. */
const mintEach = async (
  wanted: Array<[connection: string, modelId: string]>
): Promise<Record<string, string>> => {
  const tokens: Record<string, string> = {};
  for (const [connection, modelId] of wanted) {
    const snapshot = await settings().getConnectionSnapshot(connection);
    const link = await links().getLink(
      modelId,
      600,
      snapshot?.fingerprint as string,
      'delivery',
      connection
    );
    tokens[`${connection}/${modelId}`] = link.accessToken;
  }
  await links().flushRecords();
  return tokens;
};

const rowOf = (token: string) => {
  const row = fake.db.rows(LINK_UID).find((r) => r.tokenHint === token.slice(-4));
  if (!row) throw new Error(`no row for ${token}`);
  return row;
};

/** Changes a ledger row in place (a row of before connections, a removed connection's, older credentials). */
const alter = async (token: string, data: Record<string, unknown>) => {
  await fake.strapi.db.query(LINK_UID).update({ where: { id: rowOf(token).id }, data });
};

/** Who Matterport was asked by, per token revoked. */
const askedBy = () =>
  Object.fromEntries(matterport.revokeCalls.map((c) => [c.accessToken, c.clientId]));

test('rows of two connections: each is revoked with its own connection credentials', async () => {
  const tokens = await mintEach([
    ['default', MODEL_A],
    ['harbour', MODEL_B],
    ['default', MODEL_B],
  ]);
  const outcome = await links().revokeWhere({ modelIds: [MODEL_A, MODEL_B] }, ADA, 'filter');

  expect(outcome.failed).toEqual([]);
  expect(outcome.revoked.map((l) => [l.modelId, l.connection]).sort()).toEqual([
    [MODEL_A, 'default'],
    [MODEL_B, 'default'],
    [MODEL_B, 'harbour'],
  ]);
  expect(askedBy()).toEqual({
    [tokens[`default/${MODEL_A}`]]: DEFAULT_CLIENT,
    [tokens[`harbour/${MODEL_B}`]]: HARBOUR_CLIENT,
    [tokens[`default/${MODEL_B}`]]: DEFAULT_CLIENT,
  });
  expect(matterport.live.size).toBe(0);
  expect(revokedEvents).toHaveLength(1);
  expect(revokedEvents[0]).toMatchObject({
    connections: ['default', 'harbour'],
    revoked: 3,
    failed: 0,
  });
});

test('a filter by connection revokes that organisation only; the other keeps its links', async () => {
  const tokens = await mintEach([
    ['default', MODEL_A],
    ['harbour', MODEL_B],
    ['harbour', MODEL_A],
  ]);
  const outcome = await links().revokeWhere({ connection: 'harbour' }, ADA, 'filter');

  expect(outcome.revoked.map((l) => l.connection)).toEqual(['harbour', 'harbour']);
  expect(askedBy()).toEqual({
    [tokens[`harbour/${MODEL_B}`]]: HARBOUR_CLIENT,
    [tokens[`harbour/${MODEL_A}`]]: HARBOUR_CLIENT,
  });
  expect([...matterport.live]).toEqual([tokens[`default/${MODEL_A}`]]);
  expect(revokedEvents[0]).toMatchObject({ connections: ['harbour'], revoked: 2 });
});

test('`default` also matches the rows written before connections (no connection recorded)', async () => {
  const tokens = await mintEach([
    ['default', MODEL_A],
    ['default', MODEL_B],
    ['harbour', MODEL_A],
  ]);
  await alter(tokens[`default/${MODEL_B}`], { connection: null });

  const outcome = await links().revokeWhere({ connection: 'default' }, ADA, 'filter');

  expect(outcome.revoked.map((l) => [l.modelId, l.connection]).sort()).toEqual([
    [MODEL_A, 'default'],
    [MODEL_B, 'default'],
  ]);
  expect(askedBy()).toEqual({
    [tokens[`default/${MODEL_A}`]]: DEFAULT_CLIENT,
    [tokens[`default/${MODEL_B}`]]: DEFAULT_CLIENT,
  });
  expect([...matterport.live]).toEqual([tokens[`harbour/${MODEL_A}`]]);
});

test('previous credentials are the default connection own: another organisation links are not', async () => {
  const tokens = await mintEach([
    ['default', MODEL_A],
    ['default', MODEL_B],
    ['harbour', MODEL_A],
  ]);
  // Minted by the default connection before its credentials changed (an older fingerprint).
  await alter(tokens[`default/${MODEL_B}`], { fingerprint: 'older-credentials' });

  const previous = await links().revokeWhere(
    { credentials: 'previous' },
    ADA,
    'previous-credentials'
  );
  expect(previous.revoked.map((l) => [l.modelId, l.connection])).toEqual([[MODEL_B, 'default']]);
  expect(previous.failed).toEqual([]);
  expect(askedBy()).toEqual({ [tokens[`default/${MODEL_B}`]]: DEFAULT_CLIENT });

  const current = await links().revokeWhere({ credentials: 'current' }, ADA, 'filter');
  expect(current.revoked.map((l) => [l.modelId, l.connection])).toEqual([[MODEL_A, 'default']]);
  expect([...matterport.live]).toEqual([tokens[`harbour/${MODEL_A}`]]);
});

test('previous credentials of another connection: scoped to it', async () => {
  const tokens = await mintEach([
    ['default', MODEL_A],
    ['harbour', MODEL_A],
    ['harbour', MODEL_B],
  ]);
  await alter(tokens[`harbour/${MODEL_B}`], { fingerprint: 'older-harbour-credentials' });
  await alter(tokens[`default/${MODEL_A}`], { fingerprint: 'older-default-credentials' });

  const outcome = await links().revokeWhere(
    { credentials: 'previous', connection: 'harbour' },
    ADA,
    'previous-credentials'
  );
  expect(outcome.revoked.map((l) => [l.modelId, l.connection])).toEqual([[MODEL_B, 'harbour']]);
  expect(askedBy()).toEqual({ [tokens[`harbour/${MODEL_B}`]]: HARBOUR_CLIENT });
});

test('a connection whose credentials cannot be read fails its own rows; the others are revoked', async () => {
  const tokens = await mintEach([
    ['default', MODEL_A],
    ['harbour', MODEL_B],
  ]);
  // A connection removed from the configuration while its link is still usable.
  await alter(tokens[`harbour/${MODEL_B}`], { connection: 'gone' });

  const outcome = await links().revokeWhere({}, ADA, 'filter');

  expect(outcome.revoked.map((l) => l.connection)).toEqual(['default']);
  expect(outcome.failed).toHaveLength(1);
  expect(outcome.failed[0].link).toMatchObject({ connection: 'gone', modelId: MODEL_B });
  expect(outcome.failed[0].error.code).toBe('CONNECTION_CREDENTIALS_UNAVAILABLE');
  expect(outcome.failed[0].error.message).toContain('"gone"');
  expect(askedBy()).toEqual({ [tokens[`default/${MODEL_A}`]]: DEFAULT_CLIENT });
  expect(revokedEvents[0]).toMatchObject({
    connections: ['default', 'gone'],
    revoked: 1,
    failed: 1,
    failures: [
      {
        id: rowOf(tokens[`harbour/${MODEL_B}`]).id,
        modelId: MODEL_B,
        connection: 'gone',
        code: 'CONNECTION_CREDENTIALS_UNAVAILABLE',
      },
    ],
  });
});

describe('links controller: the connection filter', () => {
  const call = async (action: string, input: { query?: unknown; body?: unknown }) => {
    const ctx = {
      request: { body: input.body },
      params: {},
      query: input.query ?? {},
      state: { user: { id: 7, firstname: 'Ada', lastname: 'Admin', email: 'ada@example.com' } },
      status: 200,
      body: undefined as unknown,
      set() {},
    };
    const made = controllers.links({ strapi: fake.strapi }) as unknown as Record<
      string,
      (ctx: unknown) => Promise<void>
    >;
    await strapiErrorMiddleware(ctx, () =>
      answerErrors(ctx as unknown as Context, () => made[action](ctx))
    );
    return ctx as typeof ctx & {
      body: {
        data: Array<{ modelId: string; connection: string }> & {
          revoked: Array<{ connection: string }>;
        };
        meta: { matched: number };
        error?: { name: string; details?: unknown };
      };
    };
  };

  test('the list filter (as bulk revocation resolves it) selects one connection, `default` including rows of before connections', async () => {
    const tokens = await mintEach([
      ['default', MODEL_A],
      ['harbour', MODEL_B],
      ['default', MODEL_B],
    ]);
    await alter(tokens[`default/${MODEL_B}`], { connection: null });
    // The list's where clause (queries.whereOf) also selects a bulk revocation's rows; the page
    // itself needs SQL the in-memory database lacks (integration tests list it).
    const ids = (tokens_: string[]) => tokens_.map((t) => rowOf(t).id).sort((a, b) => a - b);

    const harbour = await links().revocableIds({ connection: 'harbour' }, 100);
    expect(harbour).toEqual({ ids: ids([tokens[`harbour/${MODEL_B}`]]), matched: 1 });

    const byDefault = await links().revocableIds({ connection: 'default' }, 100);
    expect(byDefault).toEqual({
      ids: ids([tokens[`default/${MODEL_A}`], tokens[`default/${MODEL_B}`]]),
      matched: 2,
    });

    const unknown = await links().revocableIds({ connection: 'elsewhere' }, 100);
    expect(unknown).toEqual({ ids: [], matched: 0 });
  });

  test('a connection id that is not one is a 400 naming the field', async () => {
    const list = await call('find', { query: { connection: 'Not An Id' } });
    expect(list.status).toBe(400);
    expect(list.body.error?.name).toBe('ValidationError');
    const revoke = await call('revokeFilter', { body: { filter: { connection: '-x' } } });
    expect(revoke.status).toBe(400);
    expect(JSON.stringify(revoke.body.error)).toContain('filter.connection');
  });

  test('revoke by filter with a connection revokes that organisation only', async () => {
    const tokens = await mintEach([
      ['default', MODEL_A],
      ['harbour', MODEL_A],
    ]);
    const ctx = await call('revokeFilter', { body: { filter: { connection: 'harbour' } } });
    expect(ctx.status).toBe(200);
    expect(ctx.body.meta).toMatchObject({ matched: 1, revoked: 1, failed: 0 });
    expect(askedBy()).toEqual({ [tokens[`harbour/${MODEL_A}`]]: HARBOUR_CLIENT });
    expect([...matterport.live]).toEqual([tokens[`default/${MODEL_A}`]]);
  });
});
