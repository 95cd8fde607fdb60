import type { EmbedLinkRecord } from '../../api/types';

export type LinkStatus = 'active' | 'revoked' | 'expired';

/**
 * Worked out from the timestamps at `now` rather than read from `active`, so a link
 * whose time runs out while the page is open turns "expired" without a reload.
 */
export const linkStatus = (link: EmbedLinkRecord, now: number): LinkStatus => {
  if (link.revokedAt) return 'revoked';
  return new Date(link.validUntil).getTime() > now ? 'active' : 'expired';
};
