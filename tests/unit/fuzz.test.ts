import fc from 'fast-check';

import { DurationError, parseDuration, parseValidFor } from '../../common/duration';
import { FieldValueError, normalizeModelValue } from '../../common/field-value';
import { ModelIdError, parseModelId } from '../../common/model-id';
import {
  FieldOptionsError,
  SHOWCASE_PARAMS,
  withShowcaseParams,
  parseFieldOptions,
} from '../../common/showcase';
import { ShowcaseUrlError, parseShowcaseUrl, toModelId } from '../../common/showcase-url';
import { toModelSearchQuery } from '../../server/src/matterport/search';

/**
 * Property tests: whatever comes in, parsers either answer or throw their own
 * validation error (never a TypeError or a crash), outputs never escape their URL
 * component, and round-trips hold.
 */
const NUM_RUNS = 400;
const modelId = fc.stringMatching(/^[A-Za-z0-9]{11}$/);
const anything = fc.anything({
  withNullPrototype: true,
  withObjectString: true,
  withMap: true,
  withSet: true,
  withBigInt: true,
});

const onlyOwnErrors = (fn: () => unknown, ...allowed: Array<new (...args: never[]) => Error>) => {
  try {
    fn();
  } catch (error) {
    if (!allowed.some((E) => error instanceof E)) throw error;
  }
};

/** What `fn` returns, or `refused` when it throws one of `allowed` (any other error propagates). */
const outcome = <T>(
  fn: () => T,
  ...allowed: Array<new (...args: never[]) => Error>
): { refused: true } | { refused: false; value: T } => {
  try {
    return { refused: false, value: fn() };
  } catch (error) {
    if (!allowed.some((E) => error instanceof E)) throw error;
    return { refused: true };
  }
};

test('durations: any input parses or throws a DurationError; shorthand round-trips', () => {
  fc.assert(
    fc.property(anything, (input) => onlyOwnErrors(() => parseDuration(input), DurationError)),
    { numRuns: NUM_RUNS }
  );
  fc.assert(
    fc.property(fc.string(), (input) => onlyOwnErrors(() => parseValidFor(input), DurationError)),
    { numRuns: NUM_RUNS }
  );
  fc.assert(
    fc.property(fc.integer({ min: 30, max: 86400 }), (seconds) => {
      expect(parseValidFor(`${seconds}s`)).toBe(seconds);
      expect(parseDuration(`PT${seconds}S`)).toBe(seconds);
    }),
    { numRuns: NUM_RUNS }
  );
});

test('model IDs: valid ones round-trip; anything else throws a ModelIdError', () => {
  fc.assert(
    fc.property(modelId, (id) => expect(parseModelId(id)).toBe(id)),
    { numRuns: NUM_RUNS }
  );
  fc.assert(
    fc.property(anything, (input) => onlyOwnErrors(() => parseModelId(input), ModelIdError)),
    { numRuns: NUM_RUNS }
  );
});

test('Showcase URLs: built URLs give back their ID; arbitrary text throws only our errors', () => {
  fc.assert(
    fc.property(
      modelId,
      fc.constantFrom(
        'https://my.matterport.com/show/?',
        'https://my.matterport.com/show?',
        'my.matterport.com/show/?'
      ),
      fc.dictionary(fc.constantFrom('play', 'qs', 'brand', 'x', 'ts'), fc.string()),
      (id, prefix, extra) => {
        const query = new URLSearchParams({ ...extra, m: id }).toString();
        expect(parseShowcaseUrl(`${prefix}${query}`)).toBe(id);
        expect(toModelId(`${prefix}${query}`)).toBe(id);
      }
    ),
    { numRuns: NUM_RUNS }
  );
  fc.assert(
    fc.property(fc.string(), (text) =>
      onlyOwnErrors(() => parseShowcaseUrl(text), ShowcaseUrlError)
    ),
    { numRuns: NUM_RUNS }
  );
  fc.assert(
    fc.property(fc.webUrl(), (url) =>
      onlyOwnErrors(() => toModelId(url), ShowcaseUrlError, ModelIdError)
    ),
    { numRuns: NUM_RUNS }
  );
});

test('stored values: any JSON normalises to { modelId, name? } with an 11-character ID, or a FieldValueError', () => {
  const input = fc.oneof(
    anything,
    fc.jsonValue(),
    fc.record({ modelId: fc.oneof(modelId, fc.string()), name: fc.anything() })
  );
  // Any input: a value, no value, or a FieldValueError; never another error.
  fc.assert(
    fc.property(input, (i) => onlyOwnErrors(() => normalizeModelValue(i), FieldValueError)),
    { numRuns: NUM_RUNS }
  );
  // Every value that is kept has the stored shape. fc.pre drops the refused and the empty
  // inputs; fast-check fails the run when it has to drop too many to reach NUM_RUNS.
  fc.assert(
    fc.property(input, (i) => {
      const result = outcome(() => normalizeModelValue(i), FieldValueError);
      fc.pre(!result.refused && result.value !== null);
      const value = (result as { value: NonNullable<ReturnType<typeof normalizeModelValue>> })
        .value;
      expect(Object.keys(value).every((k) => k === 'modelId' || k === 'name')).toBe(true);
      expect(value.modelId).toMatch(/^[A-Za-z0-9]{11}$/);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    }),
    { numRuns: NUM_RUNS }
  );
  // Idempotent: a normalised value normalises to itself (what a read-then-write does).
  fc.assert(
    fc.property(
      modelId,
      fc.option(fc.string({ maxLength: 255 }), { nil: undefined }),
      (id, name) => {
        const once = normalizeModelValue({ modelId: id, name, link: 'x', accessToken: 'y' });
        expect(normalizeModelValue(once)).toEqual(once);
      }
    ),
    { numRuns: NUM_RUNS }
  );
});

