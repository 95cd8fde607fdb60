import type { Core } from '@strapi/strapi';

import { FIELD_NAME, PLUGIN_ID } from '../../common/plugin';
import { cacheControlMiddleware, createDocumentMiddleware } from './delivery';
import { guardContentTypeBuilder } from './fields';
import { registerGraphQL } from './graphql';
import { getService } from './utils/get-service';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  strapi.customFields.register({
    name: FIELD_NAME,
    plugin: PLUGIN_ID,
    type: 'json',
    inputSize: { default: 6, isResizable: true },
  });

  const deliver = getService('runtime', strapi).config().delivery;
  strapi.documents.use(createDocumentMiddleware(strapi, { deliver }));
  strapi.server.use(cacheControlMiddleware());
  guardContentTypeBuilder(strapi);

  if (deliver && strapi.plugin('graphql')) registerGraphQL(strapi);
};

/**
 * The delivery service builds its plans on first use (possibly already done by the GraphQL
 * plugin's bootstrap); asking for them here, at the latest, makes a field with invalid
 * options stop start-up rather than the first content request.
 */
export const buildDeliveryPlans = (strapi: Core.Strapi) => {
  getService('delivery', strapi).plans();
};

export default register;
