/*
 * The Showcase link appending rule, shared by the server and the front-end kit.
 * Import-free on purpose: the kit (client/) promises no dependencies.
 */

/**
 * The Showcase URL parameters a field's options (server, admin) and a site's render-time
 * choices (the front-end kit) may set: the ones Matterport documents (`play`, `qs`, `brand`,
 * `applicationKey`) and the ones other CMS plugins use from Matterport's "URL Parameters"
 * article. Each one's allowed values are in common/showcase.ts.
 */
export const SHOWCASE_PARAM_NAMES = [
  'play',
  'qs',
  'brand',
  'help',
  'hl',
  'dh',
  'gt',
  'hr',
  'mt',
  'mls',
  'title',
  'ts',
  'lang',
  'f',
  'vr',
  'nozoom',
  'search',
  'tour',
  'fs',
  'wh',
  'st',
  'start',
  'ss',
  'sr',
  'applicationKey',
] as const;

/** One of {@link SHOWCASE_PARAM_NAMES}. */
export type ShowcaseParam = (typeof SHOWCASE_PARAM_NAMES)[number];

/** Keys Matterport puts in the link to make it work: never added, replaced or removed. */
export const PROTECTED_LINK_PARAMS: ReadonlySet<string> = new Set(['m', 'auth']);

/**
 * The one rule for adding Showcase parameters to a delivered link, used by the server
 * (a field's options) and by the front-end kit (a site's render-time choices):
 * each parameter is set, replacing a pair with the same key already in the link, so the
 * most specific choice wins (site over field, field over Matterport's default); `m` and
 * `auth` are never touched; every other pair, its order and encoding, and any
 * `#fragment` are kept as they came (the link is otherwise opaque).
 *
 * `params` is an encoded query string (`play=1&qs=1`) or decoded key/value pairs.
 */
export const withShowcaseParams = (
  link: string,
  params: string | ReadonlyArray<readonly [string, string]>
): string => {
  const pairs: Array<[string, string]> =
    typeof params === 'string'
      ? [...new URLSearchParams(params).entries()]
      : params.map(([key, value]) => [key, value] as [string, string]);
  const wanted = pairs.filter(([key]) => !PROTECTED_LINK_PARAMS.has(key));
  if (!wanted.length) return link;
  const hashAt = link.indexOf('#');
  const beforeHash = hashAt === -1 ? link : link.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : link.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
  const replaced = new Set(wanted.map(([key]) => key));
  const kept = query
    .split('&')
    .filter((pair) => pair !== '' && !replaced.has(decodeKey(pair.split('=')[0])));
  // The last value given for a key wins, once.
  const last = new Map(wanted);
  const added = [...last].map(
    ([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`
  );
  return `${path}?${[...kept, ...added].join('&')}${hash}`;
};

const decodeKey = (key: string): string => {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
};