test('Showcase parameters: every accepted value stays inside its URL component', () => {
  const optionValue = fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 5000 }), fc.string());
  const options = fc.dictionary(
    fc.constantFrom(...Object.keys(SHOWCASE_PARAMS), 'validFor', 'evil', '__proto__'),
    optionValue
  );
  // Any options: accepted or a FieldOptionsError; never another error.
  fc.assert(
    fc.property(options, (o) => onlyOwnErrors(() => parseFieldOptions(o), FieldOptionsError)),
    { numRuns: NUM_RUNS }
  );
  // Accepted options (fc.pre drops the refused ones; too many drops fail the run).
  fc.assert(
    fc.property(options, (o) => {
      const result = outcome(() => parseFieldOptions(o), FieldOptionsError);
      fc.pre(!result.refused);
      const parsed = (result as { value: ReturnType<typeof parseFieldOptions> }).value;
      const link = withShowcaseParams(
        'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+abc',
        parsed.query
      );
      const url = new URL(link);
      // Matterport's own parameters are untouched, and every added key is allow-listed.
      expect(url.searchParams.getAll('m')).toEqual(['SxQL3iGyoDo']);
      expect(url.searchParams.getAll('auth')).toEqual(['Bearer abc']);
      for (const key of new URLSearchParams(parsed.query).keys())
        expect(Object.keys(SHOWCASE_PARAMS)).toContain(key);
      expect(parsed.query).not.toMatch(/[#\s"'<>]/);
    }),
    { numRuns: NUM_RUNS }
  );
});

test('search text never produces unescaped query syntax', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (text) => {
      const query = toModelSearchQuery(text);
      // '*' (list everything) has no user text in it; fc.pre drops it, and fails the run
      // when it has to drop too many.
      fc.pre(query !== '*');
      // Outside the generated structure, every reserved character is escaped.
      const stripped = query
        .replace(/^\(id:[A-Za-z0-9]{11}\) OR \((.*)\)$/, '$1')
        .split(' AND ')
        .map((term) => {
          expect(term.startsWith('name:')).toBe(true);
          expect(term.endsWith('*')).toBe(true);
          return term.slice('name:'.length, -1);
        });
      for (const word of stripped) {
        expect(word.replace(/\\./g, '')).not.toMatch(/[+\-=&|><!(){}[\]^"~*?:\\/\s]/);
      }
    }),
    { numRuns: NUM_RUNS }
  );
});

describe('hostile corpus', () => {
  const HOSTILE = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(document.domain)//my.matterport.com/show/?m=SxQL3iGyoDo',
    'data:text/html,<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><script>alert(1)</script>',
    'https://my.matterport.com/show/?m=SxQL3iGyoDo"><script>',
    'https://my.matterport.com@evil.example/show/?m=SxQL3iGyoDo',
    'x'.repeat(100_000),
    '\u0000\u0001\u202e',
    '__proto__',
    'constructor',
  ];

  const label = (h: string) => h.slice(0, 60).replace(/[\u0000-\u001f]/g, '?');

  test.each(HOSTILE.filter((h) => h !== 'constructor').map((h) => [label(h), h]))(
    '%s is refused',
    (_label, input) => {
      expect(() => normalizeModelValue(input)).toThrow(FieldValueError);
    }
  );

  test('"constructor" is reduced to a bare model ID', () => {
    // 11 letters: a well-formed, harmless ID.
    const value = normalizeModelValue('constructor');
    expect(value).not.toBeNull();
    expect(Object.keys(value as object)).toEqual(['modelId']);
    expect(value?.modelId).toMatch(/^[A-Za-z0-9]{11}$/);
  });

  test('deep JSON and prototype keys are harmless', () => {
    let deep: Record<string, unknown> = { modelId: 'SxQL3iGyoDo' };
    for (let i = 0; i < 10_000; i += 1) deep = { nested: deep, modelId: 'SxQL3iGyoDo' };
    expect(normalizeModelValue(deep)).toEqual({ modelId: 'SxQL3iGyoDo' });
    const polluted = JSON.parse(
      '{"modelId":"SxQL3iGyoDo","name":"n","__proto__":{"isAdmin":true}}'
    );
    expect(normalizeModelValue(polluted)).toEqual({ modelId: 'SxQL3iGyoDo', name: 'n' });
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    expect(() => parseFieldOptions(JSON.parse('{"__proto__":{"play":true}}'))).not.toThrow(
      TypeError
    );
  });
});
