import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

import type {
  GetLinks,
  RevokeLink,
  RevokeOutcome,
  RevokeResponse,
} from '../../../common/contracts/links';
import {
  HTTP_STATUS_BY_CODE,
  MATTERPORT_ERROR_CODES,
  type MatterportErrorCode,
} from '../../../common/errors';
import { getService } from '../utils/get-service';
import { REVOKE_ERROR_CODES, type RevokeFilter, type RevokeScope } from '../links/revocation';
import type { LinkQuery } from '../links';
import { invalid, PluginHttpError } from '../errors';
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
    // The names are that connection's organisation's (the default's when the filter names none).
    const page = await getService('matterport', strapi).listModels(
      { search: q, pageSize: MAX_SEARCHED_MODELS },
      filter.connection
    );
    let ids = page.results.map((m) => m.id);
    if (filter.modelIds) ids = ids.filter((id) => filter.modelIds?.includes(id));
    return { ...filter, modelIds: ids };
  };

  /** Revokes what a fixed filter names, as the admin asking, and answers the outcome. */
  const revokeAndRespond = async (
    ctx: Context,
    filter: RevokeFilter,
    scope: RevokeScope
  ): Promise<void> =>
    respondOutcome(
      ctx,
      await getService('links', strapi).revokeWhere(
        filter,
        who(ctx.state.user as AdminUser | undefined),
        scope
      )
    );

  return {
    /** GET /links: one page of the ledger (LinkListResponse). */
    async find(ctx: Context) {
      const input = parseLinksQuery(ctx.query);
      const filter = await withSearch(input.filter, input.q);
      const page = await getService('links', strapi).listPage(filter, input);
      const body: GetLinks.Response = { data: page.data, meta: { pagination: page.pagination } };
      ctx.body = body;
    },

    /**
     * POST /links/revoke { filter }: revokes every usable link the filter matches (RevokeResponse).
     * The filter is resolved to link ids here (the list's filters), then revoked one by one by
     * revokeWhere, which records each outcome.
     */
    async revokeFilter(ctx: Context) {
      const input = parseRevokeBody(ctx.request.body);
      const links = getService('links', strapi);
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
    },

    async revoke(ctx: Context) {
      const id = parseLinkIdParam(ctx.params.id);
      const existing = await getService('links', strapi).findOne(id);
      if (!existing) throw new errors.NotFoundError(`There is no link with id ${id}.`);
      if (existing.revokedAt)
        throw new PluginHttpError(409, 'ConflictError', 'This link is already revoked.', {
          link: existing,
        });
      const outcome = await getService('links', strapi).revokeWhere(
        { id },
        who(ctx.state.user as AdminUser | undefined),
        'link'
      );
      const unrecorded = outcome.unrecorded?.[0];
      if (unrecorded) {
        // Revoked at Matterport, not in the ledger: say exactly that (the link no longer plays,
        // the list still shows it usable, and whether the other replicas were told).
        throw new PluginHttpError(500, 'LedgerWriteError', unrecorded.error.message, {
          code: unrecorded.error.code,
          revokedAtMatterport: true,
          otherReplicasTold: unrecorded.told,
          link: unrecorded.link,
        });
      }
      const failure = outcome.failed[0];
      if (failure) {
        // Not revoked: say so, with the link as it stands (still usable, revokeError set).
        throw new PluginHttpError(
          statusOfRevokeFailure(failure.error.code),
          'RevokeFailedError',
          `Could not revoke: ${failure.error.message}`,
          { code: failure.error.code, link: failure.link }
        );
      }
      ctx.body = {
        data: outcome.revoked[0] ?? (await getService('links', strapi).findOne(id)),
      } satisfies RevokeLink.Response;
    },

    /**
     * After a secret rotation: revoke every active link minted with credentials other than the
     * current ones. Matterport is asked with the current credentials: links of another client ID
     * may be refused (they stay active with revokeError, and are reported as failed).
     */
    async revokePrevious(ctx: Context) {
      const current = await getService('settings', strapi).refresh();
      if (!current.fingerprint)
        throw invalid('Matterport is not configured, so there are no current credentials to keep.');
      await revokeAndRespond(ctx, { credentials: 'previous' }, 'previous-credentials');
    },

    async revokeModel(ctx: Context) {
      const modelId = parseModelIdParam(ctx.params.modelId);
      await revokeAndRespond(ctx, { modelId }, 'model');
    },

    /**
     * POST /links/revoke-current-credentials: revokes what the current credentials minted, with
     * them. Before replacing the credentials with another client ID's, this is the only moment
     * Matterport still accepts the revocation of those links.
     */
    async revokeCurrent(ctx: Context) {
      await revokeAndRespond(ctx, { credentials: 'current' }, 'filter');
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
  if (code === REVOKE_ERROR_CODES.undecryptable || code === REVOKE_ERROR_CODES.noCredentials)
    return 409;
  return 502;
};
