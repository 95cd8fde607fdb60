import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { LRUCache } from 'lru-cache';

import type { ModelSummary } from '../matterport/types';
import type {
  CreatePreviewLink,
  GetModel,
  GetModelState,
  GetModels,
  GetModelUsage,
  GetModelViews,
  GetPickableConnections,
  LocateModel,
  ModelView,
} from '../../../common/contracts/models';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { PLUGIN_ID } from '../../../common/plugin';
import { MatterportError } from '../../../common/errors';
import {
  pickableConnections,
  toPickable,
  usableConnection,
  type RoleHolder,
} from '../connections/access';
import { fieldConnections } from '../connections/field';
import { getService } from '../utils/get-service';
import {
  parseConnectionQuery,
  parseFieldQuery,
  parseModelIdParam,
  parseModelsQuery,
  parseUsageQuery,
} from './validators';

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
  const userOf = (ctx: Context): RoleHolder | undefined => ctx.state.user as RoleHolder | undefined;

  return {
    async find(ctx: Context) {
      const { connection, search, offset, pageSize } = parseModelsQuery(ctx.query);
      await usableConnection(strapi, userOf(ctx), connection);
      const page = await getService('matterport', strapi).listModels(
        { search, offset, pageSize },
        connection
      );
      // Models the picker sees now are not "not found" any more for delivery.
      getService('matterport', strapi).forgetFailures(
        page.results.map((m) => m.id),
        connection
      );
      // Issue 28: what the picker sees is what the privacy guard knows.
      getService('privacy', strapi).seenInBackground(connection, page.results);
      ctx.body = {
        data: page.results.map((model) => toView(model, connection)),
        meta: { nextOffset: page.nextOffset, total: page.total },
      } satisfies GetModels.Response;
    },

    async findOne(ctx: Context) {
      const id = modelIdParam(ctx);
      const connection = parseConnectionQuery(ctx.query);
      await usableConnection(strapi, userOf(ctx), connection);
      // A picker action asks Matterport again, whatever it answered for this model a moment ago.
      getService('matterport', strapi).forgetFailures([id], connection);
      const model = await getService('matterport', strapi).getModel(id, connection);
      getService('privacy', strapi).seenInBackground(connection, [model]);
      ctx.body = { data: toView(model, connection) } satisfies GetModel.Response;
    },

    /** What the plugin knows of a space (the field's privacy warning), from the catalogue. */
    async state(ctx: Context) {
      const id = modelIdParam(ctx);
      const connection = parseConnectionQuery(ctx.query);
      await usableConnection(strapi, userOf(ctx), connection);
      const known = await getService('catalogue', strapi).get(connection, id);
      if (!known)
        throw new errors.NotFoundError(`Nothing is known yet of space ${id} of "${connection}".`);
      ctx.body = { data: known } satisfies GetModelState.Response;
    },

    /**
     * Where a space is used (issue 28). A connection that no longer exists is still answered
     * (content may name it); one the admin's roles may not use is refused (403).
     */
    async usage(ctx: Context) {
      const id = modelIdParam(ctx);
      const { connection, status, limit } = parseUsageQuery(ctx.query);
      const known = (await getService('settings', strapi).listConnections()).some(
        (c) => c.id === connection
      );
      if (known) await usableConnection(strapi, userOf(ctx), connection);
      ctx.body = {
        data: await getService('usage', strapi).forModel(connection, id, { status, limit }),
      } satisfies GetModelUsage.Response;
    },

    /** The space's Views (issue 28), for the picker to choose one. */
    async views(ctx: Context) {
      const id = modelIdParam(ctx);
      const connection = parseConnectionQuery(ctx.query);
      await usableConnection(strapi, userOf(ctx), connection);
      ctx.body = {
        data: await getService('views', strapi).list(id, connection),
      } satisfies GetModelViews.Response;
    },

    async thumbnail(ctx: Context) {
      const id = modelIdParam(ctx);
      const connection = parseConnectionQuery(ctx.query);
      await usableConnection(strapi, userOf(ctx), connection);
      const cache = thumbnailCache();
      // Per connection: an admin allowed one organisation never gets another's image from here.
      const key = `${connection}:${id}`;
      let image = cache.get(key);
      if (!image) {
        // The Matterport layer fetches it behind its guard and answers failures as MatterportErrors
        // (nothing of the signed image URL in them), which answerErrors maps.
        image = await getService('matterport', strapi).thumbnail(id, connection);
        cache.set(key, image);
      }
      ctx.set('Cache-Control', 'private, max-age=600');
      // Defence in depth: raster types only are served, and nothing in them may run.
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.type = image.type;
      ctx.body = image.body;
    },

    /** The connections the picker offers this admin (for this field, when named). */
    async pickableConnections(ctx: Context) {
      const field = parseFieldQuery(ctx.query);
      const allowed = field ? fieldConnections(strapi, field.uid, field.field) : undefined;
      const views = await pickableConnections(strapi, userOf(ctx), allowed);
      ctx.body = { data: views.map(toPickable) } satisfies GetPickableConnections.Response;
    },

    /**
     * Which pickable connections hold a model (a pasted Showcase URL): each is asked at once.
     * Not found is an answer (not a holder); any other failure leaves that connection unknown.
     */
    async locate(ctx: Context) {
      const id = modelIdParam(ctx);
      const field = parseFieldQuery(ctx.query);
      const allowed = field ? fieldConnections(strapi, field.uid, field.field) : undefined;
      const views = await pickableConnections(strapi, userOf(ctx), allowed);
      const matterport = getService('matterport', strapi);
      const answers = await Promise.allSettled(
        views.map((view) => {
          matterport.forgetFailures([id], view.id);
          return matterport.getModel(id, view.id);
        })
      );
      const data: LocateModel.Response['data'] = { holders: [], unknown: [] };
      answers.forEach((answer, i) => {
        const pickable = toPickable(views[i]);
        if (answer.status === 'fulfilled') {
          data.holders.push({ ...pickable, model: toView(answer.value, pickable.id) });
          return;
        }
        const error: unknown = answer.reason;
        if (error instanceof MatterportError && error.code === 'MATTERPORT_NOT_FOUND') return;
        data.unknown.push({
          ...pickable,
          code: error instanceof MatterportError ? error.code : 'INTERNAL_ERROR',
        });
        if (!(error instanceof MatterportError))
          strapi.log.warn(
            `[matterport] locating ${id} in connection "${pickable.id}" failed: ${(error as Error)?.message}`
          );
      });
      ctx.body = { data } satisfies LocateModel.Response;
    },

    async previewLink(ctx: Context) {
      const id = modelIdParam(ctx);
      // The organisation holding the model (issue 26): its credentials mint the link.
      const connection = parseConnectionQuery(ctx.query);
      // The admin's roles must allow the connection, as for browsing its spaces.
      await usableConnection(strapi, userOf(ctx), connection);
      const settingsService = getService('settings', strapi);
      // Read from the database: a preview right after saving credentials uses them.
      await settingsService.refresh();
      const settings = await settingsService.getConnectionSnapshot(connection);
      if (!settings && connection !== DEFAULT_CONNECTION_ID)
        throw new errors.NotFoundError(`There is no Matterport connection "${connection}".`);
      if (!settings || settings.problem || !settings.fingerprint)
        throw new MatterportError('MATTERPORT_NOT_CONFIGURED', settings?.problem);
      // A space Matterport said is gone (model events, issue 28): no preview is minted.
      if (getService('catalogue', strapi).isGone(connection, id))
        throw new MatterportError('MATTERPORT_MODEL_GONE');
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
