import { SEED_MODELS } from '../../sandbox/src';
import { createCipher } from '../../server/src/crypto';
import { encodeRef, type EmbedTarget } from '../../server/src/embeds/ref';
import { request } from './http';

/**
 * Embed refs for the activation and poster routes (issue 27), made in the test with the
 * same derivation as the server (its encryption key, set in the test's plugin config): a
 * test needs no delivered value to get one, and can sign with any other key.
 */
export const ACTIVATION_KEY = 'activation-test-encryption-key-0123456789';

export const refFor = (target: EmbedTarget, key = ACTIVATION_KEY): string =>
  encodeRef(target, createCipher(key));

export const spaceRef = (documentId: string, modelId: string, path = 'tour', key?: string) =>
  refFor({ uid: 'api::space.space', documentId, locale: null, path, modelId }, key);

export interface ActivationBody {
  data: { modelId: string; link: string; accessToken: string; validUntil: string } | null;
  error?: { status: number; name: string; message: string; details: { code?: string } };
}

export const activate = (base: string, ref: string, headers?: Record<string, string>) =>
  request<ActivationBody>('GET', `${base}/api/matterport/embeds/${ref}`, { headers });

export const poster = (base: string, ref: string, headers?: Record<string, string>) =>
  fetch(`${base}/api/matterport/posters/${ref}`, { headers });

/** Active sandbox models, handed out once each, so every test starts with a cold link. */
export const modelPool = (exclude: readonly string[] = []) => {
  const unused = SEED_MODELS.filter(
    (m) => m.state === 'active' && !m.demo && !exclude.includes(m.id)
  ).map((m) => m.id);
  return (): string => {
    const next = unused.shift();
    if (!next) throw new Error('The sandbox has no more unused models for this file.');
    return next;
  };
};
