import type { EmbedLink } from '../matterport/types';

/** A minted link as this process keeps it (memory and ledger alike). */
export interface CachedLink extends EmbedLink {
  validUntilMs: number;
  lifetimeSeconds: number;
  fingerprint: string;
  /** Why it was minted (recorded in the ledger): content delivery, or an editor's preview. */
  purpose?: LinkPurpose;
}

export type LinkPurpose = 'delivery' | 'preview';

/** Which links a revocation or a listing is about. */
export interface LinkFilter {
  /** One link, or several (revocation by filter resolves the filter to ids first). */
  id?: number | { $in: number[] };
  modelId?: string;
  /** `{ $ne: fp }`: every link minted with credentials other than `fp`. */
  fingerprint?: { $ne: string };
}
