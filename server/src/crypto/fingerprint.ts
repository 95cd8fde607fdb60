import { createHash } from 'node:crypto';

import type { Credentials } from '../matterport/types';

/**
 * A short, one-way name for a pair of credentials: cache keys and minted-link rows
 * record which credentials minted them without holding the secret.
 */
export const fingerprintCredentials = ({ clientId, clientSecret }: Credentials): string =>
  createHash('sha256').update(clientId).update('\0').update(clientSecret).digest('base64url').slice(0, 22);
