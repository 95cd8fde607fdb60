import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type { LinkListItem, LinkListResponse, RevokeResponse } from '../../../common/api-types';
import { isMatterportError } from '../../../common/errors';
import { getService } from '../utils/get-service';
import { ModelIdError, parseModelId } from '../../../common/model-id';
import type { LinkQuery } from '../links/store';
import { badRequest, sendError, sendMatterportError } from './respond';
import { InputError, parseLinksQuery, parseRevokeBody } from './validators';
import { who, type AdminUser } from './who';

/** Models whose name matches a search, at most this many (the search goes to Matterport). */
const MAX_SEARCHED_MODELS = 100;
/** Links one revoke-by-filter request revokes at most (each is one call to Matterport). */
const MAX_REVOKE = 5000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** A model-name search becomes the ids of the models Matterport finds (intersected with a modelId filter). */
  const withSearch = async (filter: LinkQuery, q: string | undefined): Promise<LinkQuery> => {
    if (!q) return filter;
    const page = await getService('matterport', strapi).listModels({ search: q, pageSize: MAX_SEARCHED_MODELS });
    let ids = page.results.map((m) => m.id);
    if (filter.modelIds) ids = ids.filter((id) => filter.modelIds?.includes(id));
    return { ...filter, modelIds: ids };
  };

  return {
  /** GET /links: one page of the ledger (LinkListResponse). */
  async find(ctx: Context) {
    let input;
    try {
      input = parseLinksQuery(ctx.query);
    } catch (error) {
      if (error instanceof InputError) return badRequest(ctx, error.message, error.path);
      throw error;
    }
    try {
      const filter = await withSearch(input.filter, input.q);
      const page = await getService('links', strapi).listPage(filter, input);
      const body: LinkListResponse = { data: page.data, meta: { pagination: page.pagination } };
      ctx.body = body;
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },

  /** POST /links/revoke { filter }: revokes every usable link the filter matches (RevokeResponse). */
  async revokeFilter(ctx: Context) {
    let input;
    try {
      input = parseRevokeBody(ctx.request.body);
    } catch (error) {
      if (error instanceof InputError) return badRequest(ctx, error.message, error.path);
      throw error;
    }
    const links = getService('links', strapi);
    try {
      const filter = await withSearch(input.filter, input.q);
      const { ids, matched } = await links.revocableIds(filter, MAX_REVOKE);
      const actor = who(ctx.state.user as AdminUser | undefined);
      let failure: { code: string; message: string } | undefined;
      if (ids.length) {
        try {
          await links.revoke({ id: { $in: ids } }, actor);
        } catch (error) {
          if (!isMatterportError(error)) throw error;
          failure = { code: error.code, message: error.message };
        }
      }
      const items = await links.findListItems(ids);
      const revoked: LinkListItem[] = items.filter((l) => l.revokedAt !== null);
      // Revocation stops at Matterport's first refusal: the links left are reported with its reason.
      const failed = items.filter((l) => l.revokedAt === null).map((link) => ({ link, error: failure ?? { code: 'NOT_REVOKED', message: 'Not revoked.' } }));
      const body: RevokeResponse = { data: { revoked, failed }, meta: { matched, revoked: revoked.length, failed: failed.length } };
      ctx.body = body;
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },

  async revoke(ctx: Context) {
    const raw = String(ctx.params.id ?? '');
    if (!/^\d{1,12}$/.test(raw)) return badRequest(ctx, 'The link id must be a whole number.', 'id');
    const id = Number(raw);
    const existing = await getService('links', strapi).findOne(id);
    if (!existing) return sendError(ctx, 404, 'NotFoundError', `There is no link with id ${id}.`);
    if (existing.revokedAt) return sendError(ctx, 409, 'ConflictError', 'This link is already revoked.', { link: existing });
    try {
      await getService('links', strapi).revoke({ id }, who(ctx.state.user as AdminUser | undefined));
      ctx.body = { data: await getService('links', strapi).findOne(id) };
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },

  /** After a secret rotation: revoke every active link minted with credentials other than the current ones. */
  async revokePrevious(ctx: Context) {
    try {
      const current = await getService('settings', strapi).refresh();
      if (!current.fingerprint) return badRequest(ctx, 'Matterport is not configured, so there are no current credentials to keep.');
      const revoked = await getService('links', strapi).revoke(
        { fingerprint: { $ne: current.fingerprint } },
        who(ctx.state.user as AdminUser | undefined)
      );
      ctx.body = { data: revoked, meta: { revoked: revoked.length } };
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },

  async revokeModel(ctx: Context) {
    let modelId: string;
    try {
      modelId = parseModelId(ctx.params.modelId);
    } catch (error) {
      return badRequest(ctx, (error as ModelIdError).message, 'modelId');
    }
    try {
      const revoked = await getService('links', strapi).revoke({ modelId }, who(ctx.state.user as AdminUser | undefined));
      ctx.body = { data: revoked, meta: { revoked: revoked.length } };
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },
};
};
