import type { Core } from '@strapi/strapi';

import { AUDIT_UID, FIELD_NAME, LINK_UID, PLUGIN_ID } from '../../common/plugin';
import { cacheControlMiddleware, createDocumentMiddleware } from './delivery';
import { embedsCorsMiddleware } from './embeds';
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

  const config = getService('runtime', strapi).config();
  const deliver = config.delivery;
  strapi.documents.use(createDocumentMiddleware(strapi, { deliver }));
  strapi.server.use(cacheControlMiddleware());
  // Ahead of strapi::cors (mounted after register), which would answer the embed routes' preflights.
  strapi.server.use(embedsCorsMiddleware(strapi));
  guardContentTypeBuilder(strapi);

  if (strapi.plugin('graphql')) {
    hideFromGraphQL(strapi, LINK_UID);
    // The audit trail is internal, like the ledger.
    hideFromGraphQL(strapi, AUDIT_UID);
    // So is the where-used index (issue 28): which entries use which space.
    hideFromGraphQL(strapi, `plugin::${PLUGIN_ID}.usage`);
    // Model events received (issue 28): internal too.
    hideFromGraphQL(strapi, 'plugin::matterport.model-event');
    // And what the plugin knows of each space (state, visibility: the catalogue, issue 28).
    hideFromGraphQL(strapi, `plugin::${PLUGIN_ID}.model-state`);
    const { typedValues } = config.graphql;
    if (deliver || typedValues) registerGraphQL(strapi, { deliver, typedValues });
  }
  getService('ops', strapi).registerWebhookEvents();
};

/**
 * The GraphQL plugin generates queries and mutations for every content type but the
 * admin's, plugin types included, whatever its configuration: the links ledger (and the audit trail) would
 * be listed (and changed) by any API token. The GraphQL plugin has no register phase
 * and its extension service exists as soon as plugins are loaded, so this works in
 * ours whichever order config/plugins lists the two; the schema is built later, in
 * GraphQL's bootstrap.
 */
const hideFromGraphQL = (strapi: Core.Strapi, uid: string) => {
  const extension = strapi.plugin('graphql').service('extension') as {
    shadowCRUD(uid: string): { disable(): unknown };
  };
  extension.shadowCRUD(uid).disable();
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
