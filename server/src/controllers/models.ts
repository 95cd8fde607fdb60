import axios from 'axios';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { LRUCache } from 'lru-cache';

import type { ModelSummary } from '../matterport/types';
import type {
  CreatePreviewLink,
  GetModel,
  GetModels,
  ModelView,
} from '../../../common/contracts/models';
import { PLUGIN_ID } from '../../../common/plugin';
import { MatterportError } from '../../../common/errors';
import { getService } from '../utils/get-service';
import { parseModelIdParam, parseModelsQuery } from './validators';

/** What the picker gets for a model: never Matterport's internal notes, never its signed image URL. */
const toView = (model: ModelSummary): ModelView => ({
  id: model.id,
  name: model.name,
  state: model.state,
  accessVisibility: model.accessVisibility,
  created: model.created,
  modified: model.modified,
  thumbnailUrl: `/${PLUGIN_ID}/models/${model.id}/thumbnail`,
});

const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;
const MAX_THUMBNAIL_REDIRECTS = 2;
const RASTER_TYPE = /^image\/(png|jpeg|webp|gif)\s*(;|$)/;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let thumbnails: LRUCache<string, { type: string; body: Buffer }> | undefined;
  const thumbnailCache = () => {
    const ttl = getService('runtime', strapi).config().thumbnailCacheTtlMs;
    thumbnails ??= new LRUCache({
      max: 500,
      maxSize: 64 * 1024 * 1024,
      sizeCalculation: (v) => v.body.length || 1,
      ttl: Math.max(ttl, 1),
    });
    return thumbnails;
  };

  const modelIdParam = (ctx: Context): string => parseModelIdParam(ctx.params.modelId);

  /** Only images from Matterport (or the configured API origin, e.g. the sandbox) are fetched. */
  const isAllowedImageUrl = (url: string): boolean => {
    try {
      const parsed = new URL(url);
      const api = new URL(getService('runtime', strapi).config().apiOrigin);
      if (parsed.origin === api.origin) return true;
      return parsed.protocol === 'https:' && /(^|\.)matterport\.com$/i.test(parsed.hostname);
    } catch {
      return false;
    }
  };

  /**
   * Fetches a thumbnail, following a redirect only when its target passes the same
   * allow-list as the first address (axios would follow it anywhere).
   */
  const fetchImage = async (first: string) => {
    let url = first;
    for (let hop = 0; ; hop += 1) {
      const response = await axios.get<ArrayBuffer>(url, {
        responseType: 'arraybuffer',
        timeout: getService('runtime', strapi).config().requestTimeoutMs,
        maxContentLength: MAX_THUMBNAIL_BYTES,
        maxRedirects: 0,
        headers: { Accept: 'image/png, image/jpeg, image/webp, image/gif' },
        validateStatus: (status) =>
          (status >= 200 && status < 300) || (status >= 300 && status < 400),
      });
      if (response.status < 300) return response;
      const location = response.headers.location as string | undefined;
      if (!location || hop >= MAX_THUMBNAIL_REDIRECTS) {
        throw new MatterportError(
          'MATTERPORT_UNAVAILABLE',
          'The thumbnail redirected too often or without a target; it was not fetched.',
          { operation: 'thumbnail' }
        );
      }
      const next = new URL(location, url).toString();
      if (!isAllowedImageUrl(next)) {
        throw new MatterportError(
          'MATTERPORT_UNAVAILABLE',
          'The thumbnail redirected outside Matterport; it was not followed.',
          { operation: 'thumbnail' }
        );
      }
      url = next;
    }
  };

  return {
    async find(ctx: Context) {
      const { search, offset, pageSize } = parseModelsQuery(ctx.query);
      const page = await getService('matterport', strapi).listModels({
        search,
        offset,
        pageSize,
      });
      // Models the picker sees now are not "not found" any more for delivery.
      getService('matterport', strapi).forgetFailures(page.results.map((m) => m.id));
      ctx.body = {
        data: page.results.map(toView),
        meta: { nextOffset: page.nextOffset, total: page.total },
      } satisfies GetModels.Response;
    },

    async findOne(ctx: Context) {
      const id = modelIdParam(ctx);
      // A picker action asks Matterport again, whatever it answered for this model a moment ago.
      getService('matterport', strapi).forgetFailures([id]);
      ctx.body = {
        data: toView(await getService('matterport', strapi).getModel(id)),
      } satisfies GetModel.Response;
    },

    async thumbnail(ctx: Context) {
      const id = modelIdParam(ctx);
      const cache = thumbnailCache();
      let image = cache.get(id);
      if (!image) {
        try {
          const model = await getService('matterport', strapi).getModel(id);
          if (!model.imageUrl)
            throw new MatterportError('MATTERPORT_NOT_FOUND', 'This model has no thumbnail.');
          if (!isAllowedImageUrl(model.imageUrl)) {
            throw new MatterportError(
              'MATTERPORT_UNAVAILABLE',
              'Matterport gave a thumbnail address outside Matterport; it was not fetched.'
            );
          }
          const response = await fetchImage(model.imageUrl);
          const type = String(response.headers['content-type'] ?? '').toLowerCase();
          // Raster only: an SVG is a document (scripts, external references), not a picture.
          if (!RASTER_TYPE.test(type)) {
            throw new MatterportError(
              'MATTERPORT_UNAVAILABLE',
              'Matterport answered the thumbnail request with something that is not a raster image (PNG, JPEG, WebP or GIF).'
            );
          }
          image = { type, body: Buffer.from(response.data) };
          cache.set(id, image);
        } catch (error) {
          // Nothing of axios's error (the signed image URL) reaches the answer.
          if (!axios.isAxiosError(error)) throw error;
          throw new MatterportError(
            error.code === 'ECONNABORTED' ? 'MATTERPORT_TIMEOUT' : 'MATTERPORT_UNAVAILABLE',
            undefined,
            { operation: 'thumbnail', cause: error }
          );
        }
      }
      ctx.set('Cache-Control', 'private, max-age=600');
      // Defence in depth: raster types only are served, and nothing in them may run.
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.type = image.type;
      ctx.body = image.body;
    },

    async previewLink(ctx: Context) {
      const id = modelIdParam(ctx);
      const settings = await getService('settings', strapi).refresh();
      if (settings.problem || !settings.fingerprint)
        throw new MatterportError('MATTERPORT_NOT_CONFIGURED', settings.problem);
      const seconds = getService('runtime', strapi).config().previewValidForSeconds;
      getService('matterport', strapi).forgetFailures([id]);
      const link = await getService('links', strapi).getLink(
        id,
        seconds,
        settings.fingerprint,
        'preview'
      );
      ctx.body = {
        data: { modelId: id, link: link.link, validUntil: link.validUntil },
      } satisfies CreatePreviewLink.Response;
    },
  };
};
