/**
 * Everything that can go wrong in a call to the plugin's admin API, reduced to what
 * the UI branches on. The fetch client throws a FetchError whose `response.data` is
 * Strapi's `{ data: null, error: { status, name, message, details } }`; it is read by
 * shape rather than with `instanceof`, so this file does not import the admin bundle.
 * It is read as Strapi's own pages read it (`useAPIErrorHandler`): the message is
 * `error.message` (the server writes it to be shown), and a ValidationError's
 * `details.errors[]` become one message per field, keyed by the path's segments joined
 * with dots (`_unstableFormatValidationErrors`). The Matterport error codes are the shared
 * ones (common/errors.ts).
 */
import type { MatterportErrorCode } from '../../../common/errors';

export type ProblemKind =
  | 'notConfigured'
  | 'authFailed'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'unavailable'
  | 'invalid'
  | 'unknown';

export interface ApiProblem {
  kind: ProblemKind;
  status?: number;
  /** Matterport error code (details.code), when the server gave one. */
  code?: string;
  /** The server's message: English, written by the plugin, safe to show. */
  message: string;
  /** The field a validation error is about (details.errors[0].path). */
  field?: string;
  /** Every field a validation error names, with its message ("filter.from" → "…"). */
  fieldErrors: Record<string, string>;
}

interface ErrorBody {
  status?: number;
  name?: string;
  message?: string;
  details?: { code?: string; errors?: Array<{ path?: string | string[]; message?: string }> };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const errorBodyOf = (error: unknown): ErrorBody | undefined => {
  if (!isRecord(error) || !isRecord(error.response) || !isRecord(error.response.data))
    return undefined;
  const body = error.response.data.error;
  return isRecord(body) ? (body as ErrorBody) : undefined;
};

// Every code has a kind: a code added to common/errors.ts fails to compile here until the UI knows what to say.
const KIND_BY_CODE: Record<MatterportErrorCode, ProblemKind> = {
  MATTERPORT_NOT_CONFIGURED: 'notConfigured',
  MATTERPORT_AUTH_FAILED: 'authFailed',
  MATTERPORT_NOT_FOUND: 'notFound',
  MATTERPORT_RATE_LIMITED: 'rateLimited',
  MATTERPORT_UNAVAILABLE: 'unavailable',
  MATTERPORT_TIMEOUT: 'unavailable',
  MATTERPORT_UNTRUSTED_LINK: 'unavailable',
  MATTERPORT_BAD_REQUEST: 'invalid',
  // Only content reads answer with it; an admin route never should, but it is a refusal.
  MATTERPORT_DRAFT: 'forbidden',
  // Content-API answers of the activation route; listed so the table stays total.
  MATTERPORT_NOT_PUBLISHED: 'notFound',
  MATTERPORT_TOO_MANY_ACTIVATIONS: 'rateLimited',
  // Content reads' codes (issue 28); an admin route answering one names a refusal or a gone space.
  MATTERPORT_MODEL_GONE: 'notFound',
  MATTERPORT_PME_UNAVAILABLE: 'forbidden',
  MATTERPORT_NOT_PUBLIC: 'forbidden',
  MATTERPORT_NOT_PRIVATE: 'forbidden',
};

const isKnownCode = (code: string | undefined): code is MatterportErrorCode =>
  code !== undefined && Object.prototype.hasOwnProperty.call(KIND_BY_CODE, code);

const kindOf = (status: number | undefined, body: ErrorBody | undefined): ProblemKind => {
  const code = body?.details?.code;
  if (isKnownCode(code)) return KIND_BY_CODE[code];
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  if (status === 400 || body?.name === 'ValidationError') return 'invalid';
  // No status means the request never got an answer (offline, server down).
  if (status === undefined || status >= 500) return 'unavailable';
  return 'unknown';
};

const pathOf = (path: string | string[] | undefined): string | undefined => {
  if (Array.isArray(path)) return path.length ? path.join('.') : undefined;
  return path || undefined;
};

const fieldOf = (body: ErrorBody | undefined): string | undefined =>
  pathOf(body?.details?.errors?.[0]?.path);

/** The first message for each field, as Strapi's forms keep it. */
const fieldErrorsOf = (body: ErrorBody | undefined): Record<string, string> => {
  const fields: Record<string, string> = {};
  const list = body?.details?.errors;
  for (const entry of Array.isArray(list) ? list : []) {
    const field = pathOf(entry?.path);
    if (field && typeof entry.message === 'string' && !(field in fields))
      fields[field] = entry.message;
  }
  return fields;
};

export const toApiProblem = (error: unknown): ApiProblem => {
  const body = errorBodyOf(error);
  const rawStatus = isRecord(error) ? error.status : undefined;
  const status = typeof rawStatus === 'number' ? rawStatus : body?.status;
  const message = body?.message ?? (error instanceof Error ? error.message : String(error));
  return {
    kind: kindOf(status, body),
    status,
    code: body?.details?.code,
    message,
    field: fieldOf(body),
    fieldErrors: fieldErrorsOf(body),
  };
};

/** Requests cancelled on purpose (unmount, a newer search) are not failures to show. */
export const isAbortError = (error: unknown): boolean =>
  isRecord(error) && error.name === 'AbortError';
