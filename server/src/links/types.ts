import type { EmbedLink } from '../matterport/types';

/** A minted link as this process keeps it (memory and ledger alike). */
export interface CachedLink extends EmbedLink {
  validUntilMs: number;
  lifetimeSeconds: number;
  fingerprint: string;
}

/** Which links a revocation or a listing is about. */
export interface LinkFilter {
  id?: number;
  modelId?: string;
  /** `{ $ne: fp }`: every link minted with credentials other than `fp`. */
  fingerprint?: { $ne: string };
}
