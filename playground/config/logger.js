/**
 * Strapi's log level. Tests raise it to `debug` (STRAPI_LOG_LEVEL=debug) so the leak
 * scan also reads everything Strapi and the plugin write at their chattiest.
 */
module.exports = ({ env }) => ({
  level: env('STRAPI_LOG_LEVEL', 'http'),
});
