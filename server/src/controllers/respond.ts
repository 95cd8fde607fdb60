import type { Context } from 'koa';

import { isMatterportError } from '../../../common/errors';

/** Answers in Strapi's error shape: { data: null, error: { status, name, message, details } }. */
export const sendError = (
  ctx: Context,
  status: number,
  name: string,
  message: string,
  details: Record<string, unknown> = {}
): void => {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details } };
};

export const badRequest = (ctx: Context, message: string, path?: string): void =>
  sendError(ctx, 400, 'ValidationError', message, path ? { errors: [{ path: [path], message, name: 'ValidationError' }] } : {});

/** A MatterportError as its status; anything else is rethrown for Strapi's error handler. */
export const sendMatterportError = (ctx: Context, error: unknown): void => {
  if (!isMatterportError(error)) throw error;
  if (error.retryAfter !== undefined) ctx.set('Retry-After', String(error.retryAfter));
  sendError(ctx, error.status, 'MatterportError', error.message, { code: error.code });
};
