import type { LinkListItem, LinkStatus } from '../../../../common/contracts/links';

export type { LinkStatus };

/**
 * The status the server gave, except that a link whose time runs out while the page
 * is open turns "expired" without a reload (also one whose revocation failed: it is
 * no longer usable either way).
 */
export const linkStatus = (link: LinkListItem, now: number): LinkStatus => {
  if (link.status === 'revoked' || link.status === 'expired') return link.status;
  return new Date(link.validUntil).getTime() > now ? link.status : 'expired';
};
