import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * What a ciphertext is for. It is bound to the ciphertext as GCM additional data, so a
 * value encrypted for one purpose (a ledger token) cannot be swapped in for another (the
 * client secret) by someone who can write the database but does not hold the key.
 */
export type CipherPurpose =
  | 'settings.secret'
  | 'ledger.token'
  // A connection's secret, bound to its id: one connection's ciphertext copied into another's
  // entry does not decrypt (the `default` connection keeps 'settings.secret', as stored before).
  | `connection.secret:${string}`
  // The secret Matterport sends with a connection's model events (issue 28), bound to its id.
  | `model-events.secret:${string}`;

/**
 * Version 1: no key id, no purpose binding. Read until re-encrypted (`legacy: 'read'`, the
 * default, each read told to `onLegacyRead`), refused with `legacy: 'refuse'`.
 */
export interface EncryptedValueV1 {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

/** Version 2: AES-256-GCM with a 16-byte tag, the purpose as additional data, and the id of the key used. */
export interface EncryptedValueV2 {
  v: 2;
  kid: string;
  iv: string;
  tag: string;
  data: string;
}

export type EncryptedValue = EncryptedValueV1 | EncryptedValueV2;

const TAG_LENGTH = 16;
const IV_LENGTH = 12;

export class EncryptionKeyMissingError extends Error {
  constructor() {
    super(
      'No encryption key is set, so the client secret cannot be stored safely. Set "encryptionKey" in the matterport plugin config, or admin.secrets.encryptionKey in config/admin (ENCRYPTION_KEY), then restart Strapi.'
    );
    this.name = 'EncryptionKeyMissingError';
  }
}

export class DecryptionError extends Error {
  constructor() {
    super(
      'The stored Matterport secret cannot be decrypted: the encryption key changed since it was saved. Enter the client secret again in Settings → Matterport, or list the old key in "previousEncryptionKeys".'
    );
    this.name = 'DecryptionError';
  }
}

interface DerivedKey {
  kid: string;
  /** Version-2 encryption key (HKDF of the material). */
  enc: Buffer;
  /** Version-1 key, as version 1 derived it (for reading old values only). */
  legacy: Buffer;
  /** Key of the credentials fingerprint HMAC. */
  mac: Buffer;
  /** Key of the embed references' HMAC (the activation and poster routes' capability). */
  ref: Buffer;
}

const derive = (material: string): DerivedKey => {
  const ikm = Buffer.from(material, 'utf8');
  const salt = Buffer.from('strapi-plugin-matterport', 'utf8');
  const hkdf = (info: string) => Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
  return {
    // Public, short, and one-way: it names the key without revealing anything of it.
    kid: hkdf('kid').subarray(0, 6).toString('base64url'),
    enc: hkdf('aes-256-gcm v2'),
    legacy: createHash('sha256').update('strapi-plugin-matterport:v1:').update(material).digest(),
    mac: hkdf('credentials fingerprint'),
    // Its own key: a ref's MAC is public, and must not be usable as (or to test) anything else.
    ref: hkdf('embed ref v1'),
  };
};

const refMac = (key: Buffer, data: string): string =>
  createHmac('sha256', key).update(data).digest().subarray(0, 16).toString('base64url');

const hmacFingerprint = (mac: Buffer, clientId: string, clientSecret: string): string =>
  createHmac('sha256', mac)
    .update(clientId)
    .update('\0')
    .update(clientSecret)
    .digest('base64url')
    .slice(0, 22);

/** The bare hash earlier versions stored as the fingerprint: only compared against, never written. */
export const legacyFingerprint = (clientId: string, clientSecret: string): string =>
  createHash('sha256')
    .update(clientId)
    .update('\0')
    .update(clientSecret)
    .digest('base64url')
    .slice(0, 22);

const open = (key: Buffer, value: EncryptedValue, aad?: string): string => {
  const iv = Buffer.from(value.iv, 'base64');
  const tag = Buffer.from(value.tag, 'base64');
  // A shorter tag would be accepted by GCM and weaken authentication: only full tags are.
  if (tag.length !== TAG_LENGTH || iv.length !== IV_LENGTH) throw new DecryptionError();
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(Buffer.from(value.data, 'base64')),
    decipher.final(),
  ]).toString('utf8');
};

/**
 * Encrypts and decrypts short secrets (the client secret, minted tokens) with keys
 * derived from the configured key material; the material itself is never stored.
 * Values are written with the current key; values written with a previous key (listed
 * in `previousKeys`) or in version 1 stay readable until they are re-encrypted.
 */
