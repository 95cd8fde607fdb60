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
}

const sessions = new WeakMap<object, DeliverySession>();

export const getSession = (ctx: Context | undefined, timeoutMs: number): DeliverySession | undefined => {
  if (!ctx) return undefined;
  let session = sessions.get(ctx);
  if (!session) {
    session = { deadline: Date.now() + timeoutMs, freshUntil: Number.POSITIVE_INFINITY, hadError: false };
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
