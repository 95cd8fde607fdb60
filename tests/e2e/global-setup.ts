import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {
  DEFAULT_CLIENT,
  DEFAULT_ORGANIZATION_ID,
  SECOND_ORGANIZATION,
  SEED_MODELS,
  createSandbox,
  type Sandbox,
} from '../../sandbox/src';
import { createTestDatabase, type TestDatabase } from '../harness/database';
import { PLAYGROUND, ROOT, STRAPI_BIN, TMP } from '../harness/paths';
import { freePort } from '../harness/ports';
import { startStrapi, type StrapiProcess } from '../harness/strapi';
import { E2E_CONTEXT_FILE, SCREENSHOT_DIR, type E2eContext } from './context';
import globalTeardown from './global-teardown';

interface PageServer {
  url: string;
  close(): Promise<void>;
}

export interface E2eRunning {
  sandbox?: Sandbox;
  database?: TestDatabase;
  strapi?: StrapiProcess;
  pageServer?: PageServer;
}

// The demo's helpers are ES modules (scripts/lib/*.mjs). This file is compiled to
// CommonJS, where `import()` would become `require()`; a real dynamic import loads them.
const importEsm = new Function('specifier', 'return import(specifier)') as <T>(
  specifier: string
) => Promise<T>;
const lib = <T>(name: string) => importEsm<T>(path.join(ROOT, 'scripts', 'lib', name));

type BuildState = () => { needed: boolean; reason: string };

const say = (message: string) => process.stdout.write(`[e2e] ${message}\n`);

/**
 * One Matterport sandbox (in-process), one playground Strapi serving its admin panel on a
 * fresh SQLite database, and the demo page pointed at it, for the whole e2e run. The admin
 * panel is built first when playground/build is missing or older than dist/admin.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const { pluginBuildState, adminBuildState } = await lib<{
    pluginBuildState: BuildState;
    adminBuildState: BuildState;
  }>('freshness.mjs');
  // A stale dist/ would test code that is no longer the source: refuse, do not warn.
  const plugin = pluginBuildState();
  if (plugin.needed) {
    throw new Error(
      `The plugin's dist/ is not up to date (${plugin.reason}): run \`npm run build\` first.`
    );
  }

  const admin = adminBuildState();
  if (admin.needed) {
    say(`Building the playground admin panel (1-2 min): ${admin.reason}…`);
    const { runStep } = await lib<{ runStep: (options: Record<string, unknown>) => Promise<void> }>(
      'processes.mjs'
    );
    const t0 = Date.now();
    await runStep({
      command: process.execPath,
      args: [STRAPI_BIN, 'build'],
      cwd: PLAYGROUND,
      env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
    });
    say(`Admin panel built in ${Math.round((Date.now() - t0) / 1000)} s.`);
  }

  fs.mkdirSync(TMP, { recursive: true });
  fs.rmSync(E2E_CONTEXT_FILE, { force: true });
  fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const running: E2eRunning = {};
  (globalThis as typeof globalThis & { __MATTERPORT_E2E__?: E2eRunning }).__MATTERPORT_E2E__ =
    running;
  try {
    // Two organisations (issue 26): the default one, and Harbour Estates, which
    // connections.e2e.test.ts adds as a second connection. Nothing else sees the second.
    running.sandbox = createSandbox({
      organizations: [
        {
          id: DEFAULT_ORGANIZATION_ID,
          name: 'Sandbox organisation',
          clients: [DEFAULT_CLIENT],
          models: SEED_MODELS,
        },
        SECOND_ORGANIZATION,
      ],
    });
    const { origin } = await running.sandbox.start(0);

    // A fresh SQLite file, whatever DATABASE_CLIENT the integration runs use.
    const previousClient = process.env.DATABASE_CLIENT;
    process.env.DATABASE_CLIENT = 'sqlite';
    try {
      running.database = await createTestDatabase('e2e');
    } finally {
      if (previousClient === undefined) delete process.env.DATABASE_CLIENT;
      else process.env.DATABASE_CLIENT = previousClient;
    }

    // Strapi Preview: the admin frames the preview site (scripts/lib/preview-server.mjs)
    // at this URL. Its port is reserved here because Strapi needs the URL at start-up; the
    // test that uses it starts the site there once it has an admin to make its API token.
    const previewUrl = `http://127.0.0.1:${await freePort()}`;
    const previewSecret = crypto.randomBytes(32).toString('hex');

    running.strapi = await startStrapi({
      name: 'e2e',
      databaseEnv: running.database.env,
      sandboxOrigin: origin,
      serveAdmin: true,
      bootTimeoutMs: 120_000,
      // Several files log the same admin in through the form: more than Strapi's login rate
      // limit (5 per email per 5 minutes) allows in one run.
      env: {
        PREVIEW_URL: previewUrl,
        PREVIEW_SECRET: previewSecret,
        ADMIN_LOGIN_RATE_LIMIT: 'false',
      },
    });

    const { startPageServer } = await lib<{
      startPageServer: (options: Record<string, unknown>) => Promise<PageServer>;
    }>('page-server.mjs');
    running.pageServer = await startPageServer({ port: 0, strapiUrl: running.strapi.url });

    const context: E2eContext = {
      strapiUrl: running.strapi.url,
      sandboxOrigin: origin,
      demoPageUrl: running.pageServer.url,
      previewUrl,
      previewSecret,
      logFile: running.strapi.logFile,
      databaseEnv: running.database.env,
    };
    fs.writeFileSync(E2E_CONTEXT_FILE, JSON.stringify(context, null, 2));
    say(
      `Strapi ${context.strapiUrl}, sandbox ${origin}, demo page ${context.demoPageUrl} (ready in ${Math.round((Date.now() - started) / 1000)} s).`
    );
  } catch (error) {
    // Jest skips the global teardown when the setup fails: stop what already started.
    await globalTeardown();
    throw error;
  }
}
