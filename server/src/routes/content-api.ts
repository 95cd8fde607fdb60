import type { Context, Next } from 'koa';

import { answerErrors } from '../errors';

/**
 * Refusals and failures of the embed routes: the plugin's error shape (answerErrors) and
 * never kept by any cache (a 404 must not outlive a republish, a 429 its window).
 */
const embedErrors = async (ctx: Context, next: Next): Promise<void> => {
  try {
    await answerErrors(ctx, next);
  } finally {
    if (ctx.status !== 200) ctx.set('Cache-Control', 'no-store');
  }
};

/**
 * The content-API routes (`/api/matterport/...`): the embed routes of issue 27, public
 * (`auth: false`, no Users & Permissions grant): the signed ref in the path is the
 * authorization, checked against the published entry at each use. CORS: embeds/cors.ts.
 */
export const CONTENT_API_ROUTES = [
  { method: 'GET', path: '/embeds/:ref', handler: 'embeds.activate' },
  { method: 'GET', path: '/posters/:ref', handler: 'embeds.poster' },
] as const;

export default {
  type: 'content-api' as const,
  routes: CONTENT_API_ROUTES.map(({ method, path, handler }) => ({
    method,
    path,
    handler,
    config: { auth: false as const, middlewares: [embedErrors] },
  })),
};
