import type { Core } from '@strapi/strapi';

import { cacheControlMiddleware } from './delivery/cache-control';
import { guardContentTypeBuilder } from './delivery/ctb-guard';
import { buildPlans } from './delivery/plan';
import { isContentApiRequest } from './delivery/session';
import { normalizeWriteData } from './delivery/write';
import { registerGraphQL } from './graphql';
import { FIELD_NAME, PLUGIN_ID } from './pluginId';
import { getService } from './utils/get-service';

const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne']);
const WRITE_ACTIONS = new Set(['create', 'update', 'clone']);

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.customFields.register({
    name: FIELD_NAME,
    plugin: PLUGIN_ID,
    type: 'json',
    inputSize: { default: 6, isResizable: true },
  });

  const delivery = getService('delivery', strapi);
  const deliveryOn = getService('runtime', strapi).config().delivery;

  strapi.documents.use(async (ctx, next) => {
    // Decided once at start-up: types with no Matterport field below them pay one lookup.
    if (!delivery.hasPlan(ctx.uid)) return next();
    const params = ctx.params as { data?: unknown } | undefined;
    if (WRITE_ACTIONS.has(ctx.action) && params?.data) normalizeWriteData(delivery.plans(), ctx.uid, params.data);
    const result = await next();
    if (!deliveryOn || !READ_ACTIONS.has(ctx.action)) return result;
    const request = strapi.requestContext.get();
    // Only content-API requests get links: the admin keeps the stored value and calls nobody.
    if (isContentApiRequest(request)) await delivery.deliverResult(ctx.uid, result, request);
    return result;
  });

  strapi.server.use(cacheControlMiddleware());
  guardContentTypeBuilder(strapi);

  if (deliveryOn && strapi.plugin('graphql')) registerGraphQL(strapi);
};

/** Plans depend on every content type and component, which are all known by now. */
export const buildDeliveryPlans = (strapi: Core.Strapi) => {
  const schemas: Record<string, { uid: string; attributes: Record<string, unknown> }> = {};
  for (const [uid, schema] of Object.entries(strapi.contentTypes)) schemas[uid] = { uid, attributes: schema.attributes };
  for (const [uid, schema] of Object.entries(strapi.components)) schemas[uid] = { uid, attributes: schema.attributes };
  // The attribute records are Strapi's own; buildPlans only reads them.
  getService('delivery', strapi).setPlans(buildPlans(schemas as Parameters<typeof buildPlans>[0]));
};

export default register;
