import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type { LinkListResponse, RevokeOutcome, RevokeResponse } from '../../../common/api-types';
import {
  HTTP_STATUS_BY_CODE,
  MATTERPORT_ERROR_CODES,
  type MatterportErrorCode,
} from '../../../common/errors';
import { getService } from '../utils/get-service';
import { REVOKE_ERROR_CODES } from '../links/revocation';
import type { LinkQuery } from '../links';
import { badRequest, sendError, sendMatterportError, validInput } from './respond';
import {
  parseLinkIdParam,
  parseLinksQuery,
  parseModelIdParam,
  parseRevokeBody,
} from './validators';
import { who, type AdminUser } from './who';

/** Models whose name matches a search, at most this many (the search goes to Matterport). */
const MAX_SEARCHED_MODELS = 100;
/** Links one revoke-by-filter request revokes at most (each is one call to Matterport). */
const MAX_REVOKE = 5000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** A model-name search becomes the ids of the models Matterport finds (intersected with a modelId filter). */
  const withSearch = async (filter: LinkQuery, q: string | undefined): Promise<LinkQuery> => {
    if (!q) return filter;
    const page = await getService('matterport', strapi).listModels({
      search: q,
      pageSize: MAX_SEARCHED_MODELS,
    });
    let ids = page.results.map((m) => m.id);
    if (filter.modelIds) ids = ids.filter((id) => filter.modelIds?.includes(id));
    return { ...filter, modelIds: ids };
  };

  return {
    /** GET /links: one page of the ledger (LinkListResponse). */
    async find(ctx: Context) {
      const input = validInput(ctx, () => parseLinksQuery(ctx.query));
      if (!input) return;
      try {
        const filter = await withSearch(input.filter, input.q);
        const page = await getService('links', strapi).listPage(filter, input);
        const body: LinkListResponse = { data: page.data, meta: { pagination: page.pagination } };
        ctx.body = body;
      } catch (error) {
        sendMatterportError(ctx, error);
      }
    },

    /**
     * POST /links/revoke { filter }: revokes every usable link the filter matches (RevokeResponse).
     * The filter is resolved to link ids here (the list's filters), then revoked one by one by
     * revokeWhere, which records each outcome.
     */
    async revokeFilter(ctx: Context) {
      const input = validInput(ctx, () => parseRevokeBody(ctx.request.body));
      if (!input) return;
      const links = getService('links', strapi);
      try {
        const filter = await withSearch(input.filter, input.q);
        const { ids, matched } = await links.revocableIds(filter, MAX_REVOKE);
        const outcome: RevokeOutcome = ids.length
          ? await links.revokeWhere({ ids }, who(ctx.state.user as AdminUser | undefined), 'filter')
          : { revoked: [], failed: [] };
        const body: RevokeResponse = {
          data: outcome,
          meta: {
            matched,
            revoked: outcome.revoked.length,
            failed: outcome.failed.length,
            ...(outcome.unrecorded ? { unrecorded: outcome.unrecorded.length } : {}),
          },
        };
        ctx.body = body;
      } catch (error) {
        sendMatterportError(ctx, error);
      }
    },

    async revoke(ctx: Context) {
      const id = validInput(ctx, () => parseLinkIdParam(ctx.params.id));
      if (id === undefined) return;
      const existing = await getService('links', strapi).findOne(id);
      if (!existing) return sendError(ctx, 404, 'NotFoundError', `There is no link with id ${id}.`);
      if (existing.revokedAt)
        return sendError(ctx, 409, 'ConflictError', 'This link is already revoked.', {
          link: existing,
        });
      try {
        const outcome = await getService('links', strapi).revokeWhere(
          { id },
          who(ctx.state.user as AdminUser | undefined),
          'link'
        );
        const unrecorded = outcome.unrecorded?.[0];
        if (unrecorded) {
          // Revoked at Matterport, not in the ledger: say exactly that (the link no longer plays,
          // the list still shows it usable, and whether the other replicas were told).
          return sendError(ctx, 500, 'LedgerWriteError', unrecorded.error.message, {
            code: unrecorded.error.code,
            revokedAtMatterport: true,
            otherReplicasTold: unrecorded.told,
            link: unrecorded.link,
          });
        }
        const failure = outcome.failed[0];
        if (failure) {
          // Not revoked: say so, with the link as it stands (still usable, revokeError set).
          return sendError(
            ctx,
            statusOfRevokeFailure(failure.error.code),
            'RevokeFailedError',
            `Could not revoke: ${failure.error.message}`,
            {
              code: failure.error.code,
              link: failure.link,
            }
          );
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
        if (!current.fingerprint)
          return badRequest(
            ctx,
            'Matterport is not configured, so there are no current credentials to keep.'
          );
        respondOutcome(
          ctx,
          await getService('links', strapi).revokeWhere(
            { credentials: 'previous' },
            who(ctx.state.user as AdminUser | undefined),
            'previous-credentials'
          )
        );
      } catch (error) {
        sendMatterportError(ctx, error);
      }
    },

    async revokeModel(ctx: Context) {
      const modelId = validInput(ctx, () => parseModelIdParam(ctx.params.modelId));
      if (!modelId) return;
      try {
        respondOutcome(
          ctx,
          await getService('links', strapi).revokeWhere(
            { modelId },
            who(ctx.state.user as AdminUser | undefined),
            'model'
          )
        );
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
          await getService('links', strapi).revokeWhere(
            { credentials: 'current' },
            who(ctx.state.user as AdminUser | undefined),
            'filter'
          )
        );
      } catch (error) {
        sendMatterportError(ctx, error);
      }
    },
  };
};

/** Every matched row is in data.revoked, data.failed or data.unrecorded; meta counts them. */
const respondOutcome = (ctx: Context, outcome: RevokeOutcome): void => {
  const unrecorded = outcome.unrecorded?.length ?? 0;
  const body: RevokeResponse = {
    data: outcome,
    meta: {
      matched: outcome.revoked.length + outcome.failed.length + unrecorded,
      revoked: outcome.revoked.length,
      failed: outcome.failed.length,
      ...(unrecorded ? { unrecorded } : {}),
    },
  };
  ctx.body = body;
};

const statusOfRevokeFailure = (code: string): number => {
  if ((MATTERPORT_ERROR_CODES as readonly string[]).includes(code))
    return HTTP_STATUS_BY_CODE[code as MatterportErrorCode];
  // The link's token cannot be read here: a conflict with the stored state, not an upstream failure.
  if (code === REVOKE_ERROR_CODES.undecryptable) return 409;
  return 502;
};
