/**
 * Errors of the Matterport integration. Each has a stable code that site developers
 * can branch on (it travels in delivered values) and a message a person can act on.
 * Messages are written here, never copied from upstream bodies, so that nothing an
 * upstream echoes (such as the client secret in a mutation's variables) can leak.
 */
export const MATTERPORT_ERROR_CODES = [
  'MATTERPORT_NOT_CONFIGURED',
  'MATTERPORT_AUTH_FAILED',
  'MATTERPORT_NOT_FOUND',
  'MATTERPORT_RATE_LIMITED',
  'MATTERPORT_UNAVAILABLE',
  'MATTERPORT_TIMEOUT',
  'MATTERPORT_BAD_REQUEST',
  'MATTERPORT_DRAFT',
  'MATTERPORT_UNTRUSTED_LINK',
  'MATTERPORT_NOT_PUBLISHED',
  'MATTERPORT_TOO_MANY_ACTIVATIONS',
  'MATTERPORT_MODEL_GONE',
  'MATTERPORT_PME_UNAVAILABLE',
  'MATTERPORT_NOT_PUBLIC',
  'MATTERPORT_NOT_PRIVATE',
] as const;

export type MatterportErrorCode = (typeof MATTERPORT_ERROR_CODES)[number];

/** HTTP status an admin route answers with for each code. */
export const HTTP_STATUS_BY_CODE: Record<MatterportErrorCode, number> = {
  MATTERPORT_NOT_CONFIGURED: 400,
  MATTERPORT_AUTH_FAILED: 400,
  MATTERPORT_NOT_FOUND: 404,
  MATTERPORT_RATE_LIMITED: 429,
  MATTERPORT_UNAVAILABLE: 502,
  MATTERPORT_TIMEOUT: 504,
  MATTERPORT_BAD_REQUEST: 400,
  MATTERPORT_DRAFT: 403,
  MATTERPORT_UNTRUSTED_LINK: 502,
  MATTERPORT_NOT_PUBLISHED: 404,
  MATTERPORT_TOO_MANY_ACTIVATIONS: 429,
  MATTERPORT_MODEL_GONE: 410,
  MATTERPORT_PME_UNAVAILABLE: 403,
  MATTERPORT_NOT_PUBLIC: 403,
  MATTERPORT_NOT_PRIVATE: 403,
};

const DEFAULT_MESSAGES: Record<MatterportErrorCode, string> = {
  MATTERPORT_NOT_CONFIGURED:
    'Matterport is not configured: enter a client ID and client secret in Settings → Matterport, or set them in config/plugins.',
  MATTERPORT_AUTH_FAILED:
    'Matterport rejected the client ID or client secret. Check them in Settings → Matterport (a secret reset in Matterport invalidates the old one).',
  MATTERPORT_NOT_FOUND: 'Matterport has no such model, or these credentials may not see it.',
  MATTERPORT_RATE_LIMITED: 'Matterport is throttling requests. Try again in a moment.',
  MATTERPORT_UNAVAILABLE: 'Matterport is unavailable or answered with an error. Try again later.',
  MATTERPORT_TIMEOUT: 'Matterport did not answer in time. Try again later.',
  MATTERPORT_BAD_REQUEST: 'Matterport refused the request as invalid.',
  MATTERPORT_DRAFT:
    'Draft versions get no embed link on this request: read drafts with an API token (as Strapi Preview and site builds do), or read the published version.',
  MATTERPORT_UNTRUSTED_LINK:
    'Matterport answered with an embed link outside its Showcase origin (https://my.matterport.com); it was not delivered.',
  MATTERPORT_NOT_PUBLISHED:
    'This embed reference names no published entry holding this space (unpublished, deleted or changed since the page was built, or not a reference of this site).',
  MATTERPORT_TOO_MANY_ACTIVATIONS:
    'Too many embed activations from this client or for this space. Try again after the time in Retry-After.',
  MATTERPORT_MODEL_GONE:
    'This space was deleted, archived or transferred to another organisation in Matterport; its links were revoked.',
  MATTERPORT_PME_UNAVAILABLE:
    'This Matterport account cannot make Private Model Embed links (an Enterprise feature), and the space is not public or unlisted.',
  MATTERPORT_NOT_PUBLIC:
    'This field shows public and unlisted spaces only (access: public), and this space is private or password-protected in Matterport.',
  MATTERPORT_NOT_PRIVATE:
    'This site delivers private spaces only (publicSpaces: refuse), and this space is public or unlisted in Matterport.',
};

/** The step that failed, named in logs so an admin knows which call to look at. */
export type MatterportOperation =
  | 'token'
  | 'listModels'
  | 'getModel'
  | 'createLink'
  | 'revokeToken'
  | 'thumbnail'
  | 'settings'
  | 'delivery';

export interface MatterportErrorOptions {
  retryAfter?: number;
  operation?: MatterportOperation;
  /** The underlying error (kept for logs and debuggers; never sent to a client). */
  cause?: unknown;
}

export const defaultMessage = (code: MatterportErrorCode): string => DEFAULT_MESSAGES[code];

/**
 * What content readers are told when the plugin is not configured, whatever the admin-facing
 * reason (no credentials, a stored secret the encryption key cannot open): nothing about the
 * site's administration. Admins see the reason in Settings → Matterport and the health panel.
 */
export const NOT_CONFIGURED_FOR_READERS =
  'Matterport embedding is not configured on this site yet.';

export class MatterportError extends Error {
  readonly code: MatterportErrorCode;
  /** Seconds Matterport asked us to wait (429 with Retry-After). */
  readonly retryAfter?: number;
  readonly operation?: MatterportOperation;

  constructor(code: MatterportErrorCode, message?: string, options: MatterportErrorOptions = {}) {
    super(
      message ?? DEFAULT_MESSAGES[code],
      options.cause === undefined ? undefined : { cause: options.cause }
    );
    this.name = 'MatterportError';
    this.code = code;
    this.retryAfter = options.retryAfter;
    this.operation = options.operation;
  }

  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  toJSON(): { code: MatterportErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export const isMatterportError = (error: unknown): error is MatterportError =>
  error instanceof MatterportError;

/** Anything thrown while talking to Matterport, as a MatterportError (unknown errors become UNAVAILABLE). */
export const toMatterportError = (
  error: unknown,
  operation?: MatterportOperation
): MatterportError =>
  isMatterportError(error)
    ? error
    : new MatterportError('MATTERPORT_UNAVAILABLE', undefined, { operation, cause: error });
