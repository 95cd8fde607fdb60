/**
 * Matterport's GraphQL error codes. Thrown by domain code (search, catalogue,
 * mutations) and carried unchanged into `errors[].extensions`, because
 * graphql-js copies `extensions` from the original error of a resolver.
 */

export type MatterportErrorCode =
  | 'request.unauthenticated'
  | 'request.unauthorized'
  | 'request.invalid'
  | 'request.unsupported'
  | 'error.internal'
  | 'not.found'
  | 'not.unique'
  | 'quota.exceeded';

/** Public material names the codes but not every status; the unnamed ones are sandbox choices (see README). */
export const HTTP_STATUS_BY_CODE: Readonly<Record<MatterportErrorCode, number>> = {
  'request.unauthenticated': 401,
  'request.unauthorized': 403,
  'request.invalid': 400,
  'request.unsupported': 400,
  'error.internal': 500,
  'not.found': 404,
  'not.unique': 409,
  'quota.exceeded': 429,
};

export interface MatterportErrorExtensions {
  [key: string]: unknown;
  code: MatterportErrorCode;
  httpStatus: number;
}

export class MatterportError extends Error {
  readonly extensions: MatterportErrorExtensions;

  constructor(code: MatterportErrorCode, message: string) {
    super(message);
    this.name = 'MatterportError';
    this.extensions = { code, httpStatus: HTTP_STATUS_BY_CODE[code] };
  }
}

/** The code a fault with this HTTP status most plausibly carries. */
export function codeForHttpStatus(status: number): MatterportErrorCode {
  switch (status) {
    case 401:
      return 'request.unauthenticated';
    case 403:
      return 'request.unauthorized';
    case 404:
      return 'not.found';
    case 409:
      return 'not.unique';
    case 429:
      return 'quota.exceeded';
    default:
      return status >= 500 ? 'error.internal' : 'request.invalid';
  }
}
