import type { Core } from '@strapi/strapi';

import { ACTION_DEFINITIONS, grantWhenRolesExist } from './permissions';
import { buildDeliveryPlans } from './register';
import { getService } from './utils/get-service';
import { registerRevokeOnUnpublish } from './links';
import { registerUsageIndex } from './usage';

const REVOCATION_SYNC_MS = 2000;
const timers: NodeJS.Timeout[] = [];

/**
 * Credentials with no encryption key cannot work safely (ledger tokens rest encrypted, and
 * the credentials fingerprint is keyed by it): Strapi refuses to start, saying what to set.
 */
const requireEncryptionKey = async (strapi: Core.Strapi) => {
  const runtime = getService('runtime', strapi);
  if (runtime.encryptionKey()) return;
  const config = runtime.config();
  const where = config.clientId
    ? 'clientId/clientSecret are set in config/plugins'
    : config.connections.length
      ? 'connections with credentials are set in config/plugins'
      : (await getService('settings', strapi).hasStoredCredentials())
        ? 'a client ID and secret are stored in the database'
        : undefined;
  if (!where) return;
  throw new Error(
    `matterport: ${where}, but no encryption key is set. Set "encryptionKey" (at least 16 characters) in the matterport plugin config, or admin.secrets.encryptionKey (ENCRYPTION_KEY) in config/admin, then start Strapi again.`
  );
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await requireEncryptionKey(strapi);
  await strapi.service('admin::permission').actionProvider.registerMany(ACTION_DEFINITIONS);
  buildDeliveryPlans(strapi);
  grantWhenRolesExist(strapi);

  const links = getService('links', strapi);
  await links.ensureLockTable();
  await links.ensureCaseSensitiveKeys();
  await links.backfillPurpose();
  links.startCursor(new Date(Date.now() - REVOCATION_SYNC_MS));

  const config = getService('runtime', strapi).config();
  const every = (ms: number, task: () => Promise<unknown>, what: string) => {
    const timer = setInterval(() => {
      task().catch((error: Error) =>
        strapi.log.warn(`[matterport] ${what} failed: ${error.message}`)
      );
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  // Links revoked by another replica leave this replica's memory within seconds.
  every(REVOCATION_SYNC_MS, () => links.syncRevocations(), 'revocation sync');
  every(config.purgeIntervalMs, () => links.purgeExpired(), 'purge of expired links');

  if (config.revokeOnUnpublish) registerRevokeOnUnpublish(strapi);
  // Where used (issue 28): kept on every write; content older than the index in the background.
  registerUsageIndex(strapi);
  getService('usage', strapi).startBackfill();

  // What is known of Matterport's spaces (issue 28): loaded before the first content read.
  await getService('catalogue', strapi).init();
  // Privacy guard (issue 28): what each connection's PME is, and the periodic check.
  await getService('privacy', strapi).init();
  every(config.modelCheckIntervalMs, () => getService('privacy', strapi).check(), 'model check');

  // Audit trail, webhooks, health figures and the expiring-links watch.
  getService('ops', strapi).start();

  // Read the settings once so the first content request does not wait for the database.
  const settings = await getService('settings', strapi).refresh();
  // Said loudly at start, not only to the first reader: every read answers "not configured" until fixed.
  if (settings.problem)
    strapi.log.error(
      `[matterport] ${settings.problem} Until then, content reads deliver no embed link (MATTERPORT_NOT_CONFIGURED).`
    );
};

export const stopTimers = () => {
  while (timers.length) clearInterval(timers.pop());
};

export default bootstrap;
