import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { LOG_DIR, PLAYGROUND, STRAPI_BIN } from './paths';
import { freePort } from './ports';

export interface StrapiProcess {
  url: string;
  port: number;
  logFile: string;
  /** Everything the process wrote so far. */
  logs(): string;
  stop(): Promise<void>;
  process: ChildProcess;
}

export interface StartOptions {
  name: string;
  /** DATABASE_* variables (from createTestDatabase). */
  databaseEnv: Record<string, string>;
  sandboxOrigin: string;
  /** Extra plugin configuration (MATTERPORT_CONFIG_JSON). */
  pluginConfig?: Record<string, unknown>;
  env?: Record<string, string>;
  serveAdmin?: boolean;
  port?: number;
  bootTimeoutMs?: number;
  /** Another playground to run (an earlier version of the plugin, for upgrade tests). */
  playground?: string;
  /** Node options that NODE_OPTIONS refuses (the profiler's `--cpu-prof`). */
  nodeArgs?: string[];
}

/**
 * App configuration switches of the playground (playground/config/plugins.js) taken from the
 * test run's environment, so a whole run can target another configuration:
 * `PLUGIN_ORDER=matterport-first npm run test:integration`. A test's own `env` wins.
 */
export const APP_SWITCHES = [
  'PLUGIN_ORDER',
  'GRAPHQL',
  'GRAPHQL_CACHE_MAX_AGE',
  'GRAPHQL_DISABLED_TYPES',
  'I18N',
] as const;

export const appSwitchesFromEnvironment = (): Record<string, string> =>
  Object.fromEntries(
    APP_SWITCHES.flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : []))
  );

/** The plugin order the run's Strapi processes use (the playground's default: graphql first). */
export const pluginOrder = (): string => process.env.PLUGIN_ORDER || 'graphql-first';

/**
 * Boots the real playground app (`strapi start`) with the built plugin, as a child
 * process on its own port and database, and waits for /_health.
 */
export const startStrapi = async (options: StartOptions): Promise<StrapiProcess> => {
  const port = options.port ?? (await freePort());
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${options.name}-${port}.log`);
  const log = fs.createWriteStream(logFile);
  let output = '';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), STRAPI_BIN, 'start'], {
    cwd: options.playground ?? PLAYGROUND,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
      BROWSER: 'none',
      HOST: '127.0.0.1',
      PORT: String(port),
      SERVE_ADMIN: options.serveAdmin ? 'true' : 'false',
      JWT_SECRET: 'test-users-permissions-jwt-secret',
      MATTERPORT_API_ORIGIN: options.sandboxOrigin,
      MATTERPORT_SHOW_ORIGIN: options.sandboxOrigin,
      MATTERPORT_CONFIG_JSON: JSON.stringify(options.pluginConfig ?? {}),
      ...appSwitchesFromEnvironment(),
      ...options.databaseEnv,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = `http://127.0.0.1:${port}`;
  // A boot takes 20-40 s on a quiet machine; on a loaded 2-core box (other runs, builds) it has
  // taken more than 90 s, which failed whole files before any test ran.
  const deadline = Date.now() + (options.bootTimeoutMs ?? 150_000);
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  for (;;) {
    if (exited !== null) {
      throw new Error(
        `Strapi (${options.name}) exited with ${exited} while starting. Log: ${logFile}\n${output.slice(-3000)}`
      );
    }
    try {
      const res = await fetch(`${url}/_health`);
      if (res.status === 204) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `Strapi (${options.name}) did not become healthy in time. Log: ${logFile}\n${output.slice(-3000)}`
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port,
    logFile,
    logs: () => output,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) {
          log.end();
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          log.end(() => resolve());
        });
        child.kill('SIGTERM');
      }),
  };
};
