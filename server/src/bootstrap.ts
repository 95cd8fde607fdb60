import type { Core } from '@strapi/strapi';

import { ACTION_DEFINITIONS, grantWhenRolesExist } from './permissions';
import { buildDeliveryPlans } from './register';
import { getService } from './utils/get-service';
import { registerRevokeOnUnpublish } from './links';

const REVOCATION_SYNC_MS = 2000;
const timers: NodeJS.Timeout[] = [];

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(ACTION_DEFINITIONS);
  buildDeliveryPlans(strapi);
  grantWhenRolesExist(strapi);

  const links = getService('links', strapi);
  await links.ensureLockTable();
  await links.backfillPurpose();
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

  // Audit trail, webhooks, health figures and the expiring-links watch.
  getService('ops', strapi).start();

  // Read the settings once so the first content request does not wait for the database.
  await getService('settings', strapi).refresh();
};

export const stopTimers = () => {
  while (timers.length) clearInterval(timers.pop());
};

export default bootstrap;
