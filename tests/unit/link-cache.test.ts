import { createLinkCache } from '../../server/src/links/cache';
import type { CachedLink } from '../../server/src/links/types';

/**
 * This process's memory of links, from the README: a cached link is handed out while at
 * least `minRemaining` of it is left (default half the lifetime); a still-valid one is
 * better than nothing while Matterport fails; `cacheMaxEntries` links at most (LRU); a
 * revoked link is dropped from memory.
 */
const T0 = Date.parse('2026-12-01T10:00:00Z');
let clock = T0;
beforeEach(() => {
  clock = T0;
  jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

const link = (modelId: string, token: string, lifetimeSeconds = 600, fingerprint = 'fp-a') =>
  ({
    modelId,
    link: `https://my.matterport.com/show?m=${modelId}&auth=Bearer+${token}`,
    accessToken: token,
    validUntil: new Date(T0 + lifetimeSeconds * 1000).toISOString(),
    validUntilMs: T0 + lifetimeSeconds * 1000,
    lifetimeSeconds,
    fingerprint,
    connection: 'default',
  }) satisfies CachedLink;

/** minRemaining: half the lifetime (the README's default). */
const makeCache = (max = 100) =>
  createLinkCache({ max: () => max, minRemainingMs: (lifetime) => (lifetime / 2) * 1000 });

const put = (cache: ReturnType<typeof makeCache>, l: CachedLink) =>
  cache.set(cache.keyOf(l.fingerprint, l.modelId, l.lifetimeSeconds), l);

test('fresh while at least minRemaining is left; valid (not fresh) until it expires', () => {
  const cache = makeCache();
  put(cache, link('SxQL3iGyoDo', 'tok-1', 600));
  // [seconds after minting, fresh?, valid?] for a 600 s link whose minRemaining is 300 s.
  const expected: Array<[number, boolean, boolean]> = [
    [0, true, true],
    [299, true, true],
    [300, true, true],
    [301, false, true],
    [599, false, true],
    [600, false, false],
    [900, false, false],
  ];
  for (const [seconds, fresh, valid] of expected) {
    clock = T0 + seconds * 1000;
    expect([seconds, !!cache.peekFresh('SxQL3iGyoDo', 600, 'fp-a')]).toEqual([seconds, fresh]);
    expect([seconds, !!cache.peekValid('SxQL3iGyoDo', 600, 'fp-a')]).toEqual([seconds, valid]);
  }
});

test('a link is only handed out for its own model, lifetime and credentials', () => {
  const cache = makeCache();
  put(cache, link('SxQL3iGyoDo', 'tok-1', 600, 'fp-a'));
  expect(cache.peekFresh('SxQL3iGyoDo', 600, 'fp-a')?.accessToken).toBe('tok-1');
  // Model IDs are case-sensitive: another model.
  expect(cache.peekFresh('sxql3iGyoDo', 600, 'fp-a')).toBeUndefined();
  // A field with another lifetime must not get a link of a different lifetime.
  expect(cache.peekFresh('SxQL3iGyoDo', 1800, 'fp-a')).toBeUndefined();
  // New credentials (a rotation) do not hand out the old credentials' link.
  expect(cache.peekFresh('SxQL3iGyoDo', 600, 'fp-b')).toBeUndefined();
  expect(cache.peekValid('SxQL3iGyoDo', 600, 'fp-b')).toBeUndefined();
});

test('forgetting a revoked token drops that link only; forgetting a model drops its links', () => {
  const cache = makeCache();
  put(cache, link('SxQL3iGyoDo', 'tok-1', 600));
  put(cache, link('SxQL3iGyoDo', 'tok-2', 1800));
  put(cache, link('WziSQO0ORu7', 'tok-3', 600));
  expect(cache.forget({ accessToken: 'tok-1' })).toBe(1);
  expect(cache.peekValid('SxQL3iGyoDo', 600, 'fp-a')).toBeUndefined();
  expect(cache.peekValid('SxQL3iGyoDo', 1800, 'fp-a')?.accessToken).toBe('tok-2');
  expect(cache.peekValid('WziSQO0ORu7', 600, 'fp-a')?.accessToken).toBe('tok-3');

  put(cache, link('SxQL3iGyoDo', 'tok-4', 600));
  expect(cache.forget({ modelId: 'SxQL3iGyoDo' })).toBe(2);
  expect(cache.peekValid('SxQL3iGyoDo', 600, 'fp-a')).toBeUndefined();
  expect(cache.peekValid('SxQL3iGyoDo', 1800, 'fp-a')).toBeUndefined();
  expect(cache.peekValid('WziSQO0ORu7', 600, 'fp-a')?.accessToken).toBe('tok-3');

  expect(cache.forget()).toBe(1);
  expect(cache.stats().size).toBe(0);
});

test('at most cacheMaxEntries links are kept, the least recently used going first', () => {
  const cache = makeCache(2);
  put(cache, link('model000001', 'tok-1'));
  put(cache, link('model000002', 'tok-2'));
  // Used: model000001 is now the most recent.
  expect(cache.peekFresh('model000001', 600, 'fp-a')).toBeDefined();
  put(cache, link('model000003', 'tok-3'));
  expect(cache.stats().size).toBe(2);
  expect(cache.peekValid('model000002', 600, 'fp-a')).toBeUndefined();
  expect(cache.peekValid('model000001', 600, 'fp-a')?.accessToken).toBe('tok-1');
  expect(cache.peekValid('model000003', 600, 'fp-a')?.accessToken).toBe('tok-3');
});
