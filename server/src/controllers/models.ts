import axios from 'axios';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { LRUCache } from 'lru-cache';

import type { ModelSummary } from '../matterport/types';
import { PLUGIN_ID } from '../../../common/plugin';
import { MatterportError } from '../../../common/errors';
import { getService } from '../utils/get-service';
import { ModelIdError, parseModelId } from '../../../common/model-id';
import { badRequest, sendMatterportError } from './respond';

/** What the picker gets for a model: never Matterport's internal notes, never its signed image URL. */
const toView = (model: ModelSummary) => ({
  id: model.id,
  name: model.name,
  state: model.state,
  accessVisibility: model.accessVisibility,
  created: model.created,
  modified: model.modified,
  thumbnailUrl: `/${PLUGIN_ID}/models/${model.id}/thumbnail`,
});

const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;

const single = (value: unknown): string | undefined => (Array.isArray(value) ? undefined : (value as string | undefined));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let thumbnails: LRUCache<string, { type: string; body: Buffer }> | undefined;
  const thumbnailCache = () => {
    const ttl = getService('runtime', strapi).config().thumbnailCacheTtlMs;
    thumbnails ??= new LRUCache({ max: 500, maxSize: 64 * 1024 * 1024, sizeCalculation: (v) => v.body.length || 1, ttl: Math.max(ttl, 1) });
    return thumbnails;
  };

  const modelIdParam = (ctx: Context): string | undefined => {
    try {
      return parseModelId(ctx.params.modelId);
    } catch (error) {
      badRequest(ctx, (error as ModelIdError).message, 'modelId');
      return undefined;
    }
  };

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

  return {
    async find(ctx: Context) {
      const query = ctx.query as Record<string, unknown>;
      const search = single(query.search);
      const offset = single(query.offset);
      const rawPageSize = single(query.pageSize);
      const unknown = Object.keys(query).filter((k) => !['search', 'offset', 'pageSize'].includes(k));
      if (unknown.length) return badRequest(ctx, `Unknown parameter(s): ${unknown.join(', ')}. Use search, offset and pageSize.`);
      if (query.search !== undefined && search === undefined) return badRequest(ctx, 'search must be given once.', 'search');
      if (search !== undefined && search.length > 200) return badRequest(ctx, 'search is longer than 200 characters.', 'search');
      if (offset !== undefined && (offset.length > 512 || !/^[\w\-=+/.:]*$/.test(offset))) {
        return badRequest(ctx, 'offset must be the nextOffset of a previous answer.', 'offset');
      }
      let pageSize = 24;
      if (rawPageSize !== undefined) {
        if (!/^\d{1,4}$/.test(rawPageSize) || Number(rawPageSize) < 1 || Number(rawPageSize) > 100) {
          return badRequest(ctx, 'pageSize must be a whole number from 1 to 100.', 'pageSize');
        }
        pageSize = Number(rawPageSize);
      }
      try {
        const page = await getService('matterport', strapi).listModels({ search, offset: offset || undefined, pageSize });
        ctx.body = { data: page.results.map(toView), meta: { nextOffset: page.nextOffset, total: page.total } };
      } catch (error) {
        sendMatterportError(ctx, error);
      }
    },

    async findOne(ctx: Context) {
      const id = modelIdParam(ctx);
      if (!id) return;
      try {
        ctx.body = { data: toView(await getService('matterport', strapi).getModel(id)) };
      } catch (error) {
        sendMatterportError(ctx, error);
      }
    },

    async thumbnail(ctx: Context) {
      const id = modelIdParam(ctx);
      if (!id) return;
      const cache = thumbnailCache();
      let image = cache.get(id);
      if (!image) {
        try {
          const model = await getService('matterport', strapi).getModel(id);
          if (!model.imageUrl) throw new MatterportError('MATTERPORT_NOT_FOUND', 'This model has no thumbnail.');
          if (!isAllowedImageUrl(model.imageUrl)) {
            throw new MatterportError('MATTERPORT_UNAVAILABLE', 'Matterport gave a thumbnail address outside Matterport; it was not fetched.');
          }
          const response = await axios.get<ArrayBuffer>(model.imageUrl, {
            responseType: 'arraybuffer',
            timeout: getService('runtime', strapi).config().requestTimeoutMs,
            maxContentLength: MAX_THUMBNAIL_BYTES,
            maxRedirects: 2,
          });
          const type = String(response.headers['content-type'] ?? '');
          if (!/^image\/(png|jpeg|webp|gif|svg\+xml)\b/.test(type)) {
            throw new MatterportError('MATTERPORT_UNAVAILABLE', 'Matterport answered the thumbnail request with something that is not an image.');
          }
          image = { type, body: Buffer.from(response.data) };
          cache.set(id, image);
        } catch (error) {
          if (axios.isAxiosError(error)) {
            return sendMatterportError(ctx, new MatterportError(error.code === 'ECONNABORTED' ? 'MATTERPORT_TIMEOUT' : 'MATTERPORT_UNAVAILABLE'));
          }
          return sendMatterportError(ctx, error);
        }
      }
      ctx.set('Cache-Control', 'private, max-age=600');
      // SVG thumbnails could carry script: never let them run in the admin's origin.
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.type = image.type;
      ctx.body = image.body;
    },

    async previewLink(ctx: Context) {
      const id = modelIdParam(ctx);
      if (!id) return;
      try {
        const settings = await getService('settings', strapi).refresh();
        if (settings.problem || !settings.fingerprint) throw new MatterportError('MATTERPORT_NOT_CONFIGURED', settings.problem);
        const seconds = getService('runtime', strapi).config().previewValidForSeconds;
        const link = await getService('links', strapi).getLink(id, seconds, settings.fingerprint, 'preview');
        ctx.body = { data: { modelId: id, link: link.link, validUntil: link.validUntil } };
      } catch (error) {
        sendMatterportError(ctx, error);
      }
    },
  };
};
