import {
  OPEN_VISIBILITIES,
  type AccessMode,
  type AccessVisibility,
  type PmeAvailability,
  type PublicSpacesPolicy,
} from '../../../common/catalogue';
import type { MatterportErrorCode } from '../../../common/errors';

/**
 * How one value reaches its space (issue 28):
 * - `pme`: a Private Model Embed link (minted, in the ledger);
 * - `plain`: the plain Showcase link, nothing minted;
 * - `lookup`: the space's visibility is needed and unknown: read it (once), then decide again;
 * - an error code: delivered as the value's error.
 */
export type AccessRoute = 'pme' | 'plain' | 'lookup' | { error: MatterportErrorCode };

export interface AccessInput {
  /** The field's `access` option. */
  access: AccessMode;
  /** The plugin's `publicSpaces` option. */
  policy: PublicSpacesPolicy;
  /** Whether the value's connection can mint PME links, as last learnt. */
  pme: PmeAvailability;
  /** The space's visibility as the catalogue knows it; null or undefined: unknown. */
  visibility: AccessVisibility | null | undefined;
}

const isOpen = (visibility: AccessVisibility): boolean => OPEN_VISIBILITIES.includes(visibility);

/** A PME link, or what `publicSpaces` says for a public or unlisted space. */
const privateRoute = (
  policy: PublicSpacesPolicy,
  visibility: AccessVisibility | null | undefined
): AccessRoute => {
  // The default asks nothing of the catalogue: delivery as before issue 28.
  if (policy === 'pme') return 'pme';
  if (!visibility) return 'lookup';
  if (!isOpen(visibility)) return 'pme';
  return policy === 'plain' ? 'plain' : { error: 'MATTERPORT_NOT_PRIVATE' };
};

/**
 * The access decision table (README, "What works on which Matterport plan"). Pure: delivery
 * calls it with what it knows, and again after a look-up or a refused mint.
 *
 * - `public`: public and unlisted spaces get the plain link, the others MATTERPORT_NOT_PUBLIC
 *   (`publicSpaces` is about PME links, which this field never asks for);
 * - `private`: PME, or `publicSpaces` for a public or unlisted space; PME availability is not
 *   consulted (a refused mint answers as it always did);
 * - `auto`: as `private` while PME is available or not known to be missing (a refused mint marks
 *   it missing and the value is decided again); without PME, the plain link for public and
 *   unlisted spaces (MATTERPORT_NOT_PRIVATE under `publicSpaces: 'refuse'`), else
 *   MATTERPORT_PME_UNAVAILABLE.
 */
export const decideAccess = ({ access, policy, pme, visibility }: AccessInput): AccessRoute => {
  if (access === 'public') {
    if (!visibility) return 'lookup';
    return isOpen(visibility) ? 'plain' : { error: 'MATTERPORT_NOT_PUBLIC' };
  }
  if (access === 'private' || pme !== 'unavailable') return privateRoute(policy, visibility);
  if (!visibility) return 'lookup';
  if (!isOpen(visibility)) return { error: 'MATTERPORT_PME_UNAVAILABLE' };
  return policy === 'refuse' ? { error: 'MATTERPORT_NOT_PRIVATE' } : 'plain';
};
