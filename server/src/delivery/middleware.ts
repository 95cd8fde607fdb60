import type { Core } from '@strapi/strapi';

import { normalizeWriteData } from '../fields/write';
import { getService } from '../utils/get-service';
import { isContentApiRequest } from './session';

type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];

const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne']);
const WRITE_ACTIONS = new Set(['create', 'update', 'clone']);

/**
 * The Document Service middleware every content read and write passes through:
 * writes are normalised to the stored shape, and content-API reads get their links.
 */
export const createDocumentMiddleware = (strapi: Core.Strapi, options: { deliver: boolean }): DocumentMiddleware => {
  const delivery = getService('delivery', strapi);
  return async (ctx, next) => {
    // Decided once at start-up: types with no Matterport field below them pay one lookup.
    if (!delivery.hasPlan(ctx.uid)) return next();
    const params = ctx.params as { data?: unknown } | undefined;
    if (WRITE_ACTIONS.has(ctx.action) && params?.data) normalizeWriteData(delivery.plans(), ctx.uid, params.data);
    const result = await next();
    if (!options.deliver || !READ_ACTIONS.has(ctx.action)) return result;
    const request = strapi.requestContext.get();
    // Only content-API requests get links: the admin keeps the stored value and calls nobody.
    if (isContentApiRequest(request)) await delivery.deliverResult(ctx.uid, result, request);
    return result;
  };
};
