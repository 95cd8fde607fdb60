import type { LinkPurpose } from '../../../common/contracts/links';
import type { EmbedLink } from '../matterport/types';

/** A minted link as this process keeps it (memory and ledger alike). */
export interface CachedLink extends EmbedLink {
  validUntilMs: number;
  lifetimeSeconds: number;
  fingerprint: string;
  /**
   * The connection whose credentials minted it (issue 26). The ledger's `connection` column
   * keeps it, null for `default` (rows written before connections have null too, and mean it).
   */
  connection: string;
  /** Why it was minted (recorded in the ledger): content delivery, or an editor's preview. */
  purpose?: LinkPurpose;
}

export type { LinkPurpose };

/** Which links a revocation or a listing is about. */
export interface LinkFilter {
  id?: number | { $in: number[] };
  modelId?: string | { $in: string[] };
  /** `{ $in: fps }`: minted by these credentials; `{ $notIn: fps }`: by any others. */
  fingerprint?: { $ne: string } | { $in: string[] } | { $notIn: string[] };
  /** Further conditions, all of which must hold (one connection's rows: see connectionWhere). */
  $and?: Array<Record<string, unknown>>;
}
