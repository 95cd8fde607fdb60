import type { Context } from 'koa';

import { AuditWriteError } from '../ops/audit';

import { isMatterportError } from '../../../common/errors';
import { InputError } from './validators';

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
  sendError(
    ctx,
    400,
    'ValidationError',
    message,
    path ? { errors: [{ path: [path], message, name: 'ValidationError' }] } : {}
  );

/** A MatterportError as its status; anything else is rethrown for Strapi's error handler. */
export const sendMatterportError = (ctx: Context, error: unknown): void => {
  // A change whose audit entry the database refused was not made: say so, not a bare 500.
  if (error instanceof AuditWriteError)
    return sendError(ctx, 500, 'AuditWriteError', error.message);
  if (!isMatterportError(error)) throw error;
  if (error.retryAfter !== undefined) ctx.set('Retry-After', String(error.retryAfter));
  sendError(ctx, error.status, 'MatterportError', error.message, { code: error.code });
};

/**
 * Runs a validator: its value, or undefined after answering 400 with the field named
 * (InputError). Anything else is rethrown. Controllers call it first, before anything
 * is read or changed.
 */
export const validInput = <T>(ctx: Context, parse: () => T): T | undefined => {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    badRequest(ctx, error.message, error.path || undefined);
    return undefined;
  }
};
