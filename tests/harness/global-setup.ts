import fs from 'node:fs';

import { DEFAULT_CLIENT, createSandbox } from '../../sandbox/src';
import { createApiToken, registerAdmin } from './admin';
import { CANARY_CLIENT, type TestContext } from './context';
import { createTestDatabase } from './database';
import { request } from './http';
import { CONTEXT_FILE, RESPONSES_FILE, ROOT, TMP, UPDATER_FILE } from './paths';
import { appSwitchesFromEnvironment, pluginOrder, startStrapi } from './strapi';
import { WEBHOOK_PAYLOADS_FILE } from './webhooks';

/**
 * One sandbox and one playground Strapi (fresh database) for the whole integration run.
 * Test files that need another configuration start their own Strapi with startStrapi().
 */
export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(`${ROOT}/dist/server/index.js`)) {
    throw new Error(
      'The plugin is not built: run `npm run build` first (npm test does it for you).'
    );
  }
  const removeUpdaterFile = !fs.existsSync(UPDATER_FILE);
  fs.mkdirSync(TMP, { recursive: true });
  fs.writeFileSync(RESPONSES_FILE, '');
  fs.writeFileSync(WEBHOOK_PAYLOADS_FILE, '');

  const sandbox = createSandbox({ clients: [DEFAULT_CLIENT, CANARY_CLIENT] });
  const { origin } = await sandbox.start(0);
  const database = await createTestDatabase('shared');
  // The app configuration (plugin order, GraphQL on/off...) comes from the environment; at debug
  // level, so the leak scan also reads what Strapi and the plugin log at their chattiest.
  const switches = { STRAPI_LOG_LEVEL: 'debug', ...appSwitchesFromEnvironment() };
  const strapi = await startStrapi({
    name: 'shared',
    databaseEnv: database.env,
    sandboxOrigin: origin,
    env: switches,
  });
  console.log(
    `\nintegration: playground with ${JSON.stringify({ PLUGIN_ORDER: pluginOrder(), ...switches })}`
  );

  const adminToken = await registerAdmin(strapi.url);
  const apiToken = await createApiToken(strapi.url, adminToken);
  const saved = await request('PUT', `${strapi.url}/matterport/settings`, {
    token: adminToken,
    body: { ...CANARY_CLIENT, defaultValidFor: '1h' },
  });
  if (saved.status !== 200)
    throw new Error(`could not save the plugin settings: ${saved.status} ${saved.text}`);

  const context: TestContext = {
    strapiUrl: strapi.url,
    sandboxOrigin: origin,
    adminToken,
    apiToken,
    clientId: CANARY_CLIENT.clientId,
    clientSecret: CANARY_CLIENT.clientSecret,
    logFile: strapi.logFile,
    databaseEnv: database.env,
    pluginOrder: pluginOrder(),
  };
  fs.writeFileSync(CONTEXT_FILE, JSON.stringify(context, null, 2));

  const shared = globalThis as typeof globalThis & { __MATTERPORT__?: unknown };
  shared.__MATTERPORT__ = { sandbox, strapi, database, removeUpdaterFile };
}
