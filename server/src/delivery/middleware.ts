import type { Core } from '@strapi/strapi';

import { createWriteChecks } from '../connections/write-checks';
import { normalizeWriteData } from '../fields/write';
import { getService } from '../utils/get-service';
import { isContentApiRequest, markDraftRead } from './session';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne']);
const WRITE_ACTIONS = new Set(['create', 'update', 'clone']);

/**
 * The Document Service middleware every content read and write passes through:
 * writes are normalised to the stored shape, and content-API reads get their links.
 */
export const createDocumentMiddleware = (
  strapi: Core.Strapi,
  options: { deliver: boolean }
): DocumentMiddleware => {
  const delivery = getService('delivery', strapi);
  const writeChecks = createWriteChecks(strapi);
  return async (ctx, next) => {
    // Decided once at start-up: types with no Matterport field below them pay one lookup.
    if (!delivery.hasPlan(ctx.uid)) return next();
    const params = ctx.params as { data?: unknown; status?: unknown } | undefined;
    // Refused before anything is saved: format, connection, the admin's roles, the model's organisation.
    if (WRITE_ACTIONS.has(ctx.action) && params?.data)
      await normalizeWriteData(
        delivery.plans(),
        ctx.uid,
        params.data,
        writeChecks(strapi.requestContext.get())
      );
    const reading = options.deliver && READ_ACTIONS.has(ctx.action);
    const request = reading ? strapi.requestContext.get() : undefined;
    // Recorded before the read, so that GraphQL's field resolvers (which deliver the
    // nested values later) know this request reads drafts. The Document Service reads
    // the draft unless told 'published', so anything else counts as a draft read, and it
    // hands that status down to every populated D&P relation: a type without D&P (a venue
    // of tours) reads drafts too when anything below it has D&P (decided once per uid).
    if (
      reading &&
      isContentApiRequest(request) &&
      params?.status !== 'published' &&
      delivery.reachesDrafts(ctx.uid)
    ) {
      markDraftRead(request);
    }
    const result = await next();
    if (!reading) return result;
    // Only content-API requests get links: the admin keeps the stored value and calls nobody.
    if (isContentApiRequest(request)) {
      // Undefined when every link was fresh in memory: nothing to wait for.
      const delivering = delivery.deliverResult(ctx.uid, result, request);
      if (delivering) await delivering;
    }
    return result;
  };
};
