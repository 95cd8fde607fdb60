/**
 * The shape of a Matterport field as the plugin delivers it on content-API
 * reads (REST and GraphQL): the content API's contract. The stored value is
 * only `{ modelId, connection?, name? }`; the link, token and expiry are minted by the
 * server on every read (the stored value may also name a `view` and per-entry `params`). The server's delivery builds these types
 * (server/src/delivery/service.ts), so a change on either side fails to compile.
 */

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
 * - `MATTERPORT_MODEL_GONE`: the space was deleted, archived or transferred in Matterport.
 * - `MATTERPORT_PME_UNAVAILABLE`: the account has no Private Model Embed and the space is not public.
 * - `MATTERPORT_NOT_PUBLIC`: an `access: public` field holds a private or password-protected space.
 * - `MATTERPORT_NOT_PRIVATE`: the site refuses public spaces (`publicSpaces: 'refuse'`).
 */
import type { MatterportErrorCode } from './errors';

export type { MatterportErrorCode };

/** The `error` member of an embed the server could not make a link for. */
export interface DeliveredError {
  code: MatterportErrorCode;
  /** Meant for developers and logs; escape it before showing it anywhere. */
  message: string;
}

/** `poster` of a delivered value: an image of the space, served by Strapi (`<base>/api/matterport/posters/<ref>`). */
export interface MatterportPoster {
  url: string;
}

/**
 * `activate` of a delivered value: Strapi's activation route (`<base>/api/matterport/embeds/<ref>`),
 * which answers a fresh link for the space while its entry is published and holds it.
 */
export interface MatterportActivate {
  url: string;
}

/** A delivered embed with a usable Private Model Embed link. */
export interface MatterportEmbedWithLink {
  /** Matterport model id (11 characters, e.g. `SxQL3iGyoDo`). */
  modelId: string;
  /**
   * The connection (Matterport organisation) whose credentials made the link: `default` for
   * a value that names none. Optional in the type: servers before issue 26 have none; this
   * server always sets it.
   */
  connection?: string;
  /** The model's name as chosen by the editor, if any. */
  name?: string | null;
  /**
   * The Matterport View the editor chose (25 characters), absent for the model's base View.
   * The link opens it (issue 28).
   */
  view?: string | null;
  /** The entry's own Showcase parameters, already in `link` (URL form: '1', '0', 'en'…). */
  params?: Record<string, string> | null;
  /** Showcase URL carrying the model-scoped token; treat as opaque. */
  link: string;
  /** Model-scoped token for the Showcase SDK (`connect(iframe, { auth })`). */
  accessToken: string;
  /** ISO-8601 UTC instant after which `link` and `accessToken` stop working. */
  validUntil: string;
  /**
   * How the link reaches the space (issue 28): `private`, a Private Model Embed link with a
   * token. Optional in the type: servers before issue 28 have none; this server always sets it.
   */
  access?: 'private';
  error?: null;
  /**
   * Null on drafts and on values whose entry the read does not name. Optional in the type:
   * servers before issue 27 (and values a site builds itself) have none; this server
   * always sets both.
   */
  poster?: MatterportPoster | null;
  /** As `poster`: the activation route, to refresh the link when it nears its end. */
  activate?: MatterportActivate | null;
}

/**
 * A delivered embed of a public or unlisted space reached with the plain Showcase link
 * (`https://my.matterport.com/show/?m=<id>` and the field's Showcase parameters; issue 28):
 * no token, no expiry, nothing minted. Field option `access: public`, `auto` without Private
 * Model Embed, or plugin option `publicSpaces: 'plain'`.
 */
export interface MatterportEmbedPublic {
  modelId: string;
  connection?: string;
  name?: string | null;
  /** As in {@link MatterportEmbedWithLink}: the plain link opens the View (`m=<viewId>`). */
  view?: string | null;
  params?: Record<string, string> | null;
  link: string;
  accessToken: null;
  validUntil: null;
  access: 'public';
  error?: null;
  poster?: MatterportPoster | null;
  activate?: MatterportActivate | null;
}

/** A delivered embed for which the server could not get a link. */
export interface MatterportEmbedUnavailable {
  /**
   * Null when the stored value is not a model reference (written around the plugin's
   * validation, e.g. straight into the database): there was no model to make a link for.
   */
  modelId: string | null;
  /** As in {@link MatterportEmbedWithLink}; null when there is no model. */
  connection?: string | null;
  name?: string | null;
  /** As in {@link MatterportEmbedWithLink}. */
  view?: string | null;
  params?: Record<string, string> | null;
  link: null;
  accessToken: null;
  validUntil: null;
  error: DeliveredError;
  /** As in {@link MatterportEmbedWithLink}: kept on a published value (a retry may succeed). */
  poster?: MatterportPoster | null;
  activate?: MatterportActivate | null;
}

/**
 * A published value of an `on-demand` field: no token in the content; a visitor's click asks
 * `activate.url` for a link (see the activation route), and `poster.url` shows the space
 * until then.
 */
export interface MatterportEmbedOnDemand {
  modelId: string;
  connection?: string;
  name?: string | null;
  /** As in {@link MatterportEmbedWithLink}. */
  view?: string | null;
  params?: Record<string, string> | null;
  link: null;
  accessToken: null;
  validUntil: null;
  error?: null;
  poster: MatterportPoster;
  activate: MatterportActivate;
}

/**
 * A Matterport field as delivered by the content API: a usable link (see {@link hasLink}),
 * the same object with `link`, `accessToken` and `validUntil` set to `null` and an `error`,
 * or (an `on-demand` field) no link and no error but an `activate` URL to ask for one.
 */
export type MatterportEmbed =
  | MatterportEmbedWithLink
  | MatterportEmbedPublic
  | MatterportEmbedUnavailable
  | MatterportEmbedOnDemand;
