module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Tests only: trust X-Forwarded-For (a Strapi behind a proxy), so per-client limits can be
  // exercised with several client addresses from one machine.
  proxy: { koa: env.bool('TRUST_PROXY', false) },
  app: {
    // Playground-only defaults: a real app sets APP_KEYS in its environment.
    keys: env.array('APP_KEYS', ['playgroundKeyA', 'playgroundKeyB']),
  },
});
