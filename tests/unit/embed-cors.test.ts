import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import type { Core } from '@strapi/strapi';
import Koa from 'koa';

import { embedsCorsMiddleware } from '../../server/src/embeds/cors';

/**
 * CORS of the embed routes (issue 27: "CORS for configured site origins (`activationOrigins`,
 * default Strapi's CORS)"; no credentials: the ref is the authorization). Run on a Koa app
 * built like Strapi's: the plugin's middleware first (mounted in register), then Strapi's own
 * `strapi::cors` (the real one, with Strapi's defaults: every origin, credentials), then a
 * route. Each row: the plugin config, config/middlewares, the request's origin → the
 * Access-Control-Allow-Origin it gets (null: none).
 */
// By path: @strapi/core exports no middleware, and this is the one Strapi mounts.
const { cors } = require(
  path.join(__dirname, '../../node_modules/@strapi/core/dist/middlewares/cors.js')
) as {
  cors: (config: Record<string, unknown>) => Koa.Middleware;
};

const SITE = 'https://site.example';
const EVIL = 'https://evil.example';
type Middlewares = unknown[];

const appWith = (activationOrigins: string[] | undefined, middlewares: Middlewares) => {
  const config: Record<string, unknown> = { 'api.rest.prefix': '/api', middlewares };
  const strapi = {
    config: { get: (key: string, fallback?: unknown) => config[key] ?? fallback },
    plugin: () => ({ service: () => ({ config: () => ({ activationOrigins }) }) }),
  } as unknown as Core.Strapi;
  const app = new Koa();
  app.use(embedsCorsMiddleware(strapi));
  const strapiCors = middlewares.find(
    (m) => m === 'strapi::cors' || (m as { name?: string })?.name === 'strapi::cors'
  );
  if (strapiCors)
    app.use(
      cors(
        typeof strapiCors === 'string'
          ? {}
          : (strapiCors as { config: Record<string, unknown> }).config
      )
    );
  app.use((ctx) => {
    ctx.body = { data: {} };
  });
  return app;
};

const serve = async (app: Koa) => {
  const handler = app.callback();
  const server = http.createServer((req, res) => {
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const ask = async (
  app: Koa,
  path: string,
  origin: string,
  method: 'GET' | 'OPTIONS' = 'GET'
): Promise<{ status: number; allow: string | null; credentials: string | null; vary: string }> => {
  const server = await serve(app);
  try {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        origin,
        ...(method === 'OPTIONS' ? { 'access-control-request-method': 'GET' } : {}),
      },
    });
    await res.arrayBuffer();
    return {
      status: res.status,
      allow: res.headers.get('access-control-allow-origin'),
      credentials: res.headers.get('access-control-allow-credentials'),
      vary: res.headers.get('vary') ?? '',
    };
  } finally {
    await server.close();
  }
};

const EMBED = '/api/matterport/embeds/abc.def.ghi';
const POSTER = '/api/matterport/posters/abc.def.ghi';

describe.each<[string, string[] | undefined, Middlewares, string, string | null]>([
  ['activationOrigins wins over Strapi’s *', [SITE], ['strapi::cors'], SITE, SITE],
  ['an origin outside activationOrigins', [SITE], ['strapi::cors'], EVIL, null],
  ['activationOrigins ["*"]', ['*'], ['strapi::cors'], EVIL, '*'],
  ['unset: Strapi’s default cors (every origin)', undefined, ['strapi::cors'], EVIL, '*'],
  [
    'unset: Strapi’s cors origins (array)',
    undefined,
    [{ name: 'strapi::cors', config: { origin: [SITE] } }],
    SITE,
    SITE,
  ],
  [
    'unset: outside Strapi’s cors origins',
    undefined,
    [{ name: 'strapi::cors', config: { origin: [SITE] } }],
    EVIL,
    null,
  ],
  [
    'unset: Strapi’s cors origins (comma-separated)',
    undefined,
    [{ name: 'strapi::cors', config: { origin: `https://a.example, ${SITE}` } }],
    SITE,
    SITE,
  ],
  [
    'unset: Strapi’s cors origin function',
    undefined,
    [{ name: 'strapi::cors', config: { origin: () => [SITE] } }],
    SITE,
    SITE,
  ],
  ['unset, and no strapi::cors at all', undefined, ['strapi::errors'], SITE, null],
])('%s', (_label, activationOrigins, middlewares, origin, expected) => {
  test.each([
    ['activation', EMBED],
    ['poster', POSTER],
  ])('%s answer and preflight', async (_route, path) => {
    const app = appWith(activationOrigins, middlewares);
    const get = await ask(app, path, origin);
    const preflight = await ask(app, path, origin, 'OPTIONS');
    expect({ get: get.allow, preflight: preflight.allow }).toEqual({
      get: expected,
      preflight: expected,
    });
    // Never credentials (strapi::cors would send `true`), always Vary: Origin.
    expect([get.credentials, preflight.credentials]).toEqual([null, null]);
    expect(get.vary).toMatch(/Origin/i);
    expect(preflight.status).toBe(204);
  });
});

test('other routes keep Strapi’s CORS as it is', async () => {
  const res = await ask(appWith([SITE], ['strapi::cors']), '/api/spaces', EVIL);
  expect([res.allow, res.credentials]).toEqual([EVIL, 'true']);
});
