import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

import { PLUGIN_ID } from '../../../common/plugin';
import { getService } from '../utils/get-service';

type OriginSetting = string | string[] | ((ctx: Context) => unknown) | undefined;

const METHODS = 'GET, HEAD, OPTIONS';
/** Preflights are remembered by browsers for 10 minutes (Chromium's own cap is 2 hours). */
const PREFLIGHT_MAX_AGE = '600';

/**
 * The origins of Strapi's own CORS middleware (`strapi::cors` in config/middlewares), as it
 * reads them: its default is `*`; absent from the list, Strapi answers no origin, nor do we.
 */
const strapiCorsOrigin = (strapi: Core.Strapi): OriginSetting | null => {
  const middlewares = strapi.config.get('middlewares') as unknown;
  if (!Array.isArray(middlewares)) return '*';
  for (const entry of middlewares) {
    if (entry === 'strapi::cors') return '*';
    if (
      entry &&
      typeof entry === 'object' &&
      (entry as { name?: unknown }).name === 'strapi::cors'
    ) {
      const origin = (entry as { config?: { origin?: OriginSetting } }).config?.origin;
      return origin ?? '*';
    }
  }
  return null;
};

/** Strapi's reading of an origin setting: an array, a comma-separated list, or `*`. */
const listOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(String)
    : typeof value === 'string'
      ? value.split(',').map((o) => o.trim())
      : value === undefined || value === null
        ? ['*']
        : [];

/**
 * CORS of the embed routes (`/api/matterport/embeds/…`, `/api/matterport/posters/…`), mounted
 * on the server ahead of Strapi's middlewares: `strapi::cors` answers preflights itself, with
 * its own origins and `Access-Control-Allow-Credentials: true`. These routes take no
 * credentials (the ref is the authorization), so their answers allow the configured
 * `activationOrigins` (else Strapi's CORS origins) and never credentials; every answer
 * varies on Origin, so a cache never hands one origin's answer to another.
 */
export const embedsCorsMiddleware = (strapi: Core.Strapi) => {
  let prefix: string | undefined;
  const isEmbedPath = (path: string): boolean => {
    prefix ??= `${String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/$/, '')}/${PLUGIN_ID}/`;
    if (!path.startsWith(prefix)) return false;
    const rest = path.slice(prefix.length);
    return rest.startsWith('embeds/') || rest.startsWith('posters/');
  };

  const allowedOrigin = async (origin: string, ctx: Context): Promise<string | undefined> => {
    const configured = getService('runtime', strapi).config().activationOrigins;
    let list: string[];
    if (configured) list = configured;
    else {
      const setting = strapiCorsOrigin(strapi);
      if (setting === null) return undefined;
      list = listOf(typeof setting === 'function' ? await setting(ctx) : setting);
    }
    if (list.includes('*')) return '*';
    return list.includes(origin) ? origin : undefined;
  };

  return async (ctx: Context, next: Next): Promise<void> => {
    if (!isEmbedPath(ctx.path)) return next();
    const origin = ctx.get('Origin');
    const allowed = origin ? await allowedOrigin(origin, ctx) : undefined;
    ctx.vary('Origin');
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      // A preflight, answered here: a refused origin gets no Access-Control-* header at all.
      if (allowed) {
        ctx.set('Access-Control-Allow-Origin', allowed);
        ctx.set('Access-Control-Allow-Methods', METHODS);
        // The kit sends no header of its own; Accept is the one a caller may add.
        ctx.set('Access-Control-Allow-Headers', 'Accept, Content-Type');
        ctx.set('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
      }
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 204;
      return;
    }
    try {
      await next();
    } finally {
      // Whatever strapi::cors said (its origins, credentials) is replaced by ours.
      for (const header of [
        'Access-Control-Allow-Origin',
        'Access-Control-Allow-Credentials',
        'Access-Control-Expose-Headers',
      ])
        ctx.remove(header);
      if (allowed) {
        ctx.set('Access-Control-Allow-Origin', allowed);
        // The kit reads Retry-After of a 429 to know when to ask again.
        ctx.set('Access-Control-Expose-Headers', 'Retry-After');
      }
    }
  };
};
