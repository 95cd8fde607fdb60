import { capCacheControl, privateCacheControl } from '../../server/src/delivery/cache-control';

/**
 * Written from what a site owner expects of a plugin that puts short-lived links in
 * responses: it may shorten how long caches keep an answer, never make an answer
 * cacheable by shared caches (CDNs, proxies) that the site did not make so.
 * Bound in every row: 120 s (the earliest link of the response stops being handed out then).
 */
const BOUND = 120;

test.each([
  // header the site set                          what leaves the server
  [undefined, 'private, max-age=120'],
  ['', 'private, max-age=120'],
  ['public, max-age=600', 'public, max-age=120'],
  ['public, max-age=60', 'public, max-age=60'],
  ['public, max-age=0', 'public, max-age=0'],
  ['max-age=600', 'max-age=120'],
  ['public, max-age=600, s-maxage=3600', 'public, max-age=120, s-maxage=120'],
  ['public, s-maxage=3600', 'public, s-maxage=120, max-age=120'],
  ['s-maxage=30', 's-maxage=30, max-age=120'],
  ['public', 'public, max-age=120'],
  ['private', 'private, max-age=120'],
  ['private, max-age=86400', 'private, max-age=120'],
  ['no-store', 'no-store'],
  ['no-store, max-age=600', 'no-store, max-age=600'],
  ['private, no-store', 'private, no-store'],
  ['no-cache', 'no-cache, max-age=120'],
  ['public, max-age=600, must-revalidate', 'public, max-age=120, must-revalidate'],
  ['public, max-age=600, stale-while-revalidate=86400', 'public, max-age=120'],
  ['public, max-age=600, stale-if-error=86400', 'public, max-age=120'],
  ['Public, MAX-AGE=600', 'Public, max-age=120'],
  ['public, max-age="600"', 'public, max-age=120'],
])('site header %p → %p', (header, expected) => {
  expect(capCacheControl(header, BOUND)).toBe(expected);
});

test('a response refused a link (bound 0) is never kept, whatever the site set', () => {
  expect(capCacheControl(undefined, 0)).toBe('private, max-age=0');
  expect(capCacheControl('public, max-age=600', 0)).toBe('public, max-age=0');
  expect(capCacheControl('public, s-maxage=600', 0)).toBe('public, s-maxage=0, max-age=0');
});

test('a header set twice (an array in Node) is read as one list', () => {
  expect(capCacheControl(['public', 'max-age=600'], BOUND)).toBe('public, max-age=120');
});

test('the result never says public unless the site did', () => {
  for (const header of [
    undefined,
    '',
    'private',
    'no-cache',
    'max-age=600',
    's-maxage=10',
    'must-revalidate',
  ]) {
    expect(capCacheControl(header, BOUND)).not.toMatch(/public/i);
  }
});

/**
 * A draft answer whose links were given because of the request's API token belongs to that
 * token's holder: no shared cache may keep it and serve it to anonymous readers (issue 24).
 * The input is the header already capped (the bound applied as above).
 */
test.each([
  // capped header                                 what leaves the server
  ['', 'private'],
  ['public, max-age=120', 'private, max-age=120'],
  ['Public, max-age=120', 'private, max-age=120'],
  ['public, max-age=120, s-maxage=120', 'private, max-age=120'],
  ['public, s-maxage = 120, max-age=120', 'private, max-age=120'],
  ['max-age=120', 'private, max-age=120'],
  ['private, max-age=120', 'private, max-age=120'],
  ['max-age=120, private', 'private, max-age=120'],
  ['private="Set-Cookie", max-age=120', 'private, max-age=120'],
  ['no-store', 'private, no-store'],
  ['public, max-age=0, must-revalidate', 'private, max-age=0, must-revalidate'],
  ['no-cache, max-age=120', 'private, no-cache, max-age=120'],
])('an answer for one token: %p → %p', (capped, expected) => {
  expect(privateCacheControl(capped)).toBe(expected);
});
