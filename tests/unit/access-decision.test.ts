import type {
  AccessMode,
  AccessVisibility,
  PmeAvailability,
  PublicSpacesPolicy,
} from '../../common/catalogue';
import { decideAccess, type AccessRoute } from '../../server/src/privacy/decide';

/*
 * The access decision table of issue 28, written from the words:
 * - `access: public`: a plain Showcase link for public and unlisted spaces, else MATTERPORT_NOT_PUBLIC;
 * - `access: auto`: PME when the connection has it, else the plain link for public and unlisted
 *   spaces, else MATTERPORT_PME_UNAVAILABLE;
 * - `access: private`: PME (today's behaviour);
 * - `publicSpaces` (private and auto fields, spaces known to be public or unlisted): `pme` a PME
 *   link all the same, `plain` the plain link, `refuse` MATTERPORT_NOT_PRIVATE.
 * An unknown visibility that the decision needs asks for a look-up.
 */

const PME: AccessRoute = 'pme';
const PLAIN: AccessRoute = 'plain';
const LOOKUP: AccessRoute = 'lookup';
const NOT_PUBLIC: AccessRoute = { error: 'MATTERPORT_NOT_PUBLIC' };
const NOT_PRIVATE: AccessRoute = { error: 'MATTERPORT_NOT_PRIVATE' };
const NO_PME: AccessRoute = { error: 'MATTERPORT_PME_UNAVAILABLE' };

type Row = [AccessMode, PublicSpacesPolicy, PmeAvailability, AccessVisibility | null, AccessRoute];

const ROWS: Row[] = [
  // access: public — the policy and PME do not matter.
  ['public', 'pme', 'available', 'public', PLAIN],
  ['public', 'pme', 'unavailable', 'unlisted', PLAIN],
  ['public', 'refuse', 'unknown', 'public', PLAIN],
  ['public', 'plain', 'available', 'private', NOT_PUBLIC],
  ['public', 'pme', 'unavailable', 'password', NOT_PUBLIC],
  ['public', 'pme', 'available', null, LOOKUP],

  // access: private, publicSpaces pme (the default): PME whatever is known, nothing read.
  ['private', 'pme', 'available', 'public', PME],
  ['private', 'pme', 'unavailable', 'private', PME],
  ['private', 'pme', 'unknown', null, PME],
  // access: private, publicSpaces plain.
  ['private', 'plain', 'available', 'public', PLAIN],
  ['private', 'plain', 'available', 'unlisted', PLAIN],
  ['private', 'plain', 'available', 'private', PME],
  ['private', 'plain', 'available', 'password', PME],
  ['private', 'plain', 'available', null, LOOKUP],
  // access: private, publicSpaces refuse.
  ['private', 'refuse', 'available', 'public', NOT_PRIVATE],
  ['private', 'refuse', 'available', 'unlisted', NOT_PRIVATE],
  ['private', 'refuse', 'available', 'private', PME],
  ['private', 'refuse', 'unknown', null, LOOKUP],

  // access: auto with PME (or not known to lack it): as private.
  ['auto', 'pme', 'available', 'public', PME],
  ['auto', 'pme', 'available', 'private', PME],
  ['auto', 'pme', 'unknown', null, PME],
  ['auto', 'plain', 'available', 'public', PLAIN],
  ['auto', 'refuse', 'unknown', 'unlisted', NOT_PRIVATE],
  ['auto', 'plain', 'unknown', null, LOOKUP],
  // access: auto without PME.
  ['auto', 'pme', 'unavailable', 'public', PLAIN],
  ['auto', 'pme', 'unavailable', 'unlisted', PLAIN],
  ['auto', 'plain', 'unavailable', 'public', PLAIN],
  ['auto', 'pme', 'unavailable', 'private', NO_PME],
  ['auto', 'pme', 'unavailable', 'password', NO_PME],
  ['auto', 'refuse', 'unavailable', 'public', NOT_PRIVATE],
  ['auto', 'refuse', 'unavailable', 'private', NO_PME],
  ['auto', 'pme', 'unavailable', null, LOOKUP],
];

describe('decideAccess', () => {
  test.each(ROWS)(
    'access %s, publicSpaces %s, PME %s, visibility %s',
    (access, policy, pme, visibility, expected) => {
      expect(decideAccess({ access, policy, pme, visibility })).toEqual(expected);
    }
  );
});
