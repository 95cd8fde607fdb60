import type { Core } from '@strapi/strapi';

import { stopTimers } from './bootstrap';
import { getService } from './utils/get-service';

/** Runs before Strapi closes the database, so pending ledger writes and lock releases still get through. */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  stopTimers();
  getService('ops', strapi).stop();
  await getService('usage', strapi).stopBackfill();
  await getService('links', strapi).flushRecords(5000);
};

export default destroy;
