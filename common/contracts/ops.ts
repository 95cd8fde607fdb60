/** Contracts of the operations routes (server/src/controllers/ops.ts): activity and health. */
import type { ModelStateView, PmeAvailability, UsageView } from '../catalogue';
import type { ApiError, Nothing, Pagination } from './shared';

/** One entry of the audit trail. */
export interface AuditEntry {
  id: number;
  action: string;
  /** Display name (entries written before ids were recorded have only this). */
  actor: string;
  /** The admin's id and email: null for the plugin itself and on older entries. */
  actorId?: number | null;
  actorEmail?: string | null;
  at: string;
  details: Record<string, unknown>;
}

/**
 * One connection's part of the health (issue 26): its credentials, breaker and 429 hold are its
 * own, so one organisation failing or throttled shows there and nowhere else.
 */
export interface ConnectionHealthView {
  id: string;
  name: string;
  enabled: boolean;
  configured: boolean;
  /** For admins only (see HealthView.problem). */
  problem: string | null;
  auth: { failing: boolean; lastFailureAt: string | null };
  breaker: { state: 'closed' | 'open'; reason: string | null; openUntil: string | null };
  rateLimitedUntil: string | null;
  /** Failures in the last hour, by error code. */
  failuresLastHour: Record<string, number>;
  lastMintAt: string | null;
  ledger: { rows: number; active: number };
  /** Whether its account has Private Model Embed, as last learnt (issue 28). */
  pme?: PmeAvailability;
}

/** A space used by published content that the privacy guard reports, with those entries (issue 28). */
export interface PrivacySpaceView {
  space: ModelStateView;
  /** Published entries using it (capped); `published` counts them all. */
  entries: UsageView[];
  published: number;
}

/**
 * The privacy guard's lists (issue 28): spaces used by published content that are not private
 * (public, unlisted, password-protected), and those that are gone in Matterport (deleted,
 * archived, transferred), each with the published entries using it.
 */
export interface PrivacyHealthView {
  exposed: PrivacySpaceView[];
  gone: PrivacySpaceView[];
}

/**
 * Whether embeds work, as the replica that answered sees it. The top-level figures are the
 * `default` connection's (as before connections), except cache, mintLatencyMs and ledger,
 * which are the whole plugin's; `connections` has every connection's own.
 */
export interface HealthView {
  connections: ConnectionHealthView[];
  configured: boolean;
  /**
   * Why the plugin is not configured although credentials are stored (the encryption key cannot
   * open the secret), for admins only: content readers are told "not configured" and no more.
   */
  problem?: string | null;
  managedBy: 'admin' | 'config';
  lastTokenAt: string | null;
  lastMintAt: string | null;
  /** Failures in the last hour, by error code. */
  failuresLastHour: Record<string, number>;
  /**
   * Whether Matterport refuses the saved credentials now: failing while their latest
   * MATTERPORT_AUTH_FAILED has not been followed by a success that proves it fixed (a token or
   * a mint; only a mint answers a refused mint). lastFailureAt stays as history.
   */
  auth: { failing: boolean; lastFailureAt: string | null };
  breaker: { state: 'closed' | 'open'; reason: string | null; openUntil: string | null };
  rateLimitedUntil: string | null;
  cache: { size: number; hits: number; misses: number; hitRate: number | null };
  mintLatencyMs: { p50: number | null; p95: number | null; samples: number };
  ledger: { rows: number; active: number };
  /** Issue 28; optional in the type: servers before it have none. */
  privacy?: PrivacyHealthView;
}

/** The audit trail's query: paging and filters. */
export interface AuditListQuery {
  page?: number;
  /** At most 100 (default 25). */
  pageSize?: number;
  action?: string;
  /** Part of the name or email (case-insensitive), or an admin id ("42" or "#42"). */
  actor?: string;
  /** ISO 8601 bounds of `at`. */
  from?: string;
  to?: string;
}

/** GET /matterport/audit?page&pageSize&action&actor&from&to: the audit trail, newest first. */
export declare namespace GetAudit {
  export interface Request {
    query?: AuditListQuery;
  }
  export interface Response {
    data: AuditEntry[];
    meta: { pagination: Pagination };
    error?: ApiError;
  }
}

/** GET /matterport/health (no parameters). */
export declare namespace GetHealth {
  export interface Request {
    query?: Nothing;
  }
  export interface Response {
    data: HealthView;
    error?: ApiError;
  }
}
