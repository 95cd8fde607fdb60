import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { getService } from '../utils/get-service';
import { ModelIdError, parseModelId } from '../../../common/model-id';
import { badRequest, sendError, sendMatterportError } from './respond';
import type { RevokeOutcome, RevokeResponse } from '../../../common/api-types';
import { HTTP_STATUS_BY_CODE, MATTERPORT_ERROR_CODES, type MatterportErrorCode } from '../../../common/errors';
import { REVOKE_ERROR_CODES } from '../links/revocation';

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
      const outcome = await getService('links', strapi).revokeWhere({ id }, who(ctx.state.user as AdminUser | undefined), 'link');
      const failure = outcome.failed[0];
      if (failure) {
        // Not revoked: say so, with the link as it stands (still usable, revokeError set).
        return sendError(ctx, statusOfRevokeFailure(failure.error.code), 'RevokeFailedError', `Could not revoke: ${failure.error.message}`, {
          code: failure.error.code,
          link: failure.link,
        });
      }
      ctx.body = { data: outcome.revoked[0] ?? (await getService('links', strapi).findOne(id)) };
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },

  /**
   * After a secret rotation: revoke every active link minted with credentials other than the
   * current ones. Matterport is asked with the current credentials: links of another client ID
   * may be refused (they stay active with revokeError, and are reported as failed).
   */
  async revokePrevious(ctx: Context) {
    try {
      const current = await getService('settings', strapi).refresh();
      if (!current.fingerprint) return badRequest(ctx, 'Matterport is not configured, so there are no current credentials to keep.');
      respondOutcome(
        ctx,
        await getService('links', strapi).revokeWhere({ credentials: 'previous' }, who(ctx.state.user as AdminUser | undefined), 'previous-credentials')
      );
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
      respondOutcome(ctx, await getService('links', strapi).revokeWhere({ modelId }, who(ctx.state.user as AdminUser | undefined), 'model'));
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },

  /**
   * POST /links/revoke-current-credentials: revokes what the current credentials minted, with
   * them. Before replacing the credentials with another client ID's, this is the only moment
   * Matterport still accepts the revocation of those links.
   */
  async revokeCurrent(ctx: Context) {
    try {
      respondOutcome(
        ctx,
        await getService('links', strapi).revokeWhere({ credentials: 'current' }, who(ctx.state.user as AdminUser | undefined), 'filter')
      );
    } catch (error) {
      sendMatterportError(ctx, error);
    }
  },
});

/** Every matched row is in data.revoked or data.failed; meta counts them. */
const respondOutcome = (ctx: Context, outcome: RevokeOutcome): void => {
  const body: RevokeResponse = {
    data: outcome,
    meta: { matched: outcome.revoked.length + outcome.failed.length, revoked: outcome.revoked.length, failed: outcome.failed.length },
  };
  ctx.body = body;
};

const statusOfRevokeFailure = (code: string): number => {
  if ((MATTERPORT_ERROR_CODES as readonly string[]).includes(code)) return HTTP_STATUS_BY_CODE[code as MatterportErrorCode];
  // The link's token cannot be read here: a conflict with the stored state, not an upstream failure.
  if (code === REVOKE_ERROR_CODES.undecryptable) return 409;
  return 502;
};
