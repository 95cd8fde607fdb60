import axios, { type AxiosInstance } from 'axios';

import { MatterportError } from '../../../common/errors';
import { isTimeout, loggedCall } from './http';
import type { Logger } from './types';

export interface Thumbnail {
  type: string;
  body: Buffer;
}

const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;
const MAX_THUMBNAIL_REDIRECTS = 2;
const RASTER_TYPE = /^image\/(png|jpeg|webp|gif)\s*(;|$)/;

/** Only images from Matterport (or the configured API origin, e.g. the sandbox) are fetched. */
const isAllowedImageUrl = (url: string, apiOrigin: string): boolean => {
  try {
    const parsed = new URL(url);
    const api = new URL(apiOrigin);
    if (parsed.origin === api.origin) return true;
    return parsed.protocol === 'https:' && /(^|\.)matterport\.com$/i.test(parsed.hostname);
  } catch {
    return false;
  }
};

/**
 * Fetches a model's thumbnail through the client's HTTP layer (never with its token), following
 * a redirect only when its target passes the same allow-list as the first address (axios would
 * follow it anywhere), and keeps raster images only: an SVG is a document (scripts, external
 * references), not a picture.
 */
export const fetchThumbnail = async (
  http: AxiosInstance,
  logger: Logger,
  imageUrl: string,
  options: { apiOrigin: string; requestTimeoutMs: number }
): Promise<Thumbnail> => {
  if (!isAllowedImageUrl(imageUrl, options.apiOrigin)) {
    throw new MatterportError(
      'MATTERPORT_UNAVAILABLE',
      'Matterport gave a thumbnail address outside Matterport; it was not fetched.'
    );
  }
  let url = imageUrl;
  try {
    for (let hop = 0; ; hop += 1) {
      const response = await loggedCall<ArrayBuffer>(
        http,
        logger,
        { operation: 'thumbnail' },
        {
          method: 'get',
          url,
          responseType: 'arraybuffer',
          timeout: options.requestTimeoutMs,
          maxContentLength: MAX_THUMBNAIL_BYTES,
          maxRedirects: 0,
          headers: { Accept: 'image/png, image/jpeg, image/webp, image/gif' },
          validateStatus: (status) =>
            (status >= 200 && status < 300) || (status >= 300 && status < 400),
          // One try: a picker's picture is not worth the retry budget of a delivery.
          'axios-retry': { retries: 0 },
        }
      );
      if (response.status < 300) {
        const type = String(response.headers['content-type'] ?? '').toLowerCase();
        if (!RASTER_TYPE.test(type)) {
          throw new MatterportError(
            'MATTERPORT_UNAVAILABLE',
            'Matterport answered the thumbnail request with something that is not a raster image (PNG, JPEG, WebP or GIF).'
          );
        }
        return { type, body: Buffer.from(response.data) };
      }
      const location = response.headers.location as string | undefined;
      if (!location || hop >= MAX_THUMBNAIL_REDIRECTS) {
        throw new MatterportError(
          'MATTERPORT_UNAVAILABLE',
          'The thumbnail redirected too often or without a target; it was not fetched.',
          { operation: 'thumbnail' }
        );
      }
      const next = new URL(location, url).toString();
      if (!isAllowedImageUrl(next, options.apiOrigin)) {
        throw new MatterportError(
          'MATTERPORT_UNAVAILABLE',
          'The thumbnail redirected outside Matterport; it was not followed.',
          { operation: 'thumbnail' }
        );
      }
      url = next;
    }
  } catch (error) {
    if (axios.isAxiosError(error))
      throw new MatterportError(isTimeout(error) ? 'MATTERPORT_TIMEOUT' : 'MATTERPORT_UNAVAILABLE');
    throw error;
  }
};
