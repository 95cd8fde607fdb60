/**
 * Contracts of the content-API embed routes (server/src/controllers/embeds.ts): the
 * activation route that mints a link when a visitor asks for one, and the poster route.
 * Both take the opaque signed ref of a delivered value (`activate.url`, `poster.url`) and
 * need no login: the ref is the authorization, checked against the published entry at
 * each use. Type-only and import-free but for shared types, so the kit can use them.
 */
import type { ApiError, ErrorResponse } from './shared';

/** A fresh link for one published place of a space, as a `link` value carries it. */
export interface EmbedActivation {
  modelId: string;
  /** The Showcase URL with the field's Showcase parameters. */
  link: string;
  accessToken: string;
  /** ISO 8601; the answer's Cache-Control never reaches past it. */
  validUntil: string;
}

/**
 * GET /api/matterport/embeds/:ref → 200 with a link. Refused: 404 MATTERPORT_NOT_PUBLISHED
 * (a ref this site did not sign, or whose entry is no longer published with that space
 * there), 429 MATTERPORT_TOO_MANY_ACTIVATIONS with Retry-After, or a Matterport failure's
 * own status (`details.code`).
 */
export declare namespace ActivateEmbed {
  export interface Request {
    params: { ref: string };
  }
  export interface Response {
    data: EmbedActivation;
    error?: ApiError;
  }
  export type Failure = ErrorResponse;
}

/**
 * GET /api/matterport/posters/:ref → the model's image itself (raster types only), long
 * cacheable; refused like the activation route (JSON error body).
 */
export declare namespace GetPoster {
  export interface Request {
    params: { ref: string };
  }
  /** The Content-Type of a successful answer, whose body is the image's bytes. */
  export type ContentType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';
  export type Failure = ErrorResponse;
}
