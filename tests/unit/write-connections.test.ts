import { errors } from '@strapi/utils';

import { mayUse } from '../../server/src/connections/access';
import { buildPlans } from '../../server/src/delivery/plan';
import { normalizeWriteData, type WriteChecks } from '../../server/src/fields/write';

/*
 * Issue 26: "Every write path validates that the connection exists, is allowed for that field,
 * and holds the model"; "each connection carries roles: number[] (admin role ids whose members
 * may browse and pick its spaces; empty = every role with the plugin's read permission; Super
 * Admin always may). Enforced on every model route and on every write made by an admin user."
 */

const SUPER = { id: 1, code: 'strapi-super-admin' };
const EDITOR = { id: 2, code: 'strapi-editor' };
const AGENT = { id: 7, code: 'agents' };

test.each([
  ['Super Admin, connection limited to another role', [SUPER], [7], true],
  ['no roles on the connection', [EDITOR], [], true],
  ['one of the roles listed', [EDITOR, AGENT], [7, 9], true],
  ['none of the roles listed', [EDITOR], [7], false],
  ['a user without roles, connection limited', [], [7], false],
])('mayUse: %s', (_label, roles, allowed, expected) => {
  expect(mayUse({ roles }, { roles: allowed })).toBe(expected);
});

const field = (options?: Record<string, unknown>) => ({
  type: 'json',
  customField: 'plugin::matterport.model',
  options,
});

const plans = buildPlans({
  'api::office.office': {
    uid: 'api::office.office',
    attributes: {
      tour: field({ connections: 'harbour' }),
      any: field(),
      rooms: { type: 'component', component: 'office.room', repeatable: true },
    },
  },
  'office.room': {
    uid: 'office.room',
    attributes: { model: field({ connections: 'default, harbour' }) },
  },
} as unknown as Parameters<typeof buildPlans>[0]);

// Harbour holds HARBOURMOD1; default exists; "secret" is limited to role 7; "flaky" cannot be asked.
const CONNECTIONS: Record<string, number[]> = { default: [], harbour: [], secret: [7], flaky: [] };
const HOLDINGS: Record<string, string[]> = { harbour: ['HARBOURMOD1'], secret: ['SECRETMOD01'] };

const checks = (user?: WriteChecks['user']): WriteChecks => ({
  user,
  connection: async (id) => (id in CONNECTIONS ? { roles: CONNECTIONS[id] } : undefined),
  holds: async (modelId, connection) =>
    connection === 'flaky' ? undefined : (HOLDINGS[connection] ?? []).includes(modelId),
});

const write = async (data: Record<string, unknown>, user?: WriteChecks['user']) => {
  await normalizeWriteData(plans, 'api::office.office', data, checks(user));
  return data;
};

const refusal = async (data: Record<string, unknown>, user?: WriteChecks['user']) => {
  const error = await write(data, user).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(errors.ApplicationError);
  return error as errors.ApplicationError & { details: { errors: Array<{ path: string[] }> } };
};

test('a value of a connection holding the model is stored as { modelId, connection }', async () => {
  expect(await write({ tour: { modelId: 'HARBOURMOD1', connection: 'harbour' } })).toEqual({
    tour: { modelId: 'HARBOURMOD1', connection: 'harbour' },
  });
});

test('the default connection: format only, stored without connection', async () => {
  expect(await write({ any: { modelId: 'ANYMODEL001', connection: 'default' } })).toEqual({
    any: { modelId: 'ANYMODEL001' },
  });
});

test('a connection that cannot be asked: accepted as written', async () => {
  expect(await write({ any: { modelId: 'ANYMODEL001', connection: 'flaky' } })).toEqual({
    any: { modelId: 'ANYMODEL001', connection: 'flaky' },
  });
});

test.each([
  [
    'an unknown connection',
    { any: { modelId: 'HARBOURMOD1', connection: 'nowhere' } },
    ['any'],
    /no Matterport connection "nowhere"/,
  ],
  [
    'a connection the field does not allow',
    { tour: { modelId: 'ANYMODEL001', connection: 'default' } },
    ['tour'],
    /does not take spaces of the Matterport connection "default"/,
  ],
  [
    'no connection where the field excludes default',
    { tour: 'ANYMODEL001' },
    ['tour'],
    /"default"/,
  ],
  [
    'a model the connection does not hold',
    { any: { modelId: 'ANYMODEL001', connection: 'harbour' } },
    ['any'],
    /the connection "harbour" has no model "ANYMODEL001"/,
  ],
  [
    'in a component',
    {
      rooms: [
        { model: 'ANYMODEL001' },
        { model: { modelId: 'SECRETMOD01', connection: 'secret' } },
      ],
    },
    ['rooms', '1', 'model'],
    /does not take/,
  ],
])('%s → ValidationError naming the field', async (_label, data, path, message) => {
  const error = await refusal(data);
  expect(error).toBeInstanceOf(errors.ValidationError);
  expect(error.details.errors.map((e) => e.path)).toEqual([path]);
  expect(error.message).toMatch(message);
});

test('an admin whose roles may not use the connection → ForbiddenError naming the field', async () => {
  const error = await refusal(
    { any: { modelId: 'SECRETMOD01', connection: 'secret' } },
    { roles: [EDITOR] }
  );
  expect(error).toBeInstanceOf(errors.ForbiddenError);
  expect(error.details.errors.map((e) => e.path)).toEqual([['any']]);
});

test('the same write by an admin of the role, or by a Super Admin, or without an admin: accepted', async () => {
  const value = () => ({ any: { modelId: 'SECRETMOD01', connection: 'secret' } });
  for (const user of [{ roles: [AGENT] }, { roles: [SUPER] }, undefined])
    expect(await write(value(), user)).toEqual({
      any: { modelId: 'SECRETMOD01', connection: 'secret' },
    });
});
