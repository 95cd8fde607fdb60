/**
 * Embed references: the opaque, signed capability in `activate.url` and `poster.url` of a
 * delivered value (issue 27). A ref names one place where a space is published (the entry:
 * type, document and locale; the attribute path inside it; the model) and nothing else. It
 * grants nothing by itself: the routes check at each use that the entry is still published
 * and still holds that model at that path, so unpublishing, deleting or changing the space
 * kills every ref to it with no list to keep. It never expires on its own (a static page
 * built once keeps working), and it dies with the key that signed it (drop the key from
 * `previousEncryptionKeys`).
 *
 * Form: `<payload>.<kid>.<mac>`, all base64url: the payload is the JSON array
 * `[1, uid, documentId, locale, path, modelId]`, `kid` names the key (derived from the
 * encryption key, as for ciphertexts) and `mac` is a 128-bit HMAC of the payload under the
 * ref key derived from it (its own HKDF label: a ref's MAC is public and must be usable for
 * nothing else).
 */
import { isModelId } from '../../../common/model-id';
import type { Cipher } from '../crypto';

/** The one place a ref points at. */
export interface EmbedTarget {
  /** Content type uid (`api::space.space`), never a component. */
  uid: string;
  documentId: string;
  /** The entry's locale, or null for a type without i18n. */
  locale: string | null;
  /**
   * Attribute keys from the entry to the Matterport field, joined with `.`, without list
   * indexes (`space`, `tour.space`, `blocks.space` for any component of a dynamic zone): the
   * model is looked for in every value along that path, so reordering a list keeps refs alive.
   */
  path: string;
  modelId: string;
}

const VERSION = 1;
/** Longer refs are refused before any decoding: they were not made here. */
export const MAX_REF_LENGTH = 1024;
const PART = /^[A-Za-z0-9_-]+$/;

type Signer = Pick<Cipher, 'sign' | 'verify'>;

export const encodeRef = (target: EmbedTarget, signer: Signer): string => {
  const payload = Buffer.from(
    JSON.stringify([
      VERSION,
      target.uid,
      target.documentId,
      target.locale,
      target.path,
      target.modelId,
    ]),
    'utf8'
  ).toString('base64url');
  const { kid, mac } = signer.sign(payload);
  return `${payload}.${kid}.${mac}`;
};

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * The target of a ref this Strapi signed (with its current or a listed previous key), or
 * null for anything else: malformed, tampered, signed elsewhere or by a dropped key. The MAC
 * is checked before the payload is parsed, so nothing of a forged ref is ever read.
 */
export const decodeRef = (ref: unknown, signer: Signer): EmbedTarget | null => {
  if (typeof ref !== 'string' || ref.length > MAX_REF_LENGTH) return null;
  const parts = ref.split('.');
  if (parts.length !== 3 || !parts.every((p) => PART.test(p))) return null;
  const [payload, kid, mac] = parts;
  if (!signer.verify(payload, kid, mac)) return null;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(data) || data.length !== 6 || data[0] !== VERSION) return null;
  const [, uid, documentId, locale, path, modelId] = data as unknown[];
  if (
    !isText(uid, 200) ||
    !isText(documentId, 100) ||
    !(locale === null || isText(locale, 50)) ||
    !isText(path, 500) ||
    typeof modelId !== 'string' ||
    !isModelId(modelId)
  )
    return null;
  return { uid, documentId, locale, path, modelId };
};
