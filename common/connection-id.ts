/**
 * Connection ids (issue 26), without dependencies: the stored value's rules (field-value.ts)
 * and the field options (showcase.ts) use them, and both reach the front-end kit.
 */

/** The connection an install had before connections existed, and the one a value without `connection` means. */
export const DEFAULT_CONNECTION_ID = 'default';

/**
 * A connection's id: chosen at creation and never changed (values, ledger rows and audit
 * entries name it), short, lower case, safe in a URL path and a log line.
 */
export const CONNECTION_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const CONNECTION_ID_RULE =
  'must be 1 to 40 characters: lower-case letters, digits and hyphens, not starting with a hyphen (for example "harbour-estates")';

export const isConnectionId = (value: unknown): value is string =>
  typeof value === 'string' && CONNECTION_ID_PATTERN.test(value);
