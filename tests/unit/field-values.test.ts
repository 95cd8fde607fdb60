import {
  FieldValueError,
  connectionOf,
  normalizeModelValue,
  storedPart,
} from '../../common/field-value';
import { FieldOptionsError, withShowcaseParams, parseFieldOptions } from '../../common/showcase';

describe('stored values', () => {
  test('IDs and URLs become { modelId }', () => {
    expect(normalizeModelValue('SxQL3iGyoDo')).toEqual({ modelId: 'SxQL3iGyoDo' });
    expect(normalizeModelValue('https://my.matterport.com/show/?m=SxQL3iGyoDo&play=1')).toEqual({
      modelId: 'SxQL3iGyoDo',
    });
  });

  test('delivery-only and unknown keys are dropped', () => {
    expect(
      normalizeModelValue({
        modelId: 'SxQL3iGyoDo',
        name: ' Lobby ',
        link: 'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+x',
        accessToken: 'x',
        validUntil: '2026-01-01T00:00:00Z',
        error: { code: 'X' },
        extra: 1,
      })
    ).toEqual({ modelId: 'SxQL3iGyoDo', name: 'Lobby' });
  });

  test('prototype-pollution keys never survive', () => {
    const hostile = JSON.parse(
      '{"modelId":"SxQL3iGyoDo","__proto__":{"polluted":true},"constructor":{"x":1}}'
    );
    const value = normalizeModelValue(hostile) as unknown as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['modelId']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('null and empty strings clear', () => {
    expect(normalizeModelValue(null)).toBeNull();
    expect(normalizeModelValue(undefined)).toBeNull();
    expect(normalizeModelValue('  ')).toBeNull();
  });

  test.each([
    [42, /takes a model ID/],
    [true, /takes a model ID/],
    [['SxQL3iGyoDo'], /takes a model ID/],
    [{}, /no "modelId"/],
    [{ modelId: 'bad' }, /exactly 11/],
    [{ modelId: 'SxQL3iGyoDo', name: 7 }, /"name" must be a string/],
    [{ modelId: 'SxQL3iGyoDo', name: 'x'.repeat(300) }, /longer than 255/],
    ['https://my.matterport.com/show/?play=1', /no m= parameter/],
    ['x'.repeat(5000), /too long/],
  ])('%p is refused', (input, message) => {
    expect(() => normalizeModelValue(input)).toThrow(FieldValueError);
    expect(() => normalizeModelValue(input)).toThrow(message);
  });

  test('storedPart keeps only the stored keys of a delivered value', () => {
    expect(storedPart({ modelId: 'SxQL3iGyoDo', name: 'A', link: 'x' })).toEqual({
      modelId: 'SxQL3iGyoDo',
      name: 'A',
    });
    expect(storedPart({ modelId: 'nope' })).toBeNull();
  });
});

// Issue 26: a value names the connection (organisation) holding its model; none means `default`.
describe('the connection of a stored value', () => {
  test.each([
    // [what is written, what is stored]
    [
      { modelId: 'SxQL3iGyoDo', connection: 'harbour-estates' },
      { modelId: 'SxQL3iGyoDo', connection: 'harbour-estates' },
    ],
    [{ modelId: 'SxQL3iGyoDo', connection: 'default' }, { modelId: 'SxQL3iGyoDo' }],
    [{ modelId: 'SxQL3iGyoDo', connection: null }, { modelId: 'SxQL3iGyoDo' }],
    [
      { modelId: 'SxQL3iGyoDo', connection: 'b2', name: 'Lobby' },
      { modelId: 'SxQL3iGyoDo', connection: 'b2', name: 'Lobby' },
    ],
    ['https://my.matterport.com/show/?m=SxQL3iGyoDo', { modelId: 'SxQL3iGyoDo' }],
  ])('%j is stored as %j', (input, stored) => {
    expect(normalizeModelValue(input)).toEqual(stored);
  });

  test.each(['Harbour', '-lead', 'a b', 'x'.repeat(41), 42, '../default', ''])(
    'connection %j is refused with the rule',
    (connection) => {
      expect(() => normalizeModelValue({ modelId: 'SxQL3iGyoDo', connection })).toThrow(
        /"connection" must be the id of a Matterport connection/
      );
    }
  );

  test('a delivered value written back keeps its connection, and `default` is no connection', () => {
    expect(
      storedPart({ modelId: 'SxQL3iGyoDo', connection: 'harbour-estates', link: 'x', name: 'L' })
    ).toEqual({ modelId: 'SxQL3iGyoDo', connection: 'harbour-estates', name: 'L' });
    expect(storedPart({ modelId: 'SxQL3iGyoDo', connection: 'default' })).toEqual({
      modelId: 'SxQL3iGyoDo',
    });
    expect(storedPart({ modelId: 'SxQL3iGyoDo', connection: 'Not An Id' })).toEqual({
      modelId: 'SxQL3iGyoDo',
    });
  });

  test('connectionOf names `default` for a value without one', () => {
    expect(connectionOf({ connection: 'b2' })).toBe('b2');
    expect(connectionOf({})).toBe('default');
    expect(connectionOf(null)).toBe('default');
  });
});

describe('field options', () => {
  test.each([
    ['default, harbour-estates', ['default', 'harbour-estates']],
    [' harbour-estates ,, b2 ', ['harbour-estates', 'b2']],
    [
      ['b2', 'b2', 'default'],
      ['b2', 'default'],
    ],
  ])('connections %j allow %j', (option, allowed) => {
    expect(parseFieldOptions({ connections: option }).connections).toEqual(allowed);
  });

  test.each(['private', 'public', 'auto'])('access %p is kept (issue 28)', (access) => {
    expect(parseFieldOptions({ access }).access).toBe(access);
  });

  test('no access option leaves it to the default (private); other values are refused', () => {
    expect(parseFieldOptions({ play: true }).access).toBeUndefined();
    expect(() => parseFieldOptions({ access: 'open' })).toThrow(
      'Matterport field option "access" must be one of private, public, auto.'
    );
  });

  test('no connections option allows every connection', () => {
    expect(parseFieldOptions({ validFor: '10m' }).connections).toBeUndefined();
    expect(parseFieldOptions({ connections: '' }).connections).toBeUndefined();
  });

  test.each(['Harbour Estates', 'default;drop', [1], {}])(
    'connections %j are refused',
    (option) => {
      expect(() => parseFieldOptions({ connections: option })).toThrow(FieldOptionsError);
    }
  );

  test('validFor and Showcase parameters are parsed and encoded', () => {
    expect(
      parseFieldOptions({ validFor: '30m', play: true, qs: true, brand: false, mls: 2, lang: 'fr' })
    ).toEqual({
      validForSeconds: 1800,
      query: 'play=1&qs=1&brand=0&mls=2&lang=fr',
    });
  });

  test.each([
    [{ unknownKey: true }, /Unknown Matterport field option "unknownKey"/],
    [{ play: 'yes' }, /"play" must be true or false/],
    [{ mls: 3 }, /"mls" must be one of 0, 1, 2/],
    [{ ts: 99999 }, /"ts" must be a whole number/],
    [{ lang: 'en&auth=x' }, /"lang" must be a language code/],
    [{ validFor: '25h' }, /at most 24h/],
    ['nope', /must be an object/],
  ])('%p is refused', (options, message) => {
    expect(() => parseFieldOptions(options)).toThrow(FieldOptionsError);
    expect(() => parseFieldOptions(options)).toThrow(message);
  });

  test('parameters are appended to the opaque link, before any fragment', () => {
    expect(withShowcaseParams('https://x/show?m=A&auth=Bearer+t', 'play=1')).toBe(
      'https://x/show?m=A&auth=Bearer+t&play=1'
    );
    expect(withShowcaseParams('https://x/show', 'play=1')).toBe('https://x/show?play=1');
    expect(withShowcaseParams('https://x/show?m=A#h', 'qs=1')).toBe('https://x/show?m=A&qs=1#h');
    expect(withShowcaseParams('https://x/show?m=A', '')).toBe('https://x/show?m=A');
  });

  // The one rule shared by the server and the front-end kit (README, "Showcase parameters"):
  // a parameter already in the link is replaced by the more specific choice; m and auth never.
  test('a parameter already in the link is replaced, once, in place of the old pair', () => {
    expect(withShowcaseParams('https://x/show?m=A&play=0&auth=Bearer+t', 'play=1')).toBe(
      'https://x/show?m=A&auth=Bearer+t&play=1'
    );
    expect(withShowcaseParams('https://x/show?m=A&qs=0&qs=0', [['qs', '1']])).toBe(
      'https://x/show?m=A&qs=1'
    );
    expect(
      withShowcaseParams('https://x/show?m=A', [
        ['qs', '0'],
        ['qs', '1'],
      ])
    ).toBe('https://x/show?m=A&qs=1');
  });

  test('m and auth are never added, replaced or removed', () => {
    const link = 'https://x/show?m=A&auth=Bearer+t';
    expect(
      withShowcaseParams(link, [
        ['m', 'B'],
        ['auth', 'Bearer x'],
      ])
    ).toBe(link);
    expect(withShowcaseParams(link, 'm=B&play=1')).toBe('https://x/show?m=A&auth=Bearer+t&play=1');
  });
});
