/**
 * The shape of a Matterport field as the plugin delivers it on content-API
 * reads (REST and GraphQL). The stored value is only `{ modelId, name? }`;
 * the link, token and expiry are minted by the server on every read.
 *
 * The types are the server's own (common/value.ts), so the two sides cannot drift.
 */
import type { DeliveredError, MatterportErrorCode as SharedErrorCode } from '../../common/value';
import type {
  MatterportActivate as SharedActivate,
  MatterportEmbed as SharedEmbed,
  MatterportEmbedOnDemand as SharedEmbedOnDemand,
  MatterportEmbedPublic as SharedEmbedPublic,
  MatterportEmbedUnavailable as SharedEmbedUnavailable,
  MatterportEmbedWithLink as SharedEmbedWithLink,
  MatterportPoster as SharedPoster,
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

/**
 * A delivered embed of a public (or unlisted) Matterport space, for a field with
 * `access: 'public' | 'auto'` (issue 28): `link` is a plain Showcase URL with no token,
 * `accessToken` and `validUntil` are `null` (it does not expire) and `access` is `'public'`.
 * See {@link isPublicEmbed}.
 */
export type MatterportEmbedPublic = SharedEmbedPublic;

/** A delivered embed for which the server could not get a link: `link`, `accessToken` and `validUntil` are `null`, `error` says why. */
export type MatterportEmbedUnavailable = SharedEmbedUnavailable;

/**
 * A Matterport field as delivered by the content API: a usable link (see {@link hasLink}),
 * a public link without a token (see {@link isPublicEmbed}),
 * the same object with `link`, `accessToken` and `validUntil` set to `null` and an `error`,
 * or an `on-demand` value (no link, an `activate` URL to ask for one).
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
 * A public space's value (a plain link with no token and no expiry) is not a link in
 * this sense: `hasLink` answers false for it; test it with {@link isPublicEmbed}.
 * `embedUrl`, `iframeAttributes` and the components render both.
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

/**
 * Type guard: true when `embed` is a public space's value (issue 28): a string `modelId`,
 * a non-empty `link`, `accessToken` and `validUntil` both `null`, `access` equal to
 * `'public'`, and no error. Such a link has no token and never expires. Accepts anything
 * (e.g. untyped JSON). It does not check that the link is safe; `embedUrl` does.
 *
 * @example
 * if (hasLink(entry.space) || isPublicEmbed(entry.space)) player.src = embedUrl(entry.space) ?? '';
 */
export function isPublicEmbed(embed: unknown): embed is MatterportEmbedPublic {
  if (typeof embed !== 'object' || embed === null) return false;
  const e = embed as Record<string, unknown>;
  return (
    typeof e.modelId === 'string' &&
    typeof e.link === 'string' &&
    e.link !== '' &&
    e.accessToken === null &&
    e.validUntil === null &&
    e.access === 'public' &&
    e.error == null
  );
}

// ---------------------------------------------------------------------------
// Issue 27: on-demand delivery, posters and the activation route. The value's shapes are
// the server's (common/value.ts); the activation answers are the kit's reading of the route.
// ---------------------------------------------------------------------------

/** `poster` of a delivered value: an image of the space served by Strapi (`/api/matterport/posters/<ref>`). */
export type MatterportPoster = SharedPoster;

/** `activate` of a delivered value: the activation route (`/api/matterport/embeds/<ref>`), which mints a link on request. */
export type MatterportActivate = SharedActivate;

/**
 * What every delivered value gains with issue 27 (both delivery modes): null on drafts,
 * absent on values of older servers.
 */
export interface MatterportDeliveryExtras {
  poster?: MatterportPoster | null;
  activate?: MatterportActivate | null;
}

/**
 * An `on-demand` value: no token until a visitor asks for one through
 * `activate.url` (see {@link MatterportActivationAnswer}).
 */
export type MatterportEmbedOnDemand = SharedEmbedOnDemand;

/** Any Matterport field as delivered: a `link` value (with or without a link) or an `on-demand` value. */
export type MatterportDeliveredValue = SharedEmbed;

/** `data` of a successful activation: a fresh link, as a `link` value carries it. */
export interface MatterportActivation {
  modelId: string;
  link: string;
  accessToken: string;
  validUntil: string;
}

/** The activation route's answer: `GET <activate.url>` → 200. */
export interface MatterportActivationAnswer {
  data: MatterportActivation;
}

/** The plugin's error shape (Strapi's), as the activation route answers it on failure. */
export interface MatterportErrorAnswer {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    details: { code?: string } & Record<string, unknown>;
  };
}
// --- end of the issue 27 block ---
