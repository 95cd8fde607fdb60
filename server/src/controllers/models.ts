import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { LRUCache } from 'lru-cache';

import type { ModelSummary } from '../matterport/types';
import type {
  CreatePreviewLink,
  GetModel,
  GetModels,
  ModelView,
} from '../../../common/contracts/models';
import {
  CONNECTION_ID_RULE,
  DEFAULT_CONNECTION_ID,
  isConnectionId,
} from '../../../common/connection-id';
import { PLUGIN_ID } from '../../../common/plugin';
import { MatterportError } from '../../../common/errors';
import { invalid } from '../errors';
import { getService } from '../utils/get-service';
import { parseModelIdParam, parseModelsQuery } from './validators';

/** What the picker gets for a model: never Matterport's internal notes, never its signed image URL. */
const toView = (model: ModelSummary, connection: string = DEFAULT_CONNECTION_ID): ModelView => ({
  id: model.id,
  name: model.name,
  state: model.state,
  accessVisibility: model.accessVisibility,
  created: model.created,
  modified: model.modified,
  thumbnailUrl:
    connection === DEFAULT_CONNECTION_ID
      ? `/${PLUGIN_ID}/models/${model.id}/thumbnail`
      : `/${PLUGIN_ID}/models/${model.id}/thumbnail?connection=${connection}`,
  connection,
});

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
        data: page.results.map((model) => toView(model)),
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
        // The Matterport layer fetches it behind its guard and answers failures as MatterportErrors
        // (nothing of the signed image URL in them), which answerErrors maps.
        image = await getService('matterport', strapi).thumbnail(id);
        cache.set(id, image);
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
      // The organisation holding the model (issue 26): its credentials mint the link.
      const connection = ctx.query.connection ?? DEFAULT_CONNECTION_ID;
      if (!isConnectionId(connection))
        throw invalid(`connection ${CONNECTION_ID_RULE}.`, 'connection');
      const settingsService = getService('settings', strapi);
      // Read from the database: a preview right after saving credentials uses them.
      await settingsService.refresh();
      const settings = await settingsService.getConnectionSnapshot(connection);
      if (!settings && connection !== DEFAULT_CONNECTION_ID)
        throw new errors.NotFoundError(`There is no Matterport connection "${connection}".`);
      if (!settings || settings.problem || !settings.fingerprint)
        throw new MatterportError('MATTERPORT_NOT_CONFIGURED', settings?.problem);
      const seconds = getService('runtime', strapi).config().previewValidForSeconds;
      getService('matterport', strapi).forgetFailures([id], connection);
      const link = await getService('links', strapi).getLink(
        id,
        seconds,
        settings.fingerprint,
        'preview',
        connection
      );
      ctx.body = {
        data: { modelId: id, link: link.link, validUntil: link.validUntil },
      } satisfies CreatePreviewLink.Response;
    },
  };
};
