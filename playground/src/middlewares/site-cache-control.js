'use strict';

/**
 * Stands in for a site that sets its own Cache-Control on API answers (tests set
 * SITE_CACHE_CONTROL, e.g. `public, max-age=600`); without it, answers stay un-headed
 * as Strapi leaves them.
 */
module.exports = () => {
  const value = process.env.SITE_CACHE_CONTROL;
  return async (ctx, next) => {
    await next();
    if (value && ctx.path.startsWith('/api/')) ctx.set('Cache-Control', value);
  };
};
