import type { Context, Next } from 'koa';

import { isMatterportError, type MatterportError } from '../../../common/errors';

/** What a failed request answers: Strapi's error body, plus a Retry-After header when set. */
export interface ErrorAnswer {
  status: number;
  name: string;
  message: string;
  details: Record<string, unknown>;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
}

/**
 * An answer with a status none of `@strapi/utils`' error classes carries (409, 500, 502,
 * 504…): Strapi's error middleware would answer those classes 400, and any other error 500
 * with its message hidden. Thrown by controllers (ConflictError, RevokeFailedError,
 * LedgerWriteError, AuditWriteError), answered by answerErrors below. The message is the
 * plugin's own, written for the admin, and is sent as it is.
 */
export class PluginHttpError extends Error {
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly retryAfter?: number;

  constructor(
    status: number,
    name: string,
    message: string,
    details: Record<string, unknown> = {},
    retryAfter?: number
  ) {
    super(message);
    this.name = name;
    this.status = status;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

/**
 * The one mapping of a MatterportError to HTTP: the status of its code (common/errors.ts,
 * the README's "Troubleshooting by error code"), `name: "MatterportError"`, `details.code`,
 * and `Retry-After` when Matterport asked us to wait.
 */
export const matterportAnswer = (error: MatterportError): ErrorAnswer => ({
  status: error.status,
  name: 'MatterportError',
  message: error.message,
  details: { code: error.code },
  ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
});

const answerOf = (error: unknown): ErrorAnswer | undefined => {
  if (isMatterportError(error)) return matterportAnswer(error);
  if (error instanceof PluginHttpError) {
    const { status, name, message, details, retryAfter } = error;
    return { status, name, message, details, ...(retryAfter === undefined ? {} : { retryAfter }) };
  }
  return undefined;
};

/**
 * Route middleware on every admin route: a MatterportError or PluginHttpError thrown by the
 * controller becomes its answer, in the shape Strapi's error middleware gives
 * (`{ data: null, error: { status, name, message, details } }`); anything else goes on to
 * Strapi's error middleware (`@strapi/utils` errors keep their status, others are a 500).
 */
export const answerErrors = async (ctx: Context, next: Next): Promise<void> => {
  try {
    await next();
  } catch (error) {
    const answer = answerOf(error);
    if (!answer) throw error;
    if (answer.retryAfter !== undefined) ctx.set('Retry-After', String(answer.retryAfter));
    ctx.status = answer.status;
    ctx.body = {
      data: null,
      error: {
        status: answer.status,
        name: answer.name,
        message: answer.message,
        details: answer.details,
      },
    };
  }
};

/**
 * A content read that fails with `onError: 'throw'`: the mapping's answer, thrown through
 * Strapi's error middleware (content reads run in Strapi's controllers, not the plugin's).
 * A refused draft keeps its 403; a link that cannot be had is the server's failure, not the
 * reader's: 502, or the code's own 5xx (504 for a timeout). Strapi sends the name, message
 * and `details.code` of a 4xx as they are, and hides those of a 5xx (its generic body; the
 * code travels in `X-Matterport-Error`).
 */
export const deliveryError = (error: MatterportError): PluginHttpError => {
  const answer = matterportAnswer(error);
  const status = error.code === 'MATTERPORT_DRAFT' || answer.status >= 500 ? answer.status : 502;
  return new PluginHttpError(status, answer.name, answer.message, answer.details);
};
