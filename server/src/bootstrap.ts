import type { Core } from '@strapi/strapi';

import { ACTION_DEFINITIONS, DEFAULT_EDITOR_ACTIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { buildDeliveryPlans } from './register';
import { getService } from './utils/get-service';
import { registerRevokeOnUnpublish } from './revoke-on-unpublish';

const REVOCATION_SYNC_MS = 2000;
const timers: NodeJS.Timeout[] = [];

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
      const existing = await strapi.db.query('admin::permission').findOne({ where: { action, role: role.id } });
      if (!existing) {
        await strapi.service('admin::permission').createMany([
          { action, subject: null, properties: {}, conditions: [], role: role.id },
        ]);
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
const grantWhenRolesExist = (strapi: Core.Strapi) => {
  let attempts = 0;
  const attempt = () => {
    grantDefaultPermissions(strapi)
      .then((done) => {
        if (!done && ++attempts < 120) setTimeout(attempt, 250).unref();
      })
      .catch((error: Error) => strapi.log.warn(`[matterport] could not grant the default permissions: ${error.message}`));
  };
  attempt();
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(ACTION_DEFINITIONS);
  buildDeliveryPlans(strapi);
  grantWhenRolesExist(strapi);

  const links = getService('links', strapi);
  await links.ensureLockTable();
  links.startCursor(new Date(Date.now() - REVOCATION_SYNC_MS));

  const config = getService('runtime', strapi).config();
  const every = (ms: number, task: () => Promise<unknown>, what: string) => {
    const timer = setInterval(() => {
      task().catch((error: Error) => strapi.log.warn(`[matterport] ${what} failed: ${error.message}`));
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  // Links revoked by another replica leave this replica's memory within seconds.
  every(REVOCATION_SYNC_MS, () => links.syncRevocations(), 'revocation sync');
  every(config.purgeIntervalMs, () => links.purgeExpired(), 'purge of expired links');

  if (config.revokeOnUnpublish) registerRevokeOnUnpublish(strapi);

  // Read the settings once so the first content request does not wait for the database.
  await getService('settings', strapi).refresh();
};

export const stopTimers = () => {
  while (timers.length) clearInterval(timers.pop());
};

export default bootstrap;
