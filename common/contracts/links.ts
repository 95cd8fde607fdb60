/**
 * Contracts of the links ledger routes (server/src/controllers/links.ts): the paged list and
 * every kind of revocation.
 */
import type { ApiError, Nothing, Pagination } from './shared';

/** What the admin sees of a minted link: never the token. */
export interface LinkView {
  id: number;
  modelId: string;
  /** The connection whose credentials minted it (`default` for rows written before connections). */
  connection: string;
  validUntil: string;
  createdAt: string;
  revokedAt: string | null;
  /** Display name of who revoked it (older rows: all there is). */
  revokedBy: string | null;
  /** Their admin id and email (null for the plugin itself and on rows written before). */
  revokedById?: number | null;
  revokedByEmail?: string | null;
  /** Last four characters of the token, never the token. */
  tokenHint: string | null;
  /** Seconds the link was minted for. */
  lifetime: number;
  active: boolean;
  /** A revocation was tried and failed (the link is still usable): what went wrong. */
  revokeError?: RevokeErrorView | null;
}

/** active: usable; expired; revoked (Matterport confirmed, or expired anyway); failed: a revocation was tried and failed, the link is still usable. */
export type LinkStatus = 'active' | 'expired' | 'revoked' | 'failed';
/**
 * What the links list and revoke-by-filter filter by: a status, or usable (active or failed:
 * neither revoked nor expired, so still working at Matterport).
 */
export type LinkStatusFilter = LinkStatus | 'usable';
export const LINK_STATUS_FILTERS = [
  'usable',
  'active',
  'failed',
  'expired',
  'revoked',
] as const satisfies readonly LinkStatusFilter[];
/** delivery: minted for content reads; preview: minted for an editor's preview in the admin. */
export type LinkPurpose = 'delivery' | 'preview';

export interface RevokeErrorView {
  code: string;
  message: string;
  at: string;
}

/** LinkView as the paged links API answers it. */
export interface LinkListItem extends LinkView {
  status: LinkStatus;
  purpose: LinkPurpose;
  revokeError: RevokeErrorView | null;
}

/** What the links list sorts by. */
export type LinkSortField = 'createdAt' | 'validUntil' | 'modelId';

/**
 * Which links a list or a revocation by filter is about. `from`/`to` bound `createdAt`
 * (ISO 8601 dates or instants); `q` searches model names at Matterport (first 100 matches).
 */
export interface LinkListFilter {
  modelId?: string;
  /** Only the links of this connection (issue 26): a list, or "revoke every link of this connection". */
  connection?: string;
  status?: LinkStatusFilter;
  purpose?: LinkPurpose;
  from?: string;
  to?: string;
  q?: string;
}

/** The links list's query: its filters, paging and order. */
export interface LinkListQuery extends LinkListFilter {
  page?: number;
  /** At most 100 (default 25). */
  pageSize?: number;
  /** `field` or `field:asc|desc` (Strapi's own syntax); default createdAt:desc. */
  sort?: LinkSortField | `${LinkSortField}:${'asc' | 'desc'}`;
  /** The older filter: usable (true) or not. */
  active?: boolean;
}

/** Outcome of any revocation that may touch several links (by model, previous credentials, filter). */
export interface RevokeOutcome {
  revoked: LinkListItem[];
  failed: Array<{ link: LinkListItem; error: { code: string; message: string } }>;
  /**
   * Links Matterport revoked (they no longer work) whose ledger row could not be marked revoked
   * (the database refused the write): listed as they stand in the ledger. Every replica stops
   * handing them out when `told` (another table told them); otherwise only the one that answered.
   */
  unrecorded?: Array<{
    link: LinkListItem;
    error: { code: string; message: string };
    told: boolean;
  }>;
}

/**
 * The answer of every bulk revocation: each matched row is in data.revoked, data.failed or
 * data.unrecorded, and meta counts them.
 */
export interface RevokeResponse {
  data: RevokeOutcome;
  meta: { matched: number; revoked: number; failed: number; unrecorded?: number };
  error?: ApiError;
}

/** GET /matterport/links?page&pageSize&sort&modelId&connection&status&purpose&from&to&q&active */
export declare namespace GetLinks {
  export interface Request {
    query?: LinkListQuery;
  }
  export interface Response {
    data: LinkListItem[];
    meta: { pagination: Pagination };
    error?: ApiError;
  }
}

/**
 * POST /matterport/links/revoke { filter }: revokes every usable link the list's filters match
 * (`{}`: every usable link; at most 5,000 per request).
 */
export declare namespace RevokeLinksByFilter {
  export interface Request {
    body: { filter: LinkListFilter & { ids?: number[] } };
  }
  export type Response = RevokeResponse;
}

/**
 * POST /matterport/links/:id/revoke: one link. 404 when there is no such link, 409 when it is
 * revoked already; a revocation Matterport refused answers with the link as it stands.
 */
export declare namespace RevokeLink {
  export interface Request {
    params: { id: number };
    body?: Nothing;
  }
  export interface Response {
    data: LinkView;
    error?: ApiError;
  }
}

/** POST /matterport/models/:modelId/revoke-links: every active link of a model. */
export declare namespace RevokeModelLinks {
  export interface Request {
    params: { modelId: string };
    body?: Nothing;
  }
  export type Response = RevokeResponse;
}

/**
 * POST /matterport/links/revoke-previous-credentials: every active link minted with other
 * credentials than the saved ones, asking Matterport with the saved ones.
 */
export declare namespace RevokePreviousCredentialsLinks {
  export interface Request {
    body?: Nothing;
  }
  export type Response = RevokeResponse;
}

/**
 * POST /matterport/links/revoke-current-credentials: every active link the saved credentials
 * minted, before they are replaced by another client ID's (the only moment Matterport still
 * accepts their revocation).
 */
export declare namespace RevokeCurrentCredentialsLinks {
  export interface Request {
    body?: Nothing;
  }
  export type Response = RevokeResponse;
}
