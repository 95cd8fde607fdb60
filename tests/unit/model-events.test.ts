import {
  carriesCredentials,
  eventHash,
  eventTime,
  generateCredentials,
  meaningOf,
} from '../../server/src/model-events';

/*
 * Model events (issue 28): what each documented event type means for the catalogue, the
 * undocumented forms the plugin reads (activation bodies, timestamps, how token credentials
 * travel), and the dedupe hash. Expectations from the issue and Matterport's documentation.
 */

describe('meaningOf', () => {
  test.each([
    ['deleted', {}, { aspect: 'state', state: 'deleted' }],
    ['transferred_out', {}, { aspect: 'state', state: 'transferred' }],
    ['restored', {}, { aspect: 'state', state: 'active' }],
    ['transferred_in', {}, { aspect: 'state', state: 'active' }],
    ['created', {}, { aspect: 'state', state: 'active' }],
    [
      'activation_state_changed',
      { previous: { state: 'active' }, current: { state: 'inactive' } },
      { aspect: 'state', state: 'inactive' },
    ],
    [
      'activation_state_changed',
      { previous: { state: 'inactive' }, current: { state: 'active' } },
      { aspect: 'state', state: 'active' },
    ],
    ['activation_state_changed', { active: false }, { aspect: 'state', state: 'inactive' }],
    ['activation_state_changed', { active: true }, { aspect: 'state', state: 'active' }],
    [
      'visibility_changed',
      { previous: { accessVisibility: 'private' }, current: { accessVisibility: 'public' } },
      { aspect: 'visibility', visibility: 'public' },
    ],
    [
      'details_changed',
      { previous: { name: 'Old' }, current: { name: 'New name' } },
      { aspect: 'details', name: 'New name' },
    ],
    ['details_changed', { current: { address: 'Somewhere' } }, { aspect: 'details' }],
  ])('%s %j', (type, body, expected) => {
    expect(meaningOf({ type, body })).toEqual(expected);
  });

  test.each([
    ['processed', {}],
    ['bundle_updated', {}],
    ['something_new', {}],
    ['activation_state_changed', {}],
    ['visibility_changed', { current: { accessVisibility: 'everyone' } }],
  ])('%s %j changes nothing', (type, body) => {
    expect(meaningOf({ type, body }).aspect).toBe('none');
  });
});

describe('eventTime', () => {
  test('ISO-8601, epoch milliseconds (number or digits) and epoch seconds', () => {
    expect(eventTime('2026-12-04T10:00:00.000Z')?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(eventTime('2026-12-04T10:00:00Z')?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(eventTime(1796378400000)?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(eventTime('1796378400000')?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
    expect(eventTime(1796378400)?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
  });

  test('anything else is unreadable', () => {
    expect(eventTime('yesterday')).toBeUndefined();
    expect(eventTime('12/04/2026')).toBeUndefined();
    expect(eventTime(Number.NaN)).toBeUndefined();
  });
});

describe('eventHash', () => {
  const payload = { modelId: 'm1', type: 'deleted', timestamp: 1, body: { a: 1, b: [1, 2] } };
  test('the same payload (keys in any order) hashes the same; another connection or payload does not', () => {
    const reordered = { body: { b: [1, 2], a: 1 }, timestamp: 1, type: 'deleted', modelId: 'm1' };
    expect(eventHash('default', reordered)).toBe(eventHash('default', payload));
    expect(eventHash('harbour', payload)).not.toBe(eventHash('default', payload));
    expect(eventHash('default', { ...payload, timestamp: 2 })).not.toBe(
      eventHash('default', payload)
    );
  });
});

describe('carriesCredentials', () => {
  const expected = {
    credType: 'basic' as const,
    credKey: 'x-strapi-mp',
    secret: 's3cret-value-0123456789',
  };
  const basic = (user: string, pass: string) =>
    `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

  test('accepts Basic key:secret, a header named credKey, and Bearer secret', () => {
    expect(
      carriesCredentials(
        { authorization: basic('x-strapi-mp', 's3cret-value-0123456789') },
        expected
      )
    ).toBe(true);
    expect(carriesCredentials({ 'x-strapi-mp': 's3cret-value-0123456789' }, expected)).toBe(true);
    expect(carriesCredentials({ authorization: 'Bearer s3cret-value-0123456789' }, expected)).toBe(
      true
    );
  });

  test('refuses nothing, a wrong secret, a wrong key, the secret in another header, a prefix', () => {
    expect(carriesCredentials({}, expected)).toBe(false);
    expect(carriesCredentials({ authorization: basic('x-strapi-mp', 'wrong') }, expected)).toBe(
      false
    );
    expect(
      carriesCredentials({ authorization: basic('someone', 's3cret-value-0123456789') }, expected)
    ).toBe(false);
    expect(carriesCredentials({ 'x-other': 's3cret-value-0123456789' }, expected)).toBe(false);
    expect(carriesCredentials({ authorization: 'Bearer s3cret' }, expected)).toBe(false);
    // A stored secret that is empty or short (a row written by hand) is never matched.
    expect(carriesCredentials({ 'x-strapi-mp': '' }, { ...expected, secret: '' })).toBe(false);
    expect(
      carriesCredentials({ authorization: 'Bearer short' }, { ...expected, secret: 'short' })
    ).toBe(false);
  });

  test('generated credentials are new each time and long', () => {
    const a = generateCredentials('basic');
    const b = generateCredentials('basic');
    expect(a.secret).not.toBe(b.secret);
    expect(a.secret.length).toBeGreaterThanOrEqual(43);
    expect(a.credKey).toMatch(/^x-strapi-matterport-[0-9a-f]{8}$/);
  });
});
