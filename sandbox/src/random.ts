import { randomBytes } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A token shaped like Matterport's (`ut4dp7u0yq1gd15kccp176r5d`: 25 lowercase
 * letters and digits). Rejection sampling keeps every character equally likely.
 */
export function randomToken(length = 25): string {
  // 252 is the largest multiple of 36 below 256: bytes above it would bias the alphabet.
  const limit = 252;
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += LOWER_ALNUM[byte % LOWER_ALNUM.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A client secret shaped like the one in Matterport's docs (64 hex digits). */
export function randomSecret(): string {
  return randomBytes(32).toString('hex');
}
