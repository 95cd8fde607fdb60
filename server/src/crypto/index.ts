import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** How a secret rests in the database: AES-256-GCM, base64 parts, versioned for later key schemes. */
export interface EncryptedValue {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

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
      'The stored Matterport secret cannot be decrypted: the encryption key changed since it was saved. Enter the client secret again in Settings → Matterport.'
    );
    this.name = 'DecryptionError';
  }
}

/**
 * Encrypts and decrypts short secrets (the client secret, minted tokens) with a key
 * derived from the configured key material; the material itself is never stored.
 */
export const createCipher = (keyMaterial: string | undefined) => {
  const key = keyMaterial ? createHash('sha256').update('strapi-plugin-matterport:v1:').update(keyMaterial).digest() : undefined;

  return {
    available: key !== undefined,

    encrypt(plaintext: string): EncryptedValue {
      if (!key) throw new EncryptionKeyMissingError();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    },

    decrypt(value: EncryptedValue): string {
      if (!key) throw new EncryptionKeyMissingError();
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
        decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new DecryptionError();
      }
    },
  };
};

export type Cipher = ReturnType<typeof createCipher>;

export const isEncryptedValue = (value: unknown): value is EncryptedValue =>
  !!value &&
  typeof value === 'object' &&
  (value as EncryptedValue).v === 1 &&
  typeof (value as EncryptedValue).iv === 'string' &&
  typeof (value as EncryptedValue).tag === 'string' &&
  typeof (value as EncryptedValue).data === 'string';
