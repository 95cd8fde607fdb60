import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type { ActivateEmbed } from '../../../common/contracts/embeds';
import { getService } from '../utils/get-service';

/**
 * The content-API embed routes (no login: the ref is the authorization, see
 * server/src/embeds/service.ts). Failures are thrown as MatterportErrors and answered by the
 * routes' middlewares (the plugin's error shape, `no-store`).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async activate(ctx: Context) {
    // ctx.request.ip honours Strapi's `server.proxy` setting (X-Forwarded-For only behind a proxy).
    const answer = await getService('embeds', strapi).activate(ctx.params.ref, ctx.request.ip);
    // One visitor's link: private, and never kept past the point the plugin would replace it.
    ctx.set('Cache-Control', `private, max-age=${answer.maxAgeSeconds}`);
    ctx.body = { data: answer.data } satisfies ActivateEmbed.Response;
  },

  async poster(ctx: Context) {
    const image = await getService('embeds', strapi).poster(ctx.params.ref);
    // Long-cacheable, shared caches included: an image of a space in published content. A
    // cache may keep showing it for up to a day after the entry is unpublished (the route
    // itself answers 404 at once); that is acceptable for a picture, never for a link.
    ctx.set('Cache-Control', 'public, max-age=86400');
    // Sites show it in <img> from their own origin: said explicitly, as a stricter security
    // middleware (helmet's default, same-origin) would make browsers refuse it.
    ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
    // Defence in depth, as for the admin's thumbnails: raster types only, nothing in them may run.
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = image.type;
    ctx.body = image.body;
  },
});
