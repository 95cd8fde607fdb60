/**
 * Shapes exchanged over the `/__sandbox/` control endpoints. Shared by the
 * server and by `SandboxControl`, so a test in another process sees the same
 * types the sandbox answers with.
 */

export type FaultTarget =
  | 'token'
  | 'graph'
  | 'mint'
  | 'revoke'
  | 'list'
  | 'show'
  | 'thumbnail'
  | 'all';

export type FaultMode =
  | 'latency'
  | 'status'
  | 'rate-limit'
  | 'hang'
  | 'malformed'
  | 'reset-connection';

export interface FaultSpec {
  target: FaultTarget;
  mode: FaultMode;
  /** `latency` only: milliseconds added before the request is handled. */
  latencyMs?: number;
  /** `status` only: the HTTP status to answer with (default 500). */
  status?: number;
  /** `rate-limit` only: seconds for the `Retry-After` header; omit for a 429 without it. */
  retryAfter?: number;
  /** How many matching requests the fault applies to; omitted = until cleared. */
  times?: number;
  /** `status` and `rate-limit`: replaces the default body (a string is sent as is, anything else as JSON). */
  body?: unknown;
}

export interface FaultView extends FaultSpec {
  id: number;
  /** Requests the fault still applies to; `null` = until cleared. */
  remaining: number | null;
}

export interface CountersSnapshot {
  tokenRequests: number;
  tokensIssued: number;
  tokenFailures: number;
  graphRequests: number;
  mints: number;
  mintsByModel: Record<string, number>;
  tokenMints: number;
  revocations: number;
  modelListQueries: number;
  modelQueries: number;
  showRequests: number;
  thumbnailRequests: number;
  inFlight: number;
  maxInFlight: number;
  maxInFlightByModel: Record<string, number>;
  accessTokensUsed: string[];
}

