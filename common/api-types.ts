/**
 * Shapes the admin API answers with, shared by the server (which builds them) and the
 * admin panel (which reads them). Type-only and import-free, so the admin bundle can
 * import it without pulling any server code.
 */

/**
 * Who did something: an admin's id and email (what identifies them: an admin can rename
 * themselves to another admin's name, not take their id or email) and the display name they
 * had then (truncated). The plugin itself ("system", "revokeOnUnpublish") has no id or email;
 * rows written before ids were recorded have only the name.
 */
export interface ActorView {
  id: number | null;
  email: string | null;
  name: string;
}

/** What GET /matterport/settings answers: never the secret. */
export interface SettingsView {
  clientId: string | null;
  hasSecret: boolean;
  secretHint: string | null;
  secretUpdatedAt: string | null;
  /** Display name of the admin who saved the secret (older settings: all there is). */
  secretUpdatedBy: string | null;
  /** That admin's id and email (null on settings saved before they were recorded). */
  secretUpdatedById?: number | null;
  secretUpdatedByEmail?: string | null;
  defaultValidFor: string;
  managedBy: 'admin' | 'config';
  encryptionAvailable: boolean;
}

/** What the admin sees of a minted link: never the token. */
export interface LinkView {
  id: number;
  modelId: string;
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

/*
 * Contracts of the admin API added for operations (issues 18 and 20). Fields marked
 * "(planned)" may not be filled by every server version yet; the admin shows them when present.
 */

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

export interface Pagination {
  page: number;
  pageSize: number;
  /** How many rows match; when totalExact is false, a lower bound (there are more). */
  total: number;
  /** Pages in `total` (a lower bound too when totalExact is false). */
  pageCount: number;
  /**
   * false: the server stopped counting at `total` and more rows match (the links list counts
   * at most 10,000). The links list always says; lists that always count exactly leave it out.
   */
  totalExact?: boolean;
}

/** GET /matterport/links?page&pageSize&sort&modelId&status&purpose&from&to&q */
export interface LinkListResponse {
  data: LinkListItem[];
  meta: { pagination: Pagination };
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

export interface RevokeResponse {
  data: RevokeOutcome;
  meta: { matched: number; revoked: number; failed: number; unrecorded?: number };
}

/** GET /matterport/audit entries. */
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

export interface AuditListResponse {
  data: AuditEntry[];
  meta: { pagination: Pagination };
}

/** GET /matterport/health */
export interface HealthView {
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
}
