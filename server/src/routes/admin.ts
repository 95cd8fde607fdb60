import { answerErrors } from '../errors';
import { ACTIONS } from '../permissions';

/**
 * Every admin route with the one action it requires. The permission-matrix test is
 * generated from this table, so a new route cannot be left out of it.
 */
export const ADMIN_ROUTES = [
  { method: 'GET', path: '/settings', handler: 'settings.get', action: ACTIONS.settingsRead },
  { method: 'PUT', path: '/settings', handler: 'settings.update', action: ACTIONS.settingsUpdate },
  {
    method: 'POST',
    path: '/settings/test',
    handler: 'settings.test',
    // It drives Matterport (a token, a mint, a revocation): as much as saving the settings.
    action: ACTIONS.settingsUpdate,
  },
  { method: 'GET', path: '/models', handler: 'models.find', action: ACTIONS.modelsRead },
  {
    method: 'GET',
    path: '/models/:modelId',
    handler: 'models.findOne',
    action: ACTIONS.modelsRead,
  },
  {
    method: 'GET',
    path: '/models/:modelId/thumbnail',
    handler: 'models.thumbnail',
    action: ACTIONS.modelsRead,
  },
  {
    method: 'GET',
    path: '/models/:modelId/connections',
    handler: 'models.locate',
    action: ACTIONS.modelsRead,
  },
  {
    method: 'GET',
    path: '/models/:modelId/usage',
    handler: 'models.usage',
    action: ACTIONS.modelsRead,
  },
  {
    method: 'GET',
    path: '/models/:modelId/state',
    handler: 'models.state',
    action: ACTIONS.modelsRead,
  },
  {
    method: 'GET',
    path: '/pickable-connections',
    handler: 'models.pickableConnections',
    action: ACTIONS.modelsRead,
  },
  {
    method: 'GET',
    path: '/models/:modelId/views',
    handler: 'models.views',
    action: ACTIONS.modelsRead,
  },
  {
    method: 'POST',
    path: '/models/:modelId/preview-link',
    handler: 'models.previewLink',
    action: ACTIONS.modelsRead,
  },
  { method: 'GET', path: '/links', handler: 'links.find', action: ACTIONS.linksRead },
  {
    method: 'POST',
    path: '/links/revoke',
    handler: 'links.revokeFilter',
    action: ACTIONS.linksRevoke,
  },
  {
    method: 'POST',
    path: '/links/:id/revoke',
    handler: 'links.revoke',
    action: ACTIONS.linksRevoke,
  },
  {
    method: 'POST',
    path: '/models/:modelId/revoke-links',
    handler: 'links.revokeModel',
    action: ACTIONS.linksRevoke,
  },
  {
    method: 'POST',
    path: '/links/revoke-previous-credentials',
    handler: 'links.revokePrevious',
    action: ACTIONS.linksRevoke,
  },
  { method: 'GET', path: '/audit', handler: 'ops.audit', action: ACTIONS.settingsRead },
  { method: 'GET', path: '/health', handler: 'ops.health', action: ACTIONS.settingsRead },
  {
    method: 'POST',
    path: '/links/revoke-current-credentials',
    handler: 'links.revokeCurrent',
    action: ACTIONS.linksRevoke,
  },
  {
    method: 'POST',
    path: '/settings/reencrypt',
    handler: 'settings.reencrypt',
    action: ACTIONS.settingsUpdate,
  },
  {
    method: 'GET',
    path: '/connections',
    handler: 'connections.find',
    action: ACTIONS.settingsRead,
  },
  {
    method: 'POST',
    path: '/connections',
    handler: 'connections.create',
    action: ACTIONS.settingsUpdate,
  },
  {
    method: 'GET',
    path: '/connections/:id',
    handler: 'connections.findOne',
    action: ACTIONS.settingsRead,
  },
  {
    method: 'PUT',
    path: '/connections/:id',
    handler: 'connections.update',
    action: ACTIONS.settingsUpdate,
  },
  {
    method: 'DELETE',
    path: '/connections/:id',
    handler: 'connections.delete',
    action: ACTIONS.settingsUpdate,
  },
  {
    method: 'POST',
    path: '/connections/:id/test',
    handler: 'connections.test',
    // It drives Matterport (a token, a mint, a revocation): as much as saving the connection.
    action: ACTIONS.settingsUpdate,
  },
  {
    method: 'GET',
    path: '/connections/:id/events',
    handler: 'modelEvents.status',
    action: ACTIONS.settingsRead,
  },
  {
    method: 'POST',
    path: '/connections/:id/events',
    handler: 'modelEvents.register',
    action: ACTIONS.settingsUpdate,
  },
  {
    method: 'DELETE',
    path: '/connections/:id/events',
    handler: 'modelEvents.unregister',
    action: ACTIONS.settingsUpdate,
  },
] as const;

export default {
  type: 'admin' as const,
  routes: ADMIN_ROUTES.map(({ method, path, handler, action }) => ({
    method,
    path,
    handler,
    config: {
      policies: [{ name: 'admin::hasPermissions', config: { actions: [action] } }],
      // Controllers only throw: a MatterportError (or a status Strapi has no class for) is answered here.
      middlewares: [answerErrors],
    },
  })),
};
