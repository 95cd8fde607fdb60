#!/usr/bin/env node
/**
 * `npm run demo`: the plugin working end to end on this machine.
 *
 * Builds what is missing or stale (the plugin, the playground's admin panel), starts the
 * Matterport sandbox, the playground Strapi (with the plugin from this repository), a
 * small demo page and the preview site of Strapi Preview, sets the plugin up with the
 * sandbox's client, creates sample content and prints where to look. Ctrl-C stops
 * everything.
 *
 * Environment (all optional):
 *   DEMO_PORT (1337)  DEMO_SANDBOX_PORT (4010)  DEMO_PAGE_PORT (4020)  DEMO_PREVIEW_PORT (4030)
 *   DEMO_DATABASE_FILENAME (playground/.tmp/demo.db)
 *   DEMO_SKIP_ADMIN_BUILD=1  no admin panel build, Strapi without its admin UI (API only)
 *   DEMO_SKIP_BUILD=1        never run `npm run build` (dist/ must exist)
 *   DEMO_EXIT_AFTER_READY=1  or --check: start, print, stop, exit 0
 *   DEMO_VERBOSE=1           or --verbose: stream the sandbox's and Strapi's logs
 */
import crypto from 'node:crypto';
import path from 'node:path';

import { forgetMintedLinks } from './lib/demo-db.mjs';
import { adminBuildState, pluginBuildState } from './lib/freshness.mjs';
import { portIsFree, requestJson, waitFor } from './lib/net.mjs';
import { startPageServer } from './lib/page-server.mjs';
import { startPreviewServer } from './lib/preview-server.mjs';
import { DEMO_TMP, PLAYGROUND, ROOT, SANDBOX_CLI, STRAPI_BIN, rel } from './lib/paths.mjs';
import { runStep, startService } from './lib/processes.mjs';
import {
  DEMO_ADMIN,
  PREVIEW_TOKEN_NAME,
  SANDBOX_CLIENT,
  countSpaces,
  createPreviewToken,
  ensureAdmin,
  saveSettings,
  seedContent,
} from './lib/strapi-setup.mjs';

const HOST = '127.0.0.1';
const args = new Set(process.argv.slice(2));
const env = process.env;

if (args.has('--help') || args.has('-h')) {
  const header = (await import('node:fs'))
    .readFileSync(new URL(import.meta.url), 'utf8')
    .split('*/')[0];
  console.log(header.replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}

const flag = (name) => env[name] === '1' || env[name] === 'true';
const port = (name, fallback) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    console.error(`${name} must be a port number (1-65535), got "${raw}"`);
    process.exit(2);
  }
  return value;
};

const options = {
  strapiPort: port('DEMO_PORT', 1337),
  sandboxPort: port('DEMO_SANDBOX_PORT', 4010),
  pagePort: port('DEMO_PAGE_PORT', 4020),
  previewPort: port('DEMO_PREVIEW_PORT', 4030),
  database: path.resolve(ROOT, env.DEMO_DATABASE_FILENAME || path.join(DEMO_TMP, 'demo.db')),
  skipAdminBuild: flag('DEMO_SKIP_ADMIN_BUILD'),
  skipPluginBuild: flag('DEMO_SKIP_BUILD'),
  exitAfterReady: flag('DEMO_EXIT_AFTER_READY') || args.has('--check'),
  verbose: flag('DEMO_VERBOSE') || args.has('--verbose'),
};

/** Logs live beside the database: playground/.tmp/demo-strapi.log for demo.db. */
const logFile = (name) =>
  path.join(
    path.dirname(options.database),
    `${path.basename(options.database, path.extname(options.database))}-${name}.log`
  );

const say = (message) => console.log(`[demo] ${message}`);

// ---------------------------------------------------------------------------
// Everything we start, and how it all stops.

const services = [];
let pageServer = null;
let previewServer = null;
let buildChild = null;
let stopping = false;

const shutdown = async (code, reason) => {
  if (stopping) return;
  stopping = true;
  if (reason) say(reason);
  buildChild?.kill('SIGTERM');
  await Promise.all(services.map((service) => service.stop()));
  await pageServer?.close();
  await previewServer?.close();
  say(code === 0 ? 'Stopped.' : 'Stopped after an error.');
  process.exit(code);
};

