import fs from 'node:fs';

import { CONTEXT_FILE } from './paths';

/** What global setup hands to every integration test file. */
export interface TestContext {
  strapiUrl: string;
  sandboxOrigin: string;
  adminToken: string;
  apiToken: string;
  clientId: string;
  clientSecret: string;
  logFile: string;
  databaseEnv: Record<string, string>;
  /** PLUGIN_ORDER of the shared Strapi: graphql-first (the playground's default) or matterport-first. */
  pluginOrder: string;
}

export const CANARY_CLIENT = {
  clientId: 'canary-client-id-4b1d',
  // Recognisable so the leak scan can search for it (and its encodings) everywhere.
  clientSecret: 'LEAKCANARY-mp-client-secret-9f8e7d6c5b4a3210',
};

export const readContext = (): TestContext =>
  JSON.parse(fs.readFileSync(CONTEXT_FILE, 'utf8')) as TestContext;
