import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The credentials Matterport is given for a callback, and sends back with every event. */
export interface CallbackCredentials {
  credType: 'basic' | 'token';
  credKey: string;
  secret: string;
}

/** New credentials for a registration: a key naming the plugin, 256 random bits of secret. */
export const generateCredentials = (credType: 'basic' | 'token'): CallbackCredentials => ({
  credType,
  // A header name as well as a user name (credType token may travel as a header named credKey).
  credKey: `x-strapi-matterport-${randomBytes(4).toString('hex')}`,
  secret: randomBytes(32).toString('base64url'),
});

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Equal strings, compared in time independent of where they differ (digests: equal lengths). */
const same = (given: string, expected: string): boolean =>
  timingSafeEqual(digest(given), digest(expected));

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Whether a request carries the callback's credentials, in any of the forms Matterport may
 * send them (how `token` credentials travel is undocumented): `Authorization: Basic
 * base64(credKey:secret)`, a header named credKey holding the secret, or `Authorization:
 * Bearer secret`. Every form is compared, in constant time, whatever the earlier ones gave.
 */
export const carriesCredentials = (headers: Headers, expected: CallbackCredentials): boolean => {
  // Never an empty secret or key (a row written by hand, a failed decryption): nothing matches it.
  if (expected.secret.length < 16 || expected.credKey === '') return false;
  const authorization = header(headers, 'authorization') ?? '';
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  const named = header(headers, expected.credKey);
  const decoded = basic === undefined ? '' : Buffer.from(basic, 'base64').toString('utf8');
  // Each comparison runs: no early exit tells a caller which form was closest.
  const results = [
    same(decoded, `${expected.credKey}:${expected.secret}`) && basic !== undefined,
    same(named ?? '', expected.secret) && named !== undefined,
    same(bearer ?? '', expected.secret) && bearer !== undefined,
  ];
  return results.some(Boolean);
};
