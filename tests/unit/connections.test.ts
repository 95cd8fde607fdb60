import { connectionCreateSchema, isConnectionId } from '../../common/contracts/connections';
import { defaultConfig, resolveConfig, validateConfig } from '../../server/src/config';
import {
  connectionsOf,
  secretPurpose,
  toView,
  withEntry,
  withoutEntry,
  type StoredSettings,
} from '../../server/src/settings/connections';

/*
 * Connections (issue 26). The tables below are written by hand from the issue: the id rules
 * (a stable slug, /^[a-z0-9][a-z0-9-]{0,39}$/), and what an install that stored today's single
 * settings must list after the upgrade (one connection `default` holding them, untouched).
 */

describe('connection ids', () => {
  test.each([
    ['default', true],
    ['harbour-estates', true],
    ['a', true],
    ['0', true],
    ['brand-2', true],
    ['a'.repeat(40), true],
    ['a'.repeat(41), false],
    ['', false],
    ['-leading', false],
    ['Upper', false],
    ['with space', false],
    ['under_score', false],
    ['dot.ted', false],
    ['slash/ed', false],
    ['émile', false],
    ['trailing\n', false],
  ])('%p → %p', (id, accepted) => {
    expect(isConnectionId(id)).toBe(accepted);
    const body = { id, name: 'N', clientId: 'c', clientSecret: 'secret-123' };
    expect(connectionCreateSchema.safeParse(body).success).toBe(accepted);
  });
});

const SECRET = { v: 2, kid: 'k1', iv: 'aXY=', tag: 'dGFn', data: 'ZGF0YQ==' } as const;
const NO_CONFIG = { clientId: undefined, clientSecret: undefined, connections: [] };

describe('upgrade: a row in the single-settings shape is one connection `default`', () => {
  const todayRow: StoredSettings = {
    clientId: 'acme-client',
    secret: SECRET,
    secretHint: 'wxyz',
    secretUpdatedAt: '2026-01-02T03:04:05.000Z',
    secretUpdatedBy: 'Ada Admin',
    secretUpdatedById: 1,
    secretUpdatedByEmail: 'ada@example.com',
    defaultValidFor: '2h',
    revision: 7,
  };

  test('lists `default` with the same client ID, hint, author and lifetime', () => {
    expect(connectionsOf(todayRow, NO_CONFIG).map(toView)).toEqual([
      {
        id: 'default',
        name: 'Default',
        clientId: 'acme-client',
        hasSecret: true,
        secretHint: 'wxyz',
        secretUpdatedAt: '2026-01-02T03:04:05.000Z',
        secretUpdatedBy: 'Ada Admin',
        secretUpdatedById: 1,
        secretUpdatedByEmail: 'ada@example.com',
        defaultValidFor: '2h',
        enabled: true,
        isDefault: true,
        managedBy: 'admin',
        // No role list in a row of before: every role with the plugin's permission.
        roles: [],
      },
    ]);
  });

  test('keeps the very same encrypted secret, opened with the purpose it was written for', () => {
    const [record] = connectionsOf(todayRow, NO_CONFIG);
    expect(record.secret).toEqual(SECRET);
    expect(secretPurpose('default')).toBe('settings.secret');
  });

  test.each([
    ['an empty row (fresh install)', {}, []],
    ['only a lifetime saved', { defaultValidFor: '5m', revision: 1 }, []],
    [
      'a settings row of the earliest release (author name only)',
      {
        clientId: 'old',
        secret: { v: 1, iv: 'aXY=', tag: 'dGFn', data: 'ZA==' },
        secretHint: 'abcd',
      },
      [['default', 'old', 'abcd', null, '1h']],
    ],
  ])('%s → %j', (_label, row, expected) => {
    expect(
      connectionsOf(row as StoredSettings, NO_CONFIG).map((c) => [
        c.id,
        c.clientId,
        c.secretHint,
        c.secretUpdatedById,
        c.defaultValidFor,
      ])
    ).toEqual(expected);
  });

  test('credentials in the plugin config make a locked `default`; the stored lifetime still applies', () => {
    const cfg = { clientId: 'env-client', clientSecret: 'env-secret-5678', connections: [] };
    expect(connectionsOf(todayRow, cfg).map(toView)).toEqual([
      expect.objectContaining({
        id: 'default',
        clientId: 'env-client',
        secretHint: '5678',
        managedBy: 'config',
        defaultValidFor: '2h',
        secretUpdatedBy: null,
      }),
    ]);
  });

  test('config connections are locked, listed after the default, before stored ones (by id)', () => {
    const row: StoredSettings = {
      ...todayRow,
      connections: {
        zeta: { name: 'Zeta', clientId: 'z', secret: SECRET, secretHint: 'zzzz' },
        brand: { name: 'Brand', clientId: 'b', secret: SECRET, secretHint: 'bbbb', enabled: false },
        // Defined by config too: the config wins.
        north: { name: 'Stored north', clientId: 'stored', secret: SECRET },
      },
    };
    const cfg = {
      clientId: undefined,
      clientSecret: undefined,
      connections: [
        { id: 'north', name: 'North', clientId: 'n-client', clientSecret: 'n-secret-0000' },
      ],
    };
    expect(
      connectionsOf(row, cfg).map((c) => [c.id, c.name, c.clientId, c.managedBy, c.enabled])
    ).toEqual([
      ['default', 'Default', 'acme-client', 'admin', true],
      ['north', 'North', 'n-client', 'config', true],
      ['brand', 'Brand', 'b', 'admin', false],
      ['zeta', 'Zeta', 'z', 'admin', true],
    ]);
  });
});

