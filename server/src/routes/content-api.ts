import type { Context, Next } from 'koa';

import { PLUGIN_ID } from '../../../common/plugin';
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

type EmbedAction = (typeof CONTENT_API_ROUTES)[number]['handler'] extends `embeds.${infer A}`
  ? A
  : never;

/**
 * Function handlers rather than 'embeds.activate' strings: Strapi lists every content-API
 * action a string handler names in the Users & Permissions role editor and the API token
 * editor (its `__type__` tag), where ticking or unticking it would change nothing (the routes
 * are public, `auth: false`) and would suggest the plugin has actions to grant.
 */
const handlerOf = (action: EmbedAction) => (ctx: Context) =>
  (
    strapi.plugin(PLUGIN_ID).controller('embeds') as Record<
      EmbedAction,
      (ctx: Context) => Promise<void>
    >
  )[action](ctx);

/**
 * Matterport's model event callbacks (issue 28): public (`auth: false`), the callback's
 * credentials (checked in constant time by the model-events service) are the authorization.
 * Function handlers for the reason above.
 */
const receiveModelEvent = (ctx: Context) =>
  (
    strapi.plugin(PLUGIN_ID).controller('modelEvents') as {
      receive: (ctx: Context) => Promise<void>;
    }
  ).receive(ctx);
const MODEL_EVENT_ROUTES = ['/events', '/events/:connection'].map((path) => ({
  method: 'POST',
  path,
  handler: receiveModelEvent,
  config: { auth: false as const, middlewares: [answerErrors] },
}));

export default {
  type: 'content-api' as const,
  routes: [
    ...CONTENT_API_ROUTES.map(({ method, path, handler }) => ({
      method,
      path,
      handler: handlerOf(handler.slice('embeds.'.length) as EmbedAction),
      config: { auth: false as const, middlewares: [embedErrors] },
    })),
    ...MODEL_EVENT_ROUTES,
  ],
};
