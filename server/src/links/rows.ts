import type {
  LinkListItem,
  LinkSortField,
  LinkStatus,
  LinkStatusFilter,
  LinkView,
  RevokeErrorView,
} from '../../../common/contracts/links';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import type { EncryptedValue } from '../crypto';
import type { LinkPurpose } from './types';

/** A row of the ledger as the database returns it. */
export interface LinkRow {
  id: number;
  documentId?: string;
  modelId: string;
  secret: EncryptedValue | null;
  tokenHint: string | null;
  lifetime: number;
  validUntil: string | Date;
  fingerprint: string;
  /** Client ID that minted the token (null on rows written before it was recorded). */
  clientId?: string | null;
  /** The connection that minted it (null: `default`, and every row written before connections). */
  connection?: string | null;
  revokedAt: string | Date | null;
  /** Display name of who revoked it; the id and email beside it (null on older rows and the plugin's own). */
  revokedBy: string | null;
  revokedById?: number | null;
  revokedByEmail?: string | null;
  /** The last revocation that was tried and failed: the link is still usable. */
  revokeError?: RevokeErrorView | null;
  /** When that failure was recorded (indexed: other replicas poll it to stop handing the link out). */
  revokeFailedAt?: string | Date | null;
  createdAt: string | Date;
  purpose?: LinkPurpose | null;
}

/** What the paged links API filters and sorts by (validated by the controller). */
export interface LinkQuery {
  ids?: number[];
  modelIds?: string[];
  /** One connection's links (`default`: also the rows written before connections, whose column is null). */
  connection?: string;
  status?: LinkStatusFilter;
  purpose?: LinkPurpose;
  /** createdAt range, inclusive. */
  from?: Date;
  to?: Date;
  /** The older filter: usable (not revoked, not expired) or not. */
  active?: boolean;
}

export type { LinkSortField };

const iso = (d: string | Date) => new Date(d).toISOString();

export const toView = (row: LinkRow): LinkView => ({
  id: row.id,
  modelId: row.modelId,
  connection: row.connection ?? DEFAULT_CONNECTION_ID,
  validUntil: iso(row.validUntil),
  createdAt: iso(row.createdAt),
  revokedAt: row.revokedAt ? iso(row.revokedAt) : null,
  revokedBy: row.revokedBy ?? null,
  revokedById: row.revokedById ?? null,
  revokedByEmail: row.revokedByEmail ?? null,
  tokenHint: row.tokenHint,
  lifetime: row.lifetime,
  active: !row.revokedAt && new Date(row.validUntil).getTime() > Date.now(),
  revokeError: row.revokeError ?? null,
});

const toRevokeError = (value: unknown): RevokeErrorView | null => {
  if (!value || typeof value !== 'object') return null;
  const { code, message, at } = value as Record<string, unknown>;
  if (typeof code !== 'string') return null;
  return {
    code,
    message: typeof message === 'string' ? message : '',
    at: typeof at === 'string' ? at : at instanceof Date ? at.toISOString() : '',
  };
};

export const statusOf = (row: LinkRow, now = Date.now()): LinkStatus => {
  if (row.revokedAt) return 'revoked';
  const expired = new Date(row.validUntil).getTime() <= now;
  if (expired) return 'expired';
  return toRevokeError(row.revokeError) ? 'failed' : 'active';
};

export const toListItem = (row: LinkRow): LinkListItem => ({
  ...toView(row),
  status: statusOf(row),
  purpose: row.purpose === 'preview' ? 'preview' : 'delivery',
  revokeError: toRevokeError(row.revokeError),
});
