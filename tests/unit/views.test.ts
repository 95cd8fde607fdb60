import { FieldValueError, normalizeModelValue, storedPart } from '../../common/field-value';
import {
  FieldOptionsError,
  parseFieldOptions,
  parseShowcaseParams,
  withShowcaseParams,
} from '../../common/showcase';
import { ConfigError, resolveConfig, validateConfig, defaultConfig } from '../../server/src/config';
import { valueQuery, withPresentation } from '../../server/src/views';

/*
 * Issue 28, item 5, written from the issue: a value may name a View (a 25-character View ID of
 * the model) and carry per-entry Showcase overrides (start position, `start`, `ss`/`sr`, …)
 * "validated by the same rules as field options"; named presets of options, merged
 * "field preset < field options < entry overrides".
 */
const MODEL = 'XddYUqNaTWl';
const VIEW = '0ehmdabhd31ra7pyai5igb9sb';
const LINK = `https://my.matterport.com/show/?m=${MODEL}&auth=Bearer+tok`;

describe('a value’s View', () => {
  test('a 25-character View ID is kept (trimmed)', () => {
    expect(normalizeModelValue({ modelId: MODEL, view: ` ${VIEW} ` })).toEqual({
      modelId: MODEL,
      view: VIEW,
    });
  });

  test('the base View (the model’s own ID), null and "" are stored as no View', () => {
    for (const view of [MODEL, null, ''])
      expect(normalizeModelValue({ modelId: MODEL, view })).toEqual({ modelId: MODEL });
  });

  test.each([
    ['24 characters', VIEW.slice(1)],
    ['26 characters', `${VIEW}a`],
    ['other characters', `${VIEW.slice(0, 24)}-`],
    ['a number', 42],
    ['an object', { id: VIEW }],
  ])('%s is refused with a FieldValueError naming "view"', (_case, view) => {
    expect(() => normalizeModelValue({ modelId: MODEL, view })).toThrow(FieldValueError);
    expect(() => normalizeModelValue({ modelId: MODEL, view })).toThrow(/"view"/);
  });

  test('storedPart (read side) keeps a well-formed View and drops anything else', () => {
    expect(storedPart({ modelId: MODEL, view: VIEW })).toEqual({ modelId: MODEL, view: VIEW });
    expect(storedPart({ modelId: MODEL, view: 'x' })).toEqual({ modelId: MODEL });
  });
});

describe('per-entry params: the field options’ rules', () => {
  test('stored in URL form', () => {
    expect(
      normalizeModelValue({
        modelId: MODEL,
        params: { play: false, qs: 1, ss: 39, sr: '-.95,-1.08', start: 'sweep-1', lang: 'fr' },
      })
    ).toEqual({
      modelId: MODEL,
      params: { play: '0', qs: '1', ss: '39', sr: '-.95,-1.08', start: 'sweep-1', lang: 'fr' },
    });
  });

  test('empty params are stored as none', () => {
    expect(normalizeModelValue({ modelId: MODEL, params: { start: '' } })).toEqual({
      modelId: MODEL,
    });
  });

  test.each([
    ['an unknown key', { zoom: 1 }, /"zoom"/],
    ['the link’s own m', { m: 'abc' }, /"m"/],
    ['the link’s own auth', { auth: 'Bearer x' }, /"auth"/],
    ['the site’s applicationKey', { applicationKey: 'abc' }, /"applicationKey"/],
    ['a boolean out of range', { play: 2 }, /"play"/],
    ['ts out of range', { ts: 4000 }, /"ts"/],
    ['ss not a whole number', { ss: 1.5 }, /"ss"/],
    ['sr not angles', { sr: '1;2' }, /"sr"/],
    ['start with a space', { start: 'a b' }, /"start"/],
    ['not an object', ['play'], /object/],
  ])('%s is refused', (_case, params, message) => {
    const run = () => normalizeModelValue({ modelId: MODEL, params });
    expect(run).toThrow(FieldValueError);
    expect(run).toThrow(message);
  });

  test('the field options refuse what entries refuse (same rules)', () => {
    expect(() => parseFieldOptions({ ss: 1.5 })).toThrow(FieldOptionsError);
    expect(parseFieldOptions({ ss: 3, sr: '.5' }).query).toBe('ss=3&sr=.5');
  });

  test('storedPart keeps checked params and drops params written around the checks', () => {
    expect(storedPart({ modelId: MODEL, params: { play: '0', start: 'x' } })).toEqual({
      modelId: MODEL,
      params: { play: '0', start: 'x' },
    });
    expect(storedPart({ modelId: MODEL, params: { auth: 'Bearer evil' } })).toEqual({
      modelId: MODEL,
    });
  });
});

describe('merge order: field preset < field options < View’s start < entry params', () => {
  const presets = { tour: parseShowcaseParams({ play: true, qs: true, help: 2, start: 'p' }) };

  test('a preset’s parameters come first; the field’s own options override them', () => {
    const { query } = parseFieldOptions({ preset: 'tour', play: false, brand: false }, presets);
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      play: '0',
      qs: '1',
      help: '2',
      start: 'p',
      brand: '0',
    });
  });

  test('entry params override the field; the View’s start sits between', () => {
    const { query } = parseFieldOptions({ preset: 'tour', qs: false }, presets);
    const link = withShowcaseParams(
      LINK,
      valueQuery(query, { params: { play: '0', help: '0' } }, 'view-start')
    );
    expect(Object.fromEntries(new URL(link).searchParams)).toEqual({
      m: MODEL,
      auth: 'Bearer tok',
      play: '0',
      qs: '0',
      help: '0',
      start: 'view-start',
    });
    const own = withShowcaseParams(
      LINK,
      valueQuery(query, { params: { start: 'entry' } }, 'view-start')
    );
    expect(new URL(own).searchParams.get('start')).toBe('entry');
  });

  test('a value with neither params nor start answers the field’s query itself', () => {
    expect(valueQuery('play=1', {})).toBe('play=1');
  });

  test('an unknown preset is refused at start-up; without presets only its spelling is checked', () => {
    expect(() => parseFieldOptions({ preset: 'other' }, presets)).toThrow(/"other"/);
    expect(() => parseFieldOptions({ preset: 'other' })).not.toThrow();
    expect(() => parseFieldOptions({ preset: 'a b' })).toThrow(/"preset"/);
  });
});

describe('the presets option', () => {
  test('each preset is checked by the Showcase rules at start-up', () => {
    expect(() => validateConfig({ presets: { tour: { play: true, tour: 3 } } })).not.toThrow();
    expect(() => validateConfig({ presets: { tour: { tour: 9 } } })).toThrow(ConfigError);
    expect(() => validateConfig({ presets: { 'bad name': {} } })).toThrow(ConfigError);
  });

  test('resolved into URL form', () => {
    const config = resolveConfig({ ...defaultConfig, presets: { tour: { play: true, tour: 3 } } });
    expect(config.presets).toEqual({ tour: { play: '1', tour: '3' } });
  });
});

describe('delivered values carry the View and params', () => {
  test('added when the stored value has them, nothing otherwise', () => {
    expect(withPresentation({ link: 'x' }, { view: VIEW, params: { play: '0' } })).toEqual({
      link: 'x',
      view: VIEW,
      params: { play: '0' },
    });
    expect(withPresentation({ link: 'x' }, {})).toEqual({ link: 'x' });
  });
});
