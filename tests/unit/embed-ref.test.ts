import { createCipher } from '../../server/src/crypto';
import { decodeRef, encodeRef, type EmbedTarget } from '../../server/src/embeds/ref';

/**
 * The activation ref is a capability printed in public HTML (issue 27): only a ref this
 * Strapi signed, with its current key or a key it still lists, may name a target; anything
 * else (edited, re-signed elsewhere, truncated, oversized) names nothing.
 */
const KEY = 'unit-test-key-aaaaaaaaaaaaaaaa';
const OTHER_KEY = 'another-strapi-key-bbbbbbbbbbbb';
const target: EmbedTarget = {
  uid: 'api::space.space',
  documentId: 'k3v9c2m1q8w7e6r5t4y3u2i1',
  locale: 'fr',
  path: 'rooms.model',
  modelId: 'SxQL3iGyoDo',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('embed refs', () => {
  const cipher = createCipher(KEY);

  it('round-trips every part of the target, a null locale included', () => {
    expect(decodeRef(encodeRef(target, cipher), cipher)).toEqual(target);
    const plain = { ...target, locale: null };
    expect(decodeRef(encodeRef(plain, cipher), cipher)).toEqual(plain);
  });

  it('has three base64url parts and carries nothing a URL would need to escape', () => {
    expect(encodeRef(target, cipher)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuses a ref whose payload names another target under the original MAC', () => {
    const [, kid, mac] = encodeRef(target, cipher).split('.');
    const forged = b64([
      1,
      'api::space.space',
      target.documentId,
      'fr',
      'rooms.model',
      'Zx9Pw4Ks7Lb',
    ]);
    expect(decodeRef(`${forged}.${kid}.${mac}`, cipher)).toBeNull();
  });

  it('refuses a ref whose MAC was changed by one character', () => {
    const ref = encodeRef(target, cipher);
    const last = ref.at(-1) === 'A' ? 'B' : 'A';
    expect(decodeRef(`${ref.slice(0, -1)}${last}`, cipher)).toBeNull();
  });

  it("refuses another Strapi's ref (another key), even with this Strapi's key id", () => {
    const other = createCipher(OTHER_KEY);
    const ref = encodeRef(target, other);
    expect(decodeRef(ref, cipher)).toBeNull();
    const [payload, , mac] = ref.split('.');
    expect(decodeRef(`${payload}.${cipher.kid}.${mac}`, cipher)).toBeNull();
  });

  it('keeps refs signed by a previous key while it is listed, and drops them when it is not', () => {
    const before = createCipher(OTHER_KEY);
    const ref = encodeRef(target, before);
    expect(decodeRef(ref, createCipher(KEY, [OTHER_KEY]))).toEqual(target);
    expect(decodeRef(ref, createCipher(KEY, []))).toBeNull();
  });

  it('signs with the current key after a rotation', () => {
    const rotated = createCipher(KEY, [OTHER_KEY]);
    const [, kid] = encodeRef(target, rotated).split('.');
    expect(kid).toBe(createCipher(KEY).kid);
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['characters outside base64url', 'a+b.c/d.e=f'],
    ['over 1,024 characters', `${'a'.repeat(1100)}.b.c`],
  ])('names nothing for a malformed ref: %s', (_name, ref) => {
    expect(decodeRef(ref, cipher)).toBeNull();
  });

  it.each([
    ['another version', [2, target.uid, target.documentId, null, target.path, target.modelId]],
    ['a model ID that is not one', [1, target.uid, target.documentId, null, target.path, 'x']],
    ['a missing part', [1, target.uid, target.documentId, null, target.path]],
    ['a number as document', [1, target.uid, 7, null, target.path, target.modelId]],
    ['not an array', { uid: target.uid }],
  ])('names nothing for a correctly signed payload of the wrong shape: %s', (_name, payload) => {
    const data = b64(payload);
    const { kid, mac } = cipher.sign(data);
    expect(decodeRef(`${data}.${kid}.${mac}`, cipher)).toBeNull();
  });

  it('cannot sign without an encryption key, and verifies nothing', () => {
    const none = createCipher(undefined);
    expect(() => encodeRef(target, none)).toThrow(/encryption key/i);
    expect(decodeRef(encodeRef(target, cipher), none)).toBeNull();
  });
});
