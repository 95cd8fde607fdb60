import type { Core } from '@strapi/strapi';

import { AUDIT_UID, FIELD_NAME, PLUGIN_ID } from '../../common/plugin';
import { cacheControlMiddleware, createDocumentMiddleware } from './delivery';
import { buildPlansFor } from './delivery/plan';
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

  // The audit trail is internal, like the ledger: GraphQL would otherwise generate queries for it.
  (strapi.plugin('graphql')?.service('extension') as { shadowCRUD?: (uid: string) => { disable(): void } } | undefined)
    ?.shadowCRUD?.(AUDIT_UID)
    .disable();
  getService('ops', strapi).registerWebhookEvents();
};

/** Plans depend on every content type and component, which are all known by now. */
export const buildDeliveryPlans = (strapi: Core.Strapi) => {
  getService('delivery', strapi).setPlans(buildPlansFor(strapi));
};

export default register;
