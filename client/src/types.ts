/**
 * The shape of a Matterport field as the plugin delivers it on content-API
 * reads (REST and GraphQL). The stored value is only `{ modelId, name? }`;
 * the link, token and expiry are minted by the server on every read.
 *
 * The types are the server's own (common/value.ts), so the two sides cannot drift.
 */
import type { DeliveredError, MatterportErrorCode as SharedErrorCode } from '../../common/value';
import type {
  MatterportEmbed as SharedEmbed,
  MatterportEmbedUnavailable as SharedEmbedUnavailable,
  MatterportEmbedWithLink as SharedEmbedWithLink,
} from '../../common/value';

/**
 * Why the server could not deliver a link. Stable, machine-readable; switch on
 * it rather than on `message`.
 *
 * - `MATTERPORT_NOT_CONFIGURED`: the plugin has no Matterport credentials.
 * - `MATTERPORT_AUTH_FAILED`: Matterport refused the credentials.
 * - `MATTERPORT_NOT_FOUND`: the model does not exist or the account may not see it.
 * - `MATTERPORT_RATE_LIMITED`: Matterport throttled the server; try again later.
 * - `MATTERPORT_UNAVAILABLE`: Matterport answered with a server error.
 * - `MATTERPORT_TIMEOUT`: Matterport did not answer in time.
 * - `MATTERPORT_BAD_REQUEST`: Matterport rejected the request (e.g. a malformed model id).
 * - `MATTERPORT_DRAFT`: a draft version read by a request the draft policy gives no link (see `draftLinks`).
 * - `MATTERPORT_UNTRUSTED_LINK`: Matterport answered with a link outside its Showcase origin; not delivered.
 */
export type MatterportErrorCode = SharedErrorCode;

/** The `error` member of an embed the server could not make a link for (`code` and `message`; escape `message` before showing it). */
export type MatterportError = DeliveredError;

/**
 * A delivered embed with a usable Private Model Embed link: `modelId`, `name`,
 * `link` (a Showcase URL carrying the model-scoped token; treat as opaque),
 * `accessToken` (for the Showcase SDK's `connect(iframe, { auth })`) and
 * `validUntil` (ISO-8601 UTC instant after which link and token stop working).
 */
export type MatterportEmbedWithLink = SharedEmbedWithLink;

/** A delivered embed for which the server could not get a link: `link`, `accessToken` and `validUntil` are `null`, `error` says why. */
export type MatterportEmbedUnavailable = SharedEmbedUnavailable;

/**
 * A Matterport field as delivered by the content API: either a usable link
 * (see {@link hasLink}) or the same object with `link`, `accessToken` and
 * `validUntil` set to `null` and an `error`.
 */
export type MatterportEmbed = SharedEmbed;

/** What the Showcase SDK's token refresher expects (`OAuth.TokenInfo`). */
export interface TokenInfo {
  access_token: string;
  /** Whole seconds until the token expires. */
  expires_in: number;
}

/** A point in time: a `Date` or milliseconds since the epoch (`Date.now()`). */
export type Instant = Date | number;

/**
 * Type guard: true when `embed` carries a link, a token and an expiry, and no
 * error. Accepts anything (e.g. untyped JSON), so it doubles as a runtime check.
 * It does not look at the clock; combine with {@link isExpired} for that.
 *
 * @example
 * if (hasLink(entry.space)) player.src = entry.space.link;
 */
export function hasLink(embed: unknown): embed is MatterportEmbedWithLink {
  if (typeof embed !== 'object' || embed === null) return false;
  const e = embed as Record<string, unknown>;
  return (
    typeof e.modelId === 'string' &&
    typeof e.link === 'string' &&
    e.link !== '' &&
    typeof e.accessToken === 'string' &&
    e.accessToken !== '' &&
    typeof e.validUntil === 'string' &&
    e.error == null
  );
}
