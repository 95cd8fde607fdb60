import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { getService } from '../utils/get-service';
import { ModelIdError, parseModelId } from '../../../common/model-id';
import { badRequest, sendError, sendMatterportError } from './respond';

interface AdminUser {
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}

const who = (user: AdminUser | undefined) =>
  [user?.firstname, user?.lastname].filter(Boolean).join(' ') || user?.email || 'unknown';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const { modelId, active, ...rest } = ctx.query as Record<string, unknown>;
    if (Object.keys(rest).length) return badRequest(ctx, `Unknown parameter(s): ${Object.keys(rest).join(', ')}. Use modelId and active.`);
    if (active !== undefined && active !== 'true' && active !== 'false') return badRequest(ctx, 'active must be true or false.', 'active');
    let id: string | undefined;
    if (modelId !== undefined) {
      try {
        id = parseModelId(modelId);
      } catch (error) {
        return badRequest(ctx, (error as ModelIdError).message, 'modelId');
      }
    }
    const links = await getService('links', strapi).list({ modelId: id, active: active === undefined ? undefined : active === 'true' });
    ctx.body = { data: links };
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
});
