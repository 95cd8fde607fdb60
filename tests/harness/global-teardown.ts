import fs from 'node:fs';

import { UPDATER_FILE } from './paths';

interface Running {
  sandbox: { stop(): Promise<void> };
  strapi: { stop(): Promise<void> };
  database: { drop(): Promise<void> };
  /** The run made playground/.strapi-updater.json: a run leaves the repository as it found it. */
  removeUpdaterFile: boolean;
}

export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as typeof globalThis & { __MATTERPORT__?: Running }).__MATTERPORT__;
  if (!running) return;
  await running.strapi.stop();
  await running.sandbox.stop();
  await running.database.drop();
  if (running.removeUpdaterFile) fs.rmSync(UPDATER_FILE, { force: true });
}
