import type { Context } from 'koa';

/**
 * What one content request has delivered so far: its time budget, and the earliest
 * moment a delivered link stops being one the plugin itself would still hand out
 * (the Cache-Control middleware caps downstream caches with it).
 */
export interface DeliverySession {
  deadline: number;
  freshUntil: number;
  hadError: boolean;
  /**
   * Draft links were given because of the request's API token: the answer depends on the
   * Authorization header, so no shared cache may keep it (`private`, `Vary: Authorization`).
   */
  privateOnly: boolean;
}

const sessions = new WeakMap<object, DeliverySession>();

export const getSession = (
  ctx: Context | undefined,
  timeoutMs: number
): DeliverySession | undefined => {
  if (!ctx) return undefined;
  let session = sessions.get(ctx);
  if (!session) {
    session = {
      deadline: Date.now() + timeoutMs,
      freshUntil: Number.POSITIVE_INFINITY,
      hadError: false,
      privateOnly: false,
    };
    sessions.set(ctx, session);
  }
  return session;
};

export const peekSession = (ctx: object): DeliverySession | undefined => sessions.get(ctx);

/** True on content-API requests (REST and GraphQL); false in the admin and outside requests. */
export const isContentApiRequest = (ctx: Context | undefined): ctx is Context => {
  const route = (ctx?.state as { route?: { info?: { type?: string } } } | undefined)?.route;
  return route?.info?.type === 'content-api';
};

/**
 * Requests that read at least one draft version. GraphQL delivers nested values in
 * field resolvers, long after the Document Service saw the query's `status`, so the
 * read is remembered per request; one draft read makes the whole request a draft
 * request (published values of a mixed GraphQL query are then treated as drafts too).
 */
const draftReads = new WeakSet<object>();

export const markDraftRead = (ctx: object): void => {
  draftReads.add(ctx);
};

export const readsDraft = (ctx: object | undefined): boolean => !!ctx && draftReads.has(ctx);

/** Strapi 5.0–5.x names its content-API token strategy 'content-api-token' (earlier releases: 'api-token'). */
const API_TOKEN_STRATEGIES = new Set(['content-api-token', 'api-token']);

/** True when the request was authenticated with a Strapi API token (of any type). */
export const isApiTokenRequest = (ctx: Context | undefined): boolean => {
  const auth = (ctx?.state as { auth?: { strategy?: { name?: unknown } } } | undefined)?.auth;
  const name = auth?.strategy?.name;
  return typeof name === 'string' && API_TOKEN_STRATEGIES.has(name);
};
