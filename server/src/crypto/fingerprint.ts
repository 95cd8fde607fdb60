import { createHash } from 'node:crypto';

import type { Credentials } from '../matterport/types';

/**
 * An in-memory name for a pair of credentials (the account-token cache's key): never
 * stored nor sent. What is stored (ledger rows, lock keys) is the keyed fingerprint of
 * the cipher (crypto/index.ts, `fingerprint`), which cannot be used to test guesses.
 */
export const credentialsIdentity = ({ clientId, clientSecret }: Credentials): string =>
  createHash('sha256').update(clientId).update('\0').update(clientSecret).digest('base64url');
