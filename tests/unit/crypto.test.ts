import { createCipheriv, createHash, randomBytes } from 'node:crypto';

import {
  DecryptionError,
  EncryptionKeyMissingError,
  createCipher,
  isEncryptedValue,
  legacyFingerprint,
  type EncryptedValue,
} from '../../server/src/crypto';

/**
 * Encryption at rest (issue 18): what an attacker with write access to the database but
 * without the key must not achieve, and what an admin rotating the key must still read.
 */
const KEY = 'current-key-0123456789';
const OLD_KEY = 'previous-key-9876543210';
const SECRET = 'client-secret-value-42';

/** A value as version 1 of the plugin wrote it: SHA-256 of a prefix and the key, no AAD, no key id. */
const writeV1 = (material: string, plaintext: string): EncryptedValue => {
  const key = createHash('sha256').update('strapi-plugin-matterport:v1:').update(material).digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
};

describe('encryption at rest', () => {
  test('round trip: what is encrypted for a purpose decrypts to the same text, and the text is not in the value', () => {
    const cipher = createCipher(KEY);
    const value = cipher.encrypt(SECRET, 'settings.secret');
    expect(value.v).toBe(2);
    expect(value.kid).toBe(cipher.kid);
    expect(Buffer.from(value.tag, 'base64')).toHaveLength(16);
    expect(JSON.stringify(value)).not.toContain(SECRET);
    expect(isEncryptedValue(value)).toBe(true);
    expect(cipher.decrypt(value, 'settings.secret')).toBe(SECRET);
  });

  test('two encryptions of the same text differ (fresh IV)', () => {
    const cipher = createCipher(KEY);
    expect(cipher.encrypt(SECRET, 'settings.secret').data).not.toBe(
      cipher.encrypt(SECRET, 'settings.secret').data
    );
  });

  test('a tampered tag or ciphertext is refused', () => {
    const cipher = createCipher(KEY);
    const value = cipher.encrypt(SECRET, 'settings.secret');
    const tag = Buffer.from(value.tag, 'base64');
    tag[0] ^= 0x01;
    expect(() =>
      cipher.decrypt({ ...value, tag: tag.toString('base64') }, 'settings.secret')
    ).toThrow(DecryptionError);
    const data = Buffer.from(value.data, 'base64');
    data[0] ^= 0x01;
    expect(() =>
      cipher.decrypt({ ...value, data: data.toString('base64') }, 'settings.secret')
    ).toThrow(DecryptionError);
  });

  test('a truncated tag is refused (the tag length is pinned to 16 bytes)', () => {
    const cipher = createCipher(KEY);
    const value = cipher.encrypt(SECRET, 'settings.secret');
    const short = Buffer.from(value.tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => cipher.decrypt({ ...value, tag: short }, 'settings.secret')).toThrow(
      DecryptionError
    );
  });

  test('a value encrypted for one purpose cannot be read as another (a ledger token swapped in for the secret)', () => {
    const cipher = createCipher(KEY);
    const token = cipher.encrypt('{"accessToken":"embed"}', 'ledger.token');
    expect(() => cipher.decrypt(token, 'settings.secret')).toThrow(DecryptionError);
    expect(cipher.decrypt(token, 'ledger.token')).toBe('{"accessToken":"embed"}');
  });

  test('a value written with a previous key is read while that key is listed, and re-encrypted with the current one', () => {
    const before = createCipher(OLD_KEY).encrypt(SECRET, 'settings.secret');
    const rotated = createCipher(KEY, [OLD_KEY]);
    expect(rotated.decrypt(before, 'settings.secret')).toBe(SECRET);
    expect(rotated.isStale(before)).toBe(true);
    const after = rotated.reencrypt(before, 'settings.secret');
    expect(after.kid).toBe(rotated.kid);
    expect(after.kid).not.toBe(before.kid);
    expect(rotated.isStale(after)).toBe(false);
    // Once re-encrypted, the old key is no longer needed.
    expect(createCipher(KEY).decrypt(after, 'settings.secret')).toBe(SECRET);
  });

  test('a value written with a key that is neither current nor listed is refused', () => {
    const before = createCipher(OLD_KEY).encrypt(SECRET, 'settings.secret');
    expect(() => createCipher(KEY).decrypt(before, 'settings.secret')).toThrow(DecryptionError);
  });

  test('without a key nothing is encrypted nor decrypted, with a message naming the setting', () => {
    const cipher = createCipher(undefined);
    expect(cipher.available).toBe(false);
    expect(() => cipher.encrypt(SECRET, 'settings.secret')).toThrow(EncryptionKeyMissingError);
    expect(() => cipher.encrypt(SECRET, 'settings.secret')).toThrow(/encryptionKey/);
    expect(() =>
      cipher.decrypt(createCipher(KEY).encrypt(SECRET, 'settings.secret'), 'settings.secret')
    ).toThrow(EncryptionKeyMissingError);
  });

  test('version-1 values stay readable (with the current key or a previous one) and count as stale', () => {
    const cipher = createCipher(KEY, [OLD_KEY]);
    expect(cipher.decrypt(writeV1(KEY, SECRET), 'settings.secret')).toBe(SECRET);
    expect(cipher.decrypt(writeV1(OLD_KEY, SECRET), 'ledger.token')).toBe(SECRET);
    expect(cipher.isStale(writeV1(KEY, SECRET))).toBe(true);
    expect(() =>
      createCipher(KEY).decrypt(writeV1('some-other-key-000000', SECRET), 'settings.secret')
    ).toThrow(DecryptionError);
  });

  test('each version-1 value read is told (the plugin logs a deprecation warning); version 2 is not', () => {
    const told: string[] = [];
    const cipher = createCipher(KEY, [], { onLegacyRead: (purpose) => told.push(purpose) });
    cipher.decrypt(writeV1(KEY, SECRET), 'ledger.token');
    cipher.decrypt(cipher.encrypt(SECRET, 'settings.secret'), 'settings.secret');
    expect(told).toEqual(['ledger.token']);
  });

  test("with legacy 'refuse', version-1 values are refused, whatever key wrote them; version 2 still reads", () => {
    const told: string[] = [];
    const cipher = createCipher(KEY, [OLD_KEY], {
      legacy: 'refuse',
      onLegacyRead: (purpose) => told.push(purpose),
    });
    expect(() => cipher.decrypt(writeV1(KEY, SECRET), 'settings.secret')).toThrow(DecryptionError);
    expect(() => cipher.decrypt(writeV1(OLD_KEY, SECRET), 'ledger.token')).toThrow(DecryptionError);
    expect(told).toEqual([]);
    expect(cipher.decrypt(cipher.encrypt(SECRET, 'settings.secret'), 'settings.secret')).toBe(
      SECRET
    );
  });

  test('the credentials fingerprint is keyed: another key gives another fingerprint, and it is not the bare hash', () => {
    const a = createCipher(KEY).fingerprint('client', SECRET);
    expect(a).not.toBe(createCipher(OLD_KEY).fingerprint('client', SECRET));
    expect(a).not.toBe(legacyFingerprint('client', SECRET));
    expect(a).not.toBe(createCipher(KEY).fingerprint('client', `${SECRET}x`));
    expect(a).toBe(createCipher(KEY).fingerprint('client', SECRET));
  });

  test('the fingerprints of the current credentials include those written under previous keys and by version 1', () => {
    const all = createCipher(KEY, [OLD_KEY]).fingerprints('client', SECRET);
    expect(all).toEqual(
      expect.arrayContaining([
        createCipher(KEY).fingerprint('client', SECRET),
        createCipher(OLD_KEY).fingerprint('client', SECRET),
        legacyFingerprint('client', SECRET),
      ])
    );
    expect(all).not.toContain(createCipher(KEY).fingerprint('other-client', SECRET));
  });
});
