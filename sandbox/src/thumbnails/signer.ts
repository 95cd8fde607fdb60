import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type PhotoResolution = 'thumbnail' | 'preview' | 'web' | 'full';

export const PHOTO_RESOLUTIONS: readonly PhotoResolution[] = [
  'thumbnail',
  'preview',
  'web',
  'full',
];

export type SignatureCheck = 'ok' | 'expired' | 'bad-signature';

/**
 * Signs thumbnail URLs the way a CDN signs Matterport's: they expire, and any
 * change to the model, size or expiry breaks the signature. The key lives and
 * dies with the sandbox, so URLs never outlive it.
 */
export class ThumbnailSigner {
  private readonly key = randomBytes(32);

  url(
    origin: string,
    modelId: string,
    resolution: PhotoResolution,
    ttlSeconds: number,
    now = Date.now()
  ): string {
    const expires = Math.floor(now / 1000) + ttlSeconds;
    return this.urlExpiringAt(origin, modelId, resolution, expires);
  }

  /** For tests that need a URL which has already expired. */
  urlExpiringAt(
    origin: string,
    modelId: string,
    resolution: PhotoResolution,
    expiresUnix: number
  ): string {
    const params = new URLSearchParams({
      resolution,
      expires: String(expiresUnix),
      sig: this.sign(modelId, resolution, expiresUnix),
    });
    return `${origin}/thumbnails/${encodeURIComponent(modelId)}.svg?${params.toString()}`;
  }

  check(
    modelId: string,
    resolution: string,
    expires: string,
    sig: string,
    now = Date.now()
  ): SignatureCheck {
    if (!/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return 'bad-signature';
    const expected = Buffer.from(this.sign(modelId, resolution, Number(expires)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'bad-signature';
    return Number(expires) * 1000 > now ? 'ok' : 'expired';
  }

  private sign(modelId: string, resolution: string, expiresUnix: number): string {
    return createHmac('sha256', this.key)
      .update(`${modelId}\n${resolution}\n${expiresUnix}`)
      .digest('hex');
  }
}