export interface SandboxConfigView {
  /** Lifetime in seconds of account access tokens issued from now on. */
  expiresIn: number;
  /** Extra milliseconds every mint mutation takes, so concurrent mints overlap. */
  mintLatencyMs: number;
  /** Lifetime in seconds of the signed thumbnail URLs handed out from now on. */
  thumbnailTtlSeconds: number;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** `POST /__sandbox/clients`: a client, and the organisation it joins (default: the first). */
export interface ClientRegistration extends ClientCredentials {
  organization?: string;
}

/** `GET /__sandbox/organizations`: each organisation, its clients and its spaces. */
export interface OrganizationView {
  id: string;
  name: string;
  clientIds: string[];
  modelIds: string[];
}

export type EmbedTokenStatus = 'valid' | 'expired' | 'revoked' | 'unknown';

export interface EmbedTokenView {
  status: EmbedTokenStatus;
  modelIds: string[];
  /** ISO-8601 UTC without milliseconds; `null` for an unknown token. */
  validUntil: string | null;
}

/**
 * Behaviours public material leaves open, one value per possibility, so a
 * client can be tested against each (see the README, "Modes"). The defaults
 * are the sandbox's original guesses.
 */
export type ForeignRevokeMode = 'accept' | 'refuse';
export type RevokeAnswerMode = 'true' | 'false' | 'not.found';
export type ValidForFormatsMode = 'both' | 'iso8601' | 'shorthand';
export type ThumbnailHostMode =
  | 'sandbox'
  | 'other-host'
  | 'redirect-other-host'
  | 'redirect-same-host';
export type NoPmeAnswerMode = 'request.unauthorized' | 'request.unsupported';

/** Model event webhooks (Webhooks v2): what public material leaves open, one value per possibility. */
export type WebhookTokenCredentialsMode = 'header' | 'bearer';
export type WebhookDuplicatesMode = 'once' | 'twice';
export type WebhookOrderMode = 'in-order' | 'reversed';
export type WebhookRetriesMode = 'none' | 'until-2xx';
export type WebhookTimestampMode = 'iso' | 'epoch-ms';
export type ActivationBodyMode = 'state' | 'active-flag';
export type ViewEmbedsMode = 'accept' | 'refuse';

export interface SandboxModes {
  /** Revoking an embed token minted with another client ID: `accept` revokes it (default), `refuse` answers `not.found`. */
  foreignRevoke: ForeignRevokeMode;
  /** What `deletePrivateModelEmbedToken` answers for a token it knows: `true` and revoked (default), `false` and left valid, or `not.found` and left valid. */
  revokeAnswer: RevokeAnswerMode;
  /** The `validFor` forms accepted: `both` (default), `iso8601` (`PT1H` only) or `shorthand` (`1h` only). */
  validForFormats: ValidForFormatsMode;
  /** Where thumbnails are: on the sandbox (default), on another host name of it, or behind a redirect to either. */
  thumbnailHost: ThumbnailHostMode;
  /** Registered client IDs whose account lacks Private Model Embed: OAuth and listing work, minting is `request.unauthorized`. Default `[]`. */
  clientsWithoutPrivateModelEmbed: string[];
  /** How `credType: token` credentials travel: a header named `credKey` holding `credSecret` (default), or `Authorization: Bearer <credSecret>`. */
  webhookTokenCredentials: WebhookTokenCredentialsMode;
  /** Each event posted once (default), or twice with the same payload (at-least-once delivery). */
  webhookDuplicates: WebhookDuplicatesMode;
  /** The events of one control call posted in the order they happened (default), or last first. */
  webhookOrder: WebhookOrderMode;
  /** After a non-2xx answer or a network failure: no retry (default), or up to 3 more attempts. */
  webhookRetries: WebhookRetriesMode;
  /** The payload's `timestamp`: ISO-8601 (default) or epoch milliseconds (a number). */
  webhookTimestamp: WebhookTimestampMode;
  /** `activation_state_changed`'s body: `{ previous: { state }, current: { state } }` (default), or `{ active: boolean }`. */
  activationBody: ActivationBodyMode;
  /** What a mint of an account without Private Model Embed answers (undocumented): `request.unauthorized` (default) or `request.unsupported`. */
  noPmeAnswer: NoPmeAnswerMode;
  /**
   * `createPrivateModelEmbedLink` given a View ID (undocumented): `accept` (default) mints a token
   * for the View's model and a link that opens the View (`m=<viewId>`); `refuse` answers
   * `not.found`, as for an ID that names no model.
   */
  viewEmbeds: ViewEmbedsMode;
}

/** `POST /__sandbox/models/:id/changes`: one change of a space, as an admin makes it at Matterport. */
export type ModelChange =
  | { change: 'delete' }
  /** To another organisation of the sandbox (`to`), or out of the sandbox (omitted). */
  | { change: 'transfer'; to?: string }
  | { change: 'deactivate' }
  | { change: 'activate' }
  /** A deleted space back, or a space transferred away back in its organisation. */
  | { change: 'restore' }
  | { change: 'visibility'; accessVisibility: 'private' | 'unlisted' | 'public' | 'password' }
  | { change: 'details'; name?: string; publicDescription?: string | null };

/** The payload Matterport posts to a model event callback (documented shape, Webhooks v2). */
export interface ModelEventPayloadView {
  modelId: string;
  version: number;
  webhookId: string;
  webhookCustomKey: string | null;
  timestamp: string | number;
  type: string;
  body: Record<string, unknown>;
}

/** One attempt to post an event to a callback (`GET /__sandbox/webhook-deliveries`). */
export interface WebhookDeliveryView {
  index: number;
  webhookId: string;
  url: string;
  payload: ModelEventPayloadView;
  attempt: number;
  /** The HTTP status answered; `null` while under way or when the request failed. */
  status: number | null;
  error: string | null;
}

/** A registered callback as the control endpoint shows it (never its secret). */
export interface WebhookRegistrationView {
  id: string;
  organization: string;
  version: number;
  eventTypes: string[];
  url: string;
  credType: 'basic' | 'token' | null;
  credKey: string | null;
  additionalHeaders: Array<{ key: string; value: string }>;
}
