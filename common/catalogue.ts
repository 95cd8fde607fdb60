/**
 * What the plugin knows of Matterport's catalogue (issue 28): each space's visibility and
 * state, the events Matterport sends about it, where each space is used in the content, and
 * how a field reaches a space (Private Model Embed, or a plain Showcase link for public
 * spaces). Shared by server, admin and client.
 */

/** Matterport's `accessVisibility` values (the old `visibility` was deprecated in 2024-06). */
export const ACCESS_VISIBILITIES = ['private', 'unlisted', 'public', 'password'] as const;
export type AccessVisibility = (typeof ACCESS_VISIBILITIES)[number];

export const isAccessVisibility = (value: unknown): value is AccessVisibility =>
  typeof value === 'string' && (ACCESS_VISIBILITIES as readonly string[]).includes(value);

/** Visibilities a plain Showcase link opens without any token (Matterport: public and unlisted). */
export const OPEN_VISIBILITIES: readonly AccessVisibility[] = ['public', 'unlisted'];

/**
 * A space's state as the plugin knows it:
 * - `active`: Matterport serves it;
 * - `inactive`: archived in Matterport (`activation_state_changed` to inactive);
 * - `deleted`: deleted in Matterport;
 * - `transferred`: moved to another organisation (`transferred_out`).
 * The last three are "gone": its links are revoked and it is delivered as MATTERPORT_MODEL_GONE.
 */
export const MODEL_STATES = ['active', 'inactive', 'deleted', 'transferred'] as const;
export type ModelState = (typeof MODEL_STATES)[number];
export const isGoneState = (state: ModelState): boolean => state !== 'active';

/** Matterport's model event types (Model Event Webhooks, v2). */
export const MODEL_EVENT_TYPES = [
  'created',
  'deleted',
  'transferred_in',
  'transferred_out',
  'activation_state_changed',
  'restored',
  'visibility_changed',
  'details_changed',
  'processed',
  'bundle_updated',
] as const;
export type ModelEventType = (typeof MODEL_EVENT_TYPES)[number];

/**
 * What Matterport posts to a registered callback (documented shape). `body` depends on the
 * type: `visibility_changed` carries `{ previous: { accessVisibility }, current: { accessVisibility } }`,
 * `activation_state_changed` (undocumented detail) is read as `{ previous: { state }, current: { state } }`,
 * `details_changed` the changed details (name, address, description, image, internalId, mls,
 * publication).
 */
export interface ModelEventPayload {
  modelId: string;
  version: string | number;
  webhookId: string;
  webhookCustomKey?: string | null;
  /** ISO-8601 instant (or epoch milliseconds: undocumented, both are read). */
  timestamp: string | number;
  type: ModelEventType | string;
  body?: Record<string, unknown> | null;
}

/** What the plugin knows of one space of one connection (admin API, health, field warnings). */
export interface ModelStateView {
  modelId: string;
  connection: string;
  state: ModelState;
  /** Null while unknown (never read from Matterport or told by an event). */
  visibility: AccessVisibility | null;
  /** Matterport's name for the space, as last seen (refreshed by `details_changed` and the picker). */
  name: string | null;
  /** When the state or visibility last changed (ISO-8601). */
  changedAt: string | null;
  /** When Matterport was last asked or last told us (ISO-8601). */
  checkedAt: string | null;
}

/** Whether a stored value is in the published version or the draft of its entry. */
export type UsageStatus = 'published' | 'draft';

/** One place a space is used: a Matterport value in one version of one entry (issue 28, where used). */
export interface UsageView {
  /** The content type's uid, e.g. `api::venue.venue`. */
  contentType: string;
  /** The content type's display name, for people. */
  contentTypeName: string;
  documentId: string;
  /** Null on a type without i18n. */
  locale: string | null;
  status: UsageStatus;
  /** Where the value sits in the entry, e.g. `space`, `sections.2.tour` (component and zone paths). */
  path: string;
  modelId: string;
  connection: string;
  /** The entry's main field (Content Manager's `mainField`), when it has one. */
  title: string | null;
  /** The entry in the Content Manager (admin-relative, e.g. `/content-manager/collection-types/...`). */
  adminPath: string;
}

/** GET /matterport/models/:modelId/usage?connection=&status= */
export interface UsageResponse {
  modelId: string;
  connection: string;
  entries: UsageView[];
  /** Counts over every entry (the list may be capped): published versions, drafts. */
  totals: { published: number; draft: number };
  /** Whether the backfill of content written before the index existed has finished. */
  complete: boolean;
}

/**
 * How a field reaches its space (field option `access`):
 * - `private` (default, as before): Private Model Embed, a minted link;
 * - `public`: a plain Showcase link for public and unlisted spaces; nothing minted, nothing in
 *   the ledger; other spaces are delivered as MATTERPORT_NOT_PUBLIC;
 * - `auto`: PME when the connection has it, else the plain link for public and unlisted spaces,
 *   else MATTERPORT_PME_UNAVAILABLE.
 */
export const ACCESS_MODES = ['private', 'public', 'auto'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];
export const DEFAULT_ACCESS_MODE: AccessMode = 'private';

/**
 * Plugin option `publicSpaces`: what a `private`/`auto` field delivers for a space known to be
 * public or unlisted (it needs no token):
 * - `pme` (default, as before): a PME link all the same;
 * - `plain`: the plain Showcase link, nothing minted;
 * - `refuse`: MATTERPORT_NOT_PRIVATE (a site that must show private spaces only).
 */
export const PUBLIC_SPACES_POLICIES = ['pme', 'plain', 'refuse'] as const;
export type PublicSpacesPolicy = (typeof PUBLIC_SPACES_POLICIES)[number];

/** Whether a connection's account can mint PME links, as last learnt (Test connection, a mint). */
export type PmeAvailability = 'available' | 'unavailable' | 'unknown';
