import { errors } from '@strapi/utils';

/**
 * Strapi's error middleware (@strapi/core middlewares/errors.ts and services/errors.ts), as
 * its source reads, for calling controllers without a server: an `@strapi/utils`
 * ApplicationError answers the status of its class (400 for the others) with its name,
 * message and details; an error carrying a 4xx `status` keeps its name, message and
 * details; anything else is answered with its 5xx status (500 when it has none) and its
 * message hidden (Strapi names it after the status, e.g. "Bad Gateway"; here a fixed name).
 */
const STATUS_BY_CLASS: Array<[new (...args: never[]) => Error, number]> = [
  [errors.UnauthorizedError, 401],
  [errors.ForbiddenError, 403],
  [errors.NotFoundError, 404],
  [errors.PayloadTooLargeError, 413],
  [errors.RateLimitError, 429],
  [errors.NotImplementedError, 501],
];

interface ErrorContext {
  status: number;
  body: unknown;
}

interface Answerable {
  name: string;
  message: string;
  details?: unknown;
  status?: unknown;
}

export const strapiErrorMiddleware = async (
  ctx: ErrorContext,
  next: () => Promise<void>
): Promise<void> => {
  try {
    await next();
  } catch (error) {
    const answer = (status: number, name: string, message: string, details: unknown) => {
      ctx.status = status;
      ctx.body = { data: null, error: { status, name, message, details } };
    };
    if (error instanceof errors.ApplicationError) {
      const status = STATUS_BY_CLASS.find(([type]) => error instanceof type)?.[1] ?? 400;
      return answer(status, error.name, error.message, error.details);
    }
    const { status, name, message, details } = error as Answerable;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return answer(status, name, message, details);
    return answer(
      typeof status === 'number' && status >= 500 ? status : 500,
      'InternalServerError',
      'Internal Server Error',
      undefined
    );
  }
};
