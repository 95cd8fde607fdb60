/**
 * The admin's Content-Security-Policy must allow the Showcase iframe of the editor's
 * preview (frame-src). Thumbnails need nothing: the plugin proxies them same-origin.
 * MATTERPORT_SHOW_ORIGIN is the sandbox in the demo and tests; real sites keep
 * https://my.matterport.com only. PREVIEW_URL's origin is the preview site that Strapi
 * Preview shows in the Content Manager (config/admin.js); Strapi adds it from
 * `preview.config.allowedOrigins` as well, but a site that sets frame-src here keeps it
 * visible in one place.
 */
const originOf = (url) => (url ? [new URL(url).origin] : []);

module.exports = ({ env }) => [
  'strapi::logger',
  'strapi::errors',
  {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'frame-src': [
            "'self'",
            'https://my.matterport.com',
            ...env.array('MATTERPORT_SHOW_ORIGIN', []),
            ...originOf(env('PREVIEW_URL', '')),
          ],
        },
      },
    },
  },
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
  // A site's own caching headers (tests only; does nothing unless SITE_CACHE_CONTROL,
  // SITE_CDN_CACHE_CONTROL or SITE_SURROGATE_CONTROL is set).
  'global::site-cache-control',
];
