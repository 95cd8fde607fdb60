/**
 * The admin's Content-Security-Policy must allow the Showcase iframe of the editor's
 * preview (frame-src). Thumbnails need nothing: the plugin proxies them same-origin.
 * MATTERPORT_SHOW_ORIGIN is the sandbox in the demo and tests; real sites keep
 * https://my.matterport.com only.
 */
module.exports = ({ env }) => [
  'strapi::logger',
  'strapi::errors',
  {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'frame-src': ["'self'", 'https://my.matterport.com', ...env.array('MATTERPORT_SHOW_ORIGIN', [])],
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
  // A site's own Cache-Control (tests only; does nothing unless SITE_CACHE_CONTROL is set).
  'global::site-cache-control',
];
