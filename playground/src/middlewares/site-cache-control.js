'use strict';

/**
 * Stands in for a site that sets its own caching headers on API answers (tests set
 * SITE_CACHE_CONTROL, e.g. `public, max-age=600`, and SITE_CDN_CACHE_CONTROL /
 * SITE_SURROGATE_CONTROL for the CDN-specific headers); without them, answers stay
 * un-headed as Strapi leaves them.
 */
const HEADERS = [
  ['Cache-Control', 'SITE_CACHE_CONTROL'],
  ['CDN-Cache-Control', 'SITE_CDN_CACHE_CONTROL'],
  ['Surrogate-Control', 'SITE_SURROGATE_CONTROL'],
];

module.exports = () => {
  const values = HEADERS.map(([name, variable]) => [name, process.env[variable]]).filter(
    ([, value]) => value
  );
  return async (ctx, next) => {
    await next();
    if (!ctx.path.startsWith('/api/')) return;
    for (const [name, value] of values) ctx.set(name, value);
  };
};
