const path = require('path');

/**
 * The plugin is loaded from this repository (its built dist/). Tests and the demo steer
 * it with environment variables; MATTERPORT_CONFIG_JSON carries any other key.
 */
module.exports = ({ env }) => {
  const matterport = {
    apiOrigin: env('MATTERPORT_API_ORIGIN', 'http://127.0.0.1:4010'),
    ...JSON.parse(env('MATTERPORT_CONFIG_JSON', '{}')),
  };
  if (env('MATTERPORT_CLIENT_ID')) matterport.clientId = env('MATTERPORT_CLIENT_ID');
  if (env('MATTERPORT_CLIENT_SECRET')) matterport.clientSecret = env('MATTERPORT_CLIENT_SECRET');

  const plugins = {
    matterport: {
      enabled: true,
      resolve: path.resolve(__dirname, '..', '..'),
      config: matterport,
    },
    graphql: {
      config: { landingPage: false, defaultLimit: 25, maxLimit: 250, depthLimit: 10 },
    },
  };
  // Plugins register and bootstrap in this order: tests try both (PLUGIN_ORDER=graphql-first).
  if (env('PLUGIN_ORDER') === 'graphql-first') return { graphql: plugins.graphql, matterport: plugins.matterport };
  return plugins;
};
