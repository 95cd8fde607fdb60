/** Shapes of the plugin's admin API answers (server/src/controllers). */

export type AccessVisibility = 'private' | 'unlisted' | 'public' | 'password';

export interface MatterportModel {
  id: string;
  name: string;
  /** 'active' or 'inactive' (archived); Matterport may add states, so any string is kept. */
  state: string;
  accessVisibility: AccessVisibility | string;
  created: string | null;
  modified: string | null;
  /** An admin-API path (needs the admin JWT), not a Matterport URL. */
  thumbnailUrl: string | null;
}

export interface ModelPage {
  models: MatterportModel[];
  nextOffset: string | null;
  total: number;
}

// The settings and link shapes are the server's own, so the two sides cannot drift apart.
export type {
  SettingsView,
  LinkView as EmbedLinkRecord,
  LinkListItem,
  LinkListResponse,
  LinkStatus,
  LinkStatusFilter,
  LinkPurpose,
  RevokeResponse,
  AuditEntry,
  AuditListResponse,
  HealthView,
  Pagination,
} from '../../../common/api-types';
import type { LinkStatusFilter } from '../../../common/api-types';

/**
 * Which links a list or a bulk revocation is about. Dates are ISO-8601 instants
 * (links created from/to); `q` searches model names.
 */
export interface LinkFilter {
  modelId?: string;
  status?: LinkStatusFilter;
  purpose?: 'delivery' | 'preview';
  from?: string;
  to?: string;
  q?: string;
}

/** GET /matterport/links?page&pageSize&sort&modelId&status&purpose&from&to&q */
export interface LinkQuery extends LinkFilter {
  page?: number;
  pageSize?: number;
  /** `field:asc|desc`, e.g. createdAt:desc (Strapi's own sort syntax). */
  sort?: string;
}

/** GET /matterport/audit?page&pageSize&action&actor&from&to */
export interface AuditQuery {
  page?: number;
  pageSize?: number;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
}

export interface SettingsUpdate {
  clientId?: string;
  clientSecret?: string;
  defaultValidFor?: string;
}

/** The second step of Test connection: one real embed link minted (and revoked at once). */
export interface MintCheck {
  /** False when no mint was tried: the account has no models, or listing them failed (then `code` says why). */
  tested: boolean;
  /** Null when not tested. */
  ok: boolean | null;
  modelId: string | null;
  code: string | null;
  message: string | null;
}

export interface ConnectionCheck {
  /** The token worked and the mint worked (or could not be tried for want of models). */
  ok: boolean;
  scope: string;
  /** Seconds the OAuth token Matterport issued stays valid. */
  expiresIn: number;
  mint: MintCheck;
}

export interface PreviewLink {
  modelId: string;
  link: string;
  validUntil: string;
}

/** What the custom field stores. */
export interface FieldValue {
  modelId: string;
  name?: string;
}
