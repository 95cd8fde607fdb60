import type { Core } from '@strapi/strapi';

import { ACTIONS } from '../../../common/permissions';
import { PLUGIN_ID } from '../../../common/plugin';

export { ACTIONS };

export const ACTION_DEFINITIONS = [
  { uid: 'settings.read', displayName: 'Read settings', subCategory: 'settings' },
  { uid: 'settings.update', displayName: 'Edit settings', subCategory: 'settings' },
  { uid: 'models.read', displayName: 'Browse and preview models', subCategory: 'models' },
  { uid: 'links.read', displayName: 'See active links', subCategory: 'links' },
  { uid: 'links.revoke', displayName: 'Revoke links', subCategory: 'links' },
].map((action) => ({ ...action, section: 'plugins' as const, pluginName: PLUGIN_ID }));

/** Granted to the Editor and Author roles once, on first start, so editors can pick out of the box. */
export const DEFAULT_EDITOR_ACTIONS = [ACTIONS.modelsRead];

/**
 * Gives the Editor and Author roles the picker's action once, on the first start with
 * this plugin (like the Media Library's defaults). An admin who removes it later is
 * not overruled: a flag in the plugin's store records that it was done.
 */
const grantDefaultPermissions = async (strapi: Core.Strapi): Promise<boolean> => {
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'defaults' });
  const done = (await store.get({})) as { editorPermissions?: boolean } | null;
  if (done?.editorPermissions) return true;
  let granted = false;
  for (const code of ['strapi-editor', 'strapi-author']) {
    const role = await strapi.db.query('admin::role').findOne({ where: { code } });
    if (!role) continue;
    for (const action of DEFAULT_EDITOR_ACTIONS) {
      const existing = await strapi.db
        .query('admin::permission')
        .findOne({ where: { action, role: role.id } });
      if (!existing) {
        await strapi
          .service('admin::permission')
          .createMany([{ action, subject: null, properties: {}, conditions: [], role: role.id }]);
      }
    }
    granted = true;
  }
  if (granted) await store.set({ value: { editorPermissions: true } });
  return granted;
};

/**
 * On the very first start the admin creates its default roles after the plugins'
 * bootstrap, so the grant waits for them (briefly) instead of missing them.
 */
export const grantWhenRolesExist = (strapi: Core.Strapi) => {
  let attempts = 0;
  const attempt = () => {
    grantDefaultPermissions(strapi)
      .then((done) => {
        if (!done && ++attempts < 120) setTimeout(attempt, 250).unref();
      })
      .catch((error: Error) =>
        strapi.log.warn(`[matterport] could not grant the default permissions: ${error.message}`)
      );
  };
  attempt();
};