const onSignal = (signal) => {
  if (stopping) {
    // A second Ctrl-C: do not wait any longer.
    buildChild?.kill('SIGKILL');
    for (const service of services) service.kill();
    process.exit(130);
  }
  shutdown(0, `${signal}: stopping everything…`);
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

const watch = (service) => {
  services.push(service);
  service.exited.then(({ code, signal, error }) => {
    if (stopping) return;
    const how = error ? error.message : signal ? `signal ${signal}` : `exit code ${code}`;
    console.error(
      `\n[demo] ${service.name} stopped unexpectedly (${how}). Last lines of ${rel(service.logFile)}:\n`
    );
    console.error(service.tail() || '(nothing)');
    shutdown(1);
  });
  return service;
};

// ---------------------------------------------------------------------------

const main = async () => {
  const { strapiPort, sandboxPort, pagePort, previewPort } = options;
  if (new Set([strapiPort, sandboxPort, pagePort, previewPort]).size !== 4) {
    throw new Error(
      `DEMO_PORT, DEMO_SANDBOX_PORT, DEMO_PAGE_PORT and DEMO_PREVIEW_PORT must differ (${strapiPort}, ${sandboxPort}, ${pagePort}, ${previewPort})`
    );
  }
  for (const [name, value, what] of [
    ['DEMO_PORT', strapiPort, 'Strapi'],
    ['DEMO_SANDBOX_PORT', sandboxPort, 'the Matterport sandbox'],
    ['DEMO_PAGE_PORT', pagePort, 'the demo page'],
    ['DEMO_PREVIEW_PORT', previewPort, 'the preview site'],
  ]) {
    if (!(await portIsFree(value, HOST))) {
      throw new Error(
        `Port ${value} on ${HOST} (for ${what}) is already in use. Stop what uses it, or pick another: ${name}=<port> npm run demo`
      );
    }
  }

  // 1. Builds.
  const plugin = pluginBuildState();
  if (plugin.needed && options.skipPluginBuild) {
    if (plugin.reason.endsWith('is missing'))
      throw new Error(`DEMO_SKIP_BUILD is set but ${plugin.reason}: run npm run build`);
    say(`Plugin build skipped (DEMO_SKIP_BUILD), although ${plugin.reason}.`);
  } else if (plugin.needed) {
    say(`Building the plugin (npm run build, 15-60 s): ${plugin.reason}…`);
    const started = Date.now();
    await runStep({
      command: process.platform === 'win32' ? 'npm.cmd' : 'npm',
      args: ['run', 'build'],
      cwd: ROOT,
      env,
      track: (child) => (buildChild = child),
    });
    say(`Plugin built in ${Math.round((Date.now() - started) / 1000)} s.`);
  } else {
    say('Plugin build: dist/ is up to date.');
  }
  if (stopping) return;

  const serveAdmin = !options.skipAdminBuild;
  if (serveAdmin) {
    const admin = adminBuildState();
    if (admin.needed) {
      say(`Building the admin panel (strapi build in playground/, 1-2 min): ${admin.reason}…`);
      const started = Date.now();
      await runStep({
        command: process.execPath,
        args: [STRAPI_BIN, 'build'],
        cwd: PLAYGROUND,
        env: { ...env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
        track: (child) => (buildChild = child),
      });
      say(`Admin panel built in ${Math.round((Date.now() - started) / 1000)} s.`);
    } else {
      say('Admin panel: playground/build is up to date.');
    }
  } else {
    say('Admin panel build skipped (DEMO_SKIP_ADMIN_BUILD): Strapi runs without its admin UI.');
  }
  if (stopping) return;

  // 2. The Matterport sandbox.
  const sandboxOrigin = `http://${HOST}:${sandboxPort}`;
  say(`Starting the Matterport sandbox on ${sandboxOrigin}…`);
  const sandbox = watch(
    startService({
      name: 'sandbox',
      command: process.execPath,
      args: ['--import', 'tsx', SANDBOX_CLI],
      cwd: ROOT,
      env: { ...env, SANDBOX_PORT: String(sandboxPort), SANDBOX_HOST: HOST },
      logFile: logFile('sandbox'),
      verbose: options.verbose,
    })
  );
  await waitFor('The sandbox', async () => (await fetch(`${sandboxOrigin}/__sandbox/health`)).ok, {
    timeoutMs: 30_000,
    alive: () => sandbox.running,
  });

  // 3. The playground Strapi.
  const strapiUrl = `http://${HOST}:${strapiPort}`;
  // Strapi Preview: the admin shows PREVIEW_URL's pages, whose URLs Strapi signs with
  // PREVIEW_SECRET (playground/config/admin.js). A new secret per run: old links die.
  const previewUrl = `http://${HOST}:${previewPort}`;
  const previewSecret = crypto.randomBytes(32).toString('hex');
  const forgotten = forgetMintedLinks(options.database);
  if (forgotten)
    say(
      `Forgot ${forgotten} embed links minted by an earlier sandbox run (the new sandbox does not know them).`
    );
  say(`Starting Strapi on ${strapiUrl} (database ${rel(options.database)})…`);
  const started = Date.now();
  const strapi = watch(
    startService({
      name: 'strapi',
      command: process.execPath,
      args: [STRAPI_BIN, 'start'],
      cwd: PLAYGROUND,
      env: {
        JWT_SECRET: 'demo-users-permissions-jwt-secret',
        ...env,
        NODE_ENV: 'production',
        HOST,
        PORT: String(strapiPort),
        SERVE_ADMIN: serveAdmin ? 'true' : 'false',
        STRAPI_TELEMETRY_DISABLED: 'true',
        STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
        BROWSER: 'none',
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: options.database,
        MATTERPORT_API_ORIGIN: sandboxOrigin,
        MATTERPORT_SHOW_ORIGIN: sandboxOrigin,
        PREVIEW_URL: previewUrl,
        PREVIEW_SECRET: previewSecret,
      },
      logFile: logFile('strapi'),
      verbose: options.verbose,
    })
  );
  await waitFor('Strapi', async () => (await fetch(`${strapiUrl}/_health`)).status === 204, {
    timeoutMs: 120_000,
    alive: () => strapi.running,
  });
  say(`Strapi is up (${Math.round((Date.now() - started) / 1000)} s).`);

  // 4. Admin user, plugin settings, sample content.
  const { token, created } = await ensureAdmin(strapiUrl);
  say(
    created
      ? `Admin user ${DEMO_ADMIN.email} created.`
      : `The demo database already has an admin: logged in as ${DEMO_ADMIN.email}.`
  );
  await saveSettings(strapiUrl, token);
  say(`Plugin settings saved: Matterport client "${SANDBOX_CLIENT.clientId}" of the sandbox.`);
  if ((await countSpaces(strapiUrl)) === 0) {
    const seeded = await seedContent(strapiUrl, token);
    say(`Sample content published: ${seeded.venues} venue, ${seeded.spaces} spaces, the homepage.`);
  } else {
    say('Sample content already there: kept as it is.');
  }

  // A first read, as a visitor would do it: every tour should carry a fresh link.
  const read = await requestJson('GET', `${strapiUrl}/api/spaces?populate=*`);
  if (read.status !== 200) throw new Error(`GET /api/spaces answered HTTP ${read.status}`);
  const tours = read.body.data.filter((space) => space.tour);
  const linked = tours.filter((space) => typeof space.tour.link === 'string');
  say(`First read: ${linked.length} of ${tours.length} tours came with a fresh embed link.`);
  for (const space of tours.filter((s) => !s.tour.link)) {
    say(
      `  "${space.title}": ${space.tour.error?.code ?? 'no link'} ${space.tour.error?.message ?? ''}`
    );
  }

  // 5. The demo page, and the preview site with its own read-only API token (kept on the
  // server side: the browser only ever gets the rendered page).
  pageServer = await startPageServer({ port: pagePort, host: HOST, strapiUrl });
  const previewToken = await createPreviewToken(strapiUrl, token);
  previewServer = await startPreviewServer({
    port: previewPort,
    host: HOST,
    strapiUrl,
    apiToken: previewToken,
    secret: previewSecret,
    showcaseOrigins: [sandboxOrigin],
  });
  say(`Preview site started with a new read-only API token "${PREVIEW_TOKEN_NAME}".`);

  const lines = [
    '',
    '  Matterport plugin demo is ready.',
    '',
    serveAdmin
      ? `  Admin panel:  ${strapiUrl}/admin`
      : `  Admin panel:  (not served: DEMO_SKIP_ADMIN_BUILD is set)`,
    `  Admin login:  ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
    `  REST:         ${strapiUrl}/api/spaces?populate=*`,
    `  GraphQL:      ${strapiUrl}/graphql   (POST, e.g. { spaces { title tour } })`,
    `  Demo page:    ${pageServer.url}`,
    `  Preview site: ${previewServer.url}   (Strapi Preview: Content Manager → a Space → "Open preview" shows its draft)`,
    `  Sandbox:      ${sandboxOrigin}   (Matterport stand-in; client ${SANDBOX_CLIENT.clientId})`,
    `  Logs:         ${rel(strapi.logFile)}, ${rel(sandbox.logFile)}`,
    '',
    options.exitAfterReady ? '  DEMO_EXIT_AFTER_READY: stopping now.' : '  Press Ctrl-C to stop.',
    '',
  ];
  console.log(lines.join('\n'));

  if (options.exitAfterReady) await shutdown(0);
};

main().catch((error) => {
  if (stopping) return;
  console.error(`\n[demo] ${error.message}`);
  shutdown(1);
});