describe('roles of connections defined by configuration (issue 26: roles are not credentials)', () => {
  test('kept in the stored entry, for `default` (top level, no credentials stored) and for another id', () => {
    const row: StoredSettings = { roles: [3], connections: { north: { roles: [4, 5] } } };
    const cfg = {
      clientId: undefined,
      clientSecret: undefined,
      connections: [
        { id: 'default', name: 'Main', clientId: 'd-client', clientSecret: 'd-secret-0000' },
        { id: 'north', name: 'North', clientId: 'n-client', clientSecret: 'n-secret-0000' },
      ],
    };
    expect(connectionsOf(row, cfg).map((c) => [c.id, c.managedBy, c.roles])).toEqual([
      ['default', 'config', [3]],
      ['north', 'config', [4, 5]],
    ]);
  });
});

describe('writing entries', () => {
  const row: StoredSettings = {
    clientId: 'acme-client',
    secret: SECRET,
    secretHint: 'wxyz',
    defaultValidFor: '2h',
    revision: 3,
    connections: { brand: { name: 'Brand', clientId: 'b', secret: SECRET } },
  };

  test('`default` stays in the top-level fields (the previous release still reads it)', () => {
    const next = withEntry(row, 'default', { clientId: 'new', secret: SECRET, secretHint: '1234' });
    expect(next).toEqual({
      clientId: 'new',
      secret: SECRET,
      secretHint: '1234',
      revision: 3,
      connections: { brand: { name: 'Brand', clientId: 'b', secret: SECRET } },
    });
  });

  test('another connection goes into `connections`; the default is untouched', () => {
    const next = withEntry(row, 'harbour', { name: 'Harbour', clientId: 'h' });
    expect(next.clientId).toBe('acme-client');
    expect(next.connections).toEqual({
      brand: { name: 'Brand', clientId: 'b', secret: SECRET },
      harbour: { name: 'Harbour', clientId: 'h' },
    });
  });

  test('removing `default` leaves a fresh install with the other connections', () => {
    expect(withoutEntry(row, 'default')).toEqual({
      revision: 3,
      connections: { brand: { name: 'Brand', clientId: 'b', secret: SECRET } },
    });
    expect(connectionsOf(withoutEntry(row, 'default'), NO_CONFIG).map((c) => c.id)).toEqual([
      'brand',
    ]);
  });

  test('removing another connection keeps the default', () => {
    expect(withoutEntry(row, 'brand')).toEqual({ ...row, connections: {} });
  });

  test("a connection's secret is bound to its id", () => {
    expect(secretPurpose('brand')).not.toBe(secretPurpose('harbour'));
    expect(secretPurpose('brand')).not.toBe(secretPurpose('default'));
  });
});

describe('the `connections` configuration key', () => {
  const entry = { id: 'north', name: 'North', clientId: 'n', clientSecret: 'n-secret' };

  test('accepted, and resolved as given', () => {
    expect(() => validateConfig({ ...defaultConfig, connections: [entry] })).not.toThrow();
    expect(resolveConfig({ ...defaultConfig, connections: [entry] }).connections).toEqual([entry]);
    expect(defaultConfig.connections).toEqual([]);
  });

  test.each([
    [[{ ...entry, id: 'Bad Id' }], /"connections.0.id" must be 1 to 40 characters/],
    [[entry, { ...entry, name: 'Again' }], /"connections" names a connection id twice/],
    [[{ ...entry, clientSecret: '' }], /"connections.0.clientSecret" must not be empty/],
    [[{ ...entry, defaultValidFor: '25h' }], /"connections.0.defaultValidFor"/],
    [[{ ...entry, surprise: 1 }], /unknown key/],
  ])('%j → refused', (connections, message) => {
    expect(() => validateConfig({ ...defaultConfig, connections })).toThrow(message);
  });

  test('`default` defined both by clientId/clientSecret and by connections → refused', () => {
    expect(() =>
      validateConfig({
        ...defaultConfig,
        clientId: 'a',
        clientSecret: 'b',
        connections: [{ ...entry, id: 'default' }],
      })
    ).toThrow(/keep one of them/);
  });
});