export const createCipher = (
  keyMaterial: string | undefined,
  previousKeys: readonly string[] = [],
  options: {
    /** Version-1 values: read them (until re-encrypt rewrites them), or refuse them. */
    legacy?: LegacyCiphertextPolicy;
    /** Told of each version-1 value read (the plugin logs a deprecation warning). */
    onLegacyRead?: (purpose: CipherPurpose) => void;
  } = {}
) => {
  const legacy = options.legacy ?? 'read';
  const current = keyMaterial ? derive(keyMaterial) : undefined;
  const previous = previousKeys.filter((k) => k && k !== keyMaterial).map(derive);
  const all = current ? [current, ...previous] : previous;

  const cipher = {
    available: current !== undefined,
    /** Id of the current key, or null without one. */
    kid: current?.kid ?? null,

    encrypt(plaintext: string, purpose: CipherPurpose): EncryptedValueV2 {
      if (!current) throw new EncryptionKeyMissingError();
      const iv = randomBytes(IV_LENGTH);
      const c = createCipheriv('aes-256-gcm', current.enc, iv, { authTagLength: TAG_LENGTH });
      c.setAAD(Buffer.from(purpose, 'utf8'));
      const data = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return {
        v: 2,
        kid: current.kid,
        iv: iv.toString('base64'),
        tag: c.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
    },

    decrypt(value: EncryptedValue, purpose: CipherPurpose): string {
      if (!all.length) throw new EncryptionKeyMissingError();
      try {
        if (value.v === 2) {
          const key = all.find((k) => k.kid === value.kid);
          if (!key) throw new DecryptionError();
          return open(key.enc, value, purpose);
        }
        // Version 1 carries no key id and no purpose (a value of one purpose could be swapped
        // in for another): refused once the admin says every value was re-encrypted.
        if (legacy === 'refuse') throw new DecryptionError();
        for (const key of all) {
          let plaintext: string;
          try {
            plaintext = open(key.legacy, value);
          } catch {
            continue;
          }
          options.onLegacyRead?.(purpose);
          return plaintext;
        }
        throw new DecryptionError();
      } catch {
        throw new DecryptionError();
      }
    },

    /**
     * Signs public data (an embed reference): the current key's id and a 128-bit HMAC. Refs
     * signed by a previous key stay valid while that key is listed in previousEncryptionKeys.
     */
    sign(data: string): { kid: string; mac: string } {
      if (!current) throw new EncryptionKeyMissingError();
      return { kid: current.kid, mac: refMac(current.ref, data) };
    },

    /** True when `mac` is the HMAC of `data` under the key named `kid` (current or previous). */
    verify(data: string, kid: string, mac: string): boolean {
      const key = all.find((k) => k.kid === kid);
      if (!key) return false;
      const expected = Buffer.from(refMac(key.ref, data), 'utf8');
      const given = Buffer.from(mac, 'utf8');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },

    /** True when the value was not written by the current scheme and key (re-encrypt it). */
    isStale(value: EncryptedValue): boolean {
      return value.v !== 2 || value.kid !== current?.kid;
    },

    /** Decrypts with whichever key wrote it and encrypts again with the current key. */
    reencrypt(value: EncryptedValue, purpose: CipherPurpose): EncryptedValueV2 {
      return cipher.encrypt(cipher.decrypt(value, purpose), purpose);
    },

    /**
     * A short, one-way name for a pair of credentials, stored in ledger rows and lock keys
     * so they say which credentials minted them without holding the secret. An HMAC keyed by
     * the encryption key: without the key, a leaked row cannot be used to test guesses of
     * the secret. Without a key (nothing can be stored then), it is the bare hash.
     */
    fingerprint(clientId: string, clientSecret: string): string {
      return current
        ? hmacFingerprint(current.mac, clientId, clientSecret)
        : legacyFingerprint(clientId, clientSecret);
    },

    /**
     * Every fingerprint these credentials may carry in rows written earlier: under the
     * current key, each previous key, and the bare hash of version 1. Rows minted by the
     * current credentials are recognised whatever key was current when they were written.
     */
    fingerprints(clientId: string, clientSecret: string): string[] {
      return [
        ...new Set([
          ...all.map((k) => hmacFingerprint(k.mac, clientId, clientSecret)),
          legacyFingerprint(clientId, clientSecret),
        ]),
      ];
    },
  };
  return cipher;
};

export type Cipher = ReturnType<typeof createCipher>;

export const LEGACY_CIPHERTEXT_POLICIES = ['read', 'refuse'] as const;
export type LegacyCiphertextPolicy = (typeof LEGACY_CIPHERTEXT_POLICIES)[number];

export const isEncryptedValue = (value: unknown): value is EncryptedValue => {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const parts = typeof v.iv === 'string' && typeof v.tag === 'string' && typeof v.data === 'string';
  return parts && (v.v === 1 || (v.v === 2 && typeof v.kid === 'string'));
};
