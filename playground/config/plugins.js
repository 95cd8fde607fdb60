const path = require('path');

/**
 * The plugin is loaded from this repository (its built dist/). Tests and the demo steer
 * it with environment variables; MATTERPORT_CONFIG_JSON carries any other key.
 *
 * App configurations the tests run against (the plugin must behave in each):
 * - PLUGIN_ORDER=graphql-first (default: a site that had GraphQL before adding the plugin)
 *   or matterport-first. Plugins bootstrap in this order, and GraphQL builds its schema in
 *   its own bootstrap.
 * - GRAPHQL=off: the GraphQL plugin disabled.
 * - GRAPHQL_CACHE_MAX_AGE=<seconds>: Apollo's cache-control default max-age (a site that
 *   lets CDNs cache GraphQL answers); unset, Apollo answers `no-store`.
 * - GRAPHQL_INTROSPECTION=on: Apollo answers introspection queries although NODE_ENV is
 *   production (tests that read the schema, as a code generator does).
 * - I18N=off: the i18n plugin disabled.
 * (GRAPHQL_DISABLED_TYPES, the shadowCRUD switch, is in src/index.js.)
 */
module.exports = ({ env }) => {
  const matterport = {
    apiOrigin: env('MATTERPORT_API_ORIGIN', 'http://127.0.0.1:4010'),
    ...JSON.parse(env('MATTERPORT_CONFIG_JSON', '{}')),
  };
  if (env('MATTERPORT_CLIENT_ID')) matterport.clientId = env('MATTERPORT_CLIENT_ID');
  if (env('MATTERPORT_CLIENT_SECRET')) matterport.clientSecret = env('MATTERPORT_CLIENT_SECRET');

  const order = env('PLUGIN_ORDER', 'graphql-first');
  if (order !== 'graphql-first' && order !== 'matterport-first') {
    throw new Error(`PLUGIN_ORDER must be graphql-first or matterport-first, not "${order}"`);
  }

  const graphqlConfig = { landingPage: false, defaultLimit: 25, maxLimit: 250, depthLimit: 10 };
  const maxAge = env.int('GRAPHQL_CACHE_MAX_AGE');
  if (maxAge !== undefined) {
    const { ApolloServerPluginCacheControl } = require('@apollo/server/plugin/cacheControl');
    graphqlConfig.apolloServer = {
      plugins: [ApolloServerPluginCacheControl({ defaultMaxAge: maxAge })],
    };
  }

  if (env('GRAPHQL_INTROSPECTION', 'off') === 'on') {
    graphqlConfig.apolloServer = { ...graphqlConfig.apolloServer, introspection: true };
  }

  const plugins = {
    graphql: env('GRAPHQL', 'on') === 'off' ? { enabled: false } : { config: graphqlConfig },
    matterport: {
      enabled: true,
      resolve: path.resolve(__dirname, '..', '..'),
      config: matterport,
    },
  };
  const ordered = order === 'graphql-first' ? ['graphql', 'matterport'] : ['matterport', 'graphql'];
  const result = Object.fromEntries(ordered.map((name) => [name, plugins[name]]));
  if (env('I18N', 'on') === 'off') result.i18n = { enabled: false };
  return result;
};
